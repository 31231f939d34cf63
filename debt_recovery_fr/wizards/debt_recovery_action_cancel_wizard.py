# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class DebtRecoveryActionCancelWizard(models.TransientModel):
    """Why a Recovery Manager cancels recovery steps: the reason stays in their history."""

    _name = "debt.recovery.action.cancel.wizard"
    _description = "Cancel Recovery Steps"

    action_ids = fields.Many2many("debt.recovery.action", string="Steps", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.action_ids.action_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
