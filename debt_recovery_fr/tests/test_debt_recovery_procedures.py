# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import format_amount

from .common import DebtRecoveryCommon

TODAY = "2026-05-15"


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestDebtRecoveryProcedures(DebtRecoveryCommon):
    """Procedures handed to a commissaire de justice: checks, deadlines, costs, recovery."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_notice = cls._create_level("notice", 20)
        cls.level_commissaire = cls._create_level("commissaire", 30)
        Departement = cls.env["debt.recovery.departement"]
        Partner = cls.env["res.partner"]

        def commissaire(name, codes):
            return Partner.create(
                {
                    "name": name,
                    "is_company": True,
                    "email": f"{name.split()[1].lower()}@cj.example",
                    "debt_recovery_is_commissaire": True,
                    "debt_recovery_covered_departement_ids": [
                        Command.set(Departement.search([("code", "in", codes)]).ids)
                    ],
                    "debt_recovery_fee_fixed": 60,
                    "debt_recovery_fee_threshold": 500,
                    "debt_recovery_fee_percent": 15,
                }
            )

        cls.cj_paris = commissaire("SCP Roussel", ["75", "92"])
        cls.cj_ajaccio = commissaire("Maître Santoni", ["2A"])
        cls.cj_reunion = commissaire("SELARL Payet", ["974"])
        cls.debtor = cls._create_paris_debtor(city="Paris")

    def _case(self, partner, *amounts, days=60):
        for amount in amounts:
            self._overdue_invoice(partner, amount, days)
        case = self.Case._debt_recovery_case_for_partner(partner, self.company)
        case._recompute_amounts()
        case._move_to_level(self.level_notice)
        self._send_formal_notice(case)
        return case

    def _add_evidence(self, case, *kinds):
        for kind in kinds:
            attachment = self.env["ir.attachment"].create(
                {"name": f"{kind}.pdf", "raw": b"%PDF-1.4 " + kind.encode()}
            )
            self.env["debt.recovery.evidence"].create(
                {
                    "case_id": case.id,
                    "kind": kind,
                    "name": kind.replace("_", " "),
                    "attachment_ids": [Command.set(attachment.ids)],
                }
            )

    def test_competent_commissaire_by_departement(self):
        Partner = self.env["res.partner"]
        fr = self.env.ref("base.fr")
        ajaccio = Partner.create({"name": "Ajaccio", "zip": "20090", "country_id": fr.id})
        bastia = Partner.create({"name": "Bastia", "zip": "20200", "country_id": fr.id})
        reunion = Partner.create(
            {"name": "Saint-Denis", "zip": "97400", "country_id": self.env.ref("base.re").id}
        )
        boulogne = Partner.create({"name": "Boulogne", "zip": "92100", "country_id": fr.id})
        self.assertEqual(ajaccio._debt_recovery_competent_commissaire(), self.cj_ajaccio)
        self.assertEqual(reunion._debt_recovery_competent_commissaire(), self.cj_reunion)
        self.assertEqual(boulogne._debt_recovery_competent_commissaire(), self.cj_paris)
        # Haute-Corse (2B) is not covered: a clear message, never another commissaire.
        with self.assertRaisesRegex(UserError, r"No partner commissaire.*Bastia.*Haute-Corse"):
            bastia._debt_recovery_competent_commissaire()
        nowhere = Partner.create({"name": "Sans adresse"})
        with self.assertRaisesRegex(UserError, "unknown postcode"):
            nowhere._debt_recovery_competent_commissaire()

    def test_escalation_refused_without_evidence(self):
        case = self._case(self.debtor, 1200)
        with self.assertRaises(UserError) as refusal:
            case._move_to_level(self.level_commissaire)
        message = str(refusal.exception)
        self.assertIn("a contract, signed quote or order form", message)
        self.assertIn("a delivery proof", message)
        self.assertEqual(case.level_id, self.level_notice, "the refusal changed nothing")
        self.assertFalse(case.debt_recovery_escalation_ids)
        # An evidence without its document does not count.
        self.env["debt.recovery.evidence"].create(
            {"case_id": case.id, "kind": "delivery_proof", "name": "BL 12"}
        )
        self._add_evidence(case, "signed_quote")
        with self.assertRaises(UserError) as refusal:
            case._move_to_level(self.level_commissaire)
        self.assertNotIn("signed quote", str(refusal.exception))
        self.assertIn("a delivery proof", str(refusal.exception))
        self._add_evidence(case, "delivery_proof")
        self.assertFalse(case.debt_recovery_missing_evidence)
        case._move_to_level(self.level_commissaire)
        self.assertRecordValues(
            case.debt_recovery_escalation_ids,
            [
                {
                    "kind": "simplified_procedure",
                    "commissaire_id": self.cj_paris.id,
                    "state": "draft",
                    "amount_claimed": case.amount_total_claimed,
                }
            ],
        )

    def test_forbidden_procedures_are_refused(self):
        case = self._case(self.debtor, 6000)
        self._add_evidence(case, "contract", "delivery_proof")
        Escalation = self.env["debt.recovery.escalation"]
        with self.assertRaisesRegex(UserError, "R125-1 CPCE"):
            Escalation.create({"case_id": case.id, "kind": "simplified_procedure"})
        with self.assertRaisesRegex(UserError, "enforceable title"):
            Escalation.create({"case_id": case.id, "kind": "enforcement"})
        self.assertFalse(case.debt_recovery_escalation_ids)
        escalation = Escalation.create({"case_id": case.id, "kind": "payment_order"})
        self.assertEqual(escalation.court, "Tribunal des activités économiques – Paris")
        # A debtor in collective proceeding gets the claim declaration instead.
        case.state = "collective_proceeding"
        with self.assertRaisesRegex(UserError, "mandataire judiciaire"):
            Escalation.create({"case_id": case.id, "kind": "litigation"})

    def test_court_follows_the_debtors_activity(self):
        """Art. L721-3 C. com., art. 1406 CPC (legal_fr.md §19.5): a civil company is sued before
        the tribunal judiciaire (its Cerfa); a farmer in Paris, one of the 12 TAE seats, too (the
        TAE hears his collective proceedings, not payment claims: loi 2023-1059 art. 26 II); a
        trader before the commercial court, the TAE in Paris."""
        fr = self.env.ref("base.fr")
        Escalation = self.env["debt.recovery.escalation"]
        expected = (
            ("civil_company", "Tribunal judiciaire – Paris", "12948*06"),
            ("farmer", "Tribunal judiciaire – Paris", "12948*06"),
            ("trader", "Tribunal des activités économiques – Paris", "12946*02"),
        )
        for activity, court, cerfa in expected:
            with self.subTest(activity=activity):
                partner = self.env["res.partner"].create(
                    {
                        "name": f"Débiteur {activity}",
                        "is_company": True,
                        "zip": "75011",
                        "city": "Paris",
                        "country_id": fr.id,
                        "debt_recovery_activity": activity,
                    }
                )
                case = self._case(partner, 1200)
                self._add_evidence(case, "contract", "delivery_proof")
                escalation = Escalation.create({"case_id": case.id, "kind": "payment_order"})
                self.assertEqual(escalation.court, court)
                self.assertEqual(escalation._debt_recovery_document_values()["cerfa"], cerfa)

    def test_simplified_procedure_deadline(self):
        case = self._case(self.debtor, 1200)
        self._add_evidence(case, "order_form", "delivery_proof")
        escalation = case._debt_recovery_open_escalation("simplified_procedure")
        self.assertFalse(escalation.activity_ids)
        escalation.date_sent = date(2026, 5, 15)
        # R125-2 CPCE: one month to accept; the to-do a week before.
        self.assertEqual(escalation.deadline_reply, date(2026, 6, 15))
        self.assertRecordValues(
            escalation.activity_ids,
            [
                {
                    "summary": "Procédure simplifiée: debtor's answer due",
                    "date_deadline": date(2026, 6, 8),
                }
            ],
        )
        escalation.write({"date_accepted": date(2026, 5, 20), "date_title": date(2026, 5, 28)})
        # L111-4 CPCE (legal_fr.md §19.1): the procédure simplifiée title keeps the claim's own
        # prescription, 5 years between professionals (L110-4 C. com.), not the 10 years of a
        # judgment.
        self.assertEqual(escalation.title_expiry, date(2031, 5, 28))
        self.assertEqual(escalation.activity_ids.summary, "Enforceable title expires")
        # L111-2 CPCE: the title opens enforcement.
        enforcement = self.env["debt.recovery.escalation"].create(
            {"case_id": case.id, "kind": "enforcement"}
        )
        self.assertEqual(enforcement.commissaire_id, self.cj_paris)

    def test_payment_order_deadlines(self):
        case = self._case(self.debtor, 6000)
        self._add_evidence(case, "contract", "delivery_proof")
        escalation = case._debt_recovery_open_escalation("payment_order")
        escalation.write({"date_filed": date(2026, 4, 20), "date_ordonnance": date(2026, 5, 4)})
        # Art. 1411 CPC: void if not served within 6 months (ordonnance before 1 Sept 2026).
        self.assertEqual(escalation.deadline_service, date(2026, 11, 4))
        self.assertEqual(escalation.activity_ids.summary, "Serve the payment order")
        self.assertEqual(escalation.activity_ids.date_deadline, date(2026, 10, 28))
        escalation.date_service = date(2026, 5, 12)
        # Art. 1416 CPC: one month to oppose, enforceable the day after.
        self.assertEqual(escalation.deadline_opposition, date(2026, 6, 12))
        self.assertEqual(escalation.date_enforceable, date(2026, 6, 13))
        self.assertRecordValues(
            escalation.activity_ids,
            [{"summary": "Opposition window ends", "date_deadline": date(2026, 6, 5)}],
        )
        # Décret 2026-96: 3 months to serve an ordonnance of 1 September 2026 or later.
        escalation.write({"date_ordonnance": date(2026, 9, 15), "date_service": False})
        self.assertEqual(escalation.deadline_service, date(2026, 12, 15))
        self.assertFalse(escalation.deadline_opposition)

    def test_competent_court_from_the_table(self):
        fr = self.env.ref("base.fr")
        Partner = self.env["res.partner"]
        boulogne = Partner.create(
            {
                "name": "Atelier Boulogne SAS",
                "is_company": True,
                "zip": "92100",
                "city": "Boulogne-Billancourt",
                "country_id": fr.id,
            }
        )
        vitrolles = Partner.create(
            {
                "name": "Vitrolles Négoce SARL",
                "is_company": True,
                "zip": "13127",
                "city": "Vitrolles",
                "country_id": fr.id,
            }
        )
        Escalation = self.env["debt.recovery.escalation"]
        escalations = []
        for partner in (boulogne, vitrolles):
            case = self._case(partner, 6000)
            self._add_evidence(case, "contract", "delivery_proof")
            escalations.append(Escalation.create({"case_id": case.id, "kind": "payment_order"}))
        at_nanterre, at_vitrolles = escalations
        # Hauts-de-Seine has one commercial court, Nanterre, one of the 12 TAE (not the town).
        self.assertEqual(at_nanterre.court, "Tribunal des activités économiques – Nanterre")
        values = at_nanterre._debt_recovery_document_values()
        self.assertEqual(
            (values["court"], values["court_city"]),
            (
                "Tribunal des activités économiques",
                "NANTERRE",
            ),
        )
        # Bouches-du-Rhône has four: the accountant chooses, the request leaves the town blank.
        self.assertFalse(at_vitrolles.court_seat)
        self.assertEqual(
            at_vitrolles.court_seat_candidates,
            "Aix-en-Provence, Marseille, Salon-de-Provence, Tarascon",
        )
        self.assertIn("seat to choose", at_vitrolles.court)
        self.assertNotIn("VITROLLES", at_vitrolles._debt_recovery_document_values()["court_city"])
        at_vitrolles.court_seat = "Aix-en-Provence"
        self.assertEqual(at_vitrolles.court, "Tribunal de commerce – Aix-en-Provence")
        self.assertEqual(
            at_vitrolles._debt_recovery_document_values()["court_city"], "AIX-EN-PROVENCE"
        )

    def test_summary_proceedings_deadlines(self):
        case = self._case(self.debtor, 6000)
        self._add_evidence(case, "contract", "delivery_proof")
        escalation = self.env["debt.recovery.escalation"].create(
            {"case_id": case.id, "kind": "summary_proceedings"}
        )
        escalation.write(
            {
                "date_summons": date(2026, 4, 2),
                "date_hearing": date(2026, 4, 28),
                "date_decision": date(2026, 5, 4),
            }
        )
        # A contradictory ordonnance has no service deadline; nothing to do yet.
        self.assertFalse(escalation.deadline_service)
        self.assertFalse(escalation.activity_ids)
        escalation.date_service = date(2026, 5, 12)
        # Art. 490 CPC: 15 days to appeal from service; enforceable once served (art. 503, 514).
        self.assertEqual(escalation.deadline_appeal, date(2026, 5, 27))
        self.assertEqual(escalation.date_enforceable, date(2026, 5, 12))
        self.assertRecordValues(
            escalation.activity_ids,
            [{"summary": "Appeal window ends", "date_deadline": date(2026, 5, 20)}],
        )
        self.assertIn("art. 490 CPC", escalation.activity_ids.note)

    def test_litigation_judgment_by_default(self):
        case = self._case(self.debtor, 6000)
        self._add_evidence(case, "contract", "delivery_proof")
        escalation = self.env["debt.recovery.escalation"].create(
            {"case_id": case.id, "kind": "litigation"}
        )
        escalation.write({"date_summons": date(2026, 1, 5), "date_decision": date(2026, 3, 10)})
        self.assertFalse(escalation.deadline_service, "a contradictory judgment")
        escalation.judgment_by_default = True
        # Art. 478 CPC: void if not served within 6 months; the to-do a week before.
        self.assertEqual(escalation.deadline_service, date(2026, 9, 10))
        self.assertRecordValues(
            escalation.activity_ids,
            [{"summary": "Serve the judgment by default", "date_deadline": date(2026, 9, 3)}],
        )
        # Art. 503 CPC: no title (and no enforcement) before the judgment is served.
        with self.assertRaisesRegex(ValidationError, "art. 503 CPC"):
            self.env["debt.recovery.escalation"].create(
                {"case_id": case.id, "kind": "litigation", "date_title": date(2026, 5, 15)}
            )
        escalation.date_service = date(2026, 5, 15)
        # Art. 538 CPC: one month to appeal from service.
        self.assertEqual(escalation.deadline_appeal, date(2026, 6, 15))
        self.assertRecordValues(
            escalation.activity_ids,
            [{"summary": "Appeal window ends", "date_deadline": date(2026, 6, 8)}],
        )
        escalation.write({"date_title": date(2026, 5, 15), "outcome": "title"})
        escalation.action_close()
        self.assertEqual(escalation.activity_ids.summary, "Enforceable title expires")
        self.assertEqual(case.state, "escalated", "the title is enforced next")
        enforcement = self.env["debt.recovery.escalation"].create(
            {"case_id": case.id, "kind": "enforcement"}
        )
        self.assertEqual(enforcement.commissaire_id, self.cj_paris)

    def test_procedure_opened_on_the_case_escalates_it(self):
        case = self._case(self.debtor, 1200)
        self._add_evidence(case, "contract", "delivery_proof")
        self.assertEqual(case.state, "open")
        Escalation = self.env["debt.recovery.escalation"]
        first = Escalation.create({"case_id": case.id, "kind": "simplified_procedure"})
        self.assertEqual(case.state, "escalated")
        second = Escalation.create({"case_id": case.id, "kind": "payment_order"})
        first.write({"outcome": "rejected"})
        first.action_close()
        self.assertEqual(case.state, "escalated", "the payment order is still open")
        second.write({"outcome": "abandoned"})
        second.action_close()
        # Nothing left in court: the recovery resumes.
        self.assertRecordValues(case, [{"state": "open", "next_action_date": date(2026, 5, 15)}])
        # A case paused by an instalment plan is not taken to court.
        case.state = "paused"
        with self.assertRaisesRegex(UserError, "paused"):
            Escalation.create({"case_id": case.id, "kind": "payment_order"})
        case.state = "open"
        # Opened by mistake and deleted (by a manager): the case is no longer escalated.
        Escalation.create({"case_id": case.id, "kind": "payment_order"}).unlink()
        self.assertEqual(case.state, "open")
        third = Escalation.create({"case_id": case.id, "kind": "payment_order"})
        self.assertEqual(case.state, "escalated")
        # Paid to the creditor directly: the procedure closes as paid, and so does the case.
        for invoice in case.invoice_ids:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({})._create_payments()
        third.write({"outcome": "paid"})
        third.action_close()
        self.assertEqual(case.state, "paid")

    def test_costs_booked_on_the_case(self):
        case = self._case(self.debtor, 1200)
        self._add_evidence(case, "contract", "delivery_proof")
        escalation = case._debt_recovery_open_escalation("payment_order")
        costs_before = case.amount_costs
        escalation._debt_recovery_book_cost(36.04, "Greffe du tribunal de commerce")
        escalation._debt_recovery_book_cost(7.5, "Lettre recommandée")
        self.assertAlmostEqual(escalation.amount_costs, 43.54)
        self.assertAlmostEqual(case.amount_costs, costs_before + 43.54)
        self.assertEqual(escalation.action_ids.mapped("channel"), ["commissaire", "commissaire"])
        self.assertEqual(escalation.action_ids.case_id, case)

    def test_sums_recovered_fee_and_net_recovery(self):
        case = self._case(self.debtor, 1000, 500)
        first, second = case.invoice_ids.sorted("id")
        self._add_evidence(case, "contract", "delivery_proof")
        escalation = case._debt_recovery_open_escalation("simplified_procedure")
        action = escalation.action_register_recovery()
        wizard = (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .create({"amount": 1234.56, "date": date(2026, 5, 15)})
        )
        wizard.action_register()
        self.assertEqual(first.payment_state, "paid")
        self.assertAlmostEqual(second.amount_residual, 265.44)
        # 60 € HT + 15 % HT of 1 234.56 € (185.18 €) = 245.18 € HT, + 20 % VAT (49.04 €).
        self.assertAlmostEqual(escalation.amount_recovered, 1234.56)
        self.assertAlmostEqual(escalation.amount_fee, 294.22)
        self.assertAlmostEqual(escalation.amount_net_recovery, 940.34)
        self.assertAlmostEqual(case.amount_costs, 294.22)
        self.assertFalse(escalation.outcome)
        with self.assertRaisesRegex(UserError, "more than"):
            escalation._debt_recovery_register_recovery(300, date(2026, 5, 20), wizard.journal_id)
        escalation._debt_recovery_register_recovery(265.44, date(2026, 5, 20), wizard.journal_id)
        # The fee follows the whole sum recovered: (60 + 225) HT + 57 VAT.
        self.assertAlmostEqual(escalation.amount_fee, 342)
        self.assertAlmostEqual(escalation.amount_net_recovery, 1158)
        self.assertAlmostEqual(case.amount_costs, 342, msg="one fee, updated")
        self.assertEqual(escalation.outcome, "paid")
        self.assertIn("net recovery", escalation.message_ids[0].preview)

    def test_commissaire_step_validated_opens_the_procedure(self):
        case = self._case(self.debtor, 1200)
        self._add_evidence(case, "contract", "delivery_proof")
        case._move_to_level(self.level_commissaire)
        step = case._debt_recovery_carry_out("commissaire")
        self.assertEqual(step.state, "to_validate")
        step.action_validate()
        self.assertEqual(step.escalation_id, case.debt_recovery_escalation_ids)
        self.assertEqual(len(case.debt_recovery_escalation_ids), 1, "the same procedure")

    def test_send_needs_an_email_address(self):
        case = self._case(self.debtor, 1200)
        self._add_evidence(case, "contract", "delivery_proof")
        escalation = case._debt_recovery_open_escalation("simplified_procedure")
        self.cj_paris.debt_recovery_contact_channel = "post"
        with self.assertRaisesRegex(UserError, "platform or by post"):
            escalation.action_send_to_commissaire()
        self.cj_paris.write({"debt_recovery_contact_channel": "email", "email": False})
        with self.assertRaisesRegex(UserError, "no e-mail address"):
            escalation.action_send_to_commissaire()
        self.assertEqual(escalation.state, "draft")
        self.assertFalse(escalation.archive_id)

    # -- issue 17: what the law says once the procedures have moved (legal_fr.md §19) -------

    def test_payment_order_not_served_in_person(self):
        """Art. 1416 al. 2, 1422 CPC (legal_fr.md §19.6): ordonnance of 4 May 2026 served at the
        debtor's home on 12 May. Enforceable from 13 June as if served in person; the opposition
        stays open until one month after the first act in person or the first measure making
        assets unavailable: a bank attachment on Monday 20 July → Thursday 20 August 2026."""
        case = self._case(self.debtor, 6000)
        self._add_evidence(case, "contract", "delivery_proof")
        escalation = case._debt_recovery_open_escalation("payment_order")
        escalation.write(
            {
                "date_ordonnance": date(2026, 5, 4),
                "date_service": date(2026, 5, 12),
                "served_in_person": False,
            }
        )
        self.assertFalse(escalation.deadline_opposition)
        self.assertEqual(escalation.date_enforceable, date(2026, 6, 13))
        self.assertIn("art. 1416 CPC", escalation.opposition_open_note)
        with self.assertRaisesRegex(ValidationError, "on or after the service"):
            escalation.date_first_personal_act = date(2026, 5, 11)
        escalation.write(
            {
                "date_first_unavailability_measure": date(2026, 7, 20),
                "date_first_personal_act": date(2026, 8, 3),
                "date_title": date(2026, 6, 15),
            }
        )
        self.assertEqual(escalation.deadline_opposition, date(2026, 8, 20))
        self.assertFalse(escalation.opposition_open_note)
        # The title does not close the window of a debtor not served in person.
        self.assertEqual(
            (escalation.next_deadline, escalation.next_deadline_kind),
            (date(2026, 8, 20), "opposition"),
        )
        self.assertIn("Opposition window ends", escalation.activity_ids.mapped("summary"))

    def _judgment(self, award, grace=None):
        """A B2B invoice of 6 000 € due 16 Mar 2026; judgment of 10 Apr 2026 served (so
        enforceable, art. 503 CPC) on 15 Apr 2026, the title recorded."""
        case = self._case(self.debtor, 6000)
        self._add_evidence(case, "contract", "delivery_proof")
        escalation = self.env["debt.recovery.escalation"].create(
            {"case_id": case.id, "kind": "litigation"}
        )
        escalation.write(
            {
                "date_decision": date(2026, 4, 10),
                "date_service": date(2026, 4, 15),
                "date_title": date(2026, 4, 15),
                "decision_award": award,
                "grace_start": grace and grace[0],
                "grace_end": grace and grace[1],
            }
        )
        return case, escalation

    def test_judgment_awarding_legal_interest_or_penalties(self):
        """Art. 1231-7 C. civ., L313-3 C. mon. fin. (legal_fr.md §19.8). 2026-H1: L441-10
        12.15 % (ECB 2.15 + 10), legal rate 2.62 %. On 15 May 2026, legal interest awarded:
          17 Mar – 14 Apr  29 d  6 000 × 12.15 % × 29/365 = 57.9205 penalties
          15 Apr – 15 May  31 d  6 000 ×  2.62 % × 31/365 = 13.3512 legal interest
          71.2718 → 71.27 €; + 6 000 + 40 € indemnity = 6 111.27 €.
        On 30 June, + 5 points from 16 June (two months after 15 April):
          15 Apr – 15 Jun  62 d  2.62 % = 26.7025;  16 – 30 Jun  15 d  7.62 % = 18.7890
          57.9205 + 26.7025 + 18.7890 = 103.4121 → 103.41 €; total 6 143.41 €.
        Penalties awarded instead run on, never increased: 17 Mar – 30 Jun 106 d at 12.15 %
          = 211.7096 → 211.71 €; total 6 251.71 €."""
        case, escalation = self._judgment("legal_interest")
        self.assertAlmostEqual(case.amount_penalties, 71.27)
        self.assertAlmostEqual(case.amount_total_claimed, 6111.27)
        with freeze_time("2026-06-30"):
            case._recompute_amounts()
            self.assertAlmostEqual(case.amount_penalties, 103.41)
            self.assertAlmostEqual(case.amount_total_claimed, 6143.41)
            self.assertAlmostEqual(case._debt_recovery_letter_values()["total_value"], 6143.41)
            escalation.decision_award = "late_penalties"
            self.assertAlmostEqual(case.amount_penalties, 211.71)
            self.assertAlmostEqual(case.amount_total_claimed, 6251.71)
            self.assertEqual(
                case._debt_recovery_portal_total_label(),
                format_amount(self.env, 6251.71, case.currency_id),
            )

    def test_judicial_grace_removes_penalties_and_surcharge_not_interest(self):
        """Art. 1343-5 C. civ. (legal_fr.md §19.8): grace 1 – 30 June 2026, on 30 June.
        Legal interest awarded: 57.9205 + 15 Apr – 31 May 47 d at 2.62 % 20.2422 + 1 – 30 Jun
        30 d at 2.62 % (no + 5 points in the grace) 12.9205 = 91.0833 → 91.08 €, total
        6 131.08 €. Penalties awarded: 17 Mar – 31 May 76 d at 12.15 % = 151.7918, then the
        grace bears the legal rate 12.9205: 164.7123 → 164.71 €, total 6 204.71 €."""
        grace = (date(2026, 6, 1), date(2026, 6, 30))
        case, escalation = self._judgment("legal_interest", grace)
        with freeze_time("2026-06-30"):
            case._recompute_amounts()
            self.assertAlmostEqual(case.amount_penalties, 91.08)
            self.assertAlmostEqual(case.amount_total_claimed, 6131.08)
            escalation.decision_award = "late_penalties"
            self.assertAlmostEqual(case.amount_penalties, 164.71)
            self.assertAlmostEqual(case.amount_total_claimed, 6204.71)
        # Art. 1343-5: from the decision, 24 months at most.
        with self.assertRaisesRegex(ValidationError, "art. 1343-5"):
            escalation.grace_end = date(2028, 4, 11)
        with self.assertRaisesRegex(ValidationError, "decision's date"):
            escalation.write({"date_decision": False})

    def test_consumer_judgment_awards_legal_interest_only(self):
        consumer = self.env["res.partner"].create(
            {
                "name": "Julie Moreau",
                "zip": "75011",
                "city": "Paris",
                "country_id": self.env.ref("base.fr").id,
                "debt_recovery_debtor_type": "b2c",
            }
        )
        case = self._case(consumer, 6000)
        self._add_evidence(case, "contract", "delivery_proof")
        escalation = self.env["debt.recovery.escalation"].create(
            {"case_id": case.id, "kind": "litigation"}
        )
        with self.assertRaisesRegex(ValidationError, "consumer"):
            escalation.decision_award = "late_penalties"
        escalation.write(
            {
                "date_decision": date(2026, 4, 10),
                "date_service": date(2026, 4, 15),
                "date_title": date(2026, 4, 15),
            }
        )
        # L111-8 al. 1 and 2 CPCE (legal_fr.md §19.4): an enforcement act after the title is
        # the consumer's, but never under the name of a recovery fee.
        level = self.env["debt.recovery.level"].create(
            {"company_id": self.company.id, "name": "Exécution", "phase": "enforcement"}
        )
        Action = self.env["debt.recovery.action"]
        values = {
            "case_id": case.id,
            "level_id": level.id,
            "channel": "commissaire",
            "state": "done",
            "date": date(2026, 5, 15),
            "cost": 80.0,
        }
        with Action._debt_recovery_internal():
            with self.assertRaisesRegex(ValidationError, "frais d'exécution"):
                Action.create({**values, "note": "Frais de gestion du dossier"})
            Action.create({**values, "note": "Saisie-attribution"})
        case._recompute_amounts()
        self.assertAlmostEqual(case.amount_costs_claimed, 80.0)

    def test_late_claim_declaration_and_relief_from_foreclosure(self):
        """R622-24, L622-26 C. com. (legal_fr.md §19.2): publication 10 Nov 2025: declare by
        10 Jan 2026, relevé de forclusion by 10 May 2026; on 15 May 2026 the claim is
        foreclosed. A creditor who could not know of it before 12 May 2026 may still ask until
        12 Nov 2026, and declares with the request."""
        case = self._case(self.debtor, 6000)
        case.write(
            {
                "state": "collective_proceeding",
                "collective_opening_date": date(2025, 11, 3),
                "collective_publication_date": date(2025, 11, 10),
            }
        )
        self.assertEqual(case.collective_declaration_deadline, date(2026, 1, 10))
        self.assertEqual(case.collective_relief_deadline, date(2026, 5, 10))
        self.assertEqual(case.collective_declaration_window, "foreclosed")
        with self.assertRaisesRegex(ValidationError, "foreclosed"):
            case.action_debt_recovery_print_claim_declaration()
        with self.assertRaisesRegex(ValidationError, "foreclosed"):
            case.action_debt_recovery_request_relief()
        case.collective_knowledge_date = date(2026, 5, 12)
        self.assertEqual(case.collective_relief_deadline, date(2026, 11, 12))
        self.assertEqual(case.collective_declaration_window, "relief")
        case.action_debt_recovery_request_relief()
        self.assertEqual(case.collective_relief_request_date, date(2026, 5, 15))
        self.assertTrue(
            case.message_ids.filtered(lambda m: "Relevé de forclusion asked" in (m.preview or ""))
        )
        case.collective_declared_date = date(2026, 5, 15)
        # Declared with the request: it prints (the company's layout first, when it has none).
        action = case.action_debt_recovery_print_claim_declaration()
        self.assertIn(action["type"], ("ir.actions.report", "ir.actions.act_window"))
        # Published on 1 April 2026: declared in time, no relevé to ask.
        case.collective_publication_date = date(2026, 4, 1)
        self.assertEqual(case.collective_declaration_window, "in_time")
        with self.assertRaisesRegex(UserError, "no relevé de forclusion is needed"):
            case.action_debt_recovery_request_relief()

    def test_late_claim_declaration_refused(self):
        """R622-24, L622-26 C. com.: published on 10 Nov 2025, a declaration of 15 May 2026 is
        refused past the relevé de forclusion's 6 months (10 May 2026); within the window of a
        creditor who could not know of its claim before 12 May 2026, it needs the request."""
        Partner = self.env["res.partner"]
        values = {
            "state": "collective_proceeding",
            "collective_opening_date": date(2025, 11, 3),
            "collective_publication_date": date(2025, 11, 10),
        }
        late = self._case(Partner.create({"name": "Boulangerie Petit", "is_company": True}), 900)
        late.write(values)
        with self.assertRaisesRegex(ValidationError, "foreclosed"):
            late.collective_declared_date = date(2026, 5, 15)
        unaware = self._case(Partner.create({"name": "Garage Lenoir", "is_company": True}), 900)
        unaware.write({**values, "collective_knowledge_date": date(2026, 5, 12)})
        with self.assertRaisesRegex(ValidationError, "Ask for the relevé de forclusion by"):
            unaware.collective_declared_date = date(2026, 5, 15)

    def test_email_naming_a_recovery_fee_is_not_sent_to_a_consumer(self):
        """L111-8 al. 2 CPCE (legal_fr.md §19.4): a level's e-mail that would tell a consumer he
        owes « frais de relance » is not sent; the step fails with the reason."""
        template = self.env["mail.template"].create(
            {
                "name": "Relance avec frais",
                "model_id": self.env["ir.model"]._get_id("debt.recovery.case"),
                "subject": "Relance {{ object.name }}",
                "body_html": "<p>Vous devez <t t-out='object.partner_id.name'/> 15 € de "
                "Frais de Relance.</p>",
            }
        )
        level = self.env["debt.recovery.level"].create(
            {
                "company_id": self.company.id,
                "name": "Relance",
                "sequence": 5,
                "channel_email": True,
                "mail_template_id": template.id,
            }
        )
        consumer = self.env["res.partner"].create(
            {
                "name": "Julie Moreau",
                "email": "julie.moreau@example.com",
                "zip": "75011",
                "debt_recovery_debtor_type": "b2c",
            }
        )
        self._overdue_invoice(consumer, 300, 20)
        case = self.Case._debt_recovery_case_for_partner(consumer, self.company)
        case._move_to_level(level)
        step = case._debt_recovery_carry_out("email")
        self.assertEqual(step.state, "failed")
        self.assertIn("art. L111-8 CPCE", step.note)
        self.assertFalse(step.mail_message_id)
