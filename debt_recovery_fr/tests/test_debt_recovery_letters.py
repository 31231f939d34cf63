# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import HttpCase, freeze_time, tagged

from odoo.addons.base.models.ir_actions_report import IrActionsReport

from ..legal.consumer import FEE_LABELS
from .common import DebtRecoveryCommon, pdf_text, pdf_text_pages

# A Friday; the rates of 2025 and of 2026-H1 are confirmed in legal/rates.csv.
TODAY = "2026-05-15"
LETTERS = (
    "report_reminder_friendly",
    "report_reminder_second",
    "report_formal_notice",
    "report_final_notice",
    "report_statement",
    "report_acknowledgment_of_debt",
)


@tagged("post_install", "-at_install")
@freeze_time(TODAY, tick=True)
class TestDebtRecoveryLetters(DebtRecoveryCommon, HttpCase):
    """The letters as wkhtmltopdf prints them, read back with pdftotext."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_letterhead(
            phone="01 43 43 12 12",
            email="compta@ebenisterie-martin.example",
            debt_recovery_share_capital=10000,
            debt_recovery_formal_notice_days=8,
        )
        cls.env["res.partner.bank"].create(
            {"acc_number": "FR7630006000011234567890189", "partner_id": cls.company.partner_id.id}
        )
        cls.debtor = cls._create_b2b_debtor(email="compta@menuiserie-dupont.example")
        cls.consumer = cls._create_consumer_debtor()
        cls.invoice_old = cls._dated_invoice(cls.debtor, 12000, date(2025, 3, 1), date(2025, 3, 31))
        cls.invoice_recent = cls._dated_invoice(
            cls.debtor, 1500, date(2026, 1, 1), date(2026, 1, 31)
        )
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=cls.invoice_recent.ids
        ).create({"amount": 500, "payment_date": date(2026, 2, 15)})._create_payments()
        cls._dated_invoice(cls.consumer, 800, date(2026, 3, 1), date(2026, 3, 31))
        cls.level_friendly = cls._create_level(
            "reminder", 10, 5, name="Relance", channel_email=True
        )
        cls.level_second = cls._create_level(
            "second", 20, 15, name="Deuxième relance", channel_email=True
        )
        cls.level_notice = cls._create_formal_notice(
            name="Mise en demeure", letter_report_id="report_formal_notice"
        )
        cls.case = cls.Case._debt_recovery_case_for_partner(cls.debtor, cls.company)
        cls.consumer_case = cls.Case._debt_recovery_case_for_partner(cls.consumer, cls.company)
        for case in cls.case | cls.consumer_case:
            case._place_at_level(cls.level_notice)
            # The steps the recovery took before (written as the module writes them).
            with cls.env["debt.recovery.action"]._debt_recovery_internal():
                cls.env["debt.recovery.action"].create(
                    [
                        {
                            "case_id": case.id,
                            "level_id": cls.level_friendly.id,
                            "channel": "email",
                            "date": date(2026, 4, 10),
                        },
                        {
                            "case_id": case.id,
                            "level_id": cls.level_second.id,
                            "channel": "letter",
                            "date": date(2026, 4, 24),
                        },
                    ]
                )
        (cls.case | cls.consumer_case)._recompute_amounts()

    def _assert_identities(self, text):
        """The mentions every letter carries: creditor, debtor in full, place and date."""
        for mention in (
            "Atelier Ébène Martin",
            "SAS au capital de 10 000,00 €",
            "8 rue du Faubourg Saint-Antoine 75012 PARIS",
            "SIRET 418 166 096 00069",
            "RCS Paris 418 166 096",
            "Paris, le 15 mai 2026",
        ):
            self.assertIn(mention, text)

    def test_formal_notice_b2b(self):
        pdf = self._render_pdf("report_formal_notice", self.case)
        self._assert_identities(pdf_text(pdf))
        self._assert_mentions(
            pdf,
            (
                "LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION",
                "Menuiserie Dupont SARL 12 rue des Lilas 75011 PARIS",
                "Objet : MISE EN DEMEURE DE PAYER",
                "SIREN 552 032 534",
                # The reminders already sent, with their dates.
                "par courriel du 10 avril 2026 et par courrier du 24 avril 2026",
                # The invoices: number, dates, amount, paid, residual.
                f"{self.invoice_old.name} 01/03/2025 31/03/2025 12 000,00 € 0,00 € 12 000,00 €",
                f"{self.invoice_recent.name} 01/01/2026 31/01/2026 1 500,00 € 500,00 € 1 000,00 €",
                "Total 13 500,00 € 500,00 € 13 000,00 €",
                # B2B: penalties per period with their rate (ECB + 10 points), 40 € per invoice.
                "du 01/04/2025 au 30/06/2025 91 13,15 % 12 000,00 € 393,42 € 40,00 €",
                "du 01/07/2025 au 31/12/2025 184 12,15 % 12 000,00 € 734,99 €",
                "du 01/01/2026 au 15/05/2026 135 12,15 % 12 000,00 € 539,26 €",
                f"Pénalités de la facture {self.invoice_old.name} 1 667,67 €",
                # The partial payment of 15 February lowers the base from the next day.
                "du 01/02/2026 au 15/02/2026 15 12,15 % 1 500,00 € 7,49 € 40,00 €",
                "du 16/02/2026 au 15/05/2026 89 12,15 % 1 000,00 € 29,63 €",
                f"Pénalités de la facture {self.invoice_recent.name} 37,12 €",
                "Total 1 704,79 € 80,00 €",
                "Principal restant dû 13 000,00 €",
                "Total à régler 14 784,79 €",
                "quatorze mille sept cent quatre-vingt-quatre euros et soixante-dix-neuf centimes",
                # The deadline, written out, and what follows.
                "huit (8) jours",
                "samedi 23 mai 2026",
                "une requête en injonction de payer devant le tribunal de commerce",
                "article 1344 du Code civil",
                "IBAN FR76 3000 6000 0112 3456 7890 189",
                "Claire Martin Présidente",
            ),
        )
        # The letter says what the case claims.
        self.assertAlmostEqual(self.case.amount_total_claimed, 14784.79)

    def test_formal_notice_consumer_has_no_indemnity_nor_fee(self):
        text = pdf_text(self._render_pdf("report_formal_notice", self.consumer_case))
        self._assert_identities(text)
        for mention in (
            "Jean Petit 3 allée des Tilleuls 69003 LYON",
            "MISE EN DEMEURE",
            "intérêts au taux légal (2,62 % l'an pour le semestre en cours)",
            "articles 1231-6 et 1344-1 du Code civil",
            "Total à régler 800,00 €",
            "huit cents euros",
        ):
            self.assertIn(mention, text)
        for absent in ("40,00 €", "40 €", "Indemnit", "Pénalités", "SIREN 552", *FEE_LABELS):
            self.assertNotIn(absent.lower(), text.lower())

    def test_every_letter_renders_with_its_mentions(self):
        expected = {
            "report_reminder_friendly": ["Objet : Relance", "13 000,00 €"],
            "report_reminder_second": [
                "Objet : Deuxième relance",
                "courriel du 10 avril 2026",
                "samedi 23 mai 2026",
                "40 € par facture",
            ],
            "report_final_notice": ["DERNIER AVIS AVANT POURSUITES", "14 784,79 €"],
            "report_statement": [
                "Relevé de compte",
                f"{self.invoice_recent.name}",
                "Solde de votre compte 13 000,00 €",
            ],
            "report_acknowledgment_of_debt": [
                "Reconnaissance de dette",
                "reconnais devoir à Atelier Ébène Martin",
                "13 000,00 € (treize mille euros)",
                "article 1376 du Code civil",
                "article 2240 du Code civil",
            ],
        }
        for xmlid, mentions in expected.items():
            with self.subTest(letter=xmlid):
                pdf = self._render_pdf(xmlid, self.case)
                self._assert_identities(pdf_text(pdf))
                self._assert_mentions(
                    pdf, ["Menuiserie Dupont SARL 12 rue des Lilas 75011 PARIS", *mentions]
                )

    def test_statement_lists_payments_and_running_balance(self):
        """Open items at their full amount, the payments applied to them (a fully reconciled
        payment included), a payment not yet applied; a settled invoice and its payment are out."""
        settled = self._dated_invoice(self.debtor, 300, date(2026, 2, 1), date(2026, 3, 3))
        Register = self.env["account.payment.register"]
        Register.with_context(active_model="account.move", active_ids=settled.ids).create(
            {"payment_date": date(2026, 3, 1)}
        )._create_payments()
        on_account = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.debtor.id,
                "amount": 200,
                "date": date(2026, 4, 1),
                "memo": "Virement sans référence",
            }
        )
        on_account.action_post()
        first_payment = self.invoice_recent.matched_payment_ids
        self.assertTrue(first_payment.move_id)
        pdf = self._render_pdf("report_statement", self.case)
        text = self._assert_mentions(
            pdf,
            (
                f"01/03/2025 {self.invoice_old.name}",
                "12 000,00 € 12 000,00 €",
                f"01/01/2026 {self.invoice_recent.name}",
                "1 500,00 € 13 500,00 €",
                f"15/02/2026 {first_payment.move_id.name}",
                "500,00 € 13 000,00 €",
                f"01/04/2026 {on_account.move_id.name} Virement sans référence",
                "200,00 € 12 800,00 €",
                "Solde de votre compte 12 800,00 €",
            ),
        )
        self.assertNotIn(settled.name, text)
        self.assertNotIn("300,00 €", text)

    def test_no_header_nor_footer_for_the_patched_wkhtmltopdf(self):
        """The company layout makes a header and a footer, which the patched-Qt wkhtmltopdf
        prints in the margins: the letters drop them, their letterhead is in the body."""
        report = self.env.ref("debt_recovery_fr.report_formal_notice")
        Report = self.env["ir.actions.report"]
        html = Report._render_qweb_html(report, self.case.ids)[0]
        html = html.decode() if isinstance(html, bytes) else str(html)
        self.assertRegex(html, r'class="[^"]*\bheader\b')
        self.assertIn("01 43 43 12 12", html)
        bodies, _ids, header, footer, _args = report._prepare_html(html, report.model)
        self.assertIn("01 43 43 12 12", bodies[0])
        self.assertIn("Atelier Ébène Martin", bodies[0])
        for margin in (header, footer):
            self.assertNotIn("Atelier", str(margin))
            self.assertNotIn("01 43 43 12 12", str(margin))

    def test_batch_one_wkhtmltopdf_call_split_per_case(self):
        cases = self.case | self.consumer_case
        report = self.env.ref("debt_recovery_fr.report_formal_notice")
        Action = self.env["debt.recovery.action"].with_context(force_report_rendering=True)
        with patch.object(
            IrActionsReport,
            "_run_wkhtmltopdf",
            autospec=True,
            side_effect=IrActionsReport._run_wkhtmltopdf,
        ) as wkhtmltopdf:
            documents = Action._debt_recovery_render_letters(report, cases)
        self.assertEqual(wkhtmltopdf.call_count, 1)
        business, consumer = (
            pdf_text(documents[self.case][0]),
            pdf_text(documents[self.consumer_case][0]),
        )
        self.assertIn("Menuiserie Dupont SARL", business)
        self.assertNotIn("Jean Petit", business)
        self.assertIn("Jean Petit", consumer)
        self.assertNotIn("Menuiserie Dupont", consumer)
        self.assertEqual(documents[self.case][1], "Mise en demeure - Menuiserie Dupont SARL.pdf")

    def test_steps_get_their_letter_and_the_email_carries_it(self):
        Action = self.env["debt.recovery.action"].with_context(force_report_rendering=True)
        # The steps the recovery decides (written as the module writes them).
        with Action._debt_recovery_internal():
            steps = Action.create(
                [
                    {
                        "case_id": self.case.id,
                        "level_id": self.level_notice.id,
                        "channel": channel,
                        "level_visit": self.case.level_visit,
                        "state": "planned",
                    }
                    for channel in ("email", "registered_letter")
                ]
            )
        pending = Action.search(Action._debt_recovery_pending_documents_domain())
        self.assertEqual(pending, steps)
        pending._debt_recovery_render_documents()
        email, letter = steps
        # One letter for the case, the proof of both steps.
        self.assertEqual(email.attachment_id, letter.attachment_id)
        self.assertEqual(letter.attachment_id.mimetype, "application/pdf")
        self.assertIn("MISE EN DEMEURE", pdf_text(letter.attachment_id.raw))
        self.assertEqual(email.state, "done")
        mail = self.env["mail.mail"].search([("mail_message_id", "=", email.mail_message_id.id)])
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.attachment_ids, letter.attachment_id)
        self.assertEqual(letter.state, "planned")
        self.assertFalse(Action.search(Action._debt_recovery_pending_documents_domain()))
        # The print batch: one PDF with the letters to post.
        url = letter.action_debt_recovery_print_letters()["url"]
        batch = self.env["ir.attachment"].browse(int(url.split("/")[3].split("?")[0]))
        self.assertIn("Menuiserie Dupont SARL", pdf_text(batch.raw))

    # ------------------------------------------------------------------------------------------
    # On paper: pages, short link, plan offer, wording (issue 18)
    # ------------------------------------------------------------------------------------------
    def _pages(self, pdf):
        """The text of each page of ``pdf``, as ``pdf_text`` reads it."""
        return [pdf_text(page) for page in pdf_text_pages(pdf)]

    def test_every_page_carries_the_reference_and_its_number(self):
        pdf = self._render_pdf("report_formal_notice", self.case)
        pages = self._pages(pdf)
        self.assertGreaterEqual(len(pages), 2)
        reference = self.case._debt_recovery_letter_reference()
        for number, page in enumerate(pages, start=1):
            self.assertIn(f"Dossier n° {reference} – page {number}/{len(pages)}", page)
        # The signature never alone: the last paragraph and the closing formula go with it.
        last = pages[-1]
        for mention in (
            "La présente lettre vaut mise en demeure",
            "Nous vous prions d'agréer",
            "Claire Martin",
        ):
            self.assertIn(mention, last)

    def test_letters_of_a_batch_are_numbered_each_from_one(self):
        cases = self.case | self.consumer_case
        report = self.env.ref("debt_recovery_fr.report_formal_notice")
        Action = self.env["debt.recovery.action"].with_context(force_report_rendering=True)
        documents = Action._debt_recovery_render_letters(report, cases)
        for case in cases:
            pages = self._pages(documents[case][0])
            reference = case._debt_recovery_letter_reference()
            self.assertIn(f"Dossier n° {reference} – page 1/{len(pages)}", pages[0])

    def test_short_link_and_qr_code_instead_of_the_token_url(self):
        report = self.env.ref("debt_recovery_fr.report_formal_notice")
        html = self.env["ir.actions.report"]._render_qweb_html(report, self.case.ids)[0]
        html = html.decode() if isinstance(html, bytes) else str(html)
        self.assertIn('src="data:image/png;base64,', html)
        text = pdf_text(self._render_pdf("report_formal_notice", self.case))
        code = self.case.debt_recovery_short_code
        self.assertRegex(code, r"^[0-9A-HJKMNP-TV-Z]{10}$")
        self.assertIn(f"/r/{code}", text)
        self.assertIn("ou en scannant ce code avec votre téléphone", text)
        self.assertNotIn("access_token", text)
        self.assertNotIn(self.case.access_token, text)
        # Made once: the next letter prints the same link; every case has its own.
        self._render_pdf("report_reminder_friendly", self.case)
        self.assertEqual(self.case.debt_recovery_short_code, code)
        self.consumer_case._debt_recovery_short_code()
        self.assertNotEqual(self.consumer_case.debt_recovery_short_code, code)
        # Nobody writes it by hand.
        with self.assertRaises(UserError):
            self.case.debt_recovery_short_code = "0000000000"

    def test_short_link_opens_the_debtor_page(self):
        code = self.case._debt_recovery_short_code()
        response = self.url_open(f"/r/{code}", allow_redirects=False)
        self.assertIn(response.status_code, (301, 302, 303))
        self.assertIn(
            f"/my/recovery/{self.case.id}?access_token={self.case.access_token}",
            response.headers["Location"],
        )
        # Followed, as a debtor who typed it, in lower case with a dash: his page.
        typed = f"{code[:5].lower()}-{code[5:].lower()}"
        page = self.url_open(f"/r/{typed}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/my/recovery/{self.case.id}", page.url)
        self.assertIn("Menuiserie Dupont SARL", page.text)
        # An unknown code opens nothing (one chance in 2**50 to be the case's).
        self.assertEqual(self.url_open("/r/0000000000").status_code, 404)
        self.assertEqual(self.url_open("/r/short").status_code, 404)

    def test_plan_sentence_only_when_a_plan_is_offered(self):
        sentence = "accepter l'échéancier qui vous est proposé"
        text = pdf_text(self._render_pdf("report_formal_notice", self.case))
        self.assertIn("Vous pouvez aussi régler en ligne sur votre espace dédié", text)
        self.assertNotIn(sentence, text)
        wizard = self.env["debt.recovery.instalment.wizard"].create(
            {"case_id": self.case.id, "count": 3, "first_date": date(2026, 6, 1)}
        )
        plan = self.env["debt.recovery.instalment.plan"].browse(
            wizard.action_create_plan()["res_id"]
        )
        plan.action_propose()
        self.assertIn(sentence, pdf_text(self._render_pdf("report_formal_notice", self.case)))
        # Never inside the agreement itself, which is dated and placed.
        agreement = pdf_text(self._render_pdf("report_instalment_agreement", plan))
        self.assertIn("Plan de règlement échelonné", agreement)
        self.assertNotIn(sentence, agreement)
        self.assertIn("Fait à Paris, le", agreement)
        self.assertIn("en deux exemplaires", agreement)

    def test_consumer_acknowledgment_signed_in_his_own_name(self):
        text = pdf_text(self._render_pdf("report_acknowledgment_of_debt", self.consumer_case))
        self.assertIn(
            "Je soussigné(e) Jean Petit, demeurant 3 allée des Tilleuls, 69003 LYON", text
        )
        self.assertNotIn("agissant en qualité", text)
        self.assertNotIn("pour le compte de", text)
        # A company's representative still says in which capacity he signs for it.
        business = pdf_text(self._render_pdf("report_acknowledgment_of_debt", self.case))
        self.assertIn("agissant en qualité de", business)
        self.assertIn("pour le compte de Menuiserie Dupont SARL", business)

    def test_consumer_letters_never_speak_of_a_seat(self):
        for xmlid in LETTERS:
            with self.subTest(letter=xmlid):
                text = pdf_text(self._render_pdf(xmlid, self.consumer_case))
                self.assertNotIn("siège", text)
                self.assertNotIn("courrier électronique", text)

    def test_business_letters_explain_the_penalty_rate(self):
        for xmlid in ("report_formal_notice", "report_final_notice", "report_reminder_second"):
            with self.subTest(letter=xmlid):
                text = pdf_text(self._render_pdf(xmlid, self.case))
                self.assertIn(
                    "Les pénalités de retard continuent de courir sur le principal jusqu'à "
                    "complet paiement, au taux de 12,15 % l'an pour le semestre en cours : le taux "
                    "de refinancement de la Banque centrale européenne (taux BCE, 2,15 %) majoré "
                    "de 10 points (article L441-10 du Code de commerce)",
                    text,
                )
        consumer = pdf_text(self._render_pdf("report_formal_notice", self.consumer_case))
        self.assertNotIn("taux BCE", consumer)

    def test_consumer_letters_name_the_mediator(self):
        # None set: the letters say nothing of a mediator, rather than something false.
        text = pdf_text(self._render_pdf("report_formal_notice", self.consumer_case))
        self.assertNotIn("médiat", text.lower())
        self.company.write(
            {
                "debt_recovery_mediator_name": "Médiateur de l'Ameublement (CNAEM)",
                "debt_recovery_mediator_address": "10 rue de Rome, 75008 Paris",
                "debt_recovery_mediator_website": "www.mediateur-ameublement.example",
            }
        )
        for xmlid in ("report_formal_notice", "report_reminder_friendly", "report_final_notice"):
            with self.subTest(letter=xmlid):
                text = pdf_text(self._render_pdf(xmlid, self.consumer_case))
                self.assertIn(
                    "vous pouvez recourir gratuitement au médiateur de la consommation dont nous "
                    "relevons, Médiateur de l'Ameublement (CNAEM), 10 rue de Rome, 75008 Paris, "
                    "www.mediateur-ameublement.example (articles L612-1 et L616-1 du Code de la "
                    "consommation)",
                    text,
                )
        # Between professionals, no consumer mediation.
        business = pdf_text(self._render_pdf("report_formal_notice", self.case))
        self.assertNotIn("médiateur", business)

    def test_consumer_final_notice_interest_runs_from_the_formal_notice(self):
        """A consumer owes interest at the legal rate from the formal notice only (art. 1231-6,
        1344-1 C. civ.): no formal notice sent, the final notice is the formal notice and the
        interest runs from its receipt; one sent, from it, never from the due dates."""
        text = pdf_text(self._render_pdf("report_final_notice", self.consumer_case))
        self.assertIn(
            "La présente lettre vaut mise en demeure au sens de l'article 1344 du Code civil : "
            "elle fait courir sur ces sommes les intérêts au taux légal (2,62 % l'an pour le "
            "semestre en cours), à compter de sa réception et jusqu'à complet paiement (articles "
            "1231-6 et 1344-1 du Code civil).",
            text,
        )
        # Nothing claimed as interest yet, and never from a due date.
        self.assertNotIn("Intérêts au taux légal depuis", text)
        self.assertNotIn("échéance jusqu", text)
        self.assertIn("Total à régler 800,00 €", text)
        # The formal notice sent on 30 April, received on 2 May.
        with self.env["debt.recovery.action"]._debt_recovery_internal():
            self.env["debt.recovery.action"].create(
                {
                    "case_id": self.consumer_case.id,
                    "level_id": self.level_notice.id,
                    "channel": "registered_letter",
                    "level_visit": self.consumer_case.level_visit,
                    "state": "done",
                    "date": date(2026, 4, 30),
                    "acknowledgment_date": date(2026, 5, 2),
                    "registered_letter_number": "1A 123 456 789 0",
                }
            )
        self.consumer_case._recompute_amounts()
        claim, _warning = self.consumer_case._debt_recovery_claim_today()
        interest = f"{float(claim.late_interest):.2f}".replace(".", ",")
        self.assertNotEqual(interest, "0,00")
        text = pdf_text(self._render_pdf("report_final_notice", self.consumer_case))
        self.assertIn(
            "Les intérêts au taux légal courent sur ces sommes depuis notre mise en demeure du "
            "30 avril 2026, reçue le 2 mai 2026, et jusqu'à complet paiement (articles 1231-6 et "
            "1344-1 du Code civil).",
            text,
        )
        self._assert_mentions(
            self._render_pdf("report_final_notice", self.consumer_case),
            (
                "Intérêts au taux légal depuis la mise en demeure du 2 mai 2026 (articles 1231-6 "
                f"et 1344-1 du Code civil) {interest} €",
            ),
        )
        self.assertNotIn("La présente lettre vaut mise en demeure", text)
        self.assertNotIn("pénalités", text.lower())

    def test_business_final_notice_is_the_formal_notice_when_none_was_sent(self):
        text = pdf_text(self._render_pdf("report_final_notice", self.case))
        self.assertIn(
            "La présente lettre vaut mise en demeure au sens de l'article 1344 du Code civil.",
            text,
        )
        self._send_formal_notice(self.case, self.level_notice)
        text = pdf_text(self._render_pdf("report_final_notice", self.case))
        self.assertIn("nous vous avons mis en demeure", text)
        self.assertNotIn("La présente lettre vaut mise en demeure", text)


@tagged("post_install", "-at_install")
class TestDebtRecoveryLetterSteps(DebtRecoveryCommon):
    """The scheduled action renders the letters of the steps it decided, once, and mails them.

    While tests run Odoo renders HTML instead of PDF: enough to follow the documents.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_reminder = cls._create_friendly_reminder(letter=True)
        cls.debtors = cls._create_email_debtors(3)
        cls.Action = cls.env["debt.recovery.action"]
        cls.cron = cls.env.ref("debt_recovery_fr.ir_cron_debt_recovery_run")

    def _run(self):
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def _steps(self):
        return self.Action.search(
            [("partner_id", "in", self.debtors.ids), ("channel", "in", ("email", "letter"))]
        )

    def test_letters_rendered_once_and_mailed(self):
        self._run()
        steps = self._steps()
        self.assertEqual(len(steps), 6)
        for case in steps.case_id:
            of_case = steps.filtered(lambda step, case=case: step.case_id == case)
            email = of_case.filtered(lambda step: step.channel == "email")
            letter = of_case - email
            # One letter per case: the proof of the e-mail and the page to post.
            self.assertTrue(letter.attachment_id)
            self.assertEqual(email.attachment_id, letter.attachment_id)
            self.assertIn(case.partner_id.name, letter.attachment_id.raw.decode())
            self.assertIn("Relance", letter.attachment_id.raw.decode())
            self.assertEqual((email.state, letter.state), ("done", "planned"))
            mail = self.env["mail.mail"].search(
                [("mail_message_id", "=", email.mail_message_id.id)]
            )
            self.assertEqual(mail.state, "outgoing")
            self.assertEqual(mail.attachment_ids, letter.attachment_id)
        attachments = self.env["ir.attachment"].search_count(
            [("res_model", "=", "debt.recovery.case")]
        )
        mails = self.env["mail.mail"].search_count([])
        # Run again the same day: nothing rendered, nothing sent again.
        self.Case.search([("partner_id", "in", self.debtors.ids)]).last_run_date = False
        self._run()
        self.assertEqual(self._steps(), steps)
        self.assertEqual(
            self.env["ir.attachment"].search_count([("res_model", "=", "debt.recovery.case")]),
            attachments,
        )
        self.assertEqual(self.env["mail.mail"].search_count([]), mails)

    def test_decided_steps_wait_for_their_letter(self):
        # A run killed after its decisions: the e-mail waits for its letter, nothing is sent.
        self.Case._sync_cases_from_invoices(self.company)
        cases = self.Case.search([("partner_id", "in", self.debtors.ids)])
        cases._debt_recovery_run(self.today)
        steps = self._steps()
        self.assertEqual(set(steps.mapped("state")), {"planned"})
        self.assertFalse(steps.attachment_id)
        self.assertFalse(steps.mail_message_id)
        pending = self.Action.search(self.Action._debt_recovery_pending_documents_domain())
        self.assertEqual(pending, steps)
        # The next call renders and sends them, once.
        self._run()
        self.assertEqual(len(steps.attachment_id), 3)
        self.assertEqual(len(steps.mail_message_id), 3)
        self.assertFalse(self.Action.search(self.Action._debt_recovery_pending_documents_domain()))
        # Printing the batch posts the plain letters.
        letters = steps.filtered(lambda step: step.channel == "letter")
        self.Action.action_debt_recovery_print_letters()
        self.assertEqual(set(letters.mapped("state")), {"done"})
        with self.assertRaises(UserError):
            self.Action.action_debt_recovery_print_letters()

    def test_a_letter_that_fails_holds_back_no_other(self):
        # A company's own letter that breaks for one debtor only (its template divides by zero
        # for Client 1): the letters of the others are made and mailed, the broken one waits
        # with the reason, and the next run, once the letter is mended, makes it.
        arch = """
            <t t-name="debt_recovery_fr.test_letter_breaks_for_one">
                <t t-call="web.html_container">
                    <t t-foreach="docs" t-as="doc">
                        <div class="article">
                            <p>Letter to <t t-out="doc.partner_id.name"/></p>
                            %s
                        </div>
                    </t>
                </t>
            </t>
        """
        view = self.env["ir.ui.view"].create(
            {
                "name": "test_letter_breaks_for_one",
                "type": "qweb",
                "key": "debt_recovery_fr.test_letter_breaks_for_one",
                "arch": arch % """<t t-if="doc.partner_id.name == 'Client 1'" t-out="1 / 0"/>""",
            }
        )
        self.level_reminder.letter_report_id = self.env["ir.actions.report"].create(
            {
                "name": "Own Reminder",
                "model": "debt.recovery.case",
                "report_type": "qweb-pdf",
                "report_name": "debt_recovery_fr.test_letter_breaks_for_one",
            }
        )
        logger = "odoo.addons.debt_recovery_fr.models.debt_recovery_action"
        with self.assertLogs(logger, "WARNING") as logs:
            self._run()
        self.assertEqual(len(logs.output), 1)
        self.assertIn("Own Reminder", logs.output[0])
        steps = self._steps()
        self.assertEqual(len(steps), 6)
        broken = steps.filtered(lambda step: step.partner_id == self.debtors[1])
        others = steps - broken
        self.assertEqual(len(others.attachment_id), 2)
        self.assertEqual(len(others.mail_message_id), 2)
        self.assertFalse(any(others.mapped("render_error")))
        for step in others:
            self.assertIn(f"Letter to {step.partner_id.name}", step.attachment_id.raw.decode())
        # Neither its letter nor its e-mail (never without its letter); both say why.
        self.assertFalse(broken.attachment_id)
        self.assertFalse(broken.mail_message_id)
        self.assertEqual(set(broken.mapped("state")), {"planned"})
        for step in broken:
            self.assertIn("Own Reminder", step.render_error)
            self.assertIn("division by zero", step.render_error)
        # Printing the letters to post: the others are printed (so posted), the broken one
        # still fails and stays to post.
        with self.assertLogs(logger, "WARNING"):
            self.Action.action_debt_recovery_print_letters()
        letters = steps.filtered(lambda step: step.channel == "letter")
        self.assertEqual(set((letters & others).mapped("state")), {"done"})
        self.assertEqual((letters & broken).state, "planned")
        # The letter mended, the next run makes it and sends its e-mail; the others stay as
        # they were.
        view.arch = arch % ""
        attachments = others.attachment_id
        self._run()
        self.assertEqual(len(broken.attachment_id), 1)
        self.assertIn("Letter to Client 1", broken.attachment_id.raw.decode())
        self.assertEqual(len(broken.mail_message_id), 1)
        self.assertFalse(any(broken.mapped("render_error")))
        self.assertEqual(others.attachment_id, attachments)
        self.assertEqual(len(self._steps().mail_message_id), 3)

    def test_level_data_has_its_letters(self):
        # The module's levels belong to the main company: read them as the installer does.
        level = self.env.ref("debt_recovery_fr.debt_recovery_level_formal_notice").sudo()
        self.assertEqual(
            level.letter_report_id, self.env.ref("debt_recovery_fr.report_formal_notice")
        )
        level.letter_report_id = False
        self.env["debt.recovery.level"].sudo()._debt_recovery_set_default_letters()
        self.assertEqual(
            level.letter_report_id, self.env.ref("debt_recovery_fr.report_formal_notice")
        )
