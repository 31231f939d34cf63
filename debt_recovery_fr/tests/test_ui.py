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


@tagged("post_install", "-at_install")
class TestProcedureUi(HttpCase):
    """From a case over 5 000 €, the accountant starts an injonction de payer."""

    def test_start_a_payment_order_from_the_case(self):
        company = self.env.ref("base.user_admin").company_id
        self.env = self.env(context=dict(self.env.context, allowed_company_ids=company.ids))
        today = fields.Date.context_today(self.env.user)
        paris = self.env["debt.recovery.departement"].search([("code", "=", "75")])
        Partner = self.env["res.partner"]
        Partner.create(
            {
                "name": "SCP Tour Roussel",
                "is_company": True,
                "debt_recovery_is_commissaire": True,
                "debt_recovery_covered_departement_ids": [Command.set(paris.ids)],
            }
        )
        debtor = Partner.create(
            {
                "name": "Menuiserie Grosse Commande SARL",
                "is_company": True,
                "zip": "75011",
                "city": "Paris",
                "country_id": self.env.ref("base.fr").id,
            }
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": debtor.id,
                "invoice_date": today - timedelta(days=90),
                "invoice_date_due": today - timedelta(days=60),
                "invoice_line_ids": [
                    Command.create({"name": "Agencement", "quantity": 1, "price_unit": 12000})
                ],
            }
        )
        invoice.action_post()
        admin = self.env.ref("base.user_admin")
        case = self.env["debt.recovery.case"]._debt_recovery_case_for_partner(debtor, company)
        case._recompute_amounts()
        notice = self.env.ref("debt_recovery_fr.debt_recovery_level_formal_notice")
        case.with_user(admin)._move_to_level(notice)
        Action = self.env["debt.recovery.action"]
        with Action._debt_recovery_internal():
            Action.create(
                {
                    "case_id": case.id,
                    "level_id": notice.id,
                    "channel": "registered_letter",
                    "level_visit": case.level_visit,
                    "state": "done",
                    "amount": case.amount_overdue,
                }
            )
        for kind in ("contract", "delivery_proof"):
            attachment = self.env["ir.attachment"].create({"name": f"{kind}.pdf", "raw": b"%PDF"})
            self.env["debt.recovery.evidence"].create(
                {
                    "case_id": case.id,
                    "kind": kind,
                    "name": kind,
                    "attachment_ids": [Command.set(attachment.ids)],
                }
            )
        self.start_tour(
            f"/odoo/action-debt_recovery_fr.debt_recovery_case_action/{case.id}",
            "debt_recovery_start_payment_order_tour",
            login="admin",
        )
        self.assertEqual(case.debt_recovery_escalation_ids.kind, "payment_order")
        self.assertRecordValues(
            case,
            [
                {
                    "level_id": self.env.ref(
                        "debt_recovery_fr.debt_recovery_level_payment_order"
                    ).id,
                    "state": "escalated",
                }
            ],
        )
