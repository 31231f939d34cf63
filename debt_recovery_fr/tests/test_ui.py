# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


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


@tagged("post_install", "-at_install")
class TestCaseButtonsUi(HttpCase):
    """The accountant acts from the case, and sees the recovery on the invoice.

    In the administrator's company and whatever his language (French with the demo data): the
    tours read names given here, never labels.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.ref("base.user_admin").company_id
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        today = fields.Date.context_today(cls.env.user)
        levels = cls.env["debt.recovery.level"].search(
            [("company_id", "=", company.id), ("phase", "=", "amicable")], order="sequence"
        )
        cls.level_1, cls.level_2 = levels[0], levels[1]
        for level, name in ((cls.level_1, "Tour reminder 1"), (cls.level_2, "Tour reminder 2")):
            level.update_field_translations("name", {"en_US": name, "fr_FR": name})
        cls.debtor = cls.env["res.partner"].create(
            {
                "name": "Menuiserie Tour SARL",
                "is_company": True,
                "email": "compta@menuiserie-tour.example",
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
        cls.clerk = new_test_user(
            cls.env,
            login="claire",
            name="Claire Recouvrement",
            groups="debt_recovery_fr.debt_recovery_group_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.case = cls.env["debt.recovery.case"]._debt_recovery_case_for_partner(
            cls.debtor, company
        )
        cls.case._move_to_level(cls.level_1)

    def test_send_now_from_the_case(self):
        self.start_tour(
            f"/odoo/action-debt_recovery_fr.debt_recovery_case_action/{self.case.id}",
            "debt_recovery_case_send_now_tour",
            login="admin",
        )
        email = self.case.action_ids.filtered(lambda action: action.channel == "email")
        self.assertEqual(email.state, "done")
        self.assertEqual(email.user_id, self.env.ref("base.user_admin"))
        self.assertTrue(email.mail_message_id)

    def test_reminders_in_the_invoice_chatter(self):
        case = self.case.with_user(self.clerk)
        case.action_debt_recovery_send_now()
        self.env.cr.flush()
        self.case.action_debt_recovery_next_level()
        case.action_debt_recovery_send_now()
        # The steps are logged on their invoices when the transaction ends.
        self.env.cr.flush()
        self.start_tour(
            f"/odoo/action-account.action_move_out_invoice_type/{self.invoice.id}",
            "debt_recovery_invoice_chatter_tour",
            login="admin",
        )
