# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import format_date

from ..legal.solvency import UNLIKELY_TO_PAY
from ..models.debt_recovery_case import PROCEDURE_PHASES


class DebtRecoveryEscalateWizard(models.TransientModel):
    """The debtor's solvency beside the escalation, and a warning before a costly procedure."""

    _inherit = "debt.recovery.escalate.wizard"

    solvency_score = fields.Integer(related="partner_id.debt_recovery_solvency_score")
    solvency_known = fields.Boolean(related="partner_id.debt_recovery_solvency_known")
    solvency_html = fields.Html(related="partner_id.debt_recovery_solvency_html")
    solvency_warning = fields.Text(compute="_compute_solvency_warning")

    @api.depends("partner_id", "level_id", "solvency_known")
    def _compute_solvency_warning(self):
        for wizard in self:
            warnings = []
            partner = wizard.partner_id
            if partner.debt_recovery_admin_status == "ceased":
                warnings.append(
                    self.env._(
                        "%(debtor)s has ceased its activity (%(date)s, public register).",
                        debtor=partner.name,
                        date=format_date(self.env, partner.debt_recovery_closing_date)
                        or self.env._("date unknown"),
                    )
                )
            if (
                wizard.level_id.phase in PROCEDURE_PHASES
                and wizard.solvency_known
                and wizard.solvency_score < UNLIKELY_TO_PAY
            ):
                warnings.append(
                    self.env._(
                        "%(debtor)s scores %(score)s/100 for solvency: a procedure (commissaire "
                        "de justice, court fees) is unlikely to be paid back.",
                        debtor=partner.name,
                        score=wizard.solvency_score,
                    )
                )
            wizard.solvency_warning = "\n".join(warnings) or False
