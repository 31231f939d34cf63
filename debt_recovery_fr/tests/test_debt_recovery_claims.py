# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import HttpCase, freeze_time, tagged

from .common import DebtRecoveryCommon, pdf_text

# A Friday; the rates of 2026-H1 are confirmed in legal/rates.csv (ECB 2,15 %, legal 2,62 %).
TODAY = "2026-05-15"


class ClaimsCommon(DebtRecoveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_letterhead(
            debt_recovery_formal_notice_days=8,
            debt_recovery_instalment_grace_days=5,
            debt_recovery_instalment_cure_days=15,
        )
        cls.debtor = cls._create_b2b_debtor(email="compta@menuiserie-dupont.example")
        cls.consumer = cls._create_consumer_debtor()
        cls.level_friendly = cls._create_level(
            "reminder", 10, 5, name="Relance", channel_email=True
        )
        cls.level_notice = cls._create_level(
            "notice", 40, 35, name="Mise en demeure", channel_registered_letter=True
        )

    def _case(self, partner, level=None):
        case = self.Case._debt_recovery_case_for_partner(partner, self.company)
        case._place_at_level(level or self.level_friendly)
        case._recompute_amounts()
        return case

    def _formal_notice(self, case, sent, received=None):
        Action = self.env["debt.recovery.action"]
        # As the recovery records it (a user records nothing dated another day).
        with Action._debt_recovery_internal():
            return Action.create(
                {
                    "case_id": case.id,
                    "level_id": self.level_notice.id,
                    "channel": "registered_letter",
                    "date": sent,
                    "acknowledgment_date": received,
                }
            )

    def _plan(self, case, **vals):
        action = (
            self.env["debt.recovery.instalment.wizard"]
            .with_context(default_case_id=case.id)
            .create({"frequency": "monthly", **vals})
            .action_create_plan()
        )
        return self.env["debt.recovery.instalment.plan"].browse(action["res_id"])


@tagged("post_install", "-at_install")
@freeze_time(TODAY, tick=True)
class TestDebtRecoveryClaimLetters(ClaimsCommon, HttpCase):
    """The instalment agreement, the portal link and the consumer's interest, in the PDFs."""

    def test_accepted_plan_attaches_the_signed_agreement(self):
        invoice = self._dated_invoice(self.debtor, 1200, date(2026, 3, 1), date(2026, 3, 31))
        case = self._case(self.debtor)
        plan = self._plan(
            case,
            include_penalties=True,
            count=3,
            date_start=date(2026, 5, 15),
            first_date=date(2026, 6, 1),
        )
        # 1 200 € × 12,15 % × 45 days (1 April - 15 May) / 365 = 17,98 € and the 40 €.
        self.assertAlmostEqual(plan.amount_extra, 57.98)
        plan.action_propose()
        plan.with_context(force_report_rendering=True)._debt_recovery_accept(
            self.debtor, "203.0.113.7"
        )
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", plan._name), ("res_id", "=", plan.id)], order="id"
        )
        # The agreement offered (e-mailed with the offer), then the one accepted.
        self.assertEqual(len(attachments), 2)
        self.assertIn("(offer)", attachments[0].name)
        attachment = attachments[1]
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertTrue(attachment.raw.startswith(b"%PDF"))
        references = plan.instalment_ids.sorted("date_due").mapped("payment_reference")
        text = self._assert_mentions(
            attachment.raw,
            [
                "Objet : Plan de règlement échelonné (échéancier) n° " + plan.name,
                "Menuiserie Dupont SARL 12 rue des Lilas 75011 PARIS",
                "SIREN 552 032 534",
                f"{invoice.name} 01/03/2026 31/03/2026 1 200,00 € 0,00 € 1 200,00 €",
                "Principal restant dû 1 200,00 €",
                "Pénalités de retard et indemnités forfaitaires pour frais de recouvrement",
                "57,98 €",
                "Total de l'échéancier 1 257,98 €",
                "mille deux cent cinquante-sept euros et quatre-vingt-dix-huit centimes",
                "Échéance 1 01/06/2026 419,32 €",
                "quatre cent dix-neuf euros et trente-deux centimes",
                "Échéance 2 01/07/2026 419,32 €",
                "Échéance 3 01/08/2026 419,34 €",
                "quatre cent dix-neuf euros et trente-quatre centimes",
                *references,
                # The acceleration clause: the notice and the cure period of the company.
                "Déchéance du terme",
                "cinq (5) jours après sa date",
                "quinze (15) jours à compter de son envoi",
                "la totalité des sommes restant dues deviendra immédiatement exigible",
                "article 2240 du Code civil",
                # Both parties sign; the online acceptance is recorded.
                "Pour le créancier, Atelier Ébène Martin",
                "Claire Martin",
                "Pour le débiteur, Menuiserie Dupont SARL",
                "Accepté en ligne le 15 mai 2026 par Menuiserie Dupont SARL",
                "203.0.113.7",
            ],
        )
        self.assertIn("Paris, le 15 mai 2026", text)

    def test_consumer_agreement_cure_period_never_below_30_days(self):
        self._dated_invoice(self.consumer, 900, date(2026, 3, 1), date(2026, 3, 31))
        case = self._case(self.consumer)
        plan = self._plan(case, count=3, date_start=date(2026, 5, 15), first_date=date(2026, 5, 20))
        text = self._assert_mentions(
            self._render_pdf("report_instalment_agreement", plan),
            [
                "Total de l'échéancier 900,00 €",
                "neuf cents euros",
                "Échéance 1 20/05/2026 300,00 €",
                "trente (30) jours à compter de son envoi",
            ],
        )
        self.assertNotIn("Pénalités", text)
        self.assertNotIn("40,00 €", text)

    def test_letters_link_to_the_debtor_portal(self):
        self._dated_invoice(self.debtor, 1200, date(2026, 3, 1), date(2026, 3, 31))
        case = self._case(self.debtor)
        for xmlid in ("report_reminder_friendly", "report_reminder_second", "report_formal_notice"):
            with self.subTest(letter=xmlid):
                text = pdf_text(self._render_pdf(xmlid, case))
                # On paper, the short link of the case (it opens the page with its token), not
                # the token address nobody can type; no plan offered, none mentioned.
                code = case.debt_recovery_short_code
                self.assertTrue(code)
                self.assertIn(f"{case.get_base_url().split('://')[-1]}/r/{code}", text)
                self.assertIn("régler en ligne sur votre espace dédié", text)
                self.assertNotIn("access_token", text)
                self.assertNotIn("accepter l'échéancier", text)

    def test_consumer_final_notice_counts_legal_interest_since_the_notice(self):
        self._dated_invoice(self.consumer, 800, date(2026, 3, 1), date(2026, 3, 31))
        case = self._case(self.consumer, self.level_notice)
        self.assertEqual(case.amount_penalties, 0.0)
        # Sent on 30 April, received on Monday 4 May: interest from 5 May to 15 May (11 days).
        self._formal_notice(case, date(2026, 4, 30), date(2026, 5, 4))
        case._recompute_amounts()
        # 800 € × 2,62 % × 11 / 365 = 0,63 € (art. 1231-6 C. civ.; legal_fr.md §16.2 method).
        self.assertAlmostEqual(case.amount_penalties, 0.63)
        self.assertEqual(case.amount_indemnities, 0.0)
        self.assertAlmostEqual(case.amount_total_claimed, 800.63)
        self.assertFalse(case.amount_warning)
        text = self._assert_mentions(
            self._render_pdf("report_final_notice", case),
            [
                "DERNIER AVIS AVANT POURSUITES",
                "Intérêts au taux légal depuis la mise en demeure du 4 mai 2026",
                "0,63 €",
                "Total à régler 800,63 €",
                "huit cents euros et soixante-trois centimes",
            ],
        )
        for absent in ("40,00 €", "Indemnit", "frais de recouvrement"):
            self.assertNotIn(absent.lower(), text.lower())


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestDebtRecoveryClaimLimits(ClaimsCommon):
    """What the law forbids adding to a claim: penalties on penalties, interest after the
    opening of collective proceedings; a consumer's interest from the formal notice only."""

    def test_invoiced_plan_penalties_bear_no_penalty_nor_indemnity(self):
        self._dated_invoice(self.debtor, 1200, date(2026, 1, 1), date(2026, 1, 31))
        case = self._case(self.debtor)
        # The plan is agreed on its date, 10 February: a plan starts from the day it is made.
        with freeze_time("2026-02-10"):
            plan = self._plan(
                case,
                include_penalties=True,
                count=2,
                date_start=date(2026, 2, 10),
                first_date=date(2026, 2, 20),
            )
            plan.action_propose()
            plan.action_accept()
        penalty_invoice = plan.penalty_invoice_id
        self.assertTrue(penalty_invoice.debt_recovery_penalty_invoice)
        extra = penalty_invoice.amount_total
        # Broken on 1 March: the penalties invoiced fall due that day, then stay unpaid.
        plan._debt_recovery_break(date(2026, 3, 1))
        self.Case._sync_cases_from_invoices(self.company)
        self.assertEqual(penalty_invoice.debt_recovery_case_id, case)
        case._recompute_amounts()
        self.assertIn(penalty_invoice, case.overdue_invoice_ids)
        # The invoiced penalties are claimed as principal...
        self.assertAlmostEqual(case.amount_overdue, 1200 + extra)
        # ... but bear no penalty (art. 1343-2 C. civ.) nor a second 40 € (per transaction):
        # 1 200 € × 12,15 % from 1 February to 15 May (104 days) = 41,54 €.
        self.assertAlmostEqual(case.amount_penalties, 41.54)
        self.assertEqual(case.amount_indemnities, 40.0)
        self.assertFalse(penalty_invoice.copy().debt_recovery_penalty_invoice)

    def test_collective_proceeding_stops_penalties_and_indemnity(self):
        before = self._dated_invoice(self.debtor, 1000, date(2026, 1, 1), date(2026, 1, 31))
        self._dated_invoice(self.debtor, 500, date(2026, 3, 10), date(2026, 4, 9))
        case = self._case(self.debtor)
        # 1 000 € from 1 February and 500 € from 10 April, to 15 May.
        self.assertAlmostEqual(case.amount_penalties, 34.62 + 5.99)
        self.assertEqual(case.amount_indemnities, 80.0)
        # Redressement judiciaire opened on 1 March 2026.
        self.debtor.debt_recovery_collective_judgment_date = date(2026, 3, 1)
        self.env.flush_all()
        # L622-28 C. com.: interest stops on the judgment: 1 000 € × 12,15 % × 28 / 365 = 9,32 €;
        # L441-10 II: no penalty nor 40 € on the invoice due after the opening.
        self.assertAlmostEqual(case.amount_penalties, 9.32)
        self.assertEqual(case.amount_indemnities, 40.0)
        self.assertAlmostEqual(case.amount_overdue, 1500.0)
        letter = case._debt_recovery_letter_values()
        self.assertEqual(
            letter["amount_penalties"].replace("\N{NO-BREAK SPACE}", " ").replace("\u202f", " "),
            "9,32 €",
        )
        lines = {line["name"]: line for line in letter["invoices"]}
        self.assertEqual(lines[before.name]["periods"][-1]["end"], "28/02/2026")

    def test_consumer_interest_runs_from_the_formal_notice_only(self):
        invoice = self._dated_invoice(self.consumer, 1000, date(2026, 1, 1), date(2026, 1, 31))
        # An invoice that fell due after the notice was not claimed by it: no interest.
        self._dated_invoice(self.consumer, 300, date(2026, 4, 1), date(2026, 5, 1))
        case = self._case(self.consumer, self.level_notice)
        # A partial payment before the notice lowers the base; none after it here.
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 400, "payment_date": date(2026, 3, 10)})._create_payments()
        self._formal_notice(case, date(2026, 3, 15))
        case._recompute_amounts()
        # 600 € × 2,62 % × 61 days (16 March - 15 May) / 365 = 2,63 €.
        self.assertAlmostEqual(case.amount_penalties, 2.63)
        self.assertEqual(case.amount_indemnities, 0.0)
        self.assertAlmostEqual(case.amount_overdue, 900.0)

    @freeze_time("2026-11-20")
    def test_consumer_interest_without_a_published_rate_warns(self):
        self._dated_invoice(self.consumer, 1000, date(2026, 6, 1), date(2026, 7, 1))
        case = self._case(self.consumer, self.level_notice)
        self._formal_notice(case, date(2026, 7, 20), date(2026, 7, 23))
        case._recompute_amounts()
        # No legal rate in the table for 2026-H2: no interest is guessed, the case says why.
        self.assertEqual(case.amount_penalties, 0.0)
        self.assertIn("2026", case.amount_warning)
        self.assertAlmostEqual(case.amount_total_claimed, 1000.0)
        self.env["debt.recovery.rate"].create(
            {"kind": "legal_other", "date_from": date(2026, 7, 1), "rate": 3.0, "confirmed": True}
        )
        case._recompute_amounts()
        # 1 000 € × 3 % × 120 days (24 July - 20 November) / 365 = 9,86 €.
        self.assertFalse(case.amount_warning)
        self.assertAlmostEqual(case.amount_penalties, 9.86)
