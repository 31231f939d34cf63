# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""From the bank's statement file to the instalment, with the OCA addons community users install.

Tagged ``debt_recovery_oca``: they run on the second database of ``./tools/test``, where
``account_reconcile_oca``, ``account_statement_import_fr_cfonb`` and
``account_statement_import_camt`` are installed (and this addon with them); without them they
fail, never skip.
"""

import base64
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import file_open

from odoo.addons.debt_recovery_fr.tests.common import DebtRecoveryCommon

OCA_MODULES = (
    "account_reconcile_oca",
    "account_statement_import_fr_cfonb",
    "account_statement_import_camt",
    "debt_recovery_fr_reconcile_oca",
)
FIXTURES = "debt_recovery_fr_reconcile_oca/tests/fixtures/bank_statements"
COMPANY_IBAN = "FR7630003012340002001234514"
DEBTOR_IBAN = "FR7610278060000001234560112"
# The references printed in the fixtures: instalments 1 to 3 of plan number 4200.
FIXTURE_REFERENCES = {1: "RF58 0004 2000 01", 2: "RF31 0004 2000 02", 3: "RF04 0004 2000 03"}


def statement_file(name, instalments):
    """The fixture, with these instalments' references in place of plan 4200's (same width)."""
    encoding = "latin-1" if name.endswith(".cfo") else "utf-8"
    with file_open(f"{FIXTURES}/{name}", "rb") as file:
        data = file.read().decode(encoding)
    by_sequence = {inst.sequence: inst.payment_reference for inst in instalments}
    for sequence, printed in FIXTURE_REFERENCES.items():
        ours = by_sequence[sequence]
        if len(ours) != len(printed):
            raise AssertionError(f"{ours} and {printed} differ in width")
        data = data.replace(printed, ours)
        data = data.replace(printed.replace(" ", ""), ours.replace(" ", ""))
    return data.encode(encoding)


def check_oca_installed(env):
    """Fail (never skip) when the OCA addons are missing."""
    installed = env["ir.module.module"].search(
        [("name", "in", OCA_MODULES), ("state", "=", "installed")]
    )
    missing = set(OCA_MODULES) - set(installed.mapped("name"))
    if missing:
        raise AssertionError(
            f"The OCA addons {sorted(missing)} are not installed: the bank statement tests run "
            "on the database ./tools/test makes with them."
        )


class BankStatementsCommon(DebtRecoveryCommon):
    @classmethod
    def _set_up_banks(cls):
        """The OCA addons there, the debtor and the bank accounts the fixtures name: his and the
        company's (on its bank journal, ``cls.bank_journal``)."""
        check_oca_installed(cls.env)
        # account_reconcile_oca tries its automatic reconciliation on the lines it creates,
        # except under tests unless this key is set: set, the lines are made as in production.
        cls.env = cls.env(context=dict(cls.env.context, _test_account_reconcile_oca=True))
        cls.debtor = cls.env["res.partner"].create(
            {"name": "Atelier Échéance SARL", "is_company": True, "email": "compta@echeance.fr"}
        )
        cls.env["res.partner.bank"].create({"acc_number": DEBTOR_IBAN, "partner_id": cls.debtor.id})
        cls.bank_journal = cls.company_data["default_journal_bank"]
        cls.bank_journal.bank_account_id = cls.env["res.partner.bank"].create(
            {"acc_number": COMPANY_IBAN, "partner_id": cls.company.partner_id.id}
        )


@tagged("debt_recovery_oca", "post_install", "-at_install")
class TestBankStatementsOCA(BankStatementsCommon):
    """CFONB 120 and CAMT.053 files imported and reconciled as a user does on community."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_banks()
        cls.invoice_a = cls._overdue_invoice(cls.debtor, 600.0, 40)
        cls.invoice_b = cls._overdue_invoice(cls.debtor, 400.0, 20)
        cls.level = cls._create_level("reminder", 10, 5)
        cls.company.debt_recovery_instalment_grace_days = 5
        cls.company.debt_recovery_instalment_cure_days = 15
        # The screen's JavaScript sets the line being edited (``manual_reference``) when the
        # user clicks it; the test form writes it, as OCA's own tests do.
        cls.env["ir.ui.view"].create(
            {
                "name": "debt_recovery_fr test: the line being edited",
                "model": "account.bank.statement.line",
                "inherit_id": cls.env.ref(
                    "account_reconcile_oca.bank_statement_line_form_reconcile_view"
                ).id,
                "arch": """<data><field name="manual_reference" position="attributes">
                    <attribute name="invisible">0</attribute></field></data>""",
            }
        )

    def setUp(self):
        super().setUp()
        self.case = self.Case._debt_recovery_case_for_partner(self.debtor, self.company)
        self.case._place_at_level(self.level)
        self.case._recompute_amounts()
        wizard = (
            self.env["debt.recovery.instalment.wizard"]
            .with_context(default_case_id=self.case.id)
            .create(
                {
                    "count": 4,
                    "frequency": "monthly",
                    "date_start": self.today,
                    "first_date": self.today + timedelta(days=10),
                }
            )
        )
        action = wizard.action_create_plan()
        self.plan = self.env["debt.recovery.instalment.plan"].browse(action["res_id"])
        self.plan.action_propose()
        self.plan.action_accept()
        self.instalments = self.plan.instalment_ids.sorted("date_due")

    # ------------------------------------------------------------------------------------------
    # As a user does: import the file, open the line in the reconciliation screen, validate
    # ------------------------------------------------------------------------------------------
    def _import(self, name, data=None):
        """Import the file with OCA's wizard (Accounting > Import statement)."""
        wizard = self.env["account.statement.import"].create(
            {
                "statement_file": base64.b64encode(data or statement_file(name, self.instalments)),
                "statement_filename": name,
            }
        )
        action = wizard.import_file_button()
        statement = self.env["account.bank.statement"].browse(action["domain"][0][2])
        self.assertEqual(statement.journal_id, self.bank_journal)
        return statement.line_ids

    def _receivables(self, invoices):
        return invoices.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )

    def _proposal(self, st_line):
        """What account_reconcile_oca's screen proposes for the line when it opens it:
        {invoice: amount} and the rest, with its account."""
        with Form(
            st_line, view="account_reconcile_oca.bank_statement_line_form_reconcile_view"
        ) as form:
            data = form.reconcile_data_info["data"]
        invoices = {}
        rest = []
        for line in data:
            if line.get("counterpart_line_ids"):
                move = self.env["account.move.line"].browse(line["counterpart_line_ids"]).move_id
                invoices[move] = invoices.get(move, 0.0) + line["amount"]
            elif line["kind"] == "suspense":
                rest.append((line["account_id"][0], line["amount"]))
        return invoices, rest

    def _validate(self, st_line):
        """Open the line in the screen and validate what it proposes."""
        with Form(
            st_line, view="account_reconcile_oca.bank_statement_line_form_reconcile_view"
        ) as form:
            self.assertTrue(form.can_reconcile)
        st_line.reconcile_bank_line()
        self.assertTrue(st_line.is_reconciled)

    def _reconcile(self, st_line, invoices):
        """Pick the invoices in account_reconcile_oca's form, then validate."""
        with Form(
            st_line, view="account_reconcile_oca.bank_statement_line_form_reconcile_view"
        ) as form:
            for receivable in self._receivables(invoices):
                form.add_account_move_line_id = receivable
            self.assertTrue(form.can_reconcile)
        st_line.reconcile_bank_line()
        self.assertTrue(st_line.is_reconciled)

    def _states(self):
        return [(inst.amount, inst.amount_paid, inst.state) for inst in self.instalments]

    def _line(self, lines, amount):
        return lines.filtered(lambda line: line.amount == amount)

    # ------------------------------------------------------------------------------------------
    # CFONB 120: the references reconcile the lines at the import
    # ------------------------------------------------------------------------------------------
    def test_cfonb_two_instalments_at_once_then_a_partial_payment(self):
        self.assertEqual(self.plan.reconcile_model_id.trigger, "auto_reconcile")
        lines = self._import("releve_cfonb120.cfo")
        self.assertEqual(sorted(lines.mapped("amount")), [-45.6, 100.0, 500.0])
        paying, partial = self._line(lines, 500.0), self._line(lines, 100.0)
        # CFONB carries no account of the payer: the reference on the agreement names him,
        # and the plan's reconciliation model reconciles the line with the oldest invoice.
        self.assertIn(self.instalments[0].payment_reference, paying.payment_ref)
        self.assertEqual(paying.partner_id, self.debtor)
        self.assertTrue(paying.is_reconciled)
        self.assertTrue(partial.is_reconciled)
        self.assertEqual(self.invoice_a.amount_residual, 0.0)
        self.assertEqual(self.invoice_b.amount_residual, 400.0)
        unrelated = self._line(lines, -45.6)
        self.assertFalse(unrelated.partner_id)
        self.assertFalse(unrelated.is_reconciled)
        self.assertEqual(
            self._states(),
            [
                (250.0, 250.0, "paid"),
                (250.0, 250.0, "paid"),
                (250.0, 100.0, "partial"),
                (250.0, 0.0, "due"),
            ],
        )
        self.assertEqual(self.plan.state, "active")
        self.assertEqual(self.plan.amount_residual, 400.0)
        self.assertEqual(self.case.state, "paused")
        self.assertEqual(self.case.amount_overdue, 400.0)
        # The next reminder is for the third instalment, after its grace days, for what is
        # left of it.
        second, third = self.instalments[1], self.instalments[2]
        self.plan._debt_recovery_check(second.date_due + timedelta(days=20))
        self.assertFalse(self.plan.notice_date)
        self.plan._debt_recovery_check(third.date_due + timedelta(days=5))
        self.assertFalse(self.plan.notice_date)
        reminder_day = third.date_due + timedelta(days=6)
        self.plan._debt_recovery_check(reminder_day)
        self.assertEqual(self.plan.notice_date, reminder_day)
        self.assertEqual(third.reminder_date, reminder_day)
        self.assertFalse(self.instalments[0].reminder_date)
        self.assertIn("150.00", self.case.message_ids[0].body)

    def test_cfonb_manual_model_proposes_the_plan(self):
        # The accountant sets the plan's model to Manual: nothing is reconciled at the import,
        # the screen proposes the plan's invoices and he validates.
        self.plan.reconcile_model_id.trigger = "manual"
        lines = self._import("releve_cfonb120.cfo")
        paying = self._line(lines, 500.0)
        self.assertFalse(paying.is_reconciled)
        self.assertEqual(self.plan.amount_paid, 0.0)
        invoices, rest = self._proposal(paying)
        self.assertEqual(invoices, {self.invoice_a: -500.0})
        self.assertEqual(rest, [])
        self._validate(paying)
        self.assertEqual(
            [state for _amount, _paid, state in self._states()], ["paid", "paid", "due", "due"]
        )
        self.assertEqual(self.case.amount_overdue, 500.0)
        # The line that paid nothing of the plan is proposed nothing of it.
        invoices, _rest = self._proposal(self._line(lines, -45.6))
        self.assertEqual(invoices, {})

    def test_an_ended_plan_reconciles_nothing(self):
        self.plan.action_cancel(reason="Le débiteur a tout réglé par chèque.")
        lines = self._import("releve_cfonb120.cfo")
        self.assertFalse(any(lines.mapped("is_reconciled")))
        self.assertFalse(self._line(lines, 500.0).partner_id)

    # ------------------------------------------------------------------------------------------
    # CAMT.053: by the debtor and the amount, a returned direct debit, an overpayment
    # ------------------------------------------------------------------------------------------
    def test_camt_statement(self):
        lines = self._import("releve_camt053.xml")
        self.assertEqual(sorted(lines.mapped("amount")), [-250.0, 250.0, 250.0, 1200.0])
        overpaying = self._line(lines, 1200.0)
        by_amount = lines.filtered(lambda line: line.payment_ref == "FACTURES ATELIER DECEMBRE")
        third_reference = self.instalments[2].payment_reference.replace(" ", "")
        collected = lines.filtered(
            lambda line: line.amount == 250.0 and third_reference in (line.ref or "")
        )
        returned = self._line(lines, -250.0)
        self.assertIn("RETOUR PRLV IMPAYE", returned.payment_ref)
        # No reference: the payer's IBAN gives the debtor, the amount is his next instalment.
        self.assertEqual(by_amount.partner_id, self.debtor)
        self.assertTrue(by_amount.is_reconciled)
        # The direct debit, collected then returned unpaid: the returned line undoes the
        # collection's reconciliation with the invoice and is reconciled with it.
        self.assertTrue(collected.is_reconciled)
        self.assertTrue(returned.is_reconciled)
        self.assertEqual(returned.partner_id, self.debtor)
        # An overpayment is left to the accountant: proposed, the rest on the debtor's account.
        self.assertFalse(overpaying.is_reconciled)
        self.assertEqual(overpaying.partner_id, self.debtor)
        self.assertEqual(
            self._states(),
            [
                (250.0, 250.0, "paid"),
                (250.0, 0.0, "due"),
                (250.0, 0.0, "due"),
                (250.0, 0.0, "due"),
            ],
        )
        self.assertEqual(self.invoice_a.amount_residual, 350.0)
        self.assertEqual(self.case.amount_overdue, 750.0)
        invoices, rest = self._proposal(overpaying)
        self.assertEqual(invoices, {self.invoice_a: -350.0, self.invoice_b: -400.0})
        receivable = self.company_data["default_account_receivable"]
        self.assertEqual(rest, [(receivable.id, -450.0)])
        self._validate(overpaying)
        self.assertEqual({inst.state for inst in self.instalments}, {"paid"})
        self.assertEqual(self.plan.amount_paid, 1000.0)
        self.assertEqual(self.plan.state, "completed")
        self.assertEqual(self.case.state, "paid")
        self.assertEqual(self.case.amount_overdue, 0.0)
        self.assertFalse(self.plan.reconcile_model_id.active)
        # The 450.00 paid too much stays on the debtor's account, as a credit.
        credit = overpaying.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        self.assertEqual(credit.partner_id, self.debtor)
        self.assertEqual(credit.amount_residual, -450.0)

    def test_unreconcile_in_the_screen_reopens_the_instalment(self):
        lines = self._import("releve_camt053.xml")
        by_amount = lines.filtered(lambda line: line.payment_ref == "FACTURES ATELIER DECEMBRE")
        first = self.instalments[0]
        self.assertEqual(first.state, "paid")
        # The bank returns the transfer: the user undoes the reconciliation in the screen.
        by_amount.unreconcile_bank_line()
        self.assertFalse(by_amount.is_reconciled)
        self.assertEqual(first.state, "due")
        self.assertEqual(self.plan.amount_paid, 0.0)
        self.assertEqual(self.case.amount_overdue, 1000.0)
        # Past the grace days the debtor is reminded; past the cure period the plan is broken.
        reminder_day = first.date_due + timedelta(days=6)
        self.plan._debt_recovery_check(reminder_day)
        self.assertEqual(self.plan.notice_date, reminder_day)
        break_day = reminder_day + timedelta(days=16)
        self.plan._debt_recovery_check(break_day)
        self.assertEqual(self.plan.state, "broken")
        self.assertEqual(self.case.state, "open")
        self.assertEqual(self.case.level_id, self.level)
        self.assertEqual(self.case.next_action_date, break_day)

    def _camt_direct_debit(self, returned=False):
        """A CAMT.053 of the direct debit of the first instalment (and its return)."""
        with file_open(f"{FIXTURES}/releve_camt053.xml", "rb") as file:
            text = file.read().decode()
        head, rest = text.split("<Ntry>", 1)
        entries = ["<Ntry>" + part for part in rest.split("<Ntry>")]
        tail = entries[-1][entries[-1].index("</Ntry>") + len("</Ntry>") :]
        entries[-1] = entries[-1][: entries[-1].index("</Ntry>") + len("</Ntry>")] + "\n"
        kept = entries[3] if returned else entries[2]
        reference = self.instalments[0].payment_reference.replace(" ", "")
        kept = kept.replace(FIXTURE_REFERENCES[3].replace(" ", ""), reference)
        suffix = "R" if returned else "C"
        kept = kept.replace("<AcctSvcrRef>", f"<AcctSvcrRef>{suffix}")
        data = head.replace("DRF-STMT-20261201", f"DRF-STMT-DD-{suffix}") + kept + tail
        return data.encode()

    def test_returned_direct_debit_past_the_grace_days(self):
        first = self.instalments[0]
        late_day = first.date_due + timedelta(days=6)
        with freeze_time(late_day):
            collected = self._import("dd.xml", self._camt_direct_debit())
            self.assertTrue(collected.is_reconciled)
            self.assertEqual(first.state, "paid")
            self.assertFalse(self.plan.notice_date)
            # The bank returns it unpaid once the grace days are over: the instalment is owed
            # again and the debtor is reminded at once.
            returned = self._import("dd_return.xml", self._camt_direct_debit(returned=True))
            self.assertTrue(returned.is_reconciled)
            self.assertEqual(first.state, "due")
            self.assertEqual(self.plan.notice_date, late_day)
            self.assertEqual(first.reminder_date, late_day)
            self.assertEqual(self.plan.state, "active")
            self.assertEqual(self.case.amount_overdue, 1000.0)

    def test_returned_direct_debit_after_the_cure_period_breaks_the_plan(self):
        first = self.instalments[0]
        reminder_day = first.date_due + timedelta(days=6)
        self.plan._debt_recovery_check(reminder_day)
        self.assertEqual(self.plan.notice_date, reminder_day)
        with freeze_time(reminder_day + timedelta(days=5)):
            self._import("dd.xml", self._camt_direct_debit())
        self.assertEqual(first.state, "paid")
        break_day = reminder_day + timedelta(days=16)
        with freeze_time(break_day):
            # The debit the debtor paid his late instalment with is returned after the cure
            # period: the plan is broken (its _change_state), the recovery resumes.
            self._import("dd_return.xml", self._camt_direct_debit(returned=True))
        self.assertEqual(first.state, "due")
        self.assertEqual(self.plan.state, "broken")
        self.assertEqual(self.plan.broken_date, break_day)
        self.assertEqual(self.case.state, "open")
        self.assertEqual(self.case.level_id, self.level)
        self.assertEqual(self.case.amount_overdue, 1000.0)


@tagged("debt_recovery_oca", "post_install", "-at_install")
class TestBankStatementsManyPlans(BankStatementsCommon):
    """Many running plans: the references the lines carry find their plans in one search."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_banks()

    def _running_plans(self, count):
        """``count`` active plans, each of 3 instalments of 300.00 for its own debtor."""
        plans = self.env["debt.recovery.instalment.plan"]
        for _index in range(count):
            number = len(self.env["debt.recovery.instalment.plan"].search([])) + 1
            debtor = self.env["res.partner"].create(
                {"name": f"Menuiserie Échéance {number} SARL", "is_company": True}
            )
            plan = self._create_plan(debtor, "Agencement")
            plan.action_propose()
            plan.action_accept()
            plans |= plan
        return plans

    def _lines(self, plans, create=True):
        """A statement line paying the first instalment of each plan by its reference, printed
        with or without its spaces (values for ``create`` unless ``create``)."""
        vals_list = []
        for index, plan in enumerate(plans):
            reference = plan.instalment_ids.sorted("sequence")[0].payment_reference
            if index % 2:
                reference = reference.replace(" ", "").lower()
            vals_list.append(
                {
                    "journal_id": self.bank_journal.id,
                    "date": self.today,
                    "payment_ref": f"VIR SEPA {reference} ECHEANCE 1",
                    "amount": 300.0,
                }
            )
        lines = self.env["account.bank.statement.line"]
        return lines.create(vals_list) if create else vals_list

    def _lookup_queries(self, lines):
        """The queries of finding the plans the lines pay, from an empty record cache.

        Looked up twice before: the registry's caches (the access rules, which the first
        reading after the plans were made loads again) are warm, only the lookup is counted.
        """
        self.env.flush_all()
        for _warm_up in range(2):
            lines._debt_recovery_plan_payments()
            self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        found = lines._debt_recovery_plan_payments()
        return self.env.cr.sql_log_count - before, found

    def test_each_line_pays_its_own_plan(self):
        plans = self._running_plans(5)
        lines = self._lines(plans)
        for line, plan in zip(lines, plans, strict=True):
            self.assertEqual(line.partner_id, plan.partner_id)
            self.assertTrue(line.is_reconciled)
            self.assertEqual(
                [inst.state for inst in plan.instalment_ids.sorted("sequence")],
                ["paid", "due", "due"],
            )
            self.assertEqual(plan.amount_paid, 300.0)
            self.assertEqual(plan.invoice_ids.amount_residual, 600.0)
        # A line bearing the references of two plans pays neither.
        first, second = (plan.instalment_ids[:1].payment_reference for plan in plans[:2])
        both = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": self.today,
                "payment_ref": f"VIR {first} {second}",
                "amount": 600.0,
            }
        )
        self.assertFalse(both.partner_id)
        self.assertEqual(both._debt_recovery_plans_by_reference(), {})
        self.assertEqual(plans[:2].mapped("amount_paid"), [300.0, 300.0])

    def test_the_queries_do_not_grow_with_the_plans(self):
        # The lines are made without OCA's automatic reconciliation: only the lookup is measured.
        Line = self.env["account.bank.statement.line"].with_context(
            _test_account_reconcile_oca=False
        )
        plans = self._running_plans(2)
        few = Line.create(self._lines(plans, create=False))
        few_queries, found = self._lookup_queries(few)
        self.assertEqual(
            {line: plan for line, (plan, _ref) in found.items()}, dict(zip(few, plans, strict=True))
        )
        plans |= self._running_plans(6)
        many = Line.create(self._lines(plans, create=False))
        many_queries, found = self._lookup_queries(many)
        self.assertEqual(
            {line: plan for line, (plan, _ref) in found.items()},
            dict(zip(many, plans, strict=True)),
        )
        self.assertEqual(len(found), 8)
        self.assertEqual(many_queries, few_queries)


@tagged("debt_recovery_oca", "post_install", "-at_install")
class TestBankStatementsPromise(BankStatementsCommon):
    """A promise to pay and the bank: a payment keeps it, a date passed unpaid ends it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_banks()
        cls.invoice = cls._overdue_invoice(cls.debtor, 1000.0, 40)
        cls.level = cls._create_level("reminder", 10, 5)

    def setUp(self):
        super().setUp()
        self.case = self.Case._debt_recovery_case_for_partner(self.debtor, self.company)
        self.case._place_at_level(self.level)
        self.case._recompute_amounts()
        self.promise = self.today + timedelta(days=10)
        self.case._debt_recovery_portal_promise(self.promise, self.debtor)

    def _import_transfer(self, amount):
        """The CAMT.053 line paid from the debtor's account without reference, for ``amount``."""
        with file_open(f"{FIXTURES}/releve_camt053.xml", "rb") as file:
            text = file.read().decode()
        head, rest = text.split("<Ntry>", 1)
        entries = ["<Ntry>" + part for part in rest.split("<Ntry>")]
        end = entries[-1].index("</Ntry>") + len("</Ntry>")
        tail = entries[-1][end:]
        entry = entries[1].replace("250.00", f"{amount:.2f}")
        data = head + entry + "\n" + tail
        wizard = self.env["account.statement.import"].create(
            {"statement_file": base64.b64encode(data.encode()), "statement_filename": "p.xml"}
        )
        action = wizard.import_file_button()
        line = self.env["account.bank.statement"].browse(action["domain"][0][2]).line_ids
        self.assertEqual(line.partner_id, self.debtor)
        return line

    def _reconcile(self, st_line):
        receivable = self.invoice.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        with Form(
            st_line, view="account_reconcile_oca.bank_statement_line_form_reconcile_view"
        ) as form:
            form.add_account_move_line_id = receivable
        st_line.reconcile_bank_line()
        self.assertTrue(st_line.is_reconciled)

    def test_a_payment_keeps_the_promise_then_its_date_passes(self):
        line = self._import_transfer(300.0)
        self._reconcile(line)
        self.assertEqual(self.case.amount_overdue, 700.0)
        # Paid in part before the date: the promise holds, the recovery still waits.
        self.assertEqual(self.case.state, "open")
        self.assertEqual(self.case.promise_date, self.promise)
        self.assertEqual(self.case.next_action_date, self.promise + timedelta(days=1))
        # The date passed without the rest: the promise ends, the recovery resumes.
        day_after = self.promise + timedelta(days=1)
        self.case._debt_recovery_run(day_after)
        self.assertFalse(self.case.promise_date)
        self.assertIn(
            "not kept",
            self.case.message_ids.mapped("body")[0] + "".join(self.case.message_ids.mapped("body")),
        )

    def test_the_payment_in_full_ends_the_promise_kept(self):
        line = self._import_transfer(1000.0)
        self._reconcile(line)
        # The daily run finds the case paid: the promise was kept and ends.
        self.Case._sync_cases_from_invoices(self.company)
        self.assertEqual(self.case.state, "paid")
        self.assertFalse(self.case.promise_date)
        self.assertEqual(self.case.amount_overdue, 0.0)


@tagged("debt_recovery_oca", "post_install", "-at_install")
class TestBankStatementsOCAUi(HttpCase):
    """account_reconcile_oca's screen reconciles an imported line with a plan's invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        check_oca_installed(cls.env)
        # A French company in euros, the administrator's: the database's main one may be in
        # dollars (account's generic chart).
        eur = cls.env.ref("base.EUR")
        eur.active = True
        company = cls.env["res.company"].create(
            {
                "name": "Ateliers Tour SAS",
                "country_id": cls.env.ref("base.fr").id,
                "currency_id": eur.id,
            }
        )
        cls.env["account.chart.template"].try_loading("fr", company=company, install_demo=False)
        # The bookkeeper who reconciles has the full accounting features.
        cls.env.ref("base.user_admin").write(
            {
                "company_ids": [Command.link(company.id)],
                "company_id": company.id,
                "group_ids": [Command.link(cls.env.ref("account.group_account_user").id)],
            }
        )
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[company.id]))
        today = fields.Date.context_today(cls.env.user)
        cls.debtor = cls.env["res.partner"].create(
            {"name": "Atelier Tour Échéance", "is_company": True, "email": "tour@echeance.fr"}
        )
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.debtor.id,
                "payment_reference": "FACT-TOUR-1000",
                "invoice_date": today - timedelta(days=50),
                "invoice_date_due": today - timedelta(days=20),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Agencement", "quantity": 1, "price_unit": 1000, "tax_ids": []}
                    )
                ],
            }
        )
        cls.invoice.action_post()
        cls.journal = cls.env["account.journal"].create(
            {
                "name": "Banque Tour Échéance",
                "code": "BTE",
                "type": "bank",
                "company_id": company.id,
                "bank_account_id": cls.env["res.partner.bank"]
                .create({"acc_number": COMPANY_IBAN, "partner_id": company.partner_id.id})
                .id,
            }
        )
        level = cls.env["debt.recovery.level"].create(
            {"company_id": company.id, "name": "Tour reminder", "sequence": 10, "delay_days": 5}
        )
        case = cls.env["debt.recovery.case"]._debt_recovery_case_for_partner(cls.debtor, company)
        case._place_at_level(level)
        case._recompute_amounts()
        action = (
            cls.env["debt.recovery.instalment.wizard"]
            .with_context(default_case_id=case.id)
            .create(
                {
                    "count": 4,
                    "frequency": "monthly",
                    "date_start": today,
                    "first_date": today + timedelta(days=10),
                }
            )
            .action_create_plan()
        )
        cls.plan = cls.env["debt.recovery.instalment.plan"].browse(action["res_id"])
        cls.plan.action_propose()
        cls.plan.action_accept()
        name = "releve_cfonb120.cfo"
        cls.env["account.statement.import"].create(
            {
                "statement_file": base64.b64encode(statement_file(name, cls.plan.instalment_ids)),
                "statement_filename": name,
            }
        ).import_file_button()

    def test_reconcile_a_line_with_the_plans_invoice(self):
        line = self.env["account.bank.statement.line"].search(
            [("journal_id", "=", self.journal.id), ("amount", "=", 500.0)]
        )
        self.assertEqual(line.partner_id, self.debtor)
        self.start_tour(
            "/odoo/action-account.open_account_journal_dashboard_kanban",
            "debt_recovery_oca_reconcile_tour",
            login="admin",
        )
        # What the browser's requests wrote, read afresh.
        self.env.invalidate_all()
        self.assertTrue(line.is_reconciled)
        self.assertEqual(self.invoice.amount_residual, 500.0)
        self.assertEqual(
            [inst.state for inst in self.plan.instalment_ids.sorted("date_due")],
            ["paid", "paid", "due", "due"],
        )


@tagged("debt_recovery_oca", "post_install", "-at_install")
class TestDemoBankStatements(DebtRecoveryCommon):
    """The demo's plans, and its two statement files paying the active one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        check_oca_installed(cls.env)
        cls.env = cls.env(context=dict(cls.env.context, _test_account_reconcile_oca=True))
        cls._create_level("reminder", 10, 5)
        # What the demo data makes (demo/debt_recovery_plan_demo.xml).
        cls.debtor = cls.env["res.partner"].create(
            {"name": "Boiseries Lambert SARL", "is_company": True, "email": "c@lambert.example"}
        )
        cls.env["res.partner.bank"].create(
            {"acc_number": "FR7617515900000812345678938", "partner_id": cls.debtor.id}
        )
        cls.consumer = cls.env["res.partner"].create(
            {"name": "Lucie Girard", "email": "lucie.girard@example.com"}
        )
        Plan = cls.env["debt.recovery.instalment.plan"]
        Plan._debt_recovery_load_demo_plans(cls.company.ids, cls.debtor.id, cls.consumer.id)
        cls.active = Plan.search([("partner_id", "=", cls.debtor.id)])
        cls.proposed = Plan.search([("partner_id", "=", cls.consumer.id)])

    def _import(self, name):
        with file_open(f"debt_recovery_fr/demo/{name}", "rb") as file:
            data = file.read()
        action = (
            self.env["account.statement.import"]
            .create({"statement_file": base64.b64encode(data), "statement_filename": name})
            .import_file_button()
        )
        return self.env["account.bank.statement"].browse(action["domain"][0][2]).line_ids

    def _states(self):
        return [inst.state for inst in self.active.instalment_ids.sorted("sequence")]

    def test_the_demo_plans(self):
        self.assertEqual(self.active.state, "active")
        self.assertEqual(self.active.amount_total, 3000.0)
        self.assertEqual(self.active.instalment_ids.mapped("amount"), [500.0] * 6)
        self.assertEqual(self._states(), ["paid", "paid", "due", "due", "due", "due"])
        self.assertEqual(
            self.active.instalment_ids.sorted("sequence")[2].payment_reference,
            "RF91 0900 0010 03",
        )
        self.assertEqual(self.active.case_id.state, "paused")
        self.assertEqual(
            self.active.accepted_user_id,
            self.company.debt_recovery_officer_id or self.env.user,
        )
        self.assertEqual(self.proposed.state, "proposed")
        self.assertEqual(self.proposed.amount_total, 1200.0)
        self.assertEqual(len(self.proposed.instalment_ids), 3)
        self.assertTrue(self.proposed.instalment_ids[0].payment_reference.endswith("0020 01"))

    def test_importing_the_demo_statements_pays_the_plan(self):
        cfonb = self._import("releve_demo_cfonb120.cfo")
        paying = cfonb.filtered(lambda line: line.amount == 500.0)
        # By the reference of the third instalment.
        self.assertEqual(paying.partner_id, self.debtor)
        self.assertTrue(paying.is_reconciled)
        self.assertFalse(cfonb.filtered(lambda line: line.amount < 0).is_reconciled)
        self.assertEqual(self._states(), ["paid", "paid", "paid", "due", "due", "due"])
        camt = self._import("releve_demo_camt053.xml")
        paying = camt.filtered(lambda line: line.amount == 500.0)
        # By the debtor's IBAN and the amount of his next instalment.
        self.assertEqual(paying.partner_id, self.debtor)
        self.assertTrue(paying.is_reconciled)
        self.assertEqual(self._states(), ["paid", "paid", "paid", "paid", "due", "due"])
        self.assertEqual(self.active.amount_residual, 1000.0)
        self.assertEqual(self.active.case_id.amount_overdue, 1000.0)
