# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    debt_recovery_disputed = fields.Boolean(
        string="Disputed",
        copy=False,
        tracking=True,
        help="A disputed invoice is taken out of recovery until the dispute is settled.",
    )
    debt_recovery_dispute_reason = fields.Char(string="Dispute Reason", copy=False)
