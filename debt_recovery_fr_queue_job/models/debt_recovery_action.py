# Copyright 2026 debt_recovery_fr contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import LockError
from odoo.tools import split_every

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import identity_exact

from .debt_recovery_case import CHANNEL


class DebtRecoveryAction(models.Model):
    _inherit = "debt.recovery.action"

    def _debt_recovery_enqueue_letters(self, batch_size=10):
        """One queue job per ``batch_size`` cases of these steps waiting for their letter (one
        wkhtmltopdf call each, as the scheduled action renders them); none queued twice.

        Each job is in the name of the cases' user (``_debt_recovery_job_user``), in their
        company, never the superuser's, like the jobs of the cases.
        """
        for (company, user), actions in (
            self.sorted("id")
            .grouped(lambda action: (action.company_id, action.case_id._debt_recovery_job_user()))
            .items()
        ):
            if not user:
                # Nobody with the recovery's rights: the letters wait (logged with the cases).
                continue
            actions = actions.with_user(user).with_company(company)
            for case_ids in split_every(batch_size, sorted(set(actions.case_id.ids))):
                batch = actions.filtered(lambda action, ids=case_ids: action.case_id.id in ids)
                batch.with_delay(
                    channel=CHANNEL,
                    identity_key=identity_exact,
                    description=self.env._(
                        "Debt recovery: letters of %(count)s cases", count=len(case_ids)
                    ),
                )._debt_recovery_job_render_letters()

    def _debt_recovery_job_render_letters(self):
        """The job of a batch of letters: render those still waiting, then send their e-mails.

        Run twice, it makes nothing twice: a step that has its letter is never rendered again,
        an e-mail step that has its message is never sent again.
        """
        actions = self.filtered_domain(self._debt_recovery_pending_documents_domain())
        try:
            actions.lock_for_update()
        except LockError:
            raise RetryableJobError(
                "Letters held by another transaction", seconds=30, ignore_retry=True
            ) from None
        if actions:
            actions._debt_recovery_render_documents()
        return len(actions)
