# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from decimal import Decimal

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from ..legal.errors import MissingRateError
from ..legal.penalties import compute_late_penalties
from ..legal.rates import RateTable


@tagged("post_install", "-at_install")
class TestDebtRecoveryRate(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rate = cls.env["debt.recovery.rate"]

    def test_shipped_rates_are_loaded(self):
        shipped = RateTable.default().rows
        self.assertEqual(self.Rate.search_count([]), len(shipped))
        table = self.Rate._get_rate_table()
        # legal_fr.md §17.3: B2B default rate of 2025-H2 is the ECB rate of 1 July 2025 + 10.
        self.assertEqual(table.penalty_rate_b2b(date(2025, 9, 1)), Decimal("12.15"))
        self.assertEqual(table.legal_rate(date(2026, 3, 1)), Decimal("2.62"))

    def test_new_half_year_without_code_change(self):
        day = date(2031, 2, 1)
        with self.assertRaises(MissingRateError):
            self.Rate._get_rate_table().penalty_rate_b2b(day)
        self.Rate.create(
            {"kind": "mro", "date_from": date(2031, 1, 1), "rate": 1.75, "source": "BCE"}
        )
        table = self.Rate._get_rate_table()
        self.assertEqual(table.penalty_rate_b2b(day), Decimal("11.75"))
        result = compute_late_penalties(
            Decimal("1000.00"), date(2031, 1, 31), date(2031, 3, 2), "b2b", rates=table
        )
        # 30 days at 11.75 % on 1 000 €: 1000 × 11.75 % × 30 / 365 = 9.657... → 9.66
        self.assertEqual(result.total, Decimal("9.66"))

    def test_unconfirmed_rate_is_not_used(self):
        self.Rate.create(
            {"kind": "mro", "date_from": date(2031, 1, 1), "rate": 1.75, "confirmed": False}
        )
        with self.assertRaises(MissingRateError):
            self.Rate._get_rate_table().penalty_rate_b2b(date(2031, 2, 1))

    def test_reload_keeps_administrator_corrections(self):
        rate = self.Rate.search([("kind", "=", "legal_other"), ("date_from", "=", "2025-07-01")])
        rate.write({"rate": 2.77, "source": "Correction"})
        count = self.Rate.search_count([])
        self.Rate._load_shipped_rates()
        self.assertEqual(self.Rate.search_count([]), count)
        self.assertEqual(rate.rate, 2.77)

    def test_legal_rate_must_start_a_half_year(self):
        with self.assertRaises(ValidationError):
            self.Rate.create({"kind": "legal_other", "date_from": date(2031, 3, 15), "rate": 3.0})

    def test_rule_error_is_shown_in_the_user_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        with self.assertRaises(ValidationError) as caught:
            self.Rate.with_context(lang="fr_FR").create(
                {"kind": "legal_other", "date_from": date(2031, 3, 15), "rate": 3.0}
            )
        message = str(caught.exception)
        self.assertIn("Taux invalide", message)
        self.assertIn("doit prendre effet au 1er janvier ou au 1er juillet", message)
        self.assertIn("2031-03-15", message)
