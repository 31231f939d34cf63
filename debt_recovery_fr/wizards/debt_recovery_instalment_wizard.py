# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..legal.errors import LegalError
from ..legal.instalments import (
    MAX_INSTALMENTS,
    check_amicable_plan_duration,
    check_instalment_count,
    check_plan_dates,
    needs_consumer_credit_review,
)
from ..models.debt_recovery_instalment_plan import check_amount_values
from ..utils import legal_error_message


class DebtRecoveryInstalmentWizard(models.TransientModel):
    """Propose an instalment plan on a case: the schedule is split by legal/instalments.py."""

    _name = "debt.recovery.instalment.wizard"
    _description = "Propose an Instalment Plan"

    case_id = fields.Many2one("debt.recovery.case", required=True, readonly=True)
    currency_id = fields.Many2one(related="case_id.currency_id")
    amount_invoices = fields.Monetary(
        string="Overdue Invoices", compute="_compute_amount_total", help="What they owe today."
    )
    include_penalties = fields.Boolean(
        string="Include Penalties, Indemnities and Costs",
        help="Add the late penalties or interest, the recovery indemnities and the costs claimed "
        "today to the plan, so that it settles the whole claim; they are invoiced when the plan "
        "starts.",
    )
    amount_extra = fields.Monetary(
        string="Penalties, Indemnities and Costs", compute="_compute_amount_total"
    )
    amount_total = fields.Monetary(string="Plan Amount", compute="_compute_amount_total")
    down_payment = fields.Monetary(help="Paid first, on the plan date.")
    count = fields.Integer(string="Number of Instalments", required=True, default=3)
    frequency = fields.Selection(
        [
            ("weekly", "Weekly"),
            ("biweekly", "Every Two Weeks"),
            ("monthly", "Monthly"),
            ("quarterly", "Quarterly"),
        ],
        required=True,
        default="monthly",
    )
    date_start = fields.Date(string="Plan Date", required=True, default=fields.Date.context_today)
    first_date = fields.Date(
        string="First Instalment",
        required=True,
        default=lambda self: fields.Date.context_today(self) + relativedelta(months=1),
    )
    warning = fields.Char(compute="_compute_warning")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_amount_values(self.env, vals, ("down_payment",))
        return super().create(vals_list)

    def write(self, vals):
        check_amount_values(self.env, vals, ("down_payment",))
        return super().write(vals)

    @api.depends("case_id", "include_penalties")
    def _compute_amount_total(self):
        for wizard in self:
            case = wizard.case_id
            # The case's claim (legal/claim.py): its principal, and the rest of its total.
            wizard.amount_invoices = sum(case.overdue_invoice_ids.mapped("amount_residual"))
            wizard.amount_extra = (
                case.amount_total_claimed - case.amount_overdue if wizard.include_penalties else 0
            )
            wizard.amount_total = wizard.amount_invoices + wizard.amount_extra

    @api.depends("case_id", "count", "frequency", "first_date", "date_start", "include_penalties")
    def _compute_warning(self):
        for wizard in self:
            wizard.warning = False
            if not (wizard.case_id and 0 < wizard.count <= MAX_INSTALMENTS and wizard.first_date):
                continue
            if wizard.first_date.year > fields.Date.context_today(wizard).year + 10:
                continue  # Refused when the plan is made; no date computed that far.
            last = wizard.first_date + relativedelta(
                **{
                    "weekly": {"weeks": wizard.count - 1},
                    "biweekly": {"weeks": 2 * (wizard.count - 1)},
                    "monthly": {"months": wizard.count - 1},
                    "quarterly": {"months": 3 * (wizard.count - 1)},
                }[wizard.frequency]
            )
            # L312-4 C. conso.: beyond 3 months, or with fees, a B2C plan may be a consumer credit.
            if needs_consumer_credit_review(
                wizard.case_id.debtor_type or "b2b",
                wizard.date_start or wizard.first_date,
                last,
                has_fees_or_interest=wizard.include_penalties,
            ):
                wizard.warning = self.env._(
                    "This consumer plan runs over 3 months or carries fees: it may fall under "
                    "the consumer-credit rules (art. L312-4 C. conso.). Check it before "
                    "proposing it."
                )

    def _schedule_values(self):
        """The instalments of the plan, down payment first; refuses an unlawful schedule."""
        self.ensure_one()
        currency = self.currency_id
        if currency.compare_amounts(self.amount_total, 0) <= 0:
            raise UserError(
                self.env._(
                    "%(debtor)s owes nothing overdue: there is nothing to spread.",
                    debtor=self.case_id.partner_id.name,
                )
            )
        # Plain comparisons first: a currency cannot round an absurd amount (1e308 overflows).
        if not (
            math.isfinite(self.down_payment) and 0 <= self.down_payment < self.amount_total
        ) or (
            currency.compare_amounts(self.down_payment, 0) < 0
            or currency.compare_amounts(self.down_payment, self.amount_total) >= 0
        ):
            raise UserError(
                self.env._(
                    "The down payment cannot be negative and must be less than the plan amount."
                )
            )
        if self.first_date < self.date_start:
            raise UserError(self.env._("The first instalment cannot precede the plan date."))
        today = fields.Date.context_today(self)
        try:
            # Before any due date is computed (the plan checks its dates again once made).
            check_instalment_count(self.count)
            check_plan_dates(self.date_start, max(self.date_start, today), today)
            check_amicable_plan_duration(self.date_start, self.first_date)
        except LegalError as error:
            raise UserError(legal_error_message(self.env, error)) from error
        Plan = self.env["debt.recovery.instalment.plan"]
        rest = currency.round(self.amount_total - self.down_payment)
        schedule = Plan._debt_recovery_schedule_amounts(
            rest, self.count, self.first_date, self.frequency, self.date_start
        )
        try:
            check_amicable_plan_duration(self.date_start, schedule[-1].date)
        except LegalError as error:
            raise UserError(legal_error_message(self.env, error)) from error
        values = []
        if currency.compare_amounts(self.down_payment, 0) > 0:
            values.append(
                {
                    "sequence": 0,
                    "date_due": self.date_start,
                    "amount": self.down_payment,
                    "is_down_payment": True,
                }
            )
        values += [
            {"sequence": line.sequence, "date_due": line.date, "amount": float(line.amount)}
            for line in schedule
        ]
        return values

    def action_create_plan(self):
        self.ensure_one()
        case = self.case_id
        if case.state not in ("open", "paused"):
            raise UserError(
                self.env._("A plan can be proposed only on an open case without a running plan.")
            )
        instalments = self._schedule_values()
        invoices = case.overdue_invoice_ids
        plan = self.env["debt.recovery.instalment.plan"].create(
            {
                "case_id": case.id,
                "date_start": self.date_start,
                "invoice_ids": [Command.set(invoices.ids)],
                "amount_invoices": self.amount_invoices,
                "amount_extra": self.amount_extra,
                "amount_baseline": sum(invoices.mapped("amount_residual")),
                # A new agreement on a case whose plan runs replaces that plan once accepted.
                "replaces_id": case.active_plan_id.id,
                "instalment_ids": [Command.create(vals) for vals in instalments],
            }
        )
        plan._check_schedule()
        return {
            "type": "ir.actions.act_window",
            "res_model": plan._name,
            "res_id": plan.id,
            "view_mode": "form",
        }
