# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import zipfile
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, freeze_time, tagged

from .common import DebtRecoveryCommon, pdf_text

TODAY = "2026-05-15"


@tagged("post_install", "-at_install")
@freeze_time(TODAY, tick=True)
class TestDebtRecoveryProcedureDocuments(DebtRecoveryCommon, HttpCase):
    """The mandate, the requête and the claim declaration as wkhtmltopdf prints them; the file
    e-mailed to the commissaire."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_letterhead(
            phone="01 43 43 12 12",
            email="compta@ebenisterie-martin.example",
            debt_recovery_share_capital=10000,
        )
        fr = cls.env.ref("base.fr")
        Partner = cls.env["res.partner"]
        paris = cls.env["debt.recovery.departement"].search([("code", "in", ("75", "69"))])
        cls.commissaire = Partner.create(
            {
                "name": "SCP Roussel, Commissaires de Justice",
                "is_company": True,
                "street": "3 rue de Rivoli",
                "zip": "75004",
                "city": "Paris",
                "country_id": fr.id,
                "email": "etude@roussel-cj.example",
                "debt_recovery_is_commissaire": True,
                "debt_recovery_covered_departement_ids": [Command.set(paris.ids)],
                "debt_recovery_fee_fixed": 60,
                "debt_recovery_fee_threshold": 500,
                "debt_recovery_fee_percent": 15,
            }
        )
        cls.debtor = cls._create_b2b_debtor()
        cls.consumer = cls._create_consumer_debtor()
        cls.invoice_a = cls._dated_invoice(cls.debtor, 2000, date(2026, 1, 1), date(2026, 1, 31))
        cls.invoice_b = cls._dated_invoice(cls.debtor, 500, date(2026, 3, 1), date(2026, 3, 31))
        cls._dated_invoice(cls.consumer, 800, date(2026, 3, 1), date(2026, 3, 31))
        cls.level_notice = cls._create_level(
            "notice", 40, name="Mise en demeure", channel_registered_letter=True
        )
        cls.case = cls.Case._debt_recovery_case_for_partner(cls.debtor, cls.company)
        cls.consumer_case = cls.Case._debt_recovery_case_for_partner(cls.consumer, cls.company)
        for case in cls.case | cls.consumer_case:
            case._place_at_level(cls.level_notice)
            letter = cls.env["ir.attachment"].create(
                {"name": "Mise en demeure.pdf", "raw": b"%PDF-1.4 mise en demeure"}
            )
            # The formal notice sent (written as the recovery writes it).
            with cls.env["debt.recovery.action"]._debt_recovery_internal():
                cls.env["debt.recovery.action"].create(
                    {
                        "case_id": case.id,
                        "level_id": cls.level_notice.id,
                        "channel": "registered_letter",
                        "date": date(2026, 4, 20),
                        "registered_letter_number": "1A 123 456 7890 1",
                        "attachment_id": letter.id,
                        "cost": 7.5,
                    }
                )
            cls._evidence(case, "signed_quote", "Devis n° D-2025-118 signé", date(2025, 12, 10))
            cls._evidence(case, "delivery_proof", "Bon de livraison BL-2026-004", date(2026, 1, 5))
        (cls.case | cls.consumer_case)._recompute_amounts()

    @classmethod
    def _evidence(cls, case, kind, name, day):
        attachment = cls.env["ir.attachment"].create(
            {"name": f"{kind}.pdf", "raw": f"%PDF-1.4 {name}".encode()}
        )
        cls.env["debt.recovery.evidence"].create(
            {
                "case_id": case.id,
                "kind": kind,
                "name": name,
                "date": day,
                "attachment_ids": [Command.set(attachment.ids)],
            }
        )

    def test_transmission_to_the_commissaire(self):
        escalation = self.env["debt.recovery.escalation"].create(
            {"case_id": self.case.id, "kind": "payment_order"}
        )
        self.assertEqual(escalation.commissaire_id, self.commissaire)
        escalation.with_context(force_report_rendering=True).action_send_to_commissaire()
        self.assertEqual(escalation.state, "transmitted")
        self.assertEqual(escalation.date_transmitted, date(2026, 5, 15))
        # One e-mail in the queue, to the commissaire, with the archive and the mandate.
        mail = self.env["mail.mail"].search(
            [("mail_message_id", "=", escalation.transmission_message_id.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.recipient_ids, self.commissaire)
        self.assertEqual(mail.attachment_ids, escalation.archive_id | escalation.mandate_id)
        self.assertIn("Menuiserie Dupont SARL", mail.body_html)
        # The archive holds every document of the file.
        with zipfile.ZipFile(io.BytesIO(escalation.archive_id.raw)) as archive:
            names = sorted(archive.namelist())
            contents = {name: archive.read(name) for name in names}
        invoice_a = self.invoice_a.name.replace("/", "-")
        invoice_b = self.invoice_b.name.replace("/", "-")
        self.assertEqual(
            names,
            sorted(
                [
                    f"Factures/{invoice_a}.pdf",
                    f"Factures/{invoice_b}.pdf",
                    "Courriers/2026-04-20 - LRAR 1A 123 456 7890 1 - Mise en demeure.pdf",
                    "Relevé de compte.pdf",
                    "Pieces/Devis signé - signed_quote.pdf",
                    "Pieces/Preuve de livraison - delivery_proof.pdf",
                ]
            ),
        )
        # The invoices are Odoo's own PDF (its web fonts are drawn, not searchable).
        self.assertTrue(contents[f"Factures/{invoice_a}.pdf"].startswith(b"%PDF"))
        self.assertIn("Relevé de compte", pdf_text(contents["Relevé de compte.pdf"]))
        self.assertEqual(
            contents["Courriers/2026-04-20 - LRAR 1A 123 456 7890 1 - Mise en demeure.pdf"],
            b"%PDF-1.4 mise en demeure",
        )
        self.assertEqual(
            contents["Pieces/Devis signé - signed_quote.pdf"],
            b"%PDF-1.4 Devis n\xc2\xb0 D-2025-118 sign\xc3\xa9",
        )
        # What was sent is recorded on the procedure.
        self.assertEqual(
            escalation.sent_attachment_ids,
            escalation.archive_id
            | escalation.mandate_id
            | self.case.action_ids.attachment_id
            | self.case.debt_recovery_evidence_ids.attachment_ids,
        )
        self.assertIn("Relevé de compte.pdf", escalation.transmission_message_id.body)
        # The mandate letter, addressed to the commissaire.
        self._assert_mentions(
            escalation.mandate_id.raw,
            (
                "SCP Roussel, Commissaires de Justice 3 rue de Rivoli 75004 PARIS",
                "Objet : Mandat de recouvrement – Menuiserie Dupont SARL",
                "Paris, le 15 mai 2026",
                "Maître,",
                "SIREN 552 032 534",
                "injonction de payer",
                "Principal restant dû 2 500,00 €",
                "Devis signé : Devis n° D-2025-118 signé du 10 décembre 2025",
                "numéros des lettres recommandées",
                "Claire Martin",
            ),
        )

    def test_payment_order_request_commercial_court(self):
        escalation = self.env["debt.recovery.escalation"].create(
            {"case_id": self.case.id, "kind": "payment_order"}
        )
        pdf = self._render_pdf("report_payment_order_request", escalation)
        self._assert_mentions(
            pdf,
            (
                "Requête en injonction de payer (Cerfa n° 12946*02)",
                # Paris is one of the 12 tribunaux des activités économiques.
                "Président du Tribunal des activités économiques de PARIS",
                "article 1406 du Code de procédure civile",
                "Dénomination Atelier Ébène Martin",
                "Forme juridique SAS",
                "SIRET 418 166 096 00069",
                "Représentant légal Claire Martin, Présidente",
                "Nom ou dénomination Menuiserie Dupont SARL",
                "SIREN 552 032 534",
                f"{self.invoice_a.name} 01/01/2026 31/01/2026 2 000,00 € 0,00 € 2 000,00 €",
                "Principal restant dû 2 500,00 €",
                "Fondement de la créance",
                "articles L441-10 et D441-5 du Code de commerce",
                "Bordereau des pièces jointes",
                "1 Devis signé : Devis n° D-2025-118 signé du 10 décembre 2025",
                "2 Preuve de livraison : Bon de livraison BL-2026-004 du 5 janvier 2026",
                f"3 Facture n° {self.invoice_a.name} du 01/01/2026",
                "Fait à Paris, le 15 mai 2026",
            ),
        )

    def test_payment_order_request_judicial_court(self):
        escalation = self.env["debt.recovery.escalation"].create(
            {"case_id": self.consumer_case.id, "kind": "payment_order"}
        )
        text = self._assert_mentions(
            self._render_pdf("report_payment_order_request", escalation),
            (
                "Requête en injonction de payer (Cerfa n° 12948*06)",
                "Président du Tribunal judiciaire de LYON",
                "Nom ou dénomination Jean Petit",
                # The principal, and the legal interest since the formal notice (the total's
                # figures are read out of order beside the interest's two-line label).
                "Principal restant dû 800,00 €",
                "Intérêts au taux légal depuis la mise en demeure du 20 avril 2026",
            ),
        )
        self.assertNotIn("L441-10", text)

    def test_claim_declaration(self):
        self.case.write(
            {
                "state": "collective_proceeding",
                "collective_opening_date": date(2026, 3, 1),
                "collective_publication_date": date(2026, 3, 10),
                "collective_mandataire_id": self.env["res.partner"]
                .create(
                    {
                        "name": "SELARL Mandataires Associés",
                        "street": "5 boulevard Haussmann",
                        "zip": "75009",
                        "city": "Paris",
                        "country_id": self.env.ref("base.fr").id,
                    }
                )
                .id,
            }
        )
        # R622-24 C. com.: 2 months from the BODACC publication.
        self.assertEqual(self.case.collective_declaration_deadline, date(2026, 5, 10))
        pdf = self._render_pdf("report_claim_declaration", self.case)
        self._assert_mentions(
            pdf,
            (
                "LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION",
                "SELARL Mandataires Associés 5 boulevard Haussmann 75009 PARIS",
                "Objet : Déclaration de créance – Menuiserie Dupont SARL",
                "Par jugement du 1er mars 2026, publié au BODACC le 10 mars 2026",
                "avant le 10 mai 2026",
                # Due at the opening: penalties from 1 to 28 February 2026 at 12.15 %
                # (1 000 € × 12.15 % × 28 / 365 would be for 1 000 €; here 2 000 €: 18.64 €).
                f"{self.invoice_a.name} 31 janvier 2026 2 000,00 € 18,64 € 40,00 €",
                "Total échu 2 000,00 € 18,64 € 40,00 €",
                "Soit une créance échue de 2 058,64 €",
                "article L622-28 du Code de commerce",
                # Falling due after the opening: the principal only, without the 40 €.
                f"{self.invoice_b.name} 31 mars 2026 500,00 €",
                "Total à échoir 500,00 €",
                "créance chirographaire, sans privilège ni sûreté",
                "Montant total déclaré : 2 558,64 €",
                "Devis signé (Devis n° D-2025-118 signé)",
            ),
        )

    def test_wording_of_the_mandate(self):
        escalation = self.env["debt.recovery.escalation"].create(
            {"case_id": self.case.id, "kind": "payment_order"}
        )
        text = pdf_text(self._render_pdf("report_commissaire_mandate", escalation))
        self.assertIn("d'engager pour notre compte l'injonction de payer", text)
        self.assertNotIn("la injonction", text)
        # A letter on paper: no e-mail to answer.
        self.assertNotIn("courrier électronique", text)
        self.assertIn("par courriel à compta@ebenisterie-martin.example ou par courrier", text)
        reference = self.case._debt_recovery_letter_reference()
        self.assertIn(f"Dossier n° {reference} – page 1/", text)
        # The fees as the commissaire's form and agreement state them: before VAT (HT).
        self.assertIn(
            "Vos honoraires sont ceux de notre convention : un forfait de 60,00 € HT par dossier "
            "et 15,00 % HT des sommes recouvrées à partir de 500,00 € recouvrés, TVA en sus.",
            text,
        )
        self.assertNotIn("TTC par dossier", text)
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["debt_recovery_fr"], ["fr_FR"], True)
        fields_fr = (
            self.env["res.partner"]
            .with_context(lang="fr_FR")
            .fields_get(["debt_recovery_fee_fixed"], ["string"])
        )
        self.assertEqual(
            fields_fr["debt_recovery_fee_fixed"]["string"],
            "Forfait par dossier (HT)",
        )

    def test_payment_order_request_demand_of_a_consumer(self):
        escalation = self.env["debt.recovery.escalation"].create(
            {"case_id": self.consumer_case.id, "kind": "payment_order"}
        )
        text = pdf_text(self._render_pdf("report_payment_order_request", escalation))
        self.assertNotIn("intérêts, pénalités et indemnités", text)
        self.assertIn(
            "enjoignant au débiteur de lui payer la somme de 800,00 € en principal, avec intérêts "
            "au taux légal à compter de la mise en demeure du 20 avril 2026",
            text,
        )
        self.assertNotIn("siège", text.replace("Siège social", ""))

    def test_payment_order_request_demand_of_a_business(self):
        escalation = self.env["debt.recovery.escalation"].create(
            {"case_id": self.case.id, "kind": "payment_order"}
        )
        text = pdf_text(self._render_pdf("report_payment_order_request", escalation))
        self.assertNotIn("intérêts, pénalités et indemnités", text)
        self.assertIn("soit 2 500,00 € en principal,", text)
        self.assertIn("de pénalités de retard arrêtées au 15 mai 2026", text)
        self.assertIn("80,00 € d'indemnités forfaitaires pour frais de recouvrement", text)
        self.assertIn(
            "outre les pénalités de retard qui continuent de courir sur le principal jusqu'à "
            "complet paiement au taux de 12,15 % l'an (taux BCE majoré de 10 points)",
            text,
        )
