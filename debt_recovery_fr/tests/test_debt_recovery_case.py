# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from decimal import Decimal

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..legal.penalties import compute_late_penalties
from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestDebtRecoveryCase(DebtRecoveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_reminder = cls._create_level("reminder", 10, 5, channel_email=True)
        cls.level_notice = cls._create_level(
            "notice", 20, 35, channel_registered_letter=True, manual_validation=True
        )
        Partner = cls.env["res.partner"]
        cls.debtor = Partner.create({"name": "Menuiserie Martin SARL", "is_company": True})
        cls.debtor_2 = Partner.create({"name": "Boulangerie Petit SAS", "is_company": True})
        cls.consumer = Partner.create({"name": "Jeanne Durand"})

    def _sync(self, company=None):
        company = company or self.company
        return self.Case.with_company(company)._sync_cases_from_invoices(company)

    def test_case_per_debtor(self):
        inv_1 = self._overdue_invoice(self.debtor, 1000, 40)
        inv_2 = self._overdue_invoice(self.debtor, 500, 10)
        inv_3 = self._overdue_invoice(self.debtor_2, 300, 8)
        self._sync()
        case = self._case_of(self.debtor)
        case_2 = self._case_of(self.debtor_2)
        self.assertEqual(len(case), 1)
        self.assertEqual(len(case_2), 1)
        self.assertEqual(case.invoice_ids, inv_1 | inv_2)
        self.assertEqual(case_2.invoice_ids, inv_3)
        # 40 days overdue reach the formal notice, which needs a manager: the case waits at the
        # last level the scheduled action may reach by itself.
        self.assertEqual(inv_1.debt_recovery_level_id, self.level_reminder)
        self.assertEqual(case.level_id, self.level_reminder)
        self.assertEqual(case_2.level_id, self.level_reminder)
        self.assertEqual(case.state, "open")
        self.assertEqual(case.oldest_due_date, inv_1.invoice_date_due)
        self.assertEqual(case.days_overdue, 40)
        self.assertEqual(case.next_action_date, self.today)
        self.assertAlmostEqual(
            case.amount_overdue, inv_1.amount_residual_signed + inv_2.amount_residual_signed
        )
        self.assertEqual(self.debtor.debt_recovery_case_count, 1)
        self.assertEqual(inv_1.action_debt_recovery_open_case()["res_id"], case.id)
        # A second run changes nothing.
        self._sync()
        self.assertEqual(self._case_of(self.debtor), case)

    def test_disputed_and_not_due_invoices_excluded(self):
        disputed = self._overdue_invoice(self.debtor, 1000, 40)
        disputed.write({"debt_recovery_disputed": True, "debt_recovery_dispute_reason": "Damaged"})
        self._overdue_invoice(self.debtor_2, 1000, -10)
        self._overdue_invoice(self.debtor_2, 1000, 40, post=False)
        self._sync()
        self.assertFalse(self._case_of(self.debtor))
        self.assertFalse(self._case_of(self.debtor_2))
        self.assertFalse(disputed.debt_recovery_case_id)

    def test_b2b_penalties_and_indemnities(self):
        inv_1 = self._overdue_invoice(self.debtor, 1200, 60)
        inv_2 = self._overdue_invoice(self.debtor, 800, 20)
        self._sync()
        case = self._case_of(self.debtor)
        self.assertEqual(case.debtor_type, "b2b")
        rates = self.env["debt.recovery.rate"]._get_rate_table()
        expected = sum(
            compute_late_penalties(
                Decimal(str(invoice.amount_residual_signed)),
                invoice.invoice_date_due,
                self.today,
                "b2b",
                rates=rates,
            ).total
            for invoice in inv_1 | inv_2
        )
        self.assertGreater(expected, 0)
        self.assertAlmostEqual(case.amount_penalties, float(expected), places=2)
        self.assertAlmostEqual(case.amount_indemnities, 80.0)
        self.assertFalse(case.amount_warning)
        self.assertAlmostEqual(case.amount_total_claimed, 2000 + float(expected) + 80.0, places=2)

    def test_b2b_penalties_after_partial_payment(self):
        invoice = self._overdue_invoice(self.debtor, 1000, 60)
        payment_date = self.today - timedelta(days=20)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 400, "payment_date": payment_date})._create_payments()
        self._sync()
        case = self._case_of(self.debtor)
        self.assertAlmostEqual(case.amount_overdue, 600)
        expected = compute_late_penalties(
            Decimal("1000.00"),
            invoice.invoice_date_due,
            self.today,
            "b2b",
            rates=self.env["debt.recovery.rate"]._get_rate_table(),
            payments=[(payment_date, Decimal("400.00"))],
        ).total
        self.assertAlmostEqual(case.amount_penalties, float(expected), places=2)
        self.assertAlmostEqual(case.amount_indemnities, 40.0)

    def test_missing_rate_flagged_not_raised(self):
        self._overdue_invoice(self.debtor, 1000, 60)
        # An administrator has not confirmed the ECB rates: no B2B penalty can be computed.
        self.env["debt.recovery.rate"].search([("kind", "=", "mro")]).confirmed = False
        self._sync()
        case = self._case_of(self.debtor)
        self.assertEqual(case.amount_penalties, 0)
        self.assertIn("not confirmed", case.amount_warning)
        self.assertIn(case.invoice_ids.name, case.amount_warning)
        self.assertAlmostEqual(case.amount_overdue, 1000)
        self.assertAlmostEqual(case.amount_indemnities, 40.0)

    def test_every_level_is_a_kanban_column(self):
        columns = self.Case._read_group_level_ids(self.env["debt.recovery.level"], [])
        self.assertEqual(columns, self.level_reminder | self.level_notice)

    def test_b2c_no_penalties_yet(self):
        self._overdue_invoice(self.consumer, 500, 60)
        self._sync()
        case = self._case_of(self.consumer)
        self.assertEqual(case.debtor_type, "b2c")
        self.assertAlmostEqual(case.amount_overdue, 500)
        self.assertEqual(case.amount_penalties, 0)
        self.assertEqual(case.amount_indemnities, 0)

    def test_paid_case_closed_and_reopened(self):
        invoice = self._overdue_invoice(self.debtor, 1000, 40)
        self._sync()
        case = self._case_of(self.debtor)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": self.today})._create_payments()
        self.assertTrue(invoice.currency_id.is_zero(invoice.amount_residual))
        self._sync()
        self.assertEqual(case.state, "paid")
        self.assertEqual(case.amount_overdue, 0)
        new_invoice = self._overdue_invoice(self.debtor, 250, 6)
        self._sync()
        self.assertEqual(self._case_of(self.debtor), case)
        self.assertEqual(case.state, "open")
        self.assertEqual(case.level_id, self.level_reminder)
        self.assertIn(new_invoice, case.invoice_ids)
        self.assertAlmostEqual(case.amount_overdue, 250)

    def test_one_active_case_per_debtor(self):
        self.Case.create({"partner_id": self.debtor.id})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.Case.create({"partner_id": self.debtor.id})
            self.env.flush_all()

    def test_multi_company_isolation(self):
        company_b = self.setup_other_company(name="Company B")["company"]
        self._overdue_invoice(self.debtor, 1000, 40)
        self._overdue_invoice(self.debtor, 700, 40, company=company_b)
        self._sync()
        self._sync(company_b)
        case_b = self.Case.search([("company_id", "=", company_b.id)])
        self.assertEqual(len(case_b), 1)
        user_a = new_test_user(
            self.env,
            login="recovery_a",
            groups="debt_recovery_fr.debt_recovery_group_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        cases_seen = self.Case.with_user(user_a).search([])
        self.assertTrue(cases_seen)
        self.assertNotIn(case_b, cases_seen)
        with self.assertRaises(AccessError):
            case_b.with_user(user_a).read(["name"])

    def test_access_needs_recovery_group(self):
        self._overdue_invoice(self.debtor, 1000, 40)
        self._sync()
        case = self._case_of(self.debtor)
        accountant = new_test_user(
            self.env,
            login="plain_accountant",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with self.assertRaises(AccessError):
            case.with_user(accountant).read(["name"])
