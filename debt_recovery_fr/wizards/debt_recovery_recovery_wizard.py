# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class DebtRecoveryRecoveryWizard(models.TransientModel):
    """The sums a commissaire de justice recovered, registered as payments of the invoices."""

    _name = "debt.recovery.recovery.wizard"
    _description = "Register Sums Recovered by the Commissaire"
    _check_company_auto = True

    escalation_id = fields.Many2one("debt.recovery.escalation", required=True)
    company_id = fields.Many2one(related="escalation_id.company_id")
    currency_id = fields.Many2one(related="escalation_id.currency_id")
    amount = fields.Monetary(string="Sum Recovered", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    journal_id = fields.Many2one(
        "account.journal",
        required=True,
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', company_id)]",
        default=lambda self: self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.env.company.id)], limit=1
        ),
    )

    def action_register(self):
        self.ensure_one()
        self.escalation_id._debt_recovery_register_recovery(self.amount, self.date, self.journal_id)
        return {"type": "ir.actions.act_window_close"}
