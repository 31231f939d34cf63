# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    def _do_auto_reconcile(self, reconcile_if_possible=True):
        """Match the lines that pay an instalment plan with the plan's invoices.

        ``account_reconcile_oca`` calls this when a statement line is created (an import:
        ``reconcile_if_possible``) and when its screen opens a line (a proposal only). A line
        paying a plan, by one of its payment references or by the debtor and the amount of
        his next instalment, gets the plan's open invoices as counterpart, oldest due first;
        it is reconciled at the import when the plan's reconciliation model is *Automated*
        and the line pays no more than the plan still owes (an overpayment is proposed, the
        rest on the debtor's account, for the accountant to validate). A line that returns a
        payment of a plan (a direct debit rejected, a transfer returned: the same reference,
        the opposite amount) undoes that payment's reconciliation with the invoices and is
        reconciled with it, which reopens the instalments. The other lines go to OCA's rules.
        """
        todo = self.filtered(lambda line: not line.is_reconciled)
        payments = todo.filtered(
            lambda line: line.company_id.currency_id.compare_amounts(line.amount, 0) > 0
        )
        matches = payments._debt_recovery_plan_payments()
        returning = self.browse()
        if reconcile_if_possible:
            outgoing = todo - payments
            referenced = outgoing._debt_recovery_plans_by_reference(states=("active", "completed"))
            returning = outgoing.filtered(lambda line: line in referenced)
        handled = self.browse([line.id for line in matches]) | returning
        result = super(AccountBankStatementLine, self - handled)._do_auto_reconcile(
            reconcile_if_possible
        )
        # One at a time, in the file's order: each payment moves the plan's next instalment.
        for line in todo.filtered(lambda line: line in matches):
            plan, by_reference = matches[line]
            line._debt_recovery_pay_plan(plan, by_reference, reconcile_if_possible)
        # Then the returns, whose payment may be in the same file.
        returns = returning._debt_recovery_plan_returns()
        for line in returning.filtered(lambda line: line in returns):
            line._debt_recovery_return_payment(returns[line])
        unmatched = returning.filtered(lambda line: line not in returns)
        if unmatched:
            super(AccountBankStatementLine, unmatched)._do_auto_reconcile(reconcile_if_possible)
        return result

    def _debt_recovery_plan_payments(self):
        """{line: (plan, by_reference)}: the plan each incoming line pays, if any.

        By the reference: the line carries one of the payment references of a running plan
        (``_debt_recovery_plans_by_reference``: one search by the references the lines carry,
        whatever the number of plans). Else by the debtor and the amount: the line's partner
        has a running plan whose next instalment is due for exactly the line's amount (only
        the plans of the lines' debtors are read).
        """
        found = {
            line: (plan, True) for line, plan in self._debt_recovery_plans_by_reference().items()
        }
        rest = self.filtered(lambda line: line not in found and line.partner_id)
        if not rest:
            return found
        # sudo: the accountant reconciling may not read the recovery plans (see
        # _debt_recovery_plans_by_reference); the plans only say which invoices are paid.
        plans = (
            self.env["debt.recovery.instalment.plan"]
            .sudo()
            .search(
                [
                    ("state", "=", "active"),
                    ("partner_id", "in", rest.partner_id.commercial_partner_id.ids),
                    ("company_id", "in", rest.company_id.ids),
                ]
            )
        )
        by_debtor = {}
        for plan in plans:
            if plan._debt_recovery_own_reconcile_models().filtered("active"):
                by_debtor.setdefault((plan.partner_id, plan.company_id), []).append(plan)
        for line in rest:
            for plan in by_debtor.get((line.partner_id.commercial_partner_id, line.company_id), []):
                next_instalment = plan._debt_recovery_next_instalment()
                if next_instalment and not plan.currency_id.compare_amounts(
                    next_instalment.amount_residual, line.amount
                ):
                    found[line] = (plan, False)
                    break
        return found

    def _debt_recovery_liquidity_data(self):
        """The bank line's own part of OCA's reconciliation data (``reconcile_data_info``),
        and the next auxiliary id: what every reconciliation this addon builds starts from."""
        self.ensure_one()
        liquidity_lines, _suspense_lines, _other_lines = self._seek_for_lines()
        data = []
        auxiliary = 1
        for line in liquidity_lines:
            auxiliary, lines = self._get_reconcile_line(
                line, "liquidity", reconcile_auxiliary_id=auxiliary, move=True
            )
            data += lines
        return data, auxiliary

    def _debt_recovery_plan_data(self, plan):
        """The reconciliation of this line with the plan's open invoices, as OCA's screen
        holds it (``reconcile_data_info``): the bank line, the invoices' receivable lines
        oldest first up to the line's amount, and what is left (on the debtor's account)."""
        self.ensure_one()
        data, auxiliary = self._debt_recovery_liquidity_data()
        currency = self._get_reconcile_currency()
        receivables = self.env["account.move.line"].browse(
            plan._debt_recovery_open_receivables().ids
        )
        for receivable in receivables:
            pending = currency.round(
                sum(self._get_amount_currency(line, currency) for line in data)
            )
            if currency.compare_amounts(pending, 0) <= 0:
                break
            auxiliary, lines = self._get_reconcile_line(
                receivable, "other", is_counterpart=True, max_amount=pending, move=True
            )
            data += lines
        return self._recompute_suspense_line(data, auxiliary, self.manual_reference)

    def _debt_recovery_pay_plan(self, plan, by_reference, reconcile):
        """Propose the plan's invoices for this line; reconcile it when allowed (see above)."""
        self.ensure_one()
        info = self._debt_recovery_plan_data(plan)
        currency = self._get_reconcile_currency()
        counterparts = sum(
            line["amount"] for line in info["data"] if line.get("counterpart_line_ids")
        )
        paid_in_full = not currency.compare_amounts(-counterparts, self.amount)
        model = plan._debt_recovery_own_reconcile_models()
        if not reconcile:
            self.reconcile_data_info = info
        elif info["can_reconcile"] and paid_in_full and model.trigger == "auto_reconcile":
            self.reconcile_data_info = info
            self.reconcile_bank_line()
        # Otherwise left for the accountant: the screen proposes the plan when he opens it.

    def _debt_recovery_plan_returns(self):
        """{line: reconciled line}: the payment of a plan each outgoing line returns.

        The returned line carries the reference of a plan (running or completed) and its
        amount is the opposite of a line of the same journal paying that plan, reconciled,
        with the same reference.
        """
        found = {}
        by_plan = self._debt_recovery_plans_by_reference(states=("active", "completed"))
        for line, plan in by_plan.items():
            candidates = self.search(
                [
                    ("journal_id", "=", line.journal_id.id),
                    ("is_reconciled", "=", True),
                    ("amount", "=", -line.amount),
                    ("id", "!=", line.id),
                ],
                order="date desc, id desc",
            )
            paid = candidates._debt_recovery_plans_by_reference(states=("active", "completed"))
            text = line._debt_recovery_text().replace(" ", "").upper()
            for candidate in candidates:
                if paid.get(candidate) != plan:
                    continue
                receivables = candidate._debt_recovery_plan_receivables(plan)
                # The same instalment's reference, when the bank repeats it.
                reference_kept = any(
                    inst.payment_reference.replace(" ", "") in text
                    and inst.payment_reference.replace(" ", "")
                    in candidate._debt_recovery_text().replace(" ", "").upper()
                    for inst in plan.instalment_ids
                )
                if receivables and reference_kept:
                    found[line] = candidate
                    break
        return found

    def _debt_recovery_plan_receivables(self, plan):
        """This line's receivable lines reconciled with the plan's invoices."""
        self.ensure_one()
        invoices = plan.invoice_ids
        return self.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
            and (line.matched_debit_ids.debit_move_id.move_id & invoices)
        )

    def _debt_recovery_return_payment(self, original):
        """Undo the reconciliation of ``original`` with the plan's invoices and reconcile this
        returned line with what ``original`` paid: the invoices are owed again."""
        self.ensure_one()
        receivables = original.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and line.matched_debit_ids
        )
        # Odoo's own unreconciliation: the plan follows (account.partial.reconcile.unlink).
        receivables.remove_move_reconcile()
        data, auxiliary = self._debt_recovery_liquidity_data()
        for receivable in receivables:
            auxiliary, lines = self._get_reconcile_line(
                receivable, "other", is_counterpart=True, max_amount=-self.amount, move=True
            )
            data += lines
        info = self._recompute_suspense_line(data, auxiliary, self.manual_reference)
        if info["can_reconcile"]:
            self.reconcile_data_info = info
            self.reconcile_bank_line()
