# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal

from odoo import api, fields, models
from odoo.fields import Domain

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
    debt_recovery_penalty_invoice = fields.Boolean(
        string="Penalties Invoice",
        copy=False,
        readonly=True,
        help="Invoices the late penalties and indemnities of an instalment plan: claimed as "
        "principal, it bears no penalty nor indemnity of its own (art. 1343-2 C. civ.).",
    )
    # The case's level and state, for the invoice list's columns, filters and groupings. Not
    # stored: the ORM searches and groups them by a join on the case (Odoo reads a non-stored
    # related field in SQL). Stored, each invoice was written again for them at its first sync
    # and at every move of its case (a second UPDATE of account_move per invoice: 2.8 s of a
    # 12 s daily run at 20 000 invoices). Not tracked (a related field inherits its source's
    # tracking; the case's chatter tells its moves).
    debt_recovery_level_id = fields.Many2one(
        related="debt_recovery_case_id.level_id",
        string="Recovery Level",
        tracking=False,
    )
    debt_recovery_case_state = fields.Selection(
        related="debt_recovery_case_id.state",
        string="Recovery Case Status",
        tracking=False,
    )
    debt_recovery_amount_claimed = fields.Monetary(
        string="Total Due with Penalties",
        compute="_compute_debt_recovery_amount_claimed",
        currency_field="company_currency_id",
        help="What the debtor owes on this invoice today: the amount due, the late penalties "
        "and the 40 € recovery indemnity (B2B), as its recovery case claims them.",
    )
    debt_recovery_amount_penalties = fields.Monetary(
        string="Late Penalties and Indemnity",
        compute="_compute_debt_recovery_amount_claimed",
        currency_field="company_currency_id",
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
        search="_search_debt_recovery_state",
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

    def _search_debt_recovery_state(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        invoice = Domain("move_type", "=", "out_invoice") & Domain("state", "=", "posted")
        paid = Domain("payment_state", "in", ("paid", "in_payment", "reversed")) | Domain(
            "amount_residual", "=", 0
        )
        unpaid = invoice & ~paid
        due = Domain("invoice_date_due", "<", today)
        active = Domain("debt_recovery_case_state", "in", ACTIVE_STATES)
        not_disputed = unpaid & Domain("debt_recovery_disputed", "=", False)
        domains = {
            "paid": invoice & paid,
            "disputed": unpaid & Domain("debt_recovery_disputed", "=", True),
            "not_due": not_disputed & ~due,
            "in_recovery": not_disputed & due & active,
            "overdue": not_disputed & due & ~active,
        }
        return Domain.OR(domains[state] for state in value if state in domains)

    @api.depends("debt_recovery_case_id", "amount_residual_signed", "debt_recovery_disputed")
    def _compute_debt_recovery_amount_claimed(self):
        """The case's claim (``legal/claim.py``, as the case computes it), invoice by invoice:
        the penalties or interest and the indemnity of each overdue invoice."""
        today = fields.Date.context_today(self)
        in_case = self._debt_recovery_overdue(today) & self.filtered("debt_recovery_case_id")
        claims = in_case.debt_recovery_case_id._debt_recovery_claims(today, invoices=in_case)
        for invoice in in_case:
            claim, _warning = claims[invoice.debt_recovery_case_id.id]
            extra = sum(
                (
                    item.penalties + item.interest + item.indemnity
                    for item in claim.items
                    if item.reference == invoice.name
                ),
                Decimal(0),
            )
            invoice.debt_recovery_amount_penalties = float(extra)
            invoice.debt_recovery_amount_claimed = invoice.amount_residual_signed + float(extra)
        for invoice in self - in_case:
            invoice.debt_recovery_amount_penalties = 0.0
            invoice.debt_recovery_amount_claimed = invoice.amount_residual_signed

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
        return self._debt_recovery_penalty_bases()[self._origin.id]

    def _debt_recovery_penalty_bases(self):
        """``_debt_recovery_penalty_base`` of each of these invoices: ``{invoice id: base}``."""
        partials = self._debt_recovery_payment_partials()
        bases = {}
        for invoice in self:
            amount = Decimal(str(invoice.amount_total_signed))
            payments = []
            for partial in partials[invoice._origin.id]:
                paid = Decimal(str(partial.amount))
                if partial.max_date <= invoice.invoice_date_due:
                    amount -= paid
                else:
                    payments.append((partial.max_date, paid))
            bases[invoice._origin.id] = (amount, payments)
        return bases

    def _debt_recovery_payment_partials(self):
        """The reconciliations of these invoices: ``{invoice id: account.partial.reconcile}``.

        The partials ``_get_reconciled_invoices_partials`` gives invoice by invoice (those of
        the receivable and payable lines), read for all the invoices in two queries.
        """
        result = dict.fromkeys(self._origin.ids, self.env["account.partial.reconcile"])
        if not result:
            return result
        lines = self.env["account.move.line"].search_fetch(
            [
                ("move_id", "in", list(result)),
                ("account_type", "in", ("asset_receivable", "liability_payable")),
            ],
            ["move_id"],
        )
        move_of_line = {line.id: line.move_id.id for line in lines}
        partials = self.env["account.partial.reconcile"].search_fetch(
            ["|", ("debit_move_id", "in", lines.ids), ("credit_move_id", "in", lines.ids)],
            ["amount", "max_date", "debit_move_id", "credit_move_id"],
            order="id",
        )
        # In the order of _get_reconciled_invoices_partials: matched_debit_ids, then credit.
        # Ids gathered, then browsed once per invoice (not a recordset grown one by one).
        ids = {invoice_id: [] for invoice_id in result}
        for side in ("credit_move_id", "debit_move_id"):
            for partial in partials:
                invoice_id = move_of_line.get(partial[side].id)
                if invoice_id:
                    ids[invoice_id].append(partial.id)
        for invoice_id, partial_ids in ids.items():
            if partial_ids:
                result[invoice_id] = partials.browse(partial_ids)
        return result

    def _debt_recovery_overdue(self, today):
        """These customer invoices that count in the amount claimed from their debtors today."""
        domain = self.env["debt.recovery.case"]._debt_recovery_overdue_domain(today)
        if not self or not all(self.ids):
            # New records (a form): in memory.
            return self.filtered_domain(domain)
        # One query, where the same domain evaluated in Python cost 60 µs per invoice. Sudo:
        # it only sorts the invoices the caller already holds, it grants access to none.
        found = set(self.sudo().search(domain & Domain("id", "in", self.ids)).ids)
        return self.filtered(lambda invoice: invoice.id in found)
