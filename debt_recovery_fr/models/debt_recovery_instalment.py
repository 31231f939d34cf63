# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.account.tools.structured_reference import format_structured_reference_iso

from ..guard import internal_write, is_internal_write
from .debt_recovery_instalment_plan import check_amount_values

# The agreed schedule: fixed once the plan leaves the draft.
SCHEDULE_FIELDS = frozenset({"amount", "date_due", "sequence", "is_down_payment"})
# Written by the module's own code only: the reference printed on the agreement, the reminder,
# and what the reconciliation computes.
INTERNAL_FIELDS = frozenset(
    {"payment_reference", "reminder_date", "amount_paid", "amount_residual", "state"}
)


class DebtRecoveryInstalment(models.Model):
    """One due date of an instalment plan; what is paid on it comes from the reconciliation."""

    _name = "debt.recovery.instalment"
    _description = "Debt Recovery Instalment"
    _order = "plan_id, date_due, sequence, id"

    _payment_reference_uniq = models.UniqueIndex(
        "(payment_reference) WHERE payment_reference IS NOT NULL",
        "This payment reference is already used by another instalment.",
    )

    plan_id = fields.Many2one(
        "debt.recovery.instalment.plan",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    sequence = fields.Integer(string="No.", required=True, default=1)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="plan_id.partner_id", store=True, string="Debtor")
    currency_id = fields.Many2one(related="plan_id.currency_id")
    plan_state = fields.Selection(related="plan_id.state", string="Plan Status")
    is_down_payment = fields.Boolean(string="Down Payment")
    date_due = fields.Date(string="Due Date", required=True)
    amount = fields.Monetary(required=True)
    amount_paid = fields.Monetary(string="Paid", compute="_compute_paid", store=True)
    amount_residual = fields.Monetary(string="Left to Pay", compute="_compute_paid", store=True)
    state = fields.Selection(
        [("due", "To Pay"), ("partial", "Partially Paid"), ("paid", "Paid")],
        compute="_compute_paid",
        store=True,
        index=True,
    )
    payment_reference = fields.Char(
        readonly=True,
        copy=False,
        help="The structured reference (ISO 11649) the debtor writes on his transfer.",
    )
    reminder_date = fields.Date(readonly=True, copy=False)

    @api.depends(
        "amount",
        "plan_id.amount_paid",
        "plan_id.instalment_ids.amount",
        "plan_id.instalment_ids.date_due",
    )
    def _compute_paid(self):
        """Allocate what the plan received to its instalments in due order.

        A partial payment leaves the instalment partly paid; what is paid beyond an instalment
        goes to the next ones, so an early or large payment closes them in advance.
        """
        for plan in self.plan_id:
            available = plan.amount_paid
            for instalment in plan.instalment_ids.sorted(lambda i: (i.date_due, i.sequence, i.id)):
                paid = min(max(available, 0.0), instalment.amount)
                available -= paid
                instalment.amount_paid = paid
                instalment.amount_residual = instalment.amount - paid
                if instalment.currency_id.is_zero(instalment.amount_residual):
                    instalment.state = "paid"
                elif instalment.currency_id.is_zero(paid):
                    instalment.state = "due"
                else:
                    instalment.state = "partial"
        for instalment in self.filtered(lambda i: not i.plan_id):
            instalment.amount_paid = 0.0
            instalment.amount_residual = instalment.amount
            instalment.state = "due"

    def _debt_recovery_pay_url(self):
        """The portal page of the plan's oldest open invoice, set to pay this instalment online.

        Odoo's own invoice payment (``account_payment``, installed with ``account``) with a
        custom amount, signed as that page requires; False when online payment is not installed.
        """
        self.ensure_one()
        if "payment.provider" not in self.env or self.state == "paid":
            return False
        invoices = self.plan_id.invoice_ids.filtered(
            lambda invoice: invoice.currency_id.compare_amounts(invoice.amount_residual, 0) > 0
        )
        invoice = invoices.sorted(lambda invoice: (invoice.invoice_date_due, invoice.id))[:1]
        if not invoice:
            return False
        # Only when account_payment is installed (checked above); it is not a dependency.
        from odoo.addons.payment import utils as payment_utils

        amount = f"{min(self.amount_residual, invoice.amount_residual):.2f}"
        token = payment_utils.generate_access_token(invoice.id, amount)
        return invoice.get_portal_url(query_string=f"&amount={amount}&payment_token={token}")

    @api.model
    def _reference_stem(self, plan):
        """The part of the payment references shared by a plan's instalments."""
        return f"{plan.id:07d}"

    def _assign_payment_reference(self):
        with internal_write(self):
            for instalment in self:
                instalment.payment_reference = format_structured_reference_iso(
                    f"{self._reference_stem(instalment.plan_id)}{instalment.sequence:03d}"
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_amount_values(self.env, vals, ("amount",))
            if vals.keys() & INTERNAL_FIELDS:
                raise AccessError(
                    self.env._(
                        "The payment reference and the follow-up of an instalment are set by "
                        "the plan itself."
                    )
                )
        plans = self.env["debt.recovery.instalment.plan"].browse(
            {vals["plan_id"] for vals in vals_list if vals.get("plan_id")}
        )
        self._check_plan_draft(plans)
        instalments = super().create(vals_list)
        instalments._assign_payment_reference()
        return instalments

    def write(self, vals):
        if "plan_id" in vals and any(
            instalment.plan_id.id != vals["plan_id"] for instalment in self
        ):
            raise UserError(
                self.env._("An instalment belongs to its plan: it cannot be moved to another.")
            )
        check_amount_values(self.env, vals, ("amount",))
        internal = vals.keys() & INTERNAL_FIELDS
        if internal and not is_internal_write(self):
            raise AccessError(
                self.env._(
                    "The payment reference and the follow-up of an instalment are set by the "
                    "plan itself."
                )
            )
        if SCHEDULE_FIELDS & set(vals):
            self._check_plan_draft(self.plan_id)
        result = super().write(vals)
        if "sequence" in vals:
            self._assign_payment_reference()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft_schedules(self):
        self._check_plan_draft(self.plan_id)

    @api.model
    def _check_plan_draft(self, plans):
        """The schedule of a plan offered to the debtor (or accepted) is fixed."""
        for plan in plans:
            if plan.state != "draft":
                raise UserError(
                    self.env._(
                        "The schedule of %(plan)s is agreed: cancel the plan and propose a new "
                        "one to change it.",
                        plan=plan.name,
                    )
                )
