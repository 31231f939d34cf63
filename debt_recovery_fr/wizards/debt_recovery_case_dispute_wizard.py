# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class DebtRecoveryCaseDisputeWizard(models.TransientModel):
    """The debtor disputes invoices of his case: which ones, and why (kept on the invoices and
    in the chatter of the case)."""

    _name = "debt.recovery.case.dispute.wizard"
    _description = "Dispute Invoices of a Recovery Case"

    case_id = fields.Many2one("debt.recovery.case", required=True, readonly=True)
    available_invoice_ids = fields.Many2many(
        "account.move", compute="_compute_available_invoice_ids"
    )
    invoice_ids = fields.Many2many(
        "account.move",
        string="Disputed Invoices",
        compute="_compute_invoice_ids",
        store=True,
        readonly=False,
        required=True,
        domain="[('id', 'in', available_invoice_ids)]",
    )
    reason = fields.Char(required=True, help="What the debtor disputes: kept on the invoices.")

    @api.depends("case_id")
    def _compute_available_invoice_ids(self):
        for wizard in self:
            wizard.available_invoice_ids = wizard.case_id.overdue_invoice_ids

    @api.depends("case_id")
    def _compute_invoice_ids(self):
        for wizard in self:
            wizard.invoice_ids = wizard.case_id.overdue_invoice_ids

    def action_confirm(self):
        self.ensure_one()
        self.case_id.action_debt_recovery_dispute(self.reason, self.invoice_ids)
        return {"type": "ir.actions.act_window_close"}
