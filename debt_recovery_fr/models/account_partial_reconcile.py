# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._debt_recovery_update_plans()
        return partials

    def unlink(self):
        moves = self.debit_move_id.move_id | self.credit_move_id.move_id
        result = super().unlink()
        Plan = self.env["debt.recovery.instalment.plan"]
        Plan._debt_recovery_plans_of(moves)._debt_recovery_update_state()
        return result

    def _debt_recovery_update_plans(self):
        """A reconciliation may pay the last instalment of a plan (or undo it): update its state.

        The paid amounts themselves are stored computed fields that follow the invoices'
        residual; only the plan's state (completed / active again) is decided here.
        """
        moves = self.debit_move_id.move_id | self.credit_move_id.move_id
        Plan = self.env["debt.recovery.instalment.plan"]
        Plan._debt_recovery_plans_of(moves)._debt_recovery_update_state()
