# Copyright 2026 debt_recovery_fr contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, models
from odoo.exceptions import LockError
from odoo.fields import Domain
from odoo.tools import split_every

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import identity_exact

_logger = logging.getLogger(__name__)

CHANNEL = "root.debt_recovery"


class DebtRecoveryCase(models.Model):
    _inherit = "debt.recovery.case"

    @api.model
    def _debt_recovery_cron_process(self, domain, today, batch_size):
        """The scheduled action hands its work to queue jobs: one per batch of cases due today,
        then, from each, one per batch of letters; the job runner spreads them over the workers.

        A batch is identity-keyed (its cases and the day): a scheduled action run again while
        its jobs wait queues none twice. The letters still waiting from an earlier day (their
        case is not run today) get their jobs too.
        """
        cases = self.search(domain, order="id")
        for case_ids in split_every(batch_size, cases.ids):
            self.browse(case_ids)._debt_recovery_enqueue_batch(today)
        Action = self.env["debt.recovery.action"]
        Action.search(
            Action._debt_recovery_pending_documents_domain()
            & Domain("case_id", "not in", cases.ids)
        )._debt_recovery_enqueue_letters()
        # Queued and committed: the scheduled action is done for the day, the jobs do the rest.
        self.env["ir.cron"]._commit_progress(len(cases), remaining=0)

    def _debt_recovery_job_user(self):
        """In whose name the queue jobs of this case run: its responsible when he works the
        recovery (a Recovery User), else the company's recovery officer when he does; never
        the scheduled action's user (OdooBot, the superuser). Empty when neither can.

        A job runs with its user's rights: a salesperson responsible of a case, without the
        recovery's, could not. The e-mails stay signed by the responsible either way.
        """
        self.ensure_one()
        group = "debt_recovery_fr.debt_recovery_group_user"
        company = self.company_id
        for user in (self._debt_recovery_responsible(), company._debt_recovery_officer()):
            if company._debt_recovery_is_human(user) and user.has_group(group):
                return user
        return self.env["res.users"]

    def _debt_recovery_enqueue_batch(self, today):
        """The queue jobs of these cases for ``today``: one per user they are run by (see
        ``_debt_recovery_job_user``), in his name and company, so that what a debtor receives
        comes from a person, as when he acts himself. None is queued twice for the same cases
        and day. The cases nobody with the recovery's rights can run wait, logged.
        """
        jobs = []
        for (company, user), cases in (
            self.sorted("id")
            .grouped(lambda case: (case.company_id, case._debt_recovery_job_user()))
            .items()
        ):
            if not user:
                _logger.warning(
                    "Debt recovery: nobody with the recovery's rights speaks for the cases %s "
                    "(%s): not queued. Give them a responsible who is a Recovery User, or "
                    "choose one as the company's recovery officer.",
                    cases.ids,
                    company.name,
                )
                continue
            jobs.append(
                cases.with_user(user)
                .with_company(company)
                .with_delay(
                    channel=CHANNEL,
                    identity_key=identity_exact,
                    description=self.env._(
                        "Debt recovery: %(count)s cases on %(date)s", count=len(cases), date=today
                    ),
                )
                ._debt_recovery_job_run_batch(today)
            )
        return jobs

    def _debt_recovery_job_run_batch(self, today):
        """The job of a batch: the steps due today on the cases not run yet, then one job per
        batch of their letters.

        Run twice (a retry, the scheduled action run inline meanwhile), it does nothing more: a
        case run today is left out, and every step is first written as an action whose index is
        unique per stay at a level.
        """
        cases = self.filtered_domain(self._debt_recovery_run_domain(today))
        try:
            # Waits for no one: a case held by another worker is tried again later.
            cases.lock_for_update()
        except LockError:
            raise RetryableJobError(
                "Cases held by another transaction", seconds=30, ignore_retry=True
            ) from None
        if cases:
            cases._debt_recovery_run(today)
        Action = self.env["debt.recovery.action"]
        Action.search(
            Action._debt_recovery_pending_documents_domain() & Domain("case_id", "in", self.ids)
        )._debt_recovery_enqueue_letters()
        return len(cases)
