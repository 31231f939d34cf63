# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
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


@tagged("post_install", "-at_install")
class TestEscalationUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env.user)
        cls.debtor = cls.env["res.partner"].create(
            {
                "name": "Menuiserie Tour SARL",
                "is_company": True,
                "zip": "75011",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.debtor.id,
                "invoice_date": today - timedelta(days=42),
                "invoice_date_due": today - timedelta(days=12),
                "invoice_line_ids": [
                    Command.create({"name": "Agencement", "quantity": 1, "price_unit": 1200})
                ],
            }
        )
        cls.invoice.action_post()

    def test_escalate_from_the_invoice_form(self):
        self.start_tour(
            f"/odoo/action-account.action_move_out_invoice_type/{self.invoice.id}",
            "debt_recovery_escalate_invoice_tour",
            login="admin",
        )
        case = self.invoice.debt_recovery_case_id
        self.assertEqual(
            case.level_id, self.env.ref("debt_recovery_fr.debt_recovery_level_friendly_reminder")
        )

    def test_move_a_card_on_the_kanban(self):
        case = self.env["debt.recovery.case"]._debt_recovery_case_for_partner(
            self.debtor, self.env.company
        )
        case._move_to_level(self.env.ref("debt_recovery_fr.debt_recovery_level_friendly_reminder"))
        self.start_tour(
            "/odoo/action-debt_recovery_fr.debt_recovery_case_action",
            "debt_recovery_kanban_tour",
            login="admin",
        )
        self.assertEqual(
            case.level_id, self.env.ref("debt_recovery_fr.debt_recovery_level_formal_notice")
        )
