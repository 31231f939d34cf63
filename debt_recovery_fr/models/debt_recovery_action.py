# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class DebtRecoveryAction(models.Model):
    """One step carried out on a case: the proof file of the recovery."""

    _name = "debt.recovery.action"
    _description = "Debt Recovery Action"
    _order = "date desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one(
        "debt.recovery.case", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="case_id.partner_id", store=True, string="Debtor")
    currency_id = fields.Many2one(related="company_id.currency_id")
    level_id = fields.Many2one("debt.recovery.level", index=True, check_company=True)
    channel = fields.Selection(
        [
            ("level_change", "Level Change"),
            ("email", "E-mail"),
            ("sms", "SMS"),
            ("letter", "Letter"),
            ("registered_letter", "Registered Letter"),
            ("phone", "Phone Call"),
            ("commissaire", "Commissaire de Justice"),
        ],
        required=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    invoice_ids = fields.Many2many(
        "account.move", string="Invoices Covered", check_company=True, copy=False
    )
    amount = fields.Monetary(string="Amount Covered")
    attachment_id = fields.Many2one("ir.attachment", string="Document", copy=False)
    mail_message_id = fields.Many2one("mail.message", string="E-mail", copy=False)
    registered_letter_number = fields.Char(copy=False)
    acknowledgment_date = fields.Date(
        string="Acknowledgment of Receipt", copy=False, help="Date the debtor received the letter."
    )
    cost = fields.Monetary(help="What this step cost the creditor.")
    state = fields.Selection(
        [
            ("to_validate", "To Validate"),
            ("planned", "Planned"),
            ("done", "Done"),
            ("failed", "Failed"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="done",
        index=True,
    )
    note = fields.Text(help="What was said or done, or why the step failed.")

    @api.depends("case_id", "channel", "date")
    def _compute_display_name(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for action in self:
            action.display_name = f"{action.case_id.name} - {channels.get(action.channel)}"
