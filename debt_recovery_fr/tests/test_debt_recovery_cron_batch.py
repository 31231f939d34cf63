# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.tests import tagged
from odoo.tools import format_amount

from ..utils import AmountFormatter
from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestDebtRecoveryCronBatch(DebtRecoveryCommon):
    """The queries of one batch of the scheduled action do not grow with its cases."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Level = cls.env["debt.recovery.level"]
        common = {"company_id": cls.company.id}
        # Every channel that writes something, then a level reached from the acknowledgment
        # of the registered letter, then a level a manager validates.
        cls.level_all = Level.create(
            {
                **common,
                "name": "Every channel",
                "sequence": 10,
                "delay_days": 5,
                "channel_email": True,
                "channel_sms": True,
                "channel_letter": True,
                "channel_registered_letter": True,
                "channel_phone": True,
                "cost_amount": 7.5,
                "mail_template_id": cls.env.ref(
                    "debt_recovery_fr.mail_template_reminder_friendly"
                ).id,
            }
        )
        cls.level_after_receipt = Level.create(
            {
                **common,
                "name": "After receipt",
                "sequence": 20,
                "delay_days": 0,
                "delay_from_acknowledgment": True,
                "channel_email": True,
                "channel_phone": True,
                "mail_template_id": cls.env.ref(
                    "debt_recovery_fr.mail_template_reminder_second"
                ).id,
            }
        )
        cls.level_validated = Level.create(
            {
                **common,
                "name": "Validated",
                "sequence": 30,
                "delay_days": 7,
                "phase": "formal_notice",
                "manual_validation": True,
                "channel_registered_letter": True,
            }
        )
        # Three groups of debtors: a warm-up one, then a batch of 5 cases with one invoice
        # each, and one of 10 cases with three invoices each.
        cls.warm_up = cls._debtors("Chauffe", 2, 1)
        cls.small = cls._debtors("Petit", 5, 1)
        cls.large = cls._debtors("Grand", 10, 3)
        cls.Case._sync_cases_from_invoices(cls.company)

    @classmethod
    def _debtors(cls, prefix, count, invoices):
        partners = cls.env["res.partner"].create(
            [
                {
                    "name": f"{prefix} {i}",
                    "is_company": True,
                    "email": f"{prefix.lower()}{i}@debiteur.example",
                    # Half mobiles (an SMS is queued), half landlines (the SMS fails).
                    "phone": "06 12 34 56 78" if i % 2 else "04 91 90 22 33",
                    "country_id": cls.env.ref("base.fr").id,
                }
                for i in range(count)
            ]
        )
        for partner in partners:
            for n in range(invoices):
                cls._overdue_invoice(partner, 100 + 10 * n, 20 + n)
        return partners

    def _cases(self, partners):
        cases = self.Case.search([("partner_id", "in", partners.ids)])
        self.assertEqual(len(cases), len(partners))
        return cases

    def _batch(self, cases):
        """One batch, as the scheduled action runs it: from a cold cache to the commit."""
        self.env.invalidate_all()
        cases = self.Case.browse(cases.ids)
        cases._debt_recovery_run(self.today)

    def _count(self, cases):
        self.env.flush_all()
        self.env.cr.flush()
        before = self.cr.sql_log_count
        self._batch(cases)
        self.env.flush_all()
        self.env.cr.flush()
        return self.cr.sql_log_count - before

    def _next_day(self, partners):
        self._cases(partners).write(
            {"last_run_date": self.today - timedelta(days=1), "next_action_date": self.today}
        )

    def _receive_letters(self, partners):
        letters = self._cases(partners).action_ids.filtered(
            lambda a: a.channel == "registered_letter"
        )
        letters.write({"registered_letter_number": "1A 000", "acknowledgment_date": self.today})

    def _stage(self, name, prepare=None):
        """Run a stage on the three groups: the large batch costs the small one's queries."""
        for partners in (self.warm_up, self.small, self.large):
            if prepare:
                prepare(partners)
        self._batch(self._cases(self.warm_up))
        small = self._count(self._cases(self.small))
        large = self._cases(self.large)
        with self.subTest(stage=name), self.assertQueryCount(small):
            self._batch(large)
        return small

    def _channels(self, partners, level):
        actions = self._cases(partners).action_ids.filtered(lambda a: a.level_id == level)
        return sorted(actions.mapped("channel"))

    def test_batch_queries_do_not_grow_with_cases_and_invoices(self):
        # Day 1: every channel of the first level, for every case.
        first = self._stage("channels")
        self.assertEqual(
            self._channels(self.large[:1], self.level_all),
            ["email", "letter", "phone", "registered_letter", "sms"],
        )
        self.assertEqual(len(self._cases(self.large).action_ids), 50)
        # Day 2, the letters received: each case moves up and carries out the next level.
        moves = self._stage("moves", lambda p: (self._receive_letters(p), self._next_day(p)))
        self.assertEqual(
            self._channels(self.large[:1], self.level_after_receipt),
            ["email", "level_change", "phone"],
        )
        self.assertEqual(set(self._cases(self.large).level_id), {self.level_after_receipt})
        # Day 3: a manager is asked to validate the next level.
        validations = self._stage("validations", self._next_day)
        self.assertEqual(self._channels(self.large, self.level_validated), ["validation"] * 10)
        self.assertEqual(len(self._cases(self.large).activity_ids), 30)
        # Nobody was contacted: the cases are not held back until the next contact date.
        self.assertEqual(set(self._cases(self.large).mapped("next_action_date")), {self.today})
        # A bound, so that a batch stays a handful of queries per kind of step.
        for count in (first, moves, validations):
            self.assertLess(count, 150)

    def test_amounts_formatted_once_per_currency_read_as_format_amount(self):
        # The batch's notes format their amounts with one formatter (the language and each
        # currency read once): the text is the one format_amount gives, in every language.
        self.env["res.lang"]._activate_lang("fr_FR")
        currencies = self.env.ref("base.EUR") | self.env.ref("base.USD") | self.env.ref("base.JPY")
        amounts = (0.0, 7.5, 1234567.891, -1234.5, 0.005, 999.999, 1e9)
        for lang in ("fr_FR", "en_US"):
            env = self.env(context={"lang": lang})
            formatter = AmountFormatter(env)
            for currency in currencies.with_env(env):
                for amount in amounts:
                    self.assertEqual(
                        formatter(amount, currency), format_amount(env, amount, currency)
                    )
        self.assertEqual(
            AmountFormatter(self.env(context={"lang": "fr_FR"}))(
                1234567.891, self.env.ref("base.EUR")
            ),
            "1\N{NO-BREAK SPACE}234\N{NO-BREAK SPACE}567,89\N{NO-BREAK SPACE}€",
        )
