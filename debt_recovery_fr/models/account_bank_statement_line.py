# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, models


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._debt_recovery_map_plan_partner()
        return lines

    def _debt_recovery_text(self):
        """What the bank wrote on the line: label, reference, note, transaction details."""
        self.ensure_one()
        return "\n".join(
            str(value)
            for value in (self.payment_ref, self.ref, self.narration, self.transaction_details)
            if value
        )

    def _debt_recovery_plans_by_reference(self, states=("active",)):
        """{line: plan} for the lines that carry a payment reference of one plan in ``states``.

        Each plan's reconciliation model holds the regular expression of its references
        (``match_label_param``); only an active model matches a running plan. A line whose
        text matches the references of two plans is left out.
        """
        if not self:
            return {}
        # sudo: whoever imports the bank statement may not read the recovery plans; only the
        # plans' own models (``_debt_recovery_own_reconcile_models``) are used, to find a plan.
        plans = (
            self.env["debt.recovery.instalment.plan"]
            .sudo()
            .search([("state", "in", list(states)), ("company_id", "in", self.company_id.ids)])
        )
        patterns = [
            (plan, re.compile(model.match_label_param, re.IGNORECASE))
            for plan in plans
            for model in plan._debt_recovery_own_reconcile_models()
            if (model.active or plan.state != "active")
            and model.match_label == "match_regex"
            and model.match_label_param
        ]
        found = {}
        for line in self:
            text = line._debt_recovery_text()
            matches = {
                plan
                for plan, pattern in patterns
                if plan.company_id == line.company_id and pattern.search(text)
            }
            if len(matches) == 1:
                found[line] = matches.pop()
        return found

    def _debt_recovery_map_plan_partner(self):
        """Give the debtor to the new lines that carry a running plan's payment reference.

        Each active plan has a partner-mapping reconciliation model (its references' regular
        expression, the debtor). Enterprise's bank reconciliation applies such models; OCA's
        ``account_reconcile_oca`` applies only the models it may propose, never a partner
        mapping: so the module applies its plans' own models here, whatever the screen. A
        line matching the references of two plans is left alone.
        """
        todo = self.filtered(lambda line: not line.partner_id and not line.is_reconciled)
        for line, plan in todo._debt_recovery_plans_by_reference().items():
            line.partner_id = plan.partner_id
