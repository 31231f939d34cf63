# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, models

from odoo.addons.account.tools.structured_reference import format_structured_reference_iso

# Where a creditor reference (ISO 11649) begins in a bank's text: "RF", the two check digits,
# then up to 21 letters or digits, which banks print in groups or not (at most one space
# between two characters, as the plans' reconciliation models read them). A lookahead, so that
# a reference is found even inside the characters taken for a reference before it.
RF_REFERENCE = re.compile(r"(?=RF\d\d((?:\s?[0-9A-Z]){1,21}))", re.IGNORECASE)


def payment_references_in(text):
    """The instalment references a bank's text may carry, as the plans print them.

    Each creditor reference found, with the text that follows it cut after each of its
    characters (where the reference ends is not written), its check digits computed again (a
    bank or a debtor may have mistyped them), formatted as ``format_structured_reference_iso``
    formats an instalment's ``payment_reference``.
    """
    references = set()
    for match in RF_REFERENCE.finditer(text or ""):
        body = re.sub(r"\s", "", match.group(1)).upper()
        references.update(
            format_structured_reference_iso(body[:end]) for end in range(1, len(body) + 1)
        )
    return references


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

        The creditor references written on the lines (``payment_references_in``) name the
        instalments, hence the plans, in one search whatever the number of plans. A plan
        found must still match as its reconciliation model says: the regular expression of
        its references (``match_label_param``), the model active while the plan runs. A line
        whose text matches the references of two plans is left out.
        """
        if not self:
            return {}
        texts = {line: line._debt_recovery_text() for line in self}
        candidates = {line: payment_references_in(text) for line, text in texts.items()}
        references = set().union(*candidates.values())
        if not references:
            return {}
        # sudo: whoever imports the bank statement may not read the recovery plans; only the
        # plans' own models (``_debt_recovery_own_reconcile_models``) are used, to find a plan.
        instalments = (
            self.env["debt.recovery.instalment"]
            .sudo()
            .search(
                [
                    ("payment_reference", "in", sorted(references)),
                    ("plan_id.state", "in", list(states)),
                    ("company_id", "in", self.company_id.ids),
                ]
            )
        )
        plans_by_reference = {inst.payment_reference: inst.plan_id for inst in instalments}
        patterns = {}
        for plan in instalments.plan_id:
            patterns[plan] = [
                re.compile(model.match_label_param, re.IGNORECASE)
                for model in plan._debt_recovery_own_reconcile_models()
                if (model.active or plan.state != "active")
                and model.match_label == "match_regex"
                and model.match_label_param
            ]
        found = {}
        for line, text in texts.items():
            matches = {
                plans_by_reference[reference]
                for reference in candidates[line]
                if reference in plans_by_reference
            }
            matches = {
                plan
                for plan in matches
                if plan.company_id == line.company_id
                and any(pattern.search(text) for pattern in patterns[plan])
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
