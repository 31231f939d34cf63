# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    # A payment received on an invoice of a recovery case, with the level the case was at on
    # its date: stored, so that the dashboard's payments by level and month are one grouped
    # read of this table (``debt.recovery.payment.report``), whatever the number of cases.
    debt_recovery_case_id = fields.Many2one(
        "debt.recovery.case",
        string="Recovery Case",
        compute="_compute_debt_recovery_payment",
        store=True,
        index="btree_not_null",
    )
    debt_recovery_level_id = fields.Many2one(
        "debt.recovery.level",
        string="Level When Paid",
        compute="_compute_debt_recovery_payment",
        store=True,
    )
    debt_recovery_days = fields.Integer(
        string="Days To Recover",
        compute="_compute_debt_recovery_payment",
        store=True,
        help="Days between the due date and the payment.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._debt_recovery_update_plans()
        return partials

    def unlink(self):
        """A payment unreconciled (a transfer returned, a direct debit rejected) reopens the
        instalments it paid; one now late past the plan's grace days is followed up at once,
        as the daily check would: the reminder, or the plan broken once the cure period after
        an earlier reminder is over (``_debt_recovery_check``, through the plan's
        ``_change_state``)."""
        moves = self.debit_move_id.move_id | self.credit_move_id.move_id
        result = super().unlink()
        Plan = self.env["debt.recovery.instalment.plan"]
        plans = Plan._debt_recovery_plans_of(moves)
        if plans:
            plans._debt_recovery_check(fields.Date.context_today(self))
        return result

    @api.depends(
        "max_date",
        "credit_move_id.move_id.move_type",
        "debit_move_id.move_id.move_type",
        "debit_move_id.date_maturity",
        "debit_move_id.move_id.debt_recovery_case_id",
        "debit_move_id.move_id.debt_recovery_case_id.action_ids.channel",
        "debit_move_id.move_id.debt_recovery_case_id.action_ids.date",
        "debit_move_id.move_id.debt_recovery_case_id.action_ids.level_id",
        "debit_move_id.move_id.debt_recovery_case_id.action_ids.state",
    )
    def _compute_debt_recovery_payment(self):
        """A payment (not a credit note) of a case's invoice comes at the level of the case's
        last level change taken on or before its date; before the first one, at no level.

        Computed when the reconciliation is flushed, in the middle of the invoice's residual
        computation: read only plain stored fields of the lines and moves (the due date of the
        receivable line, not the invoice's computed ``invoice_date_due``).
        """
        for partial in self:
            invoice = partial.debit_move_id.move_id
            case = invoice.debt_recovery_case_id
            if invoice.move_type != "out_invoice" or (
                partial.credit_move_id.move_id.move_type == "out_refund"
            ):
                case = case.browse()
            steps = case.action_ids.filtered(
                lambda action, date=partial.max_date: action.channel == "level_change"
                and action.state != "cancelled"
                and date
                and action.date <= date
            )
            last = max(steps, key=lambda action: (action.date, action.id), default=steps)
            due = partial.debit_move_id.date_maturity
            partial.debt_recovery_case_id = case
            partial.debt_recovery_level_id = last.level_id
            partial.debt_recovery_days = (
                max((partial.max_date - due).days, 0) if case and due and partial.max_date else 0
            )

    @api.model
    def _debt_recovery_recompute_payments(self, invoices):
        """Recompute the payments of ``invoices`` put in a case without the ORM (in SQL)."""
        if not invoices:
            return
        # sudo: the stored payment columns follow the invoices whoever moves them to a case.
        partials = self.sudo().search([("debit_move_id.move_id", "in", invoices.ids)])
        for name in ("debt_recovery_case_id", "debt_recovery_level_id", "debt_recovery_days"):
            self.env.add_to_compute(self._fields[name], partials)

    def _debt_recovery_update_plans(self):
        """A reconciliation may pay the last instalment of a plan (or undo it): update its state.

        The paid amounts themselves are stored computed fields that follow the invoices'
        residual; only the plan's state (completed / active again) is decided here.
        """
        moves = self.debit_move_id.move_id | self.credit_move_id.move_id
        Plan = self.env["debt.recovery.instalment.plan"]
        Plan._debt_recovery_plans_of(moves)._debt_recovery_update_state()
