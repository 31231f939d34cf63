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

    def _debt_recovery_map_plan_partner(self):
        """Give the debtor to the new lines that carry a running plan's payment reference.

        Each active plan has a partner-mapping reconciliation model (its references' regular
        expression, the debtor). Enterprise's bank reconciliation applies such models; OCA's
        ``account_reconcile_oca`` applies only the models it may propose, never a partner
        mapping: so the module applies its plans' own models here, whatever the screen. A
        line matching the references of two plans is left alone.
        """
        todo = self.filtered(lambda line: not line.partner_id and not line.is_reconciled)
        if not todo:
            return
        # sudo: whoever imports the bank statement may not read the recovery plans; only the
        # plans' own models (``_debt_recovery_own_reconcile_models``) are used, to find a debtor.
        plans = (
            self.env["debt.recovery.instalment.plan"]
            .sudo()
            .search([("state", "=", "active"), ("company_id", "in", todo.company_id.ids)])
        )
        mappings = [
            (plan.company_id, re.compile(model.match_label_param, re.IGNORECASE), plan.partner_id)
            for plan in plans
            for model in plan._debt_recovery_own_reconcile_models()
            if model.active and model.match_label == "match_regex" and model.match_label_param
        ]
        for line in todo:
            text = "\n".join(
                str(value)
                for value in (line.payment_ref, line.narration, line.transaction_details)
                if value
            )
            partners = {
                partner
                for company, pattern, partner in mappings
                if company == line.company_id and pattern.search(text)
            }
            if len(partners) == 1:
                line.partner_id = partners.pop()
