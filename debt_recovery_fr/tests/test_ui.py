# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    def test_commissaire_configuration_tour(self):
        paris = self.env["debt.recovery.departement"].search([("code", "=", "75")])
        self.env["res.partner"].create(
            {
                "name": "SCP Tour Roussel",
                "is_company": True,
                "debt_recovery_is_commissaire": True,
                "debt_recovery_covered_departement_ids": [(6, 0, paris.ids)],
            }
        )
        self.start_tour(
            "/odoo/action-debt_recovery_fr.res_partner_action_commissaire",
            "debt_recovery_commissaire_tour",
            login="admin",
        )
