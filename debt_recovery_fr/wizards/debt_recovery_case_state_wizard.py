# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class DebtRecoveryCaseStateWizard(models.TransientModel):
    """A Recovery Manager changes the status of cases by hand, and says why (kept in the
    chatter): write off a claim, or resume after a collective proceeding."""

    _name = "debt.recovery.case.state.wizard"
    _description = "Change the Status of Recovery Cases"

    case_ids = fields.Many2many("debt.recovery.case", string="Cases", required=True)
    state = fields.Selection(
        [("written_off", "Written Off"), ("open", "Open")], string="New Status", required=True
    )
    reason = fields.Text(required=True, help="Why: it is kept in the history of the case.")

    def action_confirm(self):
        self.ensure_one()
        self.case_ids._change_state(self.state, self.reason)
        return {"type": "ir.actions.act_window_close"}
