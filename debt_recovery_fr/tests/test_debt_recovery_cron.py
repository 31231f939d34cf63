# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.models import ir_cron

from .common import DebtRecoveryCommon

# What the first run does with the debtors of the tests: one step per channel of their level.
FIRST_RUN_STEPS = [
    ("Boulangerie Martin", "Reminder", "email", "done"),
    ("Garage du Port", "Second reminder", "email", "done"),
    ("Garage du Port", "Second reminder", "sms", "failed"),
    ("Textiles du Nord", "Call", "phone", "planned"),
]


@tagged("post_install", "-at_install")
class TestDebtRecoveryCron(DebtRecoveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.debt_recovery_contact_interval_days = 7
        cls.level_reminder = cls._create_friendly_reminder()
        cls.level_second = cls._create_level(
            "second",
            20,
            15,
            channel_email=True,
            channel_sms=True,
            mail_template_id="mail_template_reminder_second",
        )
        cls.level_call = cls._create_level("call", 30, 25)
        cls.level_notice = cls._create_formal_notice(manual_validation=True, cost_amount=7.5)
        Partner = cls.env["res.partner"]
        fr = cls.env.ref("base.fr")
        cls.debtor_mail = Partner.create(
            {
                "name": "Boulangerie Martin",
                "is_company": True,
                "email": "compta@boulangerie-martin.example",
                "phone": "06 12 34 56 78",
                "country_id": fr.id,
            }
        )
        cls.debtor_landline = Partner.create(
            {
                "name": "Garage du Port",
                "is_company": True,
                "email": "garage@port.example",
                "phone": "04 91 90 22 33",
                "country_id": fr.id,
            }
        )
        cls.debtor_old = Partner.create(
            {
                "name": "Textiles du Nord",
                "is_company": True,
                "email": "achats@textiles.example",
                "phone": "03 20 57 88 90",
                "country_id": fr.id,
            }
        )
        cls.invoice_mail = cls._overdue_invoice(cls.debtor_mail, 1000, 10)
        cls.invoice_landline = cls._overdue_invoice(cls.debtor_landline, 2000, 20)
        cls.invoice_old = cls._overdue_invoice(cls.debtor_old, 3000, 40)
        cls.Action = cls.env["debt.recovery.action"]
        cls.cron = cls.env.ref("debt_recovery_fr.ir_cron_debt_recovery_run")

    def _run(self):
        """Run the scheduled action as Odoo's cron worker does, in a cursor of its own."""
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def _case(self, partner):
        return self.Case.search([("partner_id", "=", partner.id)])

    def _steps(self):
        actions = self.Action.search(
            [
                (
                    "case_id.partner_id",
                    "in",
                    (self.debtor_mail | self.debtor_landline | self.debtor_old).ids,
                )
            ]
        )
        return sorted(
            (a.partner_id.name, a.level_id.name, a.channel, a.state)
            for a in actions
            if a.channel != "level_change"
        )

    def _next_day(self, cases):
        """As if the next run were a day later and the debtors due for a contact again."""
        cases.write(
            {"last_run_date": self.today - timedelta(days=1), "next_action_date": self.today}
        )

    def test_first_run_carries_out_each_level(self):
        mails_before = self.env["mail.mail"].search_count([])
        self._run()
        self.assertEqual(
            self._steps(),
            FIRST_RUN_STEPS,
        )
        # E-mails wait in Odoo's mail queue, addressed to the debtor.
        mails = self.env["mail.mail"].search([], order="id desc", limit=2)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails_before + 2)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        self.assertIn(self.debtor_mail, mails.mapped("recipient_ids"))
        # The landline gets no SMS, and the action says why.
        sms_action = self._case(self.debtor_landline).action_ids.filtered(
            lambda a: a.channel == "sms"
        )
        self.assertIn("not a mobile number", sms_action.note)
        self.assertFalse(sms_action.sms_id)
        # The call is an activity of the responsible, with the debtor's number.
        case_old = self._case(self.debtor_old)
        call = case_old.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        )
        self.assertIn("03 20 57 88 90", call.note)
        # Nobody is contacted again before the interval.
        self.assertEqual(case_old.next_action_date, self.today + timedelta(days=7))

    def test_sms_to_a_mobile(self):
        self.debtor_landline.phone = "06 98 76 54 32"
        self._run()
        sms_action = self._case(self.debtor_landline).action_ids.filtered(
            lambda a: a.channel == "sms"
        )
        self.assertEqual(sms_action.state, "done")
        self.assertEqual(sms_action.sms_id.number, "+33698765432")
        self.assertEqual(sms_action.sms_id.state, "outgoing")
        self.assertIn("remain unpaid", sms_action.sms_id.body)

    def test_invalid_number_gets_no_sms(self):
        self.debtor_landline.phone = "06 12"
        sms_before = self.env["sms.sms"].search_count([])
        self._run()
        sms_action = self._case(self.debtor_landline).action_ids.filtered(
            lambda a: a.channel == "sms"
        )
        self.assertEqual(sms_action.state, "failed")
        self.assertIn("'06 12' is not a valid phone number", sms_action.note)
        self.assertFalse(sms_action.sms_id)
        self.assertEqual(self.env["sms.sms"].search_count([]), sms_before)

    def test_disputed_invoice_left_out_of_the_reminder(self):
        disputed = self._overdue_invoice(self.debtor_mail, 500, 12)
        disputed.write(
            {"debt_recovery_disputed": True, "debt_recovery_dispute_reason": "Livraison partielle"}
        )
        self._run()
        email = self._case(self.debtor_mail).action_ids.filtered(lambda a: a.channel == "email")
        self.assertEqual(email.invoice_ids, self.invoice_mail)
        self.assertEqual(email.amount, 1000)

    def test_second_run_the_same_day_does_nothing(self):
        self._run()
        steps = self._steps()
        mails = self.env["mail.mail"].search_count([])
        self._run()
        self.assertEqual(self._steps(), steps)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails)

    def test_interrupted_run_resumed_gives_the_same_result(self):
        # The first batch of a run that was then killed: the sync and one case.
        self.Case._sync_cases_from_invoices(self.company)
        first = self._case(self.debtor_mail)
        first._debt_recovery_run(self.today)
        # The rerun finishes the work without repeating the first batch's e-mail.
        self._run()
        self.assertEqual(
            self._steps(),
            FIRST_RUN_STEPS,
        )
        self.assertEqual(len(first.action_ids.filtered(lambda a: a.channel == "email")), 1)

    def test_throttle_and_validation(self):
        self._run()
        case_old = self._case(self.debtor_old)
        # The next day: the interval has not passed, nothing happens.
        case_old.last_run_date = self.today - timedelta(days=1)
        steps = self._steps()
        self._run()
        self.assertEqual(self._steps(), steps)
        # Once the interval has passed, the formal notice is proposed to a manager, not sent.
        self._next_day(case_old)
        self._run()
        validation = case_old.action_ids.filtered(lambda a: a.channel == "validation")
        self.assertEqual(validation.state, "to_validate")
        self.assertEqual(validation.level_id, self.level_notice)
        self.assertEqual(case_old.level_id, self.level_call)
        self.assertTrue(
            case_old.activity_ids.filtered(
                lambda a: a.activity_type_id
                == self.env.ref("debt_recovery_fr.mail_activity_type_validate")
            )
        )
        # The manager validates: the case moves, and the next run sends the formal notice.
        validation.action_validate()
        self.assertEqual(case_old.level_id, self.level_notice)
        self._next_day(case_old)
        self._run()
        notice_steps = case_old.action_ids.filtered(lambda a: a.level_id == self.level_notice)
        self.assertEqual(
            sorted(notice_steps.mapped("channel")),
            ["email", "level_change", "registered_letter", "validation"],
        )
        letter = notice_steps.filtered(lambda a: a.channel == "registered_letter")
        self.assertEqual(letter.state, "planned")
        self.assertEqual(letter.cost, 7.5)
        self.assertEqual(case_old.amount_costs, 0)
        # The accountant posts it and enters its number: the letter is sent and costs.
        letter.registered_letter_number = "1A 234 567 8901 2"
        self.assertEqual(letter.state, "done")
        self.assertEqual(case_old.amount_costs, 7.5)

    def _level_after_receipt(self):
        """A last notice whose delay runs from the receipt of the formal notice."""
        return self.env["debt.recovery.level"].create(
            {
                "company_id": self.company.id,
                "name": "Last notice",
                "sequence": 45,
                "phase": "formal_notice",
                "delay_days": 30,
                "delay_from_acknowledgment": True,
                "channel_phone": True,
            }
        )

    def test_next_level_runs_from_the_acknowledgment_of_receipt(self):
        level_last = self._level_after_receipt()
        self._run()
        case_old = self._case(self.debtor_old)
        case_old._move_to_level(self.level_notice)
        self._next_day(case_old)
        self._run()
        letter = case_old.action_ids.filtered(lambda a: a.channel == "registered_letter")
        self.assertEqual(letter.state, "planned")

        def moved():
            self._next_day(case_old)
            self._run()
            return case_old.level_id == level_last

        # Posted, but without its acknowledgment of receipt: the case waits, whatever the age
        # of the debt (40 days, more than the 30 days of the level).
        with self.Action._debt_recovery_internal():
            letter.write(
                {
                    "registered_letter_number": "1A 234 567 8901 2",
                    "date": self.today - timedelta(days=45),
                }
            )
        self.assertFalse(moved())
        self.assertEqual(case_old.level_id, self.level_notice)
        # Received 29 days ago: one more day to wait.
        with self.Action._debt_recovery_internal():
            letter.acknowledgment_date = self.today - timedelta(days=29)
        self.assertFalse(moved())
        self.assertFalse(
            case_old.action_ids.filtered(lambda a: a.level_id == level_last),
            "nothing is done, not even a validation request",
        )
        # Received 30 days ago: the delay has passed, the case moves and its level is carried out.
        with self.Action._debt_recovery_internal():
            letter.acknowledgment_date = self.today - timedelta(days=30)
        self.assertTrue(moved())
        self.assertEqual(
            sorted(
                case_old.action_ids.filtered(lambda a: a.level_id == level_last).mapped("channel")
            ),
            ["level_change", "phone"],
        )

    def test_acknowledgment_date_between_the_letter_and_today(self):
        self._run()
        case_old = self._case(self.debtor_old)
        case_old._move_to_level(self.level_notice)
        self._next_day(case_old)
        self._run()
        letter = case_old.action_ids.filtered(lambda a: a.channel == "registered_letter")
        for day in (self.today - timedelta(days=1), self.today + timedelta(days=1)):
            with self.subTest(day=day), self.assertRaises(ValidationError) as caught:
                letter.acknowledgment_date = day
                letter.flush_recordset()
            self.assertIn("must fall between the day the letter was sent", str(caught.exception))
        letter.acknowledgment_date = self.today
        self.assertEqual(letter.acknowledgment_date, self.today)

    def test_first_placement_skips_a_level_waiting_for_a_receipt(self):
        # 40 days overdue: past the 30 days of the last notice, which only a receipt opens.
        self._level_after_receipt()
        self._run()
        self.assertEqual(self._case(self.debtor_old).level_id, self.level_call)

    def test_paused_and_collective_cases_are_left_alone(self):
        self.Case._sync_cases_from_invoices(self.company)
        self._case(self.debtor_mail).state = "paused"
        self._case(self.debtor_landline).state = "collective_proceeding"
        self._run()
        self.assertEqual(self._steps(), [("Textiles du Nord", "Call", "phone", "planned")])

    def test_disputed_invoice_gets_nothing(self):
        self.invoice_mail.write(
            {"debt_recovery_disputed": True, "debt_recovery_dispute_reason": "Commande incomplète"}
        )
        self._run()
        self.assertFalse(self._case(self.debtor_mail))
        self.assertNotIn("Boulangerie Martin", [step[0] for step in self._steps()])

    def test_one_step_per_channel_and_stay(self):
        self._run()
        action = self._case(self.debtor_mail).action_ids.filtered(lambda a: a.channel == "email")
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
            self.Action._debt_recovery_internal(),
        ):
            self.Action.create(
                {
                    "case_id": action.case_id.id,
                    "level_id": action.level_id.id,
                    "channel": "email",
                    "level_visit": action.level_visit,
                }
            )

    def test_preview_then_run_now(self):
        self.Case._sync_cases_from_invoices(self.company)
        wizard = self.env["debt.recovery.run.wizard"].with_company(self.company).create({})
        self.assertEqual(wizard.step_count, 4)
        self.assertIn("Boulangerie Martin", wizard.preview_html)
        self.assertIn("SMS", wizard.preview_html)
        self.assertFalse(self._steps(), "the preview writes nothing")
        wizard.action_run()
        self.assertEqual(
            self._steps(),
            FIRST_RUN_STEPS,
        )

    def test_planning_queries_do_not_grow_with_the_cases(self):
        self.Case._sync_cases_from_invoices(self.company)
        cases = self.Case.search([("company_id", "=", self.company.id)])
        more = self.env["res.partner"].create(
            [
                {"name": f"Débiteur {i}", "is_company": True, "email": f"d{i}@x.example"}
                for i in range(6)
            ]
        )
        for partner in more:
            self._overdue_invoice(partner, 500, 10)
        self.Case._sync_cases_from_invoices(self.company)
        all_cases = self.Case.search([("company_id", "=", self.company.id)])
        self.assertEqual(len(all_cases), len(cases) + 6)
        all_cases._debt_recovery_plan(self.today)  # warm Odoo's caches (rules, groups)
        counts = []
        for batch in (cases, all_cases):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self.assertTrue(batch._debt_recovery_plan(self.today))
            counts.append(self.cr.sql_log_count - before)
        # Three times the cases, no more queries: nothing is read case by case.
        self.assertLessEqual(counts[1], counts[0])
        self.assertLess(counts[1], 10)


@tagged("post_install", "-at_install")
class TestCronTimeBudget(DebtRecoveryCommon):
    """The scheduled action run as Odoo's scheduler runs it: a time budget per pass.

    Odoo calls a job again, at once, while it reports work remaining; once it reports none, not
    before tomorrow. A pass out of time must therefore never report the day's run as done while
    its letters and their e-mails are still to be made.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # More debtors than a batch of letters (10 cases): the letters take two batches.
        cls._set_up_daily_letters(12)

    def _steps(self):
        return self.Action.search(
            [("partner_id", "in", self.debtors.ids), ("channel", "in", ("email", "letter"))]
        )

    def _scheduler_pass(self):
        """One pass of Odoo's scheduler on the job, if it is ready; False if it is not."""
        IrCron = self.registry["ir.cron"]
        self.env.flush_all()
        with self.enter_registry_test_mode(), self.registry.cursor() as cron_cr:
            job = IrCron._acquire_one_job(cron_cr, self.cron.id)
            if job:
                IrCron._process_job(cron_cr, job)
                cron_cr.commit()
        self.env.invalidate_all()
        return bool(job)

    def _run_as_the_scheduler(self):
        """Let Odoo's scheduler pass on the job until it is done for the day; the passes."""
        self.cron.nextcall = fields.Datetime.now() - timedelta(hours=1)
        passes = 0
        # A budget of no time and one run per pass: every commit ends the pass, as when a
        # batch commits after the 10 s Odoo gives a job.
        with (
            patch.object(ir_cron, "MIN_TIME_PER_JOB", 0),
            patch.object(ir_cron, "MIN_RUNS_PER_JOB", 1),
            mute_logger("odoo.addons.base.models.ir_cron"),
        ):
            while passes < 20 and self._scheduler_pass():
                passes += 1
        self.assertLess(passes, 20)
        # Done for the day: the scheduler calls it again tomorrow, not before.
        self.assertGreater(self.cron.nextcall, fields.Datetime.now())
        self.assertFalse(self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)]))
        return passes

    def _assert_every_letter_of_the_day(self, debtors=None):
        debtors = debtors or self.debtors
        steps = self._steps().filtered(lambda step: step.partner_id in debtors)
        self.assertEqual(len(steps), 2 * len(debtors))
        # Each step has its letter (``all`` of an empty recordset would hold).
        self.assertTrue(all(step.attachment_id for step in steps))
        emails = steps.filtered(lambda step: step.channel == "email")
        self.assertEqual(set(emails.mapped("state")), {"done"})
        mails = self.env["mail.mail"].search(
            [("mail_message_id", "in", emails.mail_message_id.ids)]
        )
        self.assertEqual(len(mails), len(debtors))
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        for email in emails:
            mail = mails.filtered(
                lambda mail, email=email: mail.mail_message_id == email.mail_message_id
            )
            self.assertEqual(mail.attachment_ids, email.attachment_id)

    def test_out_of_time_passes_end_with_every_letter_of_the_day(self):
        passes = self._run_as_the_scheduler()
        self._assert_every_letter_of_the_day()
        self.assertFalse(self.Action.search(self.Action._debt_recovery_pending_documents_domain()))
        # Called again until its work was done: the sync, the cases, then the letters in two
        # batches, each in a pass of its own.
        self.assertGreaterEqual(passes, 4)
        self.assertEqual(self.company.debt_recovery_last_sync_date, self.today)

    def test_last_batch_of_cases_out_of_time(self):
        # The sync done earlier the same day: the pass runs out of time on the last (only)
        # batch of cases, the letters of its steps still to make.
        self.Case._sync_cases_from_invoices(self.company)
        self.env["res.company"].search([]).debt_recovery_last_sync_date = self.today
        passes = self._run_as_the_scheduler()
        self._assert_every_letter_of_the_day()
        # The cases, then the two batches of letters (and, when the last batch ended on the
        # budget's edge, one pass that finds nothing left and reports the day done).
        self.assertIn(passes, (3, 4))

    def test_a_letter_that_keeps_failing_does_not_keep_the_job_running(self):
        # A company's own letter that breaks for all but Client 11, more than a batch of
        # letters: Client 11's is made and mailed in passes out of time, then the job is done
        # for the day; the broken ones wait, with their reason, for the next day's run (not
        # tried again and again, pass after pass, all day).
        view = self.env["ir.ui.view"].create(
            {
                "name": "test_letter_breaks_for_one",
                "type": "qweb",
                "key": "debt_recovery_fr.test_budget_letter_breaks_for_one",
                "arch": """
                    <t t-name="debt_recovery_fr.test_budget_letter_breaks_for_one">
                        <t t-call="web.html_container">
                            <t t-foreach="docs" t-as="doc">
                                <div class="article">
                                    <p>Letter to <t t-out="doc.partner_id.name"/></p>
                                    <t t-if="doc.partner_id.name != 'Client 11'" t-out="1 / 0"/>
                                </div>
                            </t>
                        </t>
                    </t>
                """,
            }
        )
        self.level.letter_report_id = self.env["ir.actions.report"].create(
            {
                "name": "Own Reminder",
                "model": "debt.recovery.case",
                "report_type": "qweb-pdf",
                "report_name": view.key,
            }
        )
        with mute_logger("odoo.addons.debt_recovery_fr.models.debt_recovery_action"):
            self._run_as_the_scheduler()
        made = self.debtors.filtered(lambda debtor: debtor.name == "Client 11")
        self._assert_every_letter_of_the_day(made)
        waiting = self._steps().filtered(lambda step: step.partner_id != made)
        self.assertEqual(len(waiting), 22)
        self.assertEqual(set(waiting.mapped("state")), {"planned"})
        self.assertFalse(waiting.attachment_id)
        self.assertFalse(waiting.mail_message_id)
        for step in waiting:
            self.assertIn("Own Reminder", step.render_error)
