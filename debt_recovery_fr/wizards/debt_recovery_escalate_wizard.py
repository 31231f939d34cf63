# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..legal.procedures import (
    LITIGATION,
    PAYMENT_ORDER,
    PHASES,
    SIMPLIFIED_PROCEDURE,
    SUMMARY_PROCEEDINGS,
)

# The procedures the wizard offers, each with its button (``can_<code>``, ``action_start_<code>``).
WIZARD_PROCEDURES = (SIMPLIFIED_PROCEDURE, PAYMENT_ORDER, SUMMARY_PROCEEDINGS, LITIGATION)


class DebtRecoveryEscalateWizard(models.TransientModel):
    """From an overdue invoice: the debtor's situation, then the move of its case to a level."""

    _name = "debt.recovery.escalate.wizard"
    _description = "Escalate a Debt Recovery"

    invoice_id = fields.Many2one("account.move", required=True, readonly=True)
    partner_id = fields.Many2one(related="invoice_id.commercial_partner_id", string="Debtor")
    company_id = fields.Many2one(related="invoice_id.company_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    case_id = fields.Many2one("debt.recovery.case", compute="_compute_case_id")
    current_level_id = fields.Many2one(related="case_id.level_id", string="Current Level")
    debtor_type = fields.Selection(related="partner_id.debt_recovery_debtor_type")
    level_id = fields.Many2one(
        "debt.recovery.level",
        string="Move To",
        compute="_compute_level_id",
        store=True,
        readonly=False,
        domain="[('company_id', '=', company_id)]",
    )
    amount_overdue = fields.Monetary(string="Overdue", compute="_compute_claim")
    amount_penalties = fields.Monetary(string="Late Penalties", compute="_compute_claim")
    amount_indemnities = fields.Monetary(string="Recovery Indemnities", compute="_compute_claim")
    amount_costs = fields.Monetary(string="Costs Claimed", compute="_compute_claim")
    amount_total_claimed = fields.Monetary(string="Total Claimed", compute="_compute_claim")
    days_overdue = fields.Integer(compute="_compute_claim")
    amount_warning = fields.Char(compute="_compute_claim")
    procedures_html = fields.Html(
        string="Procedures", compute="_compute_procedures_html", sanitize=False
    )
    history_html = fields.Html(string="History", compute="_compute_history_html", sanitize=False)
    refusal = fields.Text(compute="_compute_refusal")
    can_simplified_procedure = fields.Boolean(compute="_compute_procedures_html")
    can_payment_order = fields.Boolean(compute="_compute_procedures_html")
    can_summary_proceedings = fields.Boolean(compute="_compute_procedures_html")
    can_litigation = fields.Boolean(compute="_compute_procedures_html")

    @api.depends("invoice_id")
    def _compute_case_id(self):
        Case = self.env["debt.recovery.case"]
        for wizard in self:
            wizard.case_id = wizard.invoice_id.debt_recovery_case_id.filtered(
                lambda case: case.state not in ("paid", "written_off")
            ) or Case._debt_recovery_active_case(wizard.partner_id, wizard.company_id)

    @api.depends("case_id")
    def _compute_level_id(self):
        for wizard in self:
            levels = self.env["debt.recovery.level"].search(
                [("company_id", "=", wizard.company_id.id)]
            )
            current = wizard.case_id.level_id
            if current:
                rank = (PHASES.index(current.phase), current.sequence, current.delay_days)
                levels = levels.filtered(
                    lambda level, rank=rank: (
                        (PHASES.index(level.phase), level.sequence, level.delay_days) > rank
                    )
                )
            wizard.level_id = levels[:1]

    @api.depends("invoice_id", "case_id")
    def _compute_claim(self):
        Case = self.env["debt.recovery.case"]
        today = fields.Date.context_today(self)
        for wizard in self:
            # The claim (legal/claim.py) the case states, or the debtor's before any case.
            if wizard.case_id:
                claim, warning = wizard.case_id._debt_recovery_claim_today()
            else:
                claim, warning = Case._debt_recovery_compute_claim(
                    Case._debt_recovery_partner_overdue_invoices(
                        wizard.partner_id, wizard.company_id
                    ),
                    wizard.debtor_type or "b2b",
                    today,
                    opening_date=wizard.partner_id.debt_recovery_collective_judgment_date or None,
                )
            wizard.amount_overdue = float(claim.principal)
            wizard.amount_penalties = float(claim.late_interest)
            wizard.amount_indemnities = float(claim.indemnities)
            wizard.amount_costs = float(claim.costs_claimed)
            wizard.amount_total_claimed = float(claim.total)
            wizard.amount_warning = warning
            oldest = claim.oldest_due_date
            wizard.days_overdue = (today - oldest).days if oldest else 0

    @api.depends("case_id", "amount_overdue")
    def _compute_procedures_html(self):
        phases = dict(
            self.env["debt.recovery.level"]._fields["phase"]._description_selection(self.env)
        )
        for wizard in self:
            for code in WIZARD_PROCEDURES:
                wizard[f"can_{code}"] = False
            if not wizard.case_id:
                wizard.procedures_html = False
                continue
            case = wizard.case_id
            rows = Markup()
            for option in case._debt_recovery_procedure_options():
                # Open for the claim; then what the case still lacks to open it (the checks
                # the procedure's button goes through).
                blockers = []
                if option.allowed and option.code in WIZARD_PROCEDURES:
                    blockers = wizard._disputed_refusals() or (
                        case._debt_recovery_start_procedure_refusals(option.code)
                    )
                    wizard[f"can_{option.code}"] = not blockers
                if not option.allowed:
                    icon = "fa-times text-danger"
                elif blockers:
                    icon = "fa-exclamation-triangle text-warning"
                else:
                    icon = "fa-check text-success"
                reasons = Markup("<br/>").join(
                    [case._debt_recovery_option_message(option), *blockers]
                )
                rows += Markup('<tr><td><i class="fa %s"/> %s</td><td>%s</td></tr>') % (
                    icon,
                    phases[option.code],
                    reasons,
                )
            wizard.procedures_html = Markup('<table class="table table-sm">%s</table>') % rows

    @api.depends("case_id")
    def _compute_history_html(self):
        for wizard in self:
            messages = wizard.case_id.message_ids.filtered(
                lambda m: m.message_type != "user_notification"
            )[:10]
            if not messages:
                wizard.history_html = False
                continue
            items = Markup().join(
                Markup("<li>%s — %s</li>")
                % (
                    fields.Date.to_string(message.date.date()),
                    escape(message.preview or message.subtype_id.name or ""),
                )
                for message in messages
            )
            wizard.history_html = Markup("<ul>%s</ul>") % items

    @api.depends("case_id", "level_id")
    def _compute_refusal(self):
        for wizard in self:
            reasons = []
            if wizard.invoice_id.debt_recovery_disputed:
                reasons.append(wizard._disputed_reason())
            elif wizard.case_id and wizard.level_id:
                reasons = wizard.case_id._debt_recovery_escalation_refusals(wizard.level_id)
            wizard.refusal = "\n".join(f"- {reason}" for reason in reasons) or False

    def _disputed_refusals(self):
        self.ensure_one()
        return [self._disputed_reason()] if self.invoice_id.debt_recovery_disputed else []

    def _disputed_reason(self):
        self.ensure_one()
        return self.env._(
            "The invoice %(invoice)s is disputed (%(reason)s): settle the dispute before "
            "escalating it.",
            invoice=self.invoice_id.name,
            reason=self.invoice_id.debt_recovery_dispute_reason or self.env._("no reason given"),
        )

    def _check_invoice_to_recover(self):
        self.ensure_one()
        if self.invoice_id.debt_recovery_state not in ("overdue", "in_recovery"):
            if self.invoice_id.debt_recovery_disputed:
                raise UserError(self._disputed_reason())
            raise UserError(
                self.env._(
                    "The invoice %(invoice)s is not overdue: there is nothing to recover.",
                    invoice=self.invoice_id.name,
                )
            )

    def action_escalate(self):
        """Put the invoice in its debtor's case and move the case to the chosen level."""
        self.ensure_one()
        if not self.level_id:
            raise UserError(self.env._("Choose the level to move the case to."))
        self._check_invoice_to_recover()
        # A refusal raises inside the savepoint: the case it may have opened is undone with it.
        with self.env.cr.savepoint():
            case = self.env["debt.recovery.case"]._debt_recovery_case_for_partner(
                self.partner_id, self.company_id
            )
            case._recompute_amounts()
            case._move_to_level(self.level_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "debt.recovery.case",
            "res_id": case.id,
            "view_mode": "form",
        }

    def _debt_recovery_start(self, kind):
        """Open the procedure ``kind`` on the invoice's case, through the case's guarded path
        (``_debt_recovery_start_procedure``: its checks, the case to the procedure's level)."""
        self.ensure_one()
        self._check_invoice_to_recover()
        with self.env.cr.savepoint():
            case = self.env["debt.recovery.case"]._debt_recovery_case_for_partner(
                self.partner_id, self.company_id
            )
            case._recompute_amounts()
            escalation = case._debt_recovery_start_procedure(kind)
        return {
            "type": "ir.actions.act_window",
            "res_model": "debt.recovery.escalation",
            "res_id": escalation.id,
            "view_mode": "form",
        }

    def action_start_simplified_procedure(self):
        return self._debt_recovery_start(SIMPLIFIED_PROCEDURE)

    def action_start_payment_order(self):
        return self._debt_recovery_start(PAYMENT_ORDER)

    def action_start_summary_proceedings(self):
        return self._debt_recovery_start(SUMMARY_PROCEEDINGS)

    def action_start_litigation(self):
        return self._debt_recovery_start(LITIGATION)
