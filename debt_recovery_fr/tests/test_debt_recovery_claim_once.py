# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date
from decimal import Decimal

from markupsafe import Markup

from odoo.tests import Form, HttpCase, freeze_time, tagged
from odoo.tools import html2plaintext

from .common import pdf_text
from .test_debt_recovery_claims import TODAY, ClaimsCommon

# An amount as the French letters print it (pdf_text makes its spaces plain): « 6 714,89 € ».
AMOUNT = r"((?:\d{1,3} )*\d{1,3},\d\d) €"


def cents(text):
    """The digits of an amount as written anywhere (« 6 714,89 € », « € 6,714.89 », 6714.89)."""
    return re.sub(r"\D", "", str(text))


@tagged("post_install", "-at_install")
@freeze_time(TODAY, tick=True)
class TestDebtRecoveryClaimOnce(ClaimsCommon, HttpCase):
    """One claim (legal/claim.py), one total: the case form, the formal notice, the agreement,
    the escalation wizard and the debtor's portal page state it to the cent."""

    def _book_cost(self, case, amount):
        Action = self.env["debt.recovery.action"]
        with Action._debt_recovery_internal():
            Action.create(
                {
                    "case_id": case.id,
                    "channel": "registered_letter",
                    "state": "done",
                    "date": date(2026, 5, 4),
                    "cost": amount,
                }
            )

    def _totals(self, case, invoice):
        """The total each place states for ``case``, as the user reads it."""
        totals = {}
        form = Form(case)
        totals["case form"] = form.amount_total_claimed
        # The formal notice, a real PDF: its summary table read row by row, and the sentence.
        pdf = self._render_pdf("report_formal_notice", case)
        rows = pdf_text(pdf, layout=True)
        match = re.search(rf"Total à régler {AMOUNT}", rows)
        self.assertTrue(match, rows)
        totals["formal notice"] = match.group(1)
        words = re.search(rf"Soit la somme de [^(]+ \({AMOUNT}\)", pdf_text(pdf))
        self.assertTrue(words, pdf_text(pdf))
        totals["formal notice in words"] = words.group(1)
        # The instalment agreement of a plan that settles the whole claim.
        plan = self._plan(
            case,
            include_penalties=True,
            count=3,
            date_start=date(2026, 5, 15),
            first_date=date(2026, 6, 15),
        )
        pdf = self._render_pdf("report_instalment_agreement", plan)
        rows = pdf_text(pdf, layout=True)
        match = re.search(rf"Total de l'échéancier {AMOUNT}", rows)
        self.assertTrue(match, rows)
        totals["agreement"] = match.group(1)
        words = re.search(rf"Soit la somme de [^(]+ \({AMOUNT}\)", pdf_text(pdf))
        self.assertTrue(words, pdf_text(pdf))
        totals["agreement in words"] = words.group(1)
        self.assertNotIn("non inclus dans l'échéancier", rows, "the plan settles it all")
        # The escalation wizard opened from the invoice: its amounts and its text.
        action = invoice.action_debt_recovery_escalate()
        with Form(self.env[action["res_model"]].with_context(**action["context"])) as wizard:
            totals["wizard"] = wizard.amount_total_claimed
            procedures = html2plaintext(Markup(wizard.procedures_html or ""))
        # The debtor's page, through the link of the letters.
        case._portal_ensure_token()
        page = self.url_open(case.get_portal_url()).text
        match = re.search(r'o_debt_recovery_total">(.*?)</td>', page, re.S)
        self.assertTrue(match, page)
        totals["portal"] = re.sub(r"<[^>]+>", "", match.group(1))
        return totals, procedures

    def _assert_one_total(self, totals, expected):
        for place, total in totals.items():
            if isinstance(total, float):
                total = f"{Decimal(str(total)):.2f}"
            with self.subTest(place=place):
                self.assertEqual(cents(total), cents(expected), f"{place} states {total}")

    def test_b2b_case_states_one_total_everywhere(self):
        first = self._dated_invoice(self.debtor, 4000, date(2026, 3, 1), date(2026, 3, 31))
        self._dated_invoice(self.debtor, 2500, date(2026, 3, 16), date(2026, 4, 15))
        case = self._case(self.debtor, self.level_notice)
        # A registered letter and a greffe fee: 130 € of costs, of which 2 × 40 € are covered
        # by the fixed indemnities.
        self._book_cost(case, 93.96)
        self._book_cost(case, 36.04)
        case._recompute_amounts()
        # L441-10 C. com., 2026-H1 rate ECB 2,15 % + 10 = 12,15 %:
        #   4 000 € × 12,15 % × 45 days (1 Apr - 15 May) / 365 = 59,92 €
        #   2 500 € × 12,15 % × 30 days (16 Apr - 15 May) / 365 = 24,97 €
        # + 2 × 40 € (D441-5) + the 50 € of costs above them (L441-10 II)
        # = 6 500 + 84,89 + 80 + 50 = 6 714,89 €.
        self.assertAlmostEqual(case.amount_penalties, 84.89)
        self.assertAlmostEqual(case.amount_indemnities, 80)
        self.assertAlmostEqual(case.amount_costs, 130)
        self.assertAlmostEqual(case.amount_costs_claimed, 50)
        # The 80 € covered by the indemnities are shown apart, with the article.
        self.assertAlmostEqual(case.amount_costs_excluded, 80)
        self.assertIn("L441-10", case.amount_costs_reason)
        self.assertAlmostEqual(case.amount_total_claimed, 6714.89)
        totals, procedures = self._totals(case, first)
        self._assert_one_total(totals, "6714.89")
        # The simplified procedure's ceiling weighs principal and interest (R125-1 CPCE): the
        # wizard says so beside the total, never as another total of the claim.
        self.assertIn("6,584.89\N{NO-BREAK SPACE}€", procedures)
        self.assertIn("of a claim of 6,714.89\N{NO-BREAK SPACE}€", procedures)

    def test_b2c_case_states_one_total_everywhere(self):
        invoice = self._dated_invoice(self.consumer, 800, date(2026, 3, 1), date(2026, 3, 31))
        case = self._case(self.consumer, self.level_notice)
        # Sent on 30 April, received on Monday 4 May: interest from 5 May to 15 May.
        self._formal_notice(case, date(2026, 4, 30), date(2026, 5, 4))
        self._book_cost(case, 9.50)
        case._recompute_amounts()
        # 800 € × 2,62 % × 11 / 365 = 0,63 € (art. 1231-6, 1344-1 C. civ.); no 40 €; the
        # registered letter stays with the creditor (L111-8 al. 2 CPCE): 800,63 €.
        self.assertAlmostEqual(case.amount_penalties, 0.63)
        self.assertEqual(case.amount_indemnities, 0)
        self.assertAlmostEqual(case.amount_costs, 9.5)
        self.assertEqual(case.amount_costs_claimed, 0)
        self.assertAlmostEqual(case.amount_costs_excluded, 9.5)
        self.assertIn("L111-8", case.amount_costs_reason)
        self.assertAlmostEqual(case.amount_total_claimed, 800.63)
        totals, _procedures = self._totals(case, invoice)
        self._assert_one_total(totals, "800.63")
