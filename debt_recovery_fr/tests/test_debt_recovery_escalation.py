# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestDebtRecoveryEscalation(DebtRecoveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_reminder = cls._create_level("reminder", 10, 5)
        cls.level_notice = cls._create_level("notice", 20, 35, manual_validation=True)
        cls.level_commissaire = cls._create_level("commissaire", 30, 50, manual_validation=True)
        cls.level_payment_order = cls._create_level("payment_order", 40, 80, manual_validation=True)
        fr = cls.env.ref("base.fr")
        paris = cls.env["debt.recovery.departement"].search([("code", "=", "75")])
        Partner = cls.env["res.partner"]
        cls.commissaire = Partner.create(
            {
                "name": "SCP Roussel, Commissaires de Justice",
                "is_company": True,
                "debt_recovery_is_commissaire": True,
                "debt_recovery_covered_departement_ids": [Command.set(paris.ids)],
            }
        )
        cls.debtor = cls._create_paris_debtor(city="Paris")
        cls.debtor_lyon = Partner.create(
            {"name": "Transports Lyonnais", "is_company": True, "zip": "69007", "country_id": fr.id}
        )
        cls.consumer = Partner.create(
            {"name": "Jeanne Durand", "zip": "75020", "country_id": fr.id}
        )

    def _wizard(self, invoice, level=None, user=None):
        action = invoice.with_user(user or self.env.user).action_debt_recovery_escalate()
        self.assertEqual(action["res_model"], "debt.recovery.escalate.wizard")
        with Form(
            self.env[action["res_model"]]
            .with_user(user or self.env.user)
            .with_context(**action["context"])
        ) as form:
            if level:
                form.level_id = level
        return form.record

    def _escalate(self, invoice, level, user=None):
        return self._wizard(invoice, level, user).action_escalate()

    def _add_proof_file(self, partner):
        """The contract and the delivery proof a procedure needs (art. 1353 C. civ.)."""
        case = self._case_of(partner)
        for kind in ("contract", "delivery_proof"):
            attachment = self.env["ir.attachment"].create({"name": f"{kind}.pdf", "raw": b"%PDF"})
            self.env["debt.recovery.evidence"].create(
                {
                    "case_id": case.id,
                    "kind": kind,
                    "name": kind,
                    "attachment_ids": [Command.set(attachment.ids)],
                }
            )

    def test_escalate_from_invoice_opens_the_case(self):
        invoice = self._overdue_invoice(self.debtor, 1200, 12)
        other = self._overdue_invoice(self.debtor, 300, 3)
        self.assertEqual(invoice.debt_recovery_state, "overdue")
        wizard = self._wizard(invoice)
        # The debtor's situation before any case: overdue amount and the 40 € per invoice.
        self.assertEqual(wizard.amount_overdue, 1500)
        self.assertEqual(wizard.amount_indemnities, 80)
        self.assertGreater(wizard.amount_penalties, 0)
        self.assertEqual(wizard.level_id, self.level_reminder, "the next level is proposed")
        self.assertFalse(wizard.refusal)
        action = wizard.action_escalate()
        case = self._case_of(self.debtor)
        self.assertEqual(action["res_id"], case.id)
        self.assertEqual(case.level_id, self.level_reminder)
        self.assertEqual(case.invoice_ids, invoice | other)
        # The wizard showed what the case now claims, penalties included.
        self.assertAlmostEqual(case.amount_penalties, wizard.amount_penalties, places=2)
        self.assertAlmostEqual(case.amount_total_claimed, wizard.amount_total_claimed, places=2)
        self.assertEqual(invoice.debt_recovery_state, "in_recovery")
        self.assertIn("Reminder", case.message_ids[0].preview)
        # The step is in the proof file of the case.
        self.assertRecordValues(
            case.action_ids,
            [
                {
                    "level_id": self.level_reminder.id,
                    "channel": "level_change",
                    "state": "done",
                    "amount": 1500,
                    "date": self.today,
                }
            ],
        )
        self.assertEqual(case.action_ids.invoice_ids, invoice | other)

    def test_costs_claimed_as_the_law_allows(self):
        invoices = self._overdue_invoice(self.debtor, 1000, 12) | self._overdue_invoice(
            self.debtor, 500, 12
        )
        self._escalate(invoices[0], self.level_reminder)
        case = self._case_of(self.debtor)
        Action = self.env["debt.recovery.action"]
        with Action._debt_recovery_internal():
            Action.create({"case_id": case.id, "channel": "registered_letter", "cost": 130.0})
        self.assertEqual(case.amount_costs, 130)
        # L441-10 C. com.: 2 × 40 € of fixed indemnities, and the 50 € of costs above them.
        self.assertAlmostEqual(
            case.amount_total_claimed, 1500 + case.amount_penalties + 80 + 50, places=2
        )
        consumer_invoice = self._overdue_invoice(self.consumer, 300, 12)
        self._escalate(consumer_invoice, self.level_reminder)
        consumer_case = self._case_of(self.consumer)
        with Action._debt_recovery_internal():
            Action.create(
                {"case_id": consumer_case.id, "channel": "registered_letter", "cost": 9.5}
            )
        # L111-8 CPCE: without an enforceable title the consumer owes none of it.
        self.assertEqual(consumer_case.amount_costs, 9.5)
        self.assertEqual(consumer_case.amount_total_claimed, 300)

    def test_disputed_invoice_is_refused_and_nothing_changes(self):
        invoice = self._overdue_invoice(self.debtor, 1200, 12)
        invoice.write(
            {"debt_recovery_disputed": True, "debt_recovery_dispute_reason": "Livré abîmé"}
        )
        self.assertEqual(invoice.debt_recovery_state, "disputed")
        wizard = self._wizard(invoice, self.level_reminder)
        self.assertIn("Livré abîmé", wizard.refusal)
        with self.assertRaisesRegex(UserError, "is disputed"):
            wizard.action_escalate()
        self.assertFalse(self._case_of(self.debtor))

    def test_invoice_not_overdue_is_refused(self):
        invoice = self._overdue_invoice(self.debtor, 1200, -10)
        self.assertEqual(invoice.debt_recovery_state, "not_due")
        with self.assertRaisesRegex(UserError, "not overdue"):
            self._escalate(invoice, self.level_reminder)
        self.assertFalse(self._case_of(self.debtor))

    def test_procedure_needs_a_formal_notice_first(self):
        invoice = self._overdue_invoice(self.debtor, 1200, 60)
        with self.assertRaisesRegex(UserError, "formal notice"):
            self._escalate(invoice, self.level_commissaire)
        self.assertFalse(self._case_of(self.debtor), "a refusal leaves no case behind")
        self._escalate(invoice, self.level_notice)
        self._add_proof_file(self.debtor)
        # Standing at the level of the formal notice is not having sent it.
        case = self._case_of(self.debtor)
        with self.assertRaisesRegex(UserError, "formal notice"):
            self._escalate(invoice, self.level_commissaire)
        self.assertEqual(case.level_id, self.level_notice, "the refusal changed nothing")
        self._send_formal_notice(case)
        self._escalate(invoice, self.level_commissaire)
        self.assertEqual(case.level_id, self.level_commissaire)
        self.assertEqual(case.state, "escalated")
        self.assertEqual(case.commissaire_id, self.commissaire, "competent for Paris")

    def test_simplified_procedure_above_5000_is_refused(self):
        invoice = self._overdue_invoice(self.debtor, 6000, 60)
        self._escalate(invoice, self.level_notice)
        self._send_formal_notice(self._case_of(self.debtor))
        wizard = self._wizard(invoice, self.level_commissaire)
        self.assertIn("5,000.00\xa0€", wizard.refusal)
        with self.assertRaisesRegex(UserError, "R125-1 CPCE"):
            wizard.action_escalate()
        case = self._case_of(self.debtor)
        self.assertEqual(case.level_id, self.level_notice, "the refusal changed nothing")
        # The injonction de payer stays open for this amount.
        self._add_proof_file(self.debtor)
        self._escalate(invoice, self.level_payment_order)
        self.assertEqual(case.level_id, self.level_payment_order)

    def test_collective_proceeding_is_refused(self):
        invoice = self._overdue_invoice(self.debtor, 1200, 60)
        self._escalate(invoice, self.level_reminder)
        case = self._case_of(self.debtor)
        case.state = "collective_proceeding"
        with self.assertRaisesRegex(UserError, "mandataire judiciaire"):
            self._escalate(invoice, self.level_notice)
        self.assertEqual(case.level_id, self.level_reminder)

    def test_prescribed_consumer_claim_is_refused(self):
        # L218-2 C. conso.: two years for a professional's claim on a consumer.
        invoice = self._overdue_invoice(self.consumer, 800, 800)
        with self.assertRaisesRegex(UserError, "prescribed"):
            self._escalate(invoice, self.level_reminder)
        self.assertFalse(self._case_of(self.consumer))
        # The same age is not prescribed for a business debtor (five years, L110-4 C. com.).
        self._escalate(self._overdue_invoice(self.debtor, 800, 800), self.level_reminder)
        self.assertTrue(self._case_of(self.debtor))

    def test_validation_needs_a_recovery_manager(self):
        invoice = self._overdue_invoice(self.debtor, 1200, 40)
        user = new_test_user(
            self.env,
            login="recovery_user",
            groups="debt_recovery_fr.debt_recovery_group_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self._escalate(invoice, self.level_reminder, user=user)
        with self.assertRaisesRegex(UserError, "Only a Recovery Manager"):
            self._escalate(invoice, self.level_notice, user=user)
        self.assertEqual(self._case_of(self.debtor).level_id, self.level_reminder)

    def test_no_competent_commissaire_is_refused(self):
        invoice = self._overdue_invoice(self.debtor_lyon, 1200, 60)
        self._escalate(invoice, self.level_notice)
        with self.assertRaisesRegex(UserError, "No partner commissaire"):
            self._escalate(invoice, self.level_commissaire)
        self.assertEqual(self._case_of(self.debtor_lyon).level_id, self.level_notice)

    def test_kanban_drag_goes_through_the_same_checks(self):
        invoice = self._overdue_invoice(self.debtor, 1200, 60)
        self._escalate(invoice, self.level_reminder)
        case = self._case_of(self.debtor)
        with self.assertRaisesRegex(UserError, "formal notice"):
            case.write({"level_id": self.level_commissaire.id})
        self.assertEqual(case.level_id, self.level_reminder)
        case.write({"level_id": self.level_notice.id})
        self.assertEqual(case.level_id, self.level_notice)
        # Going back a level is never refused.
        case.write({"level_id": self.level_reminder.id})
        self.assertEqual(case.level_id, self.level_reminder)

    def test_wizard_lists_the_procedures(self):
        invoice = self._overdue_invoice(self.debtor, 1200, 60)
        self._escalate(invoice, self.level_notice)
        wizard = self._wizard(invoice)
        self.assertEqual(wizard.level_id, self.level_commissaire)
        self.assertIn("L125-1 CPCE", wizard.procedures_html)
        self.assertIn("art. 1405", wizard.procedures_html)

    def _ready_for_court(self, amount):
        """A case of ``amount`` (B2B, Paris), formal notice sent, proof file complete."""
        invoice = self._overdue_invoice(self.debtor, amount, 60)
        self._escalate(invoice, self.level_notice)
        case = self._case_of(self.debtor)
        self._send_formal_notice(case)
        self._add_proof_file(self.debtor)
        return invoice, case

    def test_wizard_opens_a_payment_order_over_5000(self):
        invoice, case = self._ready_for_court(12000)
        wizard = self._wizard(invoice)
        # Every procedure open for the claim has its button; not the procédure simplifiée.
        self.assertRecordValues(
            wizard,
            [
                {
                    "can_simplified_procedure": False,
                    "can_payment_order": True,
                    "can_summary_proceedings": True,
                    "can_litigation": True,
                }
            ],
        )
        # The amounts of the reasons with their currency, never "12000.0 €" or "5000 €".
        self.assertIn("5,000.00\xa0€", wizard.procedures_html)
        self.assertNotIn("5000 €", wizard.procedures_html)
        self.assertNotIn("tribunal_des_activites_economiques", wizard.procedures_html)
        action = wizard.action_start_payment_order()
        self.assertEqual(action["res_model"], "debt.recovery.escalation")
        procedure = self.env["debt.recovery.escalation"].browse(action["res_id"])
        self.assertRecordValues(
            procedure,
            [{"kind": "payment_order", "case_id": case.id, "state": "draft"}],
        )
        # The case stands in the column of its procedure, escalated, its move on record.
        self.assertRecordValues(
            case, [{"level_id": self.level_payment_order.id, "state": "escalated"}]
        )
        self.assertEqual(case.debt_recovery_escalation_ids, procedure, "opened once")
        moves = case.action_ids.filtered(lambda a: a.level_id == self.level_payment_order)
        self.assertEqual(moves.mapped("channel"), ["level_change"])

    def test_wizard_offers_the_simplified_procedure_up_to_5000(self):
        invoice, case = self._ready_for_court(3000)
        wizard = self._wizard(invoice)
        self.assertTrue(wizard.can_simplified_procedure)
        self.assertTrue(wizard.can_payment_order)
        wizard.action_start_simplified_procedure()
        self.assertRecordValues(
            case, [{"level_id": self.level_commissaire.id, "state": "escalated"}]
        )
        self.assertEqual(case.debt_recovery_escalation_ids.kind, "simplified_procedure")

    def test_procedure_buttons_follow_the_checks(self):
        # Without the formal notice sent, no button: the reason is in the table.
        invoice = self._overdue_invoice(self.debtor, 12000, 60)
        self._escalate(invoice, self.level_notice)
        wizard = self._wizard(invoice)
        self.assertFalse(wizard.can_payment_order)
        self.assertIn("formal notice", wizard.procedures_html)
        # And the model refuses it whatever the client.
        with self.assertRaisesRegex(UserError, "formal notice"):
            wizard.action_start_payment_order()
        case = self._case_of(self.debtor)
        self.assertEqual(case.level_id, self.level_notice, "the refusal changed nothing")
        self.assertFalse(case.debt_recovery_escalation_ids)

    def test_refusal_amounts_with_the_currency(self):
        invoice, _case = self._ready_for_court(6000)
        with self.assertRaises(UserError) as refusal:
            self._escalate(invoice, self.level_commissaire)
        message = str(refusal.exception)
        self.assertIn("5,000.00\xa0€", message)
        self.assertNotIn("5000 €", message)

    def test_procedure_opened_directly_moves_the_case_to_its_level(self):
        _invoice, case = self._ready_for_court(12000)
        procedure = self.env["debt.recovery.escalation"].create(
            {"case_id": case.id, "kind": "payment_order"}
        )
        self.assertRecordValues(
            case, [{"level_id": self.level_payment_order.id, "state": "escalated"}]
        )
        self.assertEqual(case.debt_recovery_escalation_ids, procedure)

    def test_procedure_name_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["debt_recovery_fr"], ["fr_FR"])
        _invoice, case = self._ready_for_court(12000)
        procedure = case._debt_recovery_start_procedure("payment_order")
        french = procedure.with_context(lang="fr_FR")
        self.assertEqual(french.display_name, "Injonction de payer - Menuiserie Martin SARL")
        self.assertEqual(
            procedure.with_context(lang="en_US").display_name,
            "Payment Order - Menuiserie Martin SARL",
        )
        # What is stored for search is in no user's language.
        self.assertEqual(procedure.name, "Injonction de payer - Menuiserie Martin SARL")
        # The chatter line of its opening, in the language of who opened it.
        self.assertEqual(
            french._creation_message(),
            "Procédure engagée : Injonction de payer - Menuiserie Martin SARL.",
        )

    def test_next_level_over_5000_is_the_payment_order(self):
        # R125-1 CPCE: past the formal notice, a claim of 12 000 € goes to the injonction de
        # payer, not to the procédure simplifiée it exceeds; 3 000 € to the procédure simplifiée.
        _invoice, case = self._ready_for_court(12000)
        self.assertEqual(case._debt_recovery_next_level_for_button(), self.level_payment_order)
        self.assertFalse(case.next_level_blocked_reason)
        case.action_debt_recovery_next_level()
        self.assertRecordValues(
            case, [{"level_id": self.level_payment_order.id, "state": "escalated"}]
        )
        self.assertEqual(case.debt_recovery_escalation_ids.kind, "payment_order")

    def test_next_level_up_to_5000_is_the_simplified_procedure(self):
        _invoice, case = self._ready_for_court(3000)
        self.assertEqual(case._debt_recovery_next_level_for_button(), self.level_commissaire)
