# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The daily run in queue jobs (OCA ``queue_job``).

Tagged ``debt_recovery_oca``: run on the second database of ``./tools/test``, where
``queue_job`` is installed (and this addon with it); without it they fail, never skip.
"""

from odoo import SUPERUSER_ID, Command
from odoo.tests import new_test_user, tagged

from odoo.addons.debt_recovery_fr.tests.common import DebtRecoveryCommon
from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.job import Job


@tagged("debt_recovery_oca", "post_install", "-at_install")
class TestDebtRecoveryQueueJob(DebtRecoveryCommon):
    """The same data as the scheduled action's time-budget tests: twelve debtors, each due an
    e-mail and a letter, in batches of 5 cases, so 3 jobs of cases and 3 of letters."""

    @classmethod
    def get_default_groups(cls):
        # The test user also watches the job queue, as its manager.
        return super().get_default_groups() | cls.quick_ref("queue_job.group_queue_job_manager")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_daily_letters(12)
        # The jobs of every company, as the job runner sees them (a job is in the company of
        # the scheduled action's user, not the test user's).
        cls.Job = cls.env["queue.job"].sudo()
        cls.channel = cls.env.ref("debt_recovery_fr_queue_job.channel_debt_recovery")

    def _scheduled_action(self):
        """The daily run as the scheduler calls it: in a cursor of its own, as the scheduled
        action's user, in batches of 5 cases."""
        self.env.flush_all()
        with self.enter_registry_test_mode(), self.registry.cursor() as cr:
            env = self.env(cr=cr, user=self.cron.user_id, context={})
            env["debt.recovery.case"]._cron_run(batch_size=5)
        self.env.invalidate_all()

    def _jobs(self, method=None):
        domain = [("channel", "=", "root.debt_recovery")]
        if method:
            domain.append(("method_name", "=", method))
        return self.Job.search(domain, order="id")

    def _perform(self, job_record):
        """Perform a job as the job runner does (started, performed, done): loaded as the
        superuser (``/queue_job/runjob``), its records in the name of the job's user."""
        job = Job.load(self.env(user=SUPERUSER_ID), job_record.uuid)
        job.set_started()
        job.store()
        RunJobController._try_perform_job(self.env, job)
        self.env.invalidate_all()

    def _perform_pending(self):
        """Perform the pending jobs of the channel, those they queue too; their number."""
        performed = 0
        while jobs := self._jobs().filtered(lambda job: job.state in ("pending", "enqueued")):
            for job in jobs:
                self._perform(job)
                performed += 1
        return performed

    def _steps(self):
        return self.Action.search(
            [("partner_id", "in", self.debtors.ids), ("channel", "in", ("email", "letter"))]
        )

    def _mails(self, steps):
        return self.env["mail.mail"].search([("mail_message_id", "in", steps.mail_message_id.ids)])

    def _assert_every_letter_of_the_day(self):
        """What the scheduled action run inline makes (TestCronTimeBudget): a letter and an
        e-mail carrying it per debtor, the e-mails in the mail queue."""
        steps = self._steps()
        self.assertEqual(len(steps), 2 * len(self.debtors))
        self.assertEqual(steps.partner_id, self.debtors)
        self.assertTrue(all(steps.mapped("attachment_id")))
        self.assertEqual(len(steps.attachment_id), len(self.debtors))
        emails = steps.filtered(lambda step: step.channel == "email")
        self.assertEqual(set(emails.mapped("state")), {"done"})
        mails = self._mails(emails)
        self.assertEqual(len(mails), len(self.debtors))
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        for email in emails:
            mail = mails.filtered(
                lambda mail, email=email: mail.mail_message_id == email.mail_message_id
            )
            self.assertEqual(mail.attachment_ids, email.attachment_id)
        self.assertFalse(self.Action.search(self.Action._debt_recovery_pending_documents_domain()))

    def test_the_daily_run_queues_its_batches_on_the_channel(self):
        self._scheduled_action()
        jobs = self._jobs()
        self.assertEqual(len(jobs), 3)
        self.assertEqual(set(jobs.mapped("method_name")), {"_debt_recovery_job_run_batch"})
        self.assertEqual(jobs.job_function_id.channel_id, self.channel)
        self.assertEqual(set(jobs.mapped("state")), {"pending"})
        self.assertEqual(
            [len(job.records) for job in jobs], [5, 5, 2], "batches of 5 cases, in order"
        )
        cases = self.Case.union(*(job.records for job in jobs))
        self.assertEqual(cases.partner_id, self.debtors)
        self.assertTrue(all(jobs.mapped("identity_key")))
        # Queued, not done: no step yet, the day's run left to the jobs.
        self.assertFalse(self._steps())
        self.assertFalse(any(cases.mapped("last_run_date")))

    def test_the_jobs_make_what_the_scheduled_action_makes(self):
        self._scheduled_action()
        # The 3 jobs of cases, then the 3 jobs of letters they queued.
        self.assertEqual(self._perform_pending(), 6)
        letters = self._jobs("_debt_recovery_job_render_letters")
        self.assertEqual(len(letters), 3)
        self.assertEqual(set(self._jobs().mapped("state")), {"done"})
        self._assert_every_letter_of_the_day()
        self.assertEqual(set(self._steps().case_id.mapped("last_run_date")), {self.today})

    def test_a_batch_is_never_queued_twice(self):
        self._scheduled_action()
        jobs = self._jobs()
        # The scheduled action run again while its jobs wait: the same batches, no new job.
        self.env["res.company"].search([]).debt_recovery_last_sync_date = False
        self._scheduled_action()
        self.assertEqual(self._jobs(), jobs)
        # A batch queued by hand again, its letters too: still the same jobs.
        jobs[0].records._debt_recovery_enqueue_batch(self.today)
        self.assertEqual(self._jobs(), jobs)
        self._perform(jobs[0])
        letters = self._jobs("_debt_recovery_job_render_letters")
        self.assertEqual(len(letters), 1)
        letters.records._debt_recovery_enqueue_letters()
        self.assertEqual(self._jobs("_debt_recovery_job_render_letters"), letters)
        # Once all is done, the day's run queues nothing more.
        self._perform_pending()
        all_jobs = self._jobs()
        self._scheduled_action()
        self.assertEqual(self._jobs(), all_jobs)
        self._assert_every_letter_of_the_day()

    def test_a_retried_job_makes_no_step_or_mail_twice(self):
        self._scheduled_action()
        first = self._jobs()[0]
        # A first try that fails: its transaction is rolled back, the job is tried again.
        with self.env.cr.savepoint() as savepoint:
            self._perform(first)
            self.assertEqual(len(self._steps()), 10)
            savepoint.rollback()
        self.env.invalidate_all()
        self.assertFalse(self._steps())
        self._perform_pending()
        self._assert_every_letter_of_the_day()
        steps = self._steps()
        mails = self._mails(steps)
        attachments = steps.attachment_id
        # Each job performed once more (a worker lost after its work was committed, before the
        # job was marked done): nothing new, no e-mail sent twice, no letter made twice.
        for job in self._jobs():
            self._perform(job)
        self.assertEqual(self._steps(), steps)
        self.assertEqual(self._mails(self._steps()), mails)
        self.assertEqual(self._steps().attachment_id, attachments)
        self.assertEqual(
            self.env["mail.mail"].search_count([("recipient_ids", "in", self.debtors.ids)]),
            len(self.debtors),
        )
        self._assert_every_letter_of_the_day()

    def test_the_jobs_act_in_the_name_of_a_person_never_the_superuser(self):
        company_ids = [Command.set(self.company.ids)]

        def user(login, name, groups):
            return new_test_user(
                self.env,
                login=login,
                name=name,
                email=f"{login}@atelier.example",
                groups=groups,
                company_id=self.company.id,
                company_ids=company_ids,
            )

        recovery_user = "debt_recovery_fr.debt_recovery_group_user"
        officer = user("claire_recouvrement", "Claire Martin", recovery_user)
        accountant = user("luc_compta", "Luc Comptable", recovery_user)
        salesperson = user("paul_ventes", "Paul Vendeur", "base.group_user")
        self.company.debt_recovery_officer_id = officer
        # Clients 0 and 1 are followed by an accountant who works the recovery, Client 2 by a
        # salesperson who does not (the recovery officer runs his case, the e-mail is still
        # his), the others by nobody (the recovery officer).
        self.debtors[:2].user_id = accountant
        self.debtors[2].user_id = salesperson
        by_accountant = self.debtors[:2]
        odoobot = self.env["res.users"].browse(SUPERUSER_ID)
        self.assertEqual(self.cron.user_id, odoobot)

        def runner(debtor):
            return accountant if debtor in by_accountant else officer

        self._scheduled_action()
        jobs = self._jobs()
        # One job per user in each batch of 5 cases: (2 accountant's, 3 officer's), 5, 2.
        self.assertEqual(sorted(len(job.records) for job in jobs), [2, 2, 3, 5])
        self.assertEqual(set(jobs.mapped("user_id")), {accountant, officer})
        self._perform_pending()
        self.assertEqual(len(self._jobs("_debt_recovery_job_render_letters")), 4)
        for job in self._jobs():
            self.assertEqual(job.state, "done")
            self.assertNotEqual(job.user_id, odoobot)
            records = job.records
            self.assertEqual(records.env.user, job.user_id)
            self.assertFalse(records.env.su)
            self.assertEqual({runner(p) for p in records.partner_id}, {job.user_id})
        self._assert_every_letter_of_the_day()
        # Each step taken, each letter made and each e-mail queued by the job's user; the
        # e-mails signed by the case's responsible.
        steps = self._steps()
        mails = self._mails(steps)
        for step in steps:
            debtor = step.partner_id
            self.assertEqual(step.user_id, runner(debtor))
            self.assertEqual(step.create_uid, runner(debtor))
            self.assertEqual(step.attachment_id.create_uid, runner(debtor))
        for mail in mails:
            debtor = mail.recipient_ids
            self.assertEqual(mail.create_uid, runner(debtor))
            signatory = salesperson if debtor == self.debtors[2] else runner(debtor)
            self.assertEqual(mail.author_id, signatory.partner_id)
        self.assertEqual(mails.recipient_ids, self.debtors)
