# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal

from odoo import api, fields, models

from .debt_recovery_case import ACTIVE_STATES


class AccountMove(models.Model):
    _inherit = "account.move"

    debt_recovery_disputed = fields.Boolean(
        string="Disputed",
        copy=False,
        tracking=True,
        help="A disputed invoice is taken out of recovery until the dispute is settled.",
    )
    debt_recovery_dispute_reason = fields.Char(string="Dispute Reason", copy=False)
    debt_recovery_case_id = fields.Many2one(
        "debt.recovery.case",
        string="Recovery Case",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="set null",
    )
    debt_recovery_level_id = fields.Many2one(
        related="debt_recovery_case_id.level_id", string="Recovery Level"
    )

    debt_recovery_state = fields.Selection(
        [
            ("not_due", "Not Due"),
            ("overdue", "Overdue"),
            ("in_recovery", "In Recovery"),
            ("disputed", "Disputed"),
            ("paid", "Paid"),
        ],
        string="Recovery State",
        compute="_compute_debt_recovery_state",
    )

    @api.depends(
        "move_type",
        "state",
        "payment_state",
        "amount_residual",
        "invoice_date_due",
        "debt_recovery_disputed",
        "debt_recovery_case_id.state",
    )
    def _compute_debt_recovery_state(self):
        today = fields.Date.context_today(self)
        for move in self:
            if move.move_type != "out_invoice" or move.state != "posted":
                move.debt_recovery_state = False
            elif move.payment_state in ("paid", "in_payment", "reversed") or (
                move.currency_id.is_zero(move.amount_residual)
            ):
                move.debt_recovery_state = "paid"
            elif move.debt_recovery_disputed:
                move.debt_recovery_state = "disputed"
            elif not move.invoice_date_due or move.invoice_date_due >= today:
                move.debt_recovery_state = "not_due"
            elif move.debt_recovery_case_id.state in ACTIVE_STATES:
                move.debt_recovery_state = "in_recovery"
            else:
                move.debt_recovery_state = "overdue"

    def _sequence_matches_date(self):
        # Invoices imported from a previous software keep their own numbers, whatever their form.
        if self.journal_id.debt_recovery_legacy:
            return True
        return super()._sequence_matches_date()

    def action_debt_recovery_escalate(self):
        """Open the escalation wizard of this overdue invoice's debtor."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Escalate Recovery"),
            "res_model": "debt.recovery.escalate.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_invoice_id": self.id},
        }

    def action_debt_recovery_open_case(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "debt.recovery.case",
            "res_id": self.debt_recovery_case_id.id,
            "view_mode": "form",
        }

    def _debt_recovery_penalty_base(self):
        """Amount due at the due date and the later payments, in company currency.

        What the reconciliation settled on or before the due date is not late; what it settled
        afterwards is a payment that stops the penalties on its part from its date.
        """
        self.ensure_one()
        amount = Decimal(str(self.amount_total_signed))
        payments = []
        partials, _exchange_moves = self._get_reconciled_invoices_partials()
        for partial, _amount, _counterpart_line in partials:
            paid = Decimal(str(partial.amount))
            if partial.max_date <= self.invoice_date_due:
                amount -= paid
            else:
                payments.append((partial.max_date, paid))
        return amount, payments

    def _debt_recovery_overdue(self, today):
        """These customer invoices that count in the amount claimed from their debtors today."""
        return self.filtered_domain(
            self.env["debt.recovery.case"]._debt_recovery_overdue_domain(today)
        )
