# Copyright 2026 debt_recovery_fr contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import LockError
from odoo.fields import Domain
from odoo.tools import split_every

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import identity_exact

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

    def _debt_recovery_enqueue_batch(self, today):
        """The queue job of these cases for ``today`` (none if it is already queued)."""
        return (
            self.sorted("id")
            .with_delay(
                channel=CHANNEL,
                identity_key=identity_exact,
                description=self.env._(
                    "Debt recovery: %(count)s cases on %(date)s", count=len(self), date=today
                ),
            )
            ._debt_recovery_job_run_batch(today)
        )

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
