# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A new bank statement line bearing a running plan's reference, whatever the screen.

No OCA addon needed: runs with the other tests. What OCA's reconciliation screen does with such
lines is tested by ``debt_recovery_fr_reconcile_oca`` (its ``tests/test_bank_statements.py``).
"""

from datetime import timedelta

from odoo.tests import tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestStatementLinePlanReference(DebtRecoveryCommon):
    """Whatever the screen: a new statement line bearing a running plan's reference."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtor = cls.env["res.partner"].create(
            {"name": "Atelier Référence SARL", "is_company": True}
        )
        cls.other = cls.env["res.partner"].create({"name": "Autre Client SAS", "is_company": True})
        cls._overdue_invoice(cls.debtor, 1000.0, 30)
        cls.level = cls._create_level("reminder", 10, 5)

    def setUp(self):
        super().setUp()
        case = self.Case._debt_recovery_case_for_partner(self.debtor, self.company)
        case._place_at_level(self.level)
        case._recompute_amounts()
        action = (
            self.env["debt.recovery.instalment.wizard"]
            .with_context(default_case_id=case.id)
            .create(
                {
                    "count": 2,
                    "frequency": "monthly",
                    "date_start": self.today,
                    "first_date": self.today + timedelta(days=10),
                }
            )
            .action_create_plan()
        )
        self.plan = self.env["debt.recovery.instalment.plan"].browse(action["res_id"])
        self.plan.action_propose()
        self.plan.action_accept()
        self.reference = self.plan.instalment_ids.sorted("sequence")[1].payment_reference

    def _line(self, label, partner=None):
        return self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.company_data["default_journal_bank"].id,
                "payment_ref": label,
                "partner_id": partner.id if partner else False,
                "amount": 500.0,
                "date": self.today,
            }
        )

    def test_the_reference_names_the_debtor(self):
        # Printed with spaces, typed without, in lower case: the bank keeps what it received.
        self.assertEqual(self._line(f"VIR SEPA {self.reference}").partner_id, self.debtor)
        compact = self.reference.replace(" ", "").lower()
        self.assertEqual(self._line(f"virement {compact} merci").partner_id, self.debtor)
        self.assertFalse(self._line("VIR SEPA FACTURE 2026-118").partner_id)

    def test_a_partner_already_known_is_kept(self):
        line = self._line(f"VIR SEPA {self.reference}", partner=self.other)
        self.assertEqual(line.partner_id, self.other)

    def test_an_ended_plan_names_nobody(self):
        self.plan.action_cancel(reason="Le débiteur a tout réglé par chèque.")
        self.assertEqual(self.plan.state, "cancelled")
        self.assertFalse(self._line(f"VIR SEPA {self.reference}").partner_id)
