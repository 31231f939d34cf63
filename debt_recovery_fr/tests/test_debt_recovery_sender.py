# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What reaches the debtor comes from a person (issue 18): the responsible of each case writes
and signs the e-mails, gets the calls and the validations; a plan accepted cancels what was
planned, and nothing of it is printed or sent."""

import html
import re
from datetime import timedelta

from odoo import SUPERUSER_ID, Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import DebtRecoveryBuilders, DebtRecoveryCommon, pdf_text


@tagged("post_install", "-at_install")
class TestDebtRecoverySender(DebtRecoveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_reminder = cls._create_friendly_reminder()
        cls.level_call = cls._create_level("call", 30, 25)
        cls.level_notice = cls._create_formal_notice(
            manual_validation=True, letter_report_id="report_formal_notice"
        )
        cls.officer = cls._create_officer("claire_recouvrement")
        cls.officer.function = "Chargée de recouvrement"
        cls.salesperson = cls._create_user(
            "paul_ventes",
            "base.group_user",
            name="Paul Vendeur",
            email="paul.vendeur@atelier.example",
        )
        cls.salesperson.function = "Commercial"
        cls.company.write(
            {
                "debt_recovery_officer_id": cls.officer.id,
                "debt_recovery_contact_interval_days": 7,
            }
        )
        Partner = cls.env["res.partner"]
        cls.debtor_sold = Partner.create(
            {
                "name": "Boulangerie Martin",
                "is_company": True,
                "email": "compta@boulangerie-martin.example",
                "user_id": cls.salesperson.id,
            }
        )
        cls.debtor_plain = Partner.create(
            {"name": "Garage du Port", "is_company": True, "email": "garage@port.example"}
        )
        cls.debtor_call = Partner.create(
            {
                "name": "Textiles du Nord",
                "is_company": True,
                "email": "achats@textiles.example",
                "phone": "03 20 57 88 90",
            }
        )
        cls._overdue_invoice(cls.debtor_sold, 1000, 10)
        cls._overdue_invoice(cls.debtor_plain, 2000, 12)
        cls._overdue_invoice(cls.debtor_call, 3000, 40)
        cls.cron = cls.env.ref("debt_recovery_fr.ir_cron_debt_recovery_run")
        cls.odoobot = cls.env["res.users"].browse(SUPERUSER_ID)

    def _run(self):
        """Run the scheduled action as Odoo's cron worker does (as OdooBot, its user)."""
        with self.enter_registry_test_mode():
            # sudo: starting a job needs the administrator's right, which a test drops.
            self.cron.sudo().method_direct_trigger()
        self.env.invalidate_all()

    def _mail_to(self, partner):
        return self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)])

    def _assert_never_the_system(self, users):
        for user in users:
            self.assertNotEqual(user, self.odoobot)
            self.assertFalse(user._is_superuser())
            self.assertFalse(user.share)

    def test_the_cron_writes_as_the_responsible(self):
        self.assertEqual(self.cron.user_id, self.odoobot)
        self._run()
        case_sold = self._case_of(self.debtor_sold)
        case_plain = self._case_of(self.debtor_plain)
        case_call = self._case_of(self.debtor_call)
        # The debtor's salesperson, else the recovery officer: never the cron's user.
        self.assertEqual(case_sold.user_id, self.salesperson)
        self.assertEqual(case_plain.user_id, self.officer)
        self.assertEqual(case_call.user_id, self.officer)
        # The reminder comes from the responsible, in his name, signed with his function.
        mail = self._mail_to(self.debtor_sold)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.author_id, self.salesperson.partner_id)
        self.assertEqual(mail.mail_message_id.author_id, self.salesperson.partner_id)
        self.assertEqual(mail.email_from, '"Paul Vendeur" <paul.vendeur@atelier.example>')
        self.assertIn("Paul Vendeur", mail.body_html)
        self.assertIn("Commercial", mail.body_html)
        self.assertNotIn("OdooBot", mail.body_html)
        mail = self._mail_to(self.debtor_plain)
        self.assertEqual(mail.author_id, self.officer.partner_id)
        self.assertEqual(mail.email_from, '"Claire Martin" <claire.martin@atelier.example>')
        self.assertIn("Chargée de recouvrement", mail.body_html)
        # The call is a to-do of the responsible; the steps are in his name.
        call = case_call.activity_ids
        self.assertEqual(call.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertEqual(call.user_id, self.officer)
        steps = (case_sold | case_plain | case_call).action_ids
        self.assertTrue(steps)
        self._assert_never_the_system(steps.user_id)
        self._assert_never_the_system(
            self.env["mail.mail"].search([("model", "=", "debt.recovery.case")]).author_id.user_ids
        )

    def test_validation_goes_to_a_recovery_manager_or_the_officer(self):
        self._run()
        case = self._case_of(self.debtor_call)
        case.write(
            {"last_run_date": self.today - timedelta(days=1), "next_action_date": self.today}
        )
        self._run()
        validation = case.action_ids.filtered(lambda a: a.channel == "validation")
        self.assertEqual(validation.state, "to_validate")
        activity = case.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("debt_recovery_fr.mail_activity_type_validate")
        )
        # The responsible is no Recovery Manager: the recovery officer is asked.
        self.assertEqual(activity.user_id, self.officer)
        self._assert_never_the_system(validation.user_id | activity.user_id)

    def test_recovery_address_keeps_the_responsible_name(self):
        self.company.debt_recovery_email = "recouvrement@atelier.example"
        self._run()
        mail = self._mail_to(self.debtor_sold)
        self.assertEqual(mail.email_from, '"Paul Vendeur" <recouvrement@atelier.example>')
        self.assertEqual(mail.author_id, self.salesperson.partner_id)

    def test_an_archived_salesperson_hands_over_to_the_officer(self):
        self.salesperson.action_archive()
        self._run()
        self.assertEqual(self._case_of(self.debtor_sold).user_id, self.officer)
        self.assertEqual(self._mail_to(self.debtor_sold).author_id, self.officer.partner_id)

    def test_a_case_left_to_odoobot_is_handed_to_a_person(self):
        """Cases opened by the scheduled action before the rule had OdooBot as responsible."""
        case = self.Case._debt_recovery_case_for_partner(self.debtor_plain, self.company)
        # As the database of an earlier version holds it (the constraint forbids it now).
        self.env.cr.execute(
            "UPDATE debt_recovery_case SET user_id = %s WHERE id = %s", [SUPERUSER_ID, case.id]
        )
        case.invalidate_recordset(["user_id"])
        self._run()
        self.assertEqual(case.user_id, self.officer)
        self.assertEqual(self._mail_to(self.debtor_plain).author_id, self.officer.partner_id)

    def test_odoobot_is_never_responsible_nor_officer(self):
        case = self.Case._debt_recovery_case_for_partner(self.debtor_plain, self.company)
        with self.assertRaises(ValidationError):
            case.user_id = self.odoobot
        with self.assertRaises(ValidationError):
            self.company.debt_recovery_officer_id = self.odoobot

    def test_officer_defaults_to_the_letters_signatory(self):
        company = self.company
        company.debt_recovery_officer_id = False
        company.debt_recovery_signatory_name = "Paul Vendeur"
        self.assertEqual(company.debt_recovery_officer_id, self.salesperson)
        # A choice made is kept when the signatory changes.
        company.debt_recovery_officer_id = self.officer
        company.debt_recovery_signatory_name = "Jeanne Autre"
        self.assertEqual(company.debt_recovery_officer_id, self.officer)

    def test_a_company_with_nobody_is_left_alone(self):
        """No recovery officer and no Recovery Manager: nothing is sent, as OdooBot or not."""
        self.company.debt_recovery_officer_id = False
        manager = self.env.ref("debt_recovery_fr.debt_recovery_group_manager")
        managers = self.env["res.users"].search(
            [("all_group_ids", "in", manager.ids), ("company_ids", "in", self.company.ids)]
        )
        # The company's Recovery Managers leave: the others archived, the test user (one of
        # them) no longer a manager.
        (managers - self.env.user).action_archive()
        system = self.env.ref("base.group_system")  # it implies Recovery Manager
        self.env.user.write({"group_ids": [Command.unlink(manager.id), Command.unlink(system.id)]})
        self.assertFalse(self.company._debt_recovery_officer())
        with self.assertLogs(
            "odoo.addons.debt_recovery_fr.models.debt_recovery_case", level="WARNING"
        ) as logs:
            self._run()
        self.assertIn("no recovery officer", logs.output[0])
        # Read as the system: the test user is no longer in the recovery groups.
        self.assertFalse(self.Case.sudo().search([("company_id", "=", self.company.id)]))
        debtors = self.debtor_sold | self.debtor_plain | self.debtor_call
        to_debtors = [("recipient_ids", "in", debtors.ids)]
        self.assertFalse(self.env["mail.mail"].sudo().search(to_debtors))


@tagged("post_install", "-at_install")
class TestDebtRecoveryPlanStopsTheLetters(DebtRecoveryCommon):
    """A plan accepted cancels the planned formal notice: never printed, never sent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_notice = cls._create_formal_notice(letter_report_id="report_formal_notice")
        cls.debtor = cls.env["res.partner"].create(
            {"name": "Atelier Échéance SARL", "is_company": True, "email": "compta@echeance.fr"}
        )
        cls._overdue_invoice(cls.debtor, 1800.0, 45)
        cls.Action = cls.env["debt.recovery.action"]
        cls.cron = cls.env.ref("debt_recovery_fr.ir_cron_debt_recovery_run")

    def test_accepted_plan_cancels_the_planned_formal_notice(self):
        case = self.Case._debt_recovery_case_for_partner(self.debtor, self.company)
        case._move_to_level(self.level_notice)
        case._debt_recovery_carry_out_steps([(case, "registered_letter"), (case, "email")])
        letter = case.action_ids.filtered(lambda a: a.channel == "registered_letter")
        email = case.action_ids.filtered(lambda a: a.channel == "email")
        self.assertEqual((letter | email).mapped("state"), ["planned", "planned"])
        wizard = self.env["debt.recovery.instalment.wizard"].create(
            {"case_id": case.id, "count": 3, "first_date": self.today + timedelta(days=10)}
        )
        plan = self.env["debt.recovery.instalment.plan"].browse(
            wizard.action_create_plan()["res_id"]
        )
        plan.action_propose()
        plan._debt_recovery_accept(self.debtor, "192.0.2.7")
        self.assertEqual(case.state, "paused")
        # Kept in the history, cancelled, with the reason.
        for step in letter | email:
            self.assertEqual(step.state, "cancelled")
            self.assertIn(plan.name, step.cancel_reason)
            self.assertTrue(step.cancel_date)
        self.assertTrue(
            any("Planned steps cancelled" in body for body in case.message_ids.mapped("body"))
        )
        # « Letters to post » leaves it out, chosen or not.
        with self.assertRaisesRegex(UserError, "no letter to print"):
            self.Action.action_debt_recovery_print_letters()
        with self.assertRaisesRegex(UserError, "no letter to print"):
            letter.action_debt_recovery_print_letters()
        # The scheduled action neither renders nor sends it.
        to_debtor = [("recipient_ids", "in", self.debtor.ids)]
        mails_before = self.env["mail.mail"].search_count(to_debtor)
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual((letter | email).mapped("state"), ["cancelled", "cancelled"])
        self.assertFalse(letter.attachment_id)
        self.assertFalse(email.mail_message_id)
        self.assertEqual(self.env["mail.mail"].search_count(to_debtor), mails_before)

    def test_late_instalment_reminder_comes_from_the_responsible(self):
        case = self.Case._debt_recovery_case_for_partner(self.debtor, self.company)
        wizard = self.env["debt.recovery.instalment.wizard"].create(
            {"case_id": case.id, "count": 3, "first_date": self.today + timedelta(days=10)}
        )
        plan = self.env["debt.recovery.instalment.plan"].browse(
            wizard.action_create_plan()["res_id"]
        )
        plan.action_propose()
        plan.action_accept()
        # The daily check of the plans runs as OdooBot.
        plan.with_user(SUPERUSER_ID)._debt_recovery_send_reminder(
            plan.instalment_ids[0], self.today
        )
        mail = self.env["mail.mail"].search(
            [("model", "=", plan._name), ("res_id", "=", plan.id), ("subject", "ilike", "late")]
        )
        self.assertEqual(len(mail), 1)
        self.assertTrue(case.user_id)
        self.assertNotEqual(case.user_id.id, SUPERUSER_ID)
        self.assertEqual(mail.author_id, case.user_id.partner_id)
        self.assertIn(case.user_id.name, mail.body_html)


@tagged("post_install", "-at_install")
class TestDebtRecoveryPlanOffer(DebtRecoveryBuilders, HttpCase):
    """« Propose to the debtor » e-mails him the agreement and the link where he accepts it;
    the page states the terms of the agreement, word for word."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.officer = cls._create_officer("claire_offre")
        cls.officer.function = "Chargée de recouvrement"
        company.write(
            {
                "debt_recovery_officer_id": cls.officer.id,
                "debt_recovery_instalment_grace_days": 5,
                "debt_recovery_instalment_cure_days": 30,
            }
        )
        cls.debtor = cls.env["res.partner"].create(
            {"name": "Boulangerie Offre SARL", "is_company": True, "email": "compta@offre.fr"}
        )
        cls.plan = cls._create_plan(cls.debtor, "Four à pain")
        cls.case = cls.plan.case_id

    def test_the_offer_is_emailed_with_the_agreement_and_the_link(self):
        self.assertEqual(self.case.user_id, self.officer)
        self.plan.with_context(force_report_rendering=True).action_propose()
        mail = self.env["mail.mail"].search(
            [("model", "=", self.plan._name), ("res_id", "=", self.plan.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.debtor)
        self.assertEqual(mail.author_id, self.officer.partner_id)
        self.assertEqual(mail.email_from, '"Claire Martin" <claire.martin@atelier.example>')
        self.assertIn("Chargée de recouvrement", mail.body_html)
        # The agreement offered, as a PDF.
        self.assertEqual(len(mail.attachment_ids), 1)
        pdf = mail.attachment_ids.raw
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(mail.attachment_ids.mimetype, "application/pdf")
        agreement = pdf_text(pdf)
        self.assertIn(f"n° {self.plan.name}", agreement)
        # The link opens the debtor's page without login (the case's token).
        self.assertTrue(self.case.access_token)
        url = f"/my/recovery/{self.case.id}?access_token={self.case.access_token}"
        self.assertIn(url, mail.body_html)
        self.authenticate(None, None)
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        # The terms the debtor accepts on the page are those of the agreement, word for word:
        # 5 days, then a formal notice, then 30 days.
        shown = re.search(r'class="o_debt_recovery_acceleration_clause">([^<]*)<', page.text).group(
            1
        )
        clause = self.plan._debt_recovery_acceleration_clause()
        self.assertEqual(re.sub(r"\s+", " ", html.unescape(shown)).strip(), clause)
        self.assertIn(clause, agreement)
        self.assertIn("cinq (5) jours après sa date", clause)
        self.assertIn("mise en demeure", clause)
        self.assertIn("trente (30) jours à compter de son envoi", clause)
        # The plan keeps the agreement it offered.
        self.assertEqual(mail.attachment_ids.res_model, self.plan._name)
        self.assertEqual(mail.attachment_ids.res_id, self.plan.id)

    def test_a_debtor_without_email_gets_the_offer_by_post(self):
        self.debtor.email = False
        self.plan.action_propose()
        self.assertEqual(self.plan.state, "proposed")
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", self.plan._name), ("res_id", "=", self.plan.id)]
            )
        )
        self.assertIn("send him the agreement by post", self.case.message_ids[0].body)
