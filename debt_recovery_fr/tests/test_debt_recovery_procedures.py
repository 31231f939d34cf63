# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import DebtRecoveryCommon

TODAY = "2026-05-15"


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestDebtRecoveryProcedures(DebtRecoveryCommon):
    """Procedures handed to a commissaire de justice: checks, deadlines, costs, recovery."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Level = cls.env["debt.recovery.level"]
        common = {"company_id": cls.company.id}
        cls.level_notice = Level.create(
            {**common, "name": "Formal notice", "sequence": 20, "phase": "formal_notice"}
        )
        cls.level_commissaire = Level.create(
            {
                **common,
                "name": "Commissaire",
                "sequence": 30,
                "phase": "simplified_procedure",
                "channel_commissaire": True,
            }
        )
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
        fr = cls.env.ref("base.fr")
        cls.debtor = Partner.create(
            {
                "name": "Menuiserie Martin SARL",
                "is_company": True,
                "zip": "75011",
                "city": "Paris",
                "country_id": fr.id,
            }
        )

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
        the tribunal judiciaire (its Cerfa); a farmer in Paris, one of the 12 TAE seats, before
        the TAE; a trader before the commercial court, the TAE in Paris."""
        fr = self.env.ref("base.fr")
        Escalation = self.env["debt.recovery.escalation"]
        expected = (
            ("civil_company", "Tribunal judiciaire – Paris", "12948*06"),
            ("farmer", "Tribunal des activités économiques – Paris", "12946*02"),
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
