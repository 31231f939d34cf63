# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class DebtRecoveryActionAr24Wizard(models.TransientModel):
    """The id of the AR24 letter that a Recovery Manager found sent in AR24, to record on the
    step whose hand-over to AR24 was interrupted."""

    _name = "debt.recovery.action.ar24.wizard"
    _description = "Record the AR24 Letter of a Step"

    action_id = fields.Many2one("debt.recovery.action", string="Step", required=True)
    mail_id = fields.Char(
        string="AR24 Letter Id",
        required=True,
        help="The id of the letter in AR24, shown on the letter among the letters sent.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.action_id.action_registered_mail_record_ar24(self.mail_id)
        return {"type": "ir.actions.act_window_close"}
