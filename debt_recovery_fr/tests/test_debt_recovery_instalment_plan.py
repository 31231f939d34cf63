# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.account.tools.structured_reference import format_structured_reference_iso

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestInstalmentPlan(DebtRecoveryCommon):
    """Plans paid by bank statement lines reconciled with their invoices, as Odoo does it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtor = cls.env["res.partner"].create(
            {"name": "Atelier Échéance SARL", "is_company": True, "email": "compta@echeance.fr"}
        )
        cls.invoice_a = cls._overdue_invoice(cls.debtor, 600.0, 40)
        cls.invoice_b = cls._overdue_invoice(cls.debtor, 400.0, 20)
        cls.level = cls._create_level("reminder", 10, 5)
        cls.company.debt_recovery_instalment_grace_days = 5
        cls.company.debt_recovery_instalment_cure_days = 15

    def setUp(self):
        super().setUp()
        self.case = self.Case._debt_recovery_case_for_partner(self.debtor, self.company)
        self.case._place_at_level(self.level)
        self.case._recompute_amounts()

    # ------------------------------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------------------------------
    def _wizard(self, **vals):
        return (
            self.env["debt.recovery.instalment.wizard"]
            .with_context(default_case_id=self.case.id)
            .create(
                {
                    "count": 4,
                    "frequency": "monthly",
                    "date_start": self.today,
                    "first_date": self.today + timedelta(days=10),
                    **vals,
                }
            )
        )

    def _plan(self, **vals):
        action = self._wizard(**vals).action_create_plan()
        return self.env["debt.recovery.instalment.plan"].browse(action["res_id"])

    def _active_plan(self, **vals):
        plan = self._plan(**vals)
        plan.action_propose()
        plan.action_accept()
        return plan

    def _pay_by_bank(self, amount, label, invoices=None):
        """A bank statement line reconciled with the invoices, as a reconciliation screen does.

        The statement line's counterpart (the suspense line) is put on the receivable account
        and reconciled with the invoices' receivable lines.
        """
        invoices = invoices or (self.invoice_a | self.invoice_b)
        statement_line = self.env["account.bank.statement.line"].create(
            {
                "payment_ref": label,
                "journal_id": self.company_data["default_journal_bank"].id,
                "partner_id": self.debtor.id,
                "amount": amount,
                "date": self.today,
            }
        )
        _liquidity, suspense, _other = statement_line._seek_for_lines()
        receivable = invoices.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        suspense.account_id = receivable.account_id
        (suspense + receivable).reconcile()
        return statement_line

    def _states(self, plan):
        return [
            (inst.amount, inst.amount_paid, inst.state)
            for inst in plan.instalment_ids.sorted("date_due")
        ]

    # ------------------------------------------------------------------------------------------
    # The schedule
    # ------------------------------------------------------------------------------------------
    def test_wizard_builds_the_exact_schedule(self):
        plan = self._plan(count=3, down_payment=100.0)
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.amount_total, 1000.0)
        self.assertEqual(plan.invoice_ids, self.invoice_a | self.invoice_b)
        instalments = plan.instalment_ids.sorted("date_due")
        self.assertEqual(instalments.mapped("amount"), [100.0, 300.0, 300.0, 300.0])
        self.assertEqual(
            instalments.mapped("date_due"),
            [self.today]
            + [self.today + timedelta(days=10) + relativedelta(months=i) for i in (0, 1, 2)],
        )
        self.assertTrue(instalments[0].is_down_payment)
        odd = self._plan(count=3)
        self.assertEqual(odd.instalment_ids.mapped("amount"), [333.33, 333.33, 333.34])

    def test_wizard_form_warns_of_a_long_consumer_plan(self):
        self.debtor.debt_recovery_debtor_type = "b2c"
        wizard = Form(
            self.env["debt.recovery.instalment.wizard"].with_context(default_case_id=self.case.id)
        )
        self.assertEqual(wizard.amount_total, 1000.0)
        wizard.count = 3
        wizard.first_date = self.today
        self.assertFalse(wizard.warning)
        wizard.count = 6
        self.assertIn("L312-4", wizard.warning)
        plan = self.env["debt.recovery.instalment.plan"].browse(
            wizard.save().action_create_plan()["res_id"]
        )
        self.assertEqual(len(plan.instalment_ids), 6)

    def test_penalties_are_included_and_invoiced_when_the_plan_starts(self):
        self.assertGreater(self.case.amount_indemnities, 0)
        extra = self.case.amount_penalties + self.case.amount_indemnities
        plan = self._active_plan(include_penalties=True, count=2)
        self.assertAlmostEqual(plan.amount_total, 1000.0 + extra, places=2)
        invoice = plan.penalty_invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(invoice.amount_total, extra, places=2)
        self.assertFalse(invoice.invoice_line_ids.tax_ids)
        self.assertIn(invoice, plan.invoice_ids)
        self.assertEqual(plan.amount_paid, 0.0)
        self._pay_by_bank(plan.amount_total, "full", plan.invoice_ids)
        self.assertEqual(plan.state, "completed")

    def test_broken_plan_makes_the_invoiced_penalties_due(self):
        plan = self._active_plan(include_penalties=True, count=2)
        self.assertEqual(plan.penalty_invoice_id.invoice_date_due, plan.date_end)
        first = plan.instalment_ids.sorted("date_due")[0]
        reminder_day = first.date_due + timedelta(days=6)
        plan._debt_recovery_check(reminder_day)
        plan._debt_recovery_check(reminder_day + timedelta(days=16))
        self.assertEqual(plan.state, "broken")
        self.assertEqual(
            plan.penalty_invoice_id.invoice_date_due, reminder_day + timedelta(days=16)
        )
        receivable = plan.penalty_invoice_id.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        self.assertEqual(receivable.date_maturity, reminder_day + timedelta(days=16))

    def test_plan_over_24_months_warns(self):
        # Legal_fr.md §19.8: the 24 months of art. 1343-5 C. civ. bind the judge; agreed with
        # the debtor, a longer plan is allowed, with a warning.
        # 26 monthly instalments from the plan date: the last 25 months later.
        plan = self._plan(count=26, first_date=self.today)
        self.assertEqual(len(plan.instalment_ids), 26)
        self.assertIn("more than 24 months", plan.duration_warning)
        self.assertIn("art. 1343-5", plan.duration_warning)
        plan = self._plan(count=10, frequency="quarterly")
        self.assertIn("a judge could not grant so long", plan.duration_warning)
        # 24 monthly instalments from the plan date itself end 23 months later: no warning.
        plan = self._plan(count=24, first_date=self.today)
        self.assertEqual(len(plan.instalment_ids), 24)
        self.assertFalse(plan.duration_warning)
        # Past ten years, the dates are an input error: refused, nothing written.
        plans_before = self.env["debt.recovery.instalment.plan"].search_count([])
        with self.assertRaisesRegex(UserError, "more than 120 months"):
            self._wizard(count=41, frequency="quarterly").action_create_plan()
        self.assertEqual(self.env["debt.recovery.instalment.plan"].search_count([]), plans_before)

    def test_schedule_not_summing_exactly_is_refused(self):
        plan = self._plan()
        plan.instalment_ids[0].amount = 100.0
        with self.assertRaisesRegex(ValidationError, "add up to"):
            plan.action_propose()
        self.assertEqual(plan.state, "draft")
        self.assertFalse(plan.access_token)
        plan.instalment_ids[0].amount = 250.0
        late = plan.instalment_ids.sorted("date_due")[-1]
        late.date_due = self.today + relativedelta(months=121)
        with self.assertRaisesRegex(ValidationError, "120 months"):
            plan.action_propose()
        self.assertEqual(plan.state, "draft")

    def test_agreed_schedule_cannot_be_edited(self):
        plan = self._active_plan()
        with self.assertRaises(UserError):
            plan.instalment_ids[0].amount = 10.0

    # ------------------------------------------------------------------------------------------
    # Acceptance: the case pauses
    # ------------------------------------------------------------------------------------------
    def test_accepted_plan_pauses_the_case(self):
        plan = self._plan()
        plan.action_propose()
        self.assertEqual(self.case.state, "open")
        self.assertTrue(plan.access_token)
        plan._debt_recovery_accept(self.debtor, "192.0.2.7")
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.accepted_ip, "192.0.2.7")
        self.assertEqual(plan.accepted_by_id, self.debtor)
        self.assertTrue(plan.accepted_date)
        self.assertEqual(plan.level_id, self.level)
        self.assertEqual(self.case.state, "paused")
        self.assertTrue(self.case.has_active_plan)
        # The scheduled action takes no step on a paused case.
        self.assertFalse(self.case._debt_recovery_plan(self.today))
        # The references are unique, ISO 11649, and the plan's reconciliation model matches
        # them in a bank label, with or without their spaces.
        references = plan.instalment_ids.mapped("payment_reference")
        self.assertEqual(len(set(references)), 4)
        model = plan.reconcile_model_id
        self.assertEqual(model.mapped_partner_id, self.debtor)
        for reference in references:
            self.assertTrue(re.search(model.match_label_param, f"VIR SEPA {reference} ECH"))
            compact = reference.replace(" ", "")
            self.assertTrue(re.search(model.match_label_param, f"VIR {compact}"))
        stranger = format_structured_reference_iso(f"{plan.id + 1:07d}001")
        self.assertFalse(re.search(model.match_label_param, stranger))

    # ------------------------------------------------------------------------------------------
    # Payments come from the reconciliation
    # ------------------------------------------------------------------------------------------
    def test_full_payment_by_bank_completes_the_plan(self):
        plan = self._active_plan()
        self._pay_by_bank(1000.0, plan.instalment_ids[0].payment_reference)
        self.assertEqual(plan.amount_paid, 1000.0)
        self.assertEqual({inst.state for inst in plan.instalment_ids}, {"paid"})
        self.assertEqual(plan.state, "completed")
        self.assertEqual(self.case.state, "paid")
        self.assertFalse(plan.reconcile_model_id.active)

    def test_partial_payment_makes_a_partial_instalment(self):
        plan = self._active_plan()
        self._pay_by_bank(300.0, plan.instalment_ids[0].payment_reference)
        self.assertEqual(
            self._states(plan),
            [
                (250.0, 250.0, "paid"),
                (250.0, 50.0, "partial"),
                (250.0, 0.0, "due"),
                (250.0, 0.0, "due"),
            ],
        )
        self.assertEqual(plan.amount_residual, 700.0)
        self.assertEqual(plan.state, "active")

    def test_payment_registered_on_an_invoice_counts(self):
        plan = self._active_plan()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice_b.ids
        ).create({"amount": 250.0})._create_payments()
        self.assertEqual(plan.amount_paid, 250.0)
        self.assertEqual(plan.instalment_ids.sorted("date_due")[0].state, "paid")

    def test_early_payment_closes_instalments_in_advance(self):
        plan = self._active_plan()
        # Paid today, before the first due date: the first two instalments are settled.
        self._pay_by_bank(500.0, "early")
        self.assertEqual(
            [state for _a, _p, state in self._states(plan)], ["paid", "paid", "due", "due"]
        )
        # Nothing is late until the third due date has passed its grace days.
        second_due = plan.instalment_ids.sorted("date_due")[1].date_due
        plan._debt_recovery_check(second_due + timedelta(days=20))
        self.assertFalse(plan.notice_date)
        self.assertEqual(plan.state, "active")

    def test_overpayment_closes_the_next_instalments(self):
        plan = self._active_plan()
        self._pay_by_bank(620.0, "overpaid")
        self.assertEqual(
            self._states(plan),
            [
                (250.0, 250.0, "paid"),
                (250.0, 250.0, "paid"),
                (250.0, 120.0, "partial"),
                (250.0, 0.0, "due"),
            ],
        )
        # More than owed: the plan is completed; the excess stays on the debtor's account.
        self._pay_by_bank(500.0, "overpaid again")
        self.assertEqual(plan.state, "completed")
        self.assertEqual(plan.amount_paid, 1000.0)
        self.assertEqual(self.case.state, "paid")

    def test_unreconciled_payment_reopens_the_plan(self):
        plan = self._active_plan()
        statement_line = self._pay_by_bank(1000.0, "full")
        self.assertEqual(plan.state, "completed")
        statement_line.move_id.line_ids.remove_move_reconcile()
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.amount_paid, 0.0)
        self.assertEqual(self.case.state, "paused")

    # ------------------------------------------------------------------------------------------
    # The daily check: reminder, then déchéance du terme
    # ------------------------------------------------------------------------------------------
    def test_late_payment_after_the_reminder_keeps_the_plan(self):
        plan = self._active_plan()
        first = plan.instalment_ids.sorted("date_due")[0]
        # Within the grace days: nothing happens.
        plan._debt_recovery_check(first.date_due + timedelta(days=5))
        self.assertFalse(plan.notice_date)
        reminder_day = first.date_due + timedelta(days=6)
        mails_before = self.env["mail.mail"].search_count([])
        plan._debt_recovery_check(reminder_day)
        self.assertEqual(plan.notice_date, reminder_day)
        self.assertEqual(first.reminder_date, reminder_day)
        mail = self.env["mail.mail"].search([], order="id desc", limit=1)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails_before + 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(first.payment_reference, mail.body_html)
        self.assertIn(self.debtor, mail.recipient_ids)
        # The debtor pays late, within the cure period: the plan goes on.
        self._pay_by_bank(250.0, first.payment_reference)
        plan._debt_recovery_check(reminder_day + timedelta(days=20))
        self.assertEqual(plan.state, "active")
        self.assertFalse(plan.notice_date)
        self.assertEqual(first.state, "paid")

    def test_missed_instalment_breaks_the_plan_after_grace(self):
        plan = self._active_plan()
        self._pay_by_bank(100.0, "a little")
        first = plan.instalment_ids.sorted("date_due")[0]
        reminder_day = first.date_due + timedelta(days=6)
        plan._debt_recovery_check(reminder_day)
        self.assertEqual(plan.notice_date, reminder_day)
        # The cure period (15 days, above the 8-day B2B minimum) is not over yet.
        plan._debt_recovery_check(reminder_day + timedelta(days=15))
        self.assertEqual(plan.state, "active")
        self.assertEqual(self.case.state, "paused")
        break_day = reminder_day + timedelta(days=16)
        plan._debt_recovery_check(break_day)
        self.assertEqual(plan.state, "broken")
        self.assertEqual(plan.broken_date, break_day)
        # Déchéance du terme: the case resumes at its level for everything still owed.
        self.assertEqual(self.case.state, "open")
        self.assertEqual(self.case.level_id, self.level)
        self.assertEqual(self.case.next_action_date, break_day)
        self.assertEqual(self.case.amount_overdue, 900.0)
        self.assertFalse(plan.reconcile_model_id.active)
        self.assertIn("broken", self.case.message_ids[0].body)

    def test_consumer_cure_period_is_never_below_30_days(self):
        self.debtor.debt_recovery_debtor_type = "b2c"
        plan = self._active_plan()
        self.assertEqual(plan.cure_days, 30)
        first = plan.instalment_ids.sorted("date_due")[0]
        reminder_day = first.date_due + timedelta(days=6)
        plan._debt_recovery_check(reminder_day)
        plan._debt_recovery_check(reminder_day + timedelta(days=20))
        self.assertEqual(plan.state, "active")
        plan._debt_recovery_check(reminder_day + timedelta(days=31))
        self.assertEqual(plan.state, "broken")

    def test_cron_reminds_the_late_plans(self):
        """The scheduled action, run as Odoo's cron worker does, reminds a late instalment."""
        plan = self._active_plan(
            date_start=self.today - timedelta(days=60), first_date=self.today - timedelta(days=40)
        )
        cron = self.env.ref("debt_recovery_fr.ir_cron_debt_recovery_instalment_check")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual(plan.notice_date, self.today)
        self.assertEqual(plan.state, "active")

    def test_a_recovery_user_runs_a_plan(self):
        """A Recovery User (no accounting configuration right) proposes and starts a plan."""
        user = new_test_user(
            self.env,
            login="recovery_user",
            groups="debt_recovery_fr.debt_recovery_group_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        manager = new_test_user(
            self.env,
            login="recovery_manager",
            groups="debt_recovery_fr.debt_recovery_group_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.env = self.env(user=user)
        self.case = self.case.with_user(user)
        plan = self._active_plan()
        self.assertEqual(plan.state, "active")
        self.assertTrue(plan.reconcile_model_id)
        # The plan agreed, only a Recovery Manager (no accounting configuration right either)
        # cancels it.
        with self.assertRaisesRegex(AccessError, "only a Recovery Manager"):
            plan.action_cancel("Agreed by phone.")
        plan.with_user(manager).action_cancel("The debtor sold his business.")
        self.assertEqual(plan.state, "cancelled")
        self.assertFalse(plan.reconcile_model_id.active)

    def test_cancel_an_active_plan_resumes_the_case(self):
        plan = self._active_plan()
        # Without a reason, the dialog that asks for it.
        self.assertEqual(
            plan.action_cancel()["res_model"], "debt.recovery.instalment.plan.cancel.wizard"
        )
        self.assertEqual(plan.state, "active")
        plan.action_cancel("The debtor asked to pay the balance at once.")
        self.assertEqual(plan.state, "cancelled")
        self.assertEqual(self.case.state, "open")
        with self.assertRaises(UserError):
            plan.action_cancel()
