# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class DebtRecoveryInstalmentPlanCancelWizard(models.TransientModel):
    """Why a Recovery Manager cancels a plan the debtor agreed to: the reason stays on the plan
    and in the case's history."""

    _name = "debt.recovery.instalment.plan.cancel.wizard"
    _description = "Cancel an Agreed Instalment Plan"

    plan_ids = fields.Many2many(
        "debt.recovery.instalment.plan",
        "debt_recovery_plan_cancel_wizard_rel",
        "wizard_id",
        "plan_id",
        string="Plans",
        required=True,
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.plan_ids.action_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
