# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestDebtRecoveryCaseButtons(DebtRecoveryCommon):
    """The buttons of the case form, as a Recovery User (and a Manager) uses them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_reminder = cls._create_friendly_reminder(
            letter_report_id="report_reminder_friendly"
        )
        cls.level_second = cls._create_level(
            "second", 15, 15, channel_email=True, mail_template_id="mail_template_reminder_second"
        )
        cls.level_notice = cls._create_level(
            "notice",
            20,
            35,
            channel_registered_letter=True,
            manual_validation=True,
            letter_report_id="report_formal_notice",
        )
        cls.level_payment_order = cls._create_level("payment_order", 40, 80, manual_validation=True)
        cls.debtor = cls._create_paris_debtor(email="compta@menuiserie-martin.example")
        cls.user = cls._create_user("recovery_clerk", name="Claire Recouvrement")

    def setUp(self):
        super().setUp()
        self.invoice = self._overdue_invoice(self.debtor, 1000, 10)
        self.invoice_2 = self._overdue_invoice(self.debtor, 500, 8)
        self.Case.with_company(self.company)._sync_cases_from_invoices(self.company)
        self.case = self._case_of(self.debtor)
        self.assertEqual(self.case.level_id, self.level_reminder)

    def _as_user(self, case=None):
        return (case or self.case).with_user(self.user)

    def _steps(self, channel, level=None):
        return self.case.action_ids.filtered(
            lambda action: action.channel == channel
            and (not level or action.level_id == level)
            and action.state != "cancelled"
        )

    def _invoice_notes(self, invoice):
        # The steps are logged on their invoices when the transaction ends (its precommit).
        self.env.cr.flush()
        return invoice.message_ids.filtered(lambda m: m.body and "Recovery" in m.body)

    # ------------------------------------------------------------------------------------------
    # Send Reminder Now
    # ------------------------------------------------------------------------------------------
    def test_send_now(self):
        case = self._as_user()
        self.assertTrue(case.can_send_now)
        self.assertFalse(case.send_now_blocked_reason)
        case.action_debt_recovery_send_now()
        email = self._steps("email", self.level_reminder)
        self.assertEqual(email.state, "done")
        self.assertEqual(email.user_id, self.user)
        self.assertTrue(email.mail_message_id)
        self.assertTrue(email.attachment_id, "the level's letter goes with the e-mail")
        self.assertEqual(email.invoice_ids, self.invoice | self.invoice_2)
        self.assertGreater(self.case.next_action_date, self.today)
        # Done once per stay at the level: the button is gone, and says why.
        case.invalidate_recordset()
        self.assertFalse(case.can_send_now)
        self.assertIn("already carried out", case.send_now_blocked_reason)
        with self.assertRaisesRegex(UserError, "already carried out"):
            case.action_debt_recovery_send_now()
        self.assertEqual(len(self._steps("email", self.level_reminder)), 1)

    def test_send_now_refused_on_a_paused_case(self):
        self.case._change_state("paused")
        case = self._as_user()
        self.assertFalse(case.can_send_now)
        self.assertIn("Paused", case.send_now_blocked_reason)
        with self.assertRaisesRegex(UserError, "Paused"):
            case.action_debt_recovery_send_now()
        self.assertFalse(self._steps("email"))

    # ------------------------------------------------------------------------------------------
    # Send the Level's Letter
    # ------------------------------------------------------------------------------------------
    def test_send_letter(self):
        case = self._as_user()
        self.assertTrue(case.can_send_letter)
        action = case.action_debt_recovery_send_letter()
        self.assertEqual(action["type"], "ir.actions.act_url")
        letter = self._steps("letter", self.level_reminder)
        self.assertEqual(letter.state, "done")
        self.assertTrue(letter.attachment_id)
        case.invalidate_recordset()
        self.assertFalse(case.can_send_letter)
        self.assertIn("already sent", case.send_letter_blocked_reason)
        with self.assertRaisesRegex(UserError, "already sent"):
            case.action_debt_recovery_send_letter()

    def test_send_letter_refused_without_letter(self):
        self.case._move_to_level(self.level_second)
        case = self._as_user()
        self.assertFalse(case.can_send_letter)
        with self.assertRaisesRegex(UserError, "has no letter"):
            case.action_debt_recovery_send_letter()
        self.assertFalse(self._steps("letter"))

    # ------------------------------------------------------------------------------------------
    # Move to Next Level
    # ------------------------------------------------------------------------------------------
    def test_next_level(self):
        case = self._as_user()
        self.assertTrue(case.can_next_level)
        case.action_debt_recovery_next_level()
        self.assertEqual(self.case.level_id, self.level_second)
        change = self._steps("level_change", self.level_second)
        self.assertEqual(change.user_id, self.user)
        # The formal notice needs a manager's validation: refused to the user, with the reason.
        case.invalidate_recordset()
        self.assertFalse(case.can_next_level)
        self.assertIn("Only a Recovery Manager", case.next_level_blocked_reason)
        with self.assertRaisesRegex(UserError, "Only a Recovery Manager"):
            case.action_debt_recovery_next_level()
        self.assertEqual(self.case.level_id, self.level_second)
        # A manager (the test user) moves it.
        self.assertTrue(self.case.can_next_level)
        self.case.action_debt_recovery_next_level()
        self.assertEqual(self.case.level_id, self.level_notice)

    def test_next_level_refused_before_formal_notice_sent(self):
        self.case._move_to_level(self.level_notice)
        self.assertFalse(self.case.can_next_level)
        self.assertIn("formal notice", self.case.next_level_blocked_reason)
        with self.assertRaisesRegex(UserError, "formal notice"):
            self.case.action_debt_recovery_next_level()
        self.assertEqual(self.case.level_id, self.level_notice)

    # ------------------------------------------------------------------------------------------
    # Dispute
    # ------------------------------------------------------------------------------------------
    def test_dispute(self):
        case = self._as_user()
        self.assertTrue(case.can_dispute)
        action = case.action_debt_recovery_dispute()
        self.assertEqual(action["res_model"], "debt.recovery.case.dispute.wizard")
        wizard = Form(
            self.env["debt.recovery.case.dispute.wizard"]
            .with_user(self.user)
            .with_context(**action["context"])
        )
        self.assertEqual(len(wizard.invoice_ids), 2)
        wizard.invoice_ids.remove(id=self.invoice_2.id)
        wizard.reason = "Portes livrées abîmées"
        wizard.save().action_confirm()
        self.assertTrue(self.invoice.debt_recovery_disputed)
        self.assertEqual(self.invoice.debt_recovery_dispute_reason, "Portes livrées abîmées")
        self.assertFalse(self.invoice_2.debt_recovery_disputed)
        self.assertAlmostEqual(self.case.amount_overdue, 500)
        self.assertIn("Portes livrées abîmées", self.case.message_ids[0].body)
        # The last invoice disputed: nothing left to dispute.
        case.action_debt_recovery_dispute("Facture en double", [self.invoice_2.id])
        case.invalidate_recordset()
        self.assertFalse(case.can_dispute)
        with self.assertRaisesRegex(UserError, "No overdue invoice"):
            case.action_debt_recovery_dispute("Encore")

    # ------------------------------------------------------------------------------------------
    # Write Off
    # ------------------------------------------------------------------------------------------
    def test_write_off(self):
        case = self._as_user()
        self.assertFalse(case.can_write_off)
        self.assertIn("Only a Recovery Manager", case.write_off_blocked_reason)
        with self.assertRaisesRegex(UserError, "Only a Recovery Manager"):
            case.action_write_off("Débiteur radié")
        self.assertEqual(self.case.state, "open")
        self.assertTrue(self.case.can_write_off)
        self.case.action_write_off("Débiteur radié")
        self.assertEqual(self.case.state, "written_off")
        self.assertFalse(self.case.can_write_off)
        with self.assertRaisesRegex(UserError, "closed"):
            self.case.action_write_off("Encore")

    # ------------------------------------------------------------------------------------------
    # Start a Procedure
    # ------------------------------------------------------------------------------------------
    def test_open_procedure(self):
        case = self._as_user()
        self.assertTrue(case.can_open_procedure)
        action = case.action_debt_recovery_open_procedure()
        self.assertEqual(action["res_model"], "debt.recovery.escalate.wizard")
        wizard = Form(
            self.env["debt.recovery.escalate.wizard"]
            .with_user(self.user)
            .with_context(**action["context"])
        )
        # The wizard of the invoices, on the oldest overdue invoice of the case.
        self.assertEqual(wizard.invoice_id, self.invoice)
        self.assertEqual(wizard.case_id, self.case)
        self.assertEqual(wizard.level_id, self.level_payment_order)
        # The same checks as the wizard from an invoice: a formal notice first.
        self.assertIn("formal notice", wizard.refusal)

    def test_open_procedure_refused_when_closed(self):
        self.case.action_write_off("Débiteur radié")
        case = self._as_user()
        self.assertFalse(case.can_open_procedure)
        with self.assertRaisesRegex(UserError, "Written Off"):
            case.action_debt_recovery_open_procedure()

    # ------------------------------------------------------------------------------------------
    # The claim declaration, only in a collective proceeding
    # ------------------------------------------------------------------------------------------
    def test_claim_declaration_not_in_print_menu(self):
        report = self.env.ref("debt_recovery_fr.report_claim_declaration")
        self.assertFalse(report.binding_model_id)
        with self.assertRaisesRegex(UserError, "collective proceeding"):
            self._as_user().action_debt_recovery_print_claim_declaration()
        self.case._change_state("collective_proceeding")
        action = self._as_user().action_debt_recovery_print_claim_declaration()
        self.assertEqual(action["report_name"], "debt_recovery_fr.claim_declaration")

    # ------------------------------------------------------------------------------------------
    # The invoices: their chatter, their status, what they owe
    # ------------------------------------------------------------------------------------------
    def test_invoice_chatter_after_two_reminders(self):
        self._as_user().action_debt_recovery_send_now()
        self.env.cr.flush()
        self._as_user().action_debt_recovery_next_level()
        self._as_user().action_debt_recovery_send_now()
        notes = self._invoice_notes(self.invoice)
        emails = notes.filtered(lambda m: "E-mail" in m.body)
        self.assertEqual(len(emails), 2, notes.mapped("body"))
        self.assertEqual(emails.author_id, self.user.partner_id)
        self.assertIn("Reminder", emails[1].body)
        self.assertIn("Second reminder", emails[0].body)
        self.assertIn("Claire Recouvrement", emails.author_id.mapped("name"))
        # One message per invoice: the second invoice has its own.
        self.assertEqual(
            len(self._invoice_notes(self.invoice_2).filtered(lambda m: "E-mail" in m.body)), 2
        )

    def test_scheduled_steps_logged_by_the_responsible(self):
        """The scheduled action runs as OdooBot: its steps are signed by the case's responsible."""
        self.case.user_id = self.user
        bot = self.env.ref("base.user_root")
        case = self.case.with_user(bot).sudo()
        # The step, then its letter and the e-mail that carries it, as the scheduled action does.
        case._debt_recovery_carry_out_steps([(case, "email")])._debt_recovery_render_documents()
        # The step itself is recorded in the responsible's name, never the system's.
        self.assertEqual(self._steps("email").user_id, self.user)
        notes = self._invoice_notes(self.invoice)
        self.assertEqual(len(notes), 1)
        self.assertEqual(notes.author_id, self.user.partner_id)
        self.assertNotEqual(notes.author_id, bot.partner_id)

    def test_invoice_recovery_fields(self):
        invoice = self.invoice.with_user(self.user)
        self.assertEqual(invoice.debt_recovery_state, "in_recovery")
        self.assertEqual(invoice.debt_recovery_level_id, self.level_reminder)
        self.assertEqual(invoice.debt_recovery_case_state, "open")
        # B2B: the amount due, its late penalties and the 40 € indemnity.
        self.assertGreater(invoice.debt_recovery_amount_penalties, 40)
        self.assertAlmostEqual(
            invoice.debt_recovery_amount_claimed,
            1000 + invoice.debt_recovery_amount_penalties,
        )
        # The two invoices add up to what the case claims (before its costs).
        self.assertAlmostEqual(
            invoice.debt_recovery_amount_claimed + self.invoice_2.debt_recovery_amount_claimed,
            self.case.amount_overdue + self.case.amount_penalties + self.case.amount_indemnities,
        )
        # The list's filters and groupings.
        Move = self.env["account.move"].with_user(self.user)
        in_recovery = Move.search([("debt_recovery_state", "in", ["in_recovery"])])
        self.assertIn(invoice, in_recovery)
        self.assertNotIn(invoice, Move.search([("debt_recovery_state", "in", ["overdue"])]))
        groups = Move._read_group(
            [("id", "in", (self.invoice | self.invoice_2).ids)],
            ["debt_recovery_level_id"],
            ["__count"],
        )
        self.assertEqual(groups, [(self.level_reminder, 2)])
        # Not stored (a join on the case): still offered as groupings by the list.
        groups = Move._read_group(
            [("id", "in", (self.invoice | self.invoice_2).ids)],
            ["debt_recovery_case_state"],
            ["__count"],
        )
        self.assertEqual(groups, [("open", 2)])
        described = Move.fields_get(
            ["debt_recovery_level_id", "debt_recovery_case_state"], ["groupable", "searchable"]
        )
        for field in described.values():
            self.assertTrue(field["groupable"])
            self.assertTrue(field["searchable"])
        # Searched through the case, including the invoices without one.
        not_due = self._dated_invoice(
            self.invoice.partner_id, 100, self.today, self.today + timedelta(days=30)
        )
        self.assertFalse(not_due.debt_recovery_case_id)
        ids = (self.invoice | self.invoice_2 | not_due).ids
        self.assertEqual(
            Move.search([("id", "in", ids), ("debt_recovery_case_state", "in", ["open"])]),
            self.invoice | self.invoice_2,
        )
        self.assertEqual(
            Move.search([("id", "in", ids), ("debt_recovery_level_id", "=", False)]), not_due
        )
        self.assertEqual(
            Move.search([("id", "in", ids), ("debt_recovery_case_state", "=", False)]), not_due
        )
        # The invoice's level follows its case.
        self.case.action_debt_recovery_next_level()
        self.assertEqual(
            Move.search([("debt_recovery_level_id", "=", self.level_second.id)]),
            self.invoice | self.invoice_2,
        )
        self.assertEqual(invoice.action_debt_recovery_open_case()["res_id"], self.case.id)
