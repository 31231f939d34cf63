# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
import re
from datetime import timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_amount, format_date

from ..guard import internal_write, is_internal_write
from ..legal.amount_words import amount_to_words_fr
from ..legal.errors import LegalError
from ..legal.instalments import (
    acceleration_allowed,
    acceleration_terms,
    amicable_plan_notices,
    check_amicable_plan_duration,
    check_instalment_count,
    check_plan_dates,
    split_instalments,
)
from ..legal.letters import acceleration_clause_fr, date_fr, days_in_words_fr
from ..utils import legal_error_message, legal_message
from .debt_recovery_case_letter import LETTER_LANG

# The states in which the schedule is a commitment of the debtor and cannot be edited.
COMMITTED_STATES = ("proposed", "active", "completed", "broken")

# What the plan's own methods write, never a client (whatever his rights): the acceptance, the
# state and what is computed or recorded when it changes.
INTERNAL_FIELDS = frozenset(
    {
        "name",
        "case_id",
        "state",
        "invoice_ids",
        "penalty_invoice_id",
        "amount_invoices",
        "amount_extra",
        "amount_total",
        "amount_baseline",
        "amount_paid",
        "amount_residual",
        "date_end",
        "level_id",
        "accepted_date",
        "accepted_ip",
        "accepted_by_id",
        "accepted_user_id",
        "cancel_reason",
        "cancel_user_id",
        "cancel_date",
        "notice_date",
        "broken_date",
        "reconcile_model_id",
        "replaces_id",
    }
)
# Given once, when the plan is created, and checked against the case then.
CREATE_FIELDS = frozenset(
    {"name", "case_id", "invoice_ids", "amount_invoices", "amount_extra", "amount_baseline"}
    | {"replaces_id"}
)
# The moves of a plan's life; ``_change_state`` refuses any other.
TRANSITIONS = {
    "draft": ("proposed", "cancelled"),
    "proposed": ("draft", "active", "cancelled"),
    "active": ("completed", "broken", "cancelled"),
    "completed": ("active",),
    "broken": (),
    "cancelled": ("draft",),
}
# Beyond this, an amount is not a debt but a typing error (and floats lose the cents).
MAX_AMOUNT = 1e12


def check_amount_values(env, vals, names):
    """Refuse absurd amounts in ``vals`` before the ORM rounds them (1e308 overflows there)."""
    amounts = [vals[name] for name in names if isinstance(vals.get(name), (int, float))]
    if not _sane_amounts(*amounts):
        raise ValidationError(
            env._(
                "%(amount)s is not an amount this debt can have.",
                amount=next(a for a in amounts if not _sane_amounts(a)),
            )
        )


class DebtRecoveryInstalmentPlan(models.Model):
    """An échéancier: the debtor pays the claim of a case in instalments.

    What is paid is never typed: it is read from Odoo's reconciliation of the plan's invoices
    (``account.partial.reconcile``, whatever created it: a payment registered on an invoice or a
    bank statement line reconciled in a reconciliation screen), then allocated to the instalments
    in due order.
    """

    _name = "debt.recovery.instalment.plan"
    _description = "Debt Recovery Instalment Plan"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    # A case has one running plan at a time.
    _case_active_uniq = models.UniqueIndex(
        "(case_id) WHERE (state = 'active')",
        "This recovery case already has an active instalment plan.",
    )

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    case_id = fields.Many2one(
        "debt.recovery.case",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        readonly=True,
    )
    partner_id = fields.Many2one(
        related="case_id.partner_id", store=True, index=True, string="Debtor"
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("proposed", "Proposed"),
            ("active", "Active"),
            ("completed", "Completed"),
            ("broken", "Broken"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        tracking=True,
        index=True,
        copy=False,
    )
    invoice_ids = fields.Many2many(
        "account.move",
        "debt_recovery_instalment_plan_invoice_rel",
        "plan_id",
        "invoice_id",
        string="Invoices",
        check_company=True,
        readonly=True,
        help="The invoices the plan settles: what is reconciled with them pays the instalments.",
    )
    penalty_invoice_id = fields.Many2one(
        "account.move",
        string="Penalties Invoice",
        readonly=True,
        copy=False,
        check_company=True,
        help="The invoice of the late penalties and recovery indemnities included in the plan, "
        "issued when the plan starts so that their payment is reconciled like the rest.",
    )
    amount_invoices = fields.Monetary(
        string="Invoices Due", readonly=True, help="What the invoices still owed when proposed."
    )
    amount_extra = fields.Monetary(
        string="Penalties, Indemnities and Costs",
        readonly=True,
        help="What the claim adds to the invoices and the plan includes: late penalties or "
        "interest, recovery indemnities, costs claimed.",
    )
    amount_total = fields.Monetary(
        string="Plan Amount", compute="_compute_amount_total", store=True
    )
    amount_baseline = fields.Monetary(
        readonly=True,
        copy=False,
        help="What the plan's invoices owed when they were put in the plan: what has been "
        "reconciled with them since is what the debtor paid.",
    )
    amount_paid = fields.Monetary(
        string="Paid", compute="_compute_amount_paid", store=True, tracking=True
    )
    amount_residual = fields.Monetary(
        string="Left to Pay", compute="_compute_amount_paid", store=True
    )
    instalment_ids = fields.One2many(
        "debt.recovery.instalment", "plan_id", string="Instalments", copy=False
    )
    instalment_count = fields.Integer(compute="_compute_instalment_count")
    date_start = fields.Date(
        string="Plan Date",
        required=True,
        default=fields.Date.context_today,
        help="The date the plan is agreed: the 24-month limit runs from it.",
    )
    date_end = fields.Date(string="Last Instalment", compute="_compute_date_end", store=True)
    duration_warning = fields.Char(
        compute="_compute_duration_warning",
        help="An agreement over 24 months is allowed, but a judge could not grant so long.",
    )
    level_id = fields.Many2one(
        "debt.recovery.level",
        string="Level at Start",
        readonly=True,
        copy=False,
        help="The level of the case when the plan started: the case resumes there if the plan "
        "is broken.",
    )
    accepted_date = fields.Datetime(readonly=True, copy=False)
    accepted_ip = fields.Char(string="Accepted from IP", readonly=True, copy=False)
    accepted_by_id = fields.Many2one("res.partner", string="Accepted by", readonly=True, copy=False)
    accepted_user_id = fields.Many2one(
        "res.users",
        string="Paper Acceptance Recorded by",
        readonly=True,
        copy=False,
        help="Who recorded the agreement the debtor signed on paper; empty when the debtor "
        "accepted on his portal page.",
    )
    cancel_reason = fields.Text(readonly=True, copy=False)
    cancel_user_id = fields.Many2one("res.users", string="Cancelled By", readonly=True, copy=False)
    cancel_date = fields.Datetime(string="Cancelled On", readonly=True, copy=False)
    notice_date = fields.Date(
        readonly=True,
        copy=False,
        help="The day the debtor was reminded of a late instalment: the cure period before the "
        "whole balance becomes due runs from it.",
    )
    broken_date = fields.Date(readonly=True, copy=False)
    cure_days = fields.Integer(
        compute="_compute_cure_days",
        help="Days the debtor has, after the reminder of a late instalment, before the plan is "
        "broken.",
    )
    reconcile_model_id = fields.Many2one(
        "account.reconcile.model",
        readonly=True,
        copy=False,
        check_company=True,
        help="Maps the bank statement lines bearing this plan's payment references to the debtor.",
    )
    replaces_id = fields.Many2one(
        "debt.recovery.instalment.plan",
        readonly=True,
        copy=False,
        check_company=True,
        help="The running plan this new agreement replaces once the debtor accepts it.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            forbidden = (vals.keys() & INTERNAL_FIELDS) - CREATE_FIELDS
            if forbidden or vals.get("state", "draft") != "draft":
                raise AccessError(
                    self.env._(
                        "An instalment plan is created as a draft: its state, acceptance and "
                        "bookkeeping (%(fields)s) are written by the plan itself.",
                        fields=", ".join(sorted(forbidden | ({"state"} & vals.keys()))),
                    )
                )
            check_amount_values(
                self.env, vals, ("amount_invoices", "amount_extra", "amount_baseline")
            )
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "debt.recovery.instalment.plan"
                ) or self.env._("New")
        plans = super().create(vals_list)
        plans._check_new_plan()
        return plans

    def write(self, vals):
        internal = vals.keys() & INTERNAL_FIELDS
        if internal and not is_internal_write(self):
            raise AccessError(
                self.env._(
                    "The plan itself writes these fields of an instalment plan (proposal, the "
                    "debtor's acceptance, payments); they cannot be edited: %(fields)s.",
                    fields=", ".join(self._fields[name].string for name in sorted(internal)),
                )
            )
        if "date_start" in vals and not is_internal_write(self):
            for plan in self:
                if plan.state != "draft":
                    raise UserError(
                        self.env._(
                            "The schedule of %(plan)s is agreed: cancel the plan and propose a "
                            "new one to change it.",
                            plan=plan.name,
                        )
                    )
        result = super().write(vals)
        if "date_start" in vals:
            self._check_plan_dates()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        for plan in self:
            if plan.state != "draft" or plan.accepted_date:
                raise UserError(
                    self.env._(
                        "The plan %(plan)s was offered to the debtor: it is part of the case's "
                        "history and cannot be deleted (cancel it instead).",
                        plan=plan.name,
                    )
                )

    def _check_new_plan(self):
        """A new plan settles what its case owes: its invoices, their residual, its extras."""
        for plan in self:
            case = plan.case_id
            currency = plan.currency_id
            if case.state not in ("open", "paused"):
                raise UserError(
                    self.env._(
                        "A plan can be proposed only on an open case without a running plan."
                    )
                )
            if not plan.invoice_ids or plan.invoice_ids - case.invoice_ids:
                raise ValidationError(
                    self.env._(
                        "The plan %(plan)s must settle invoices of the case of %(debtor)s.",
                        plan=plan.name,
                        debtor=case.partner_id.name,
                    )
                )
            owed = currency.round(sum(plan.invoice_ids.mapped("amount_residual")))
            # What the claim adds to the principal (legal/claim.py): penalties or interest,
            # indemnities and the costs claimed.
            extra_due = case.amount_total_claimed - case.amount_overdue
            if not _sane_amounts(plan.amount_invoices, plan.amount_extra, plan.amount_baseline) or (
                currency.compare_amounts(plan.amount_invoices, owed)
                or currency.compare_amounts(plan.amount_baseline, owed)
                or currency.compare_amounts(plan.amount_extra, 0) < 0
                or currency.compare_amounts(plan.amount_extra, extra_due) > 0
            ):
                raise ValidationError(
                    self.env._(
                        "The plan %(plan)s must settle what %(debtor)s owes on its invoices, "
                        "%(owed)s, plus at most the penalties and indemnities due, %(extra)s.",
                        plan=plan.name,
                        debtor=case.partner_id.name,
                        owed=plan._format_amount(owed),
                        extra=plan._format_amount(extra_due),
                    )
                )
            if plan.replaces_id and plan.replaces_id != case.active_plan_id:
                raise ValidationError(
                    self.env._("A new plan can replace only the running plan of its case.")
                )
            if case.active_plan_id and not plan.replaces_id:
                raise ValidationError(
                    self.env._(
                        "The case of %(debtor)s has a running plan: the new one replaces it.",
                        debtor=case.partner_id.name,
                    )
                )
        self._check_plan_dates()

    def _check_plan_dates(self):
        """A plan spreads what is owed from today on (legal/instalments.py)."""
        today = fields.Date.context_today(self)
        for plan in self:
            try:
                check_plan_dates(plan.date_start, plan.date_end or plan.date_start, today)
            except LegalError as error:
                raise ValidationError(legal_error_message(self.env, error)) from error

    @api.depends("amount_invoices", "amount_extra")
    def _compute_amount_total(self):
        for plan in self:
            plan.amount_total = plan.amount_invoices + plan.amount_extra

    @api.depends("instalment_ids")
    def _compute_instalment_count(self):
        for plan in self:
            plan.instalment_count = len(plan.instalment_ids)

    @api.depends("instalment_ids.date_due")
    def _compute_date_end(self):
        for plan in self:
            plan.date_end = max(plan.instalment_ids.mapped("date_due"), default=False)

    @api.depends("date_start", "date_end")
    def _compute_duration_warning(self):
        for plan in self:
            notices = (
                amicable_plan_notices(plan.date_start, plan.date_end)
                if plan.date_start and plan.date_end
                else ()
            )
            plan.duration_warning = (
                " ".join(
                    legal_message(self.env, notice.template, notice.params) for notice in notices
                )
                or False
            )

    @api.depends("amount_baseline", "amount_total", "invoice_ids.amount_residual", "state")
    def _compute_amount_paid(self):
        """What was reconciled with the plan's invoices since they were put in the plan.

        ``amount_residual`` of an invoice is Odoo's own sum of its ``account.partial.reconcile``
        records: depending on it recomputes the plan, hence its instalments, whenever a payment
        or a bank statement line is reconciled with (or unreconciled from) an invoice.
        """
        for plan in self:
            if plan.state in ("draft", "cancelled"):
                paid = 0.0
            else:
                residual = sum(plan.invoice_ids.mapped("amount_residual"))
                paid = plan.currency_id.round(max(plan.amount_baseline - residual, 0.0))
            plan.amount_paid = paid
            plan.amount_residual = max(plan.amount_total - paid, 0.0)

    def _compute_access_url(self):
        # The debtor follows his plan on his case's page.
        for plan in self:
            plan.access_url = f"/my/recovery/{plan.case_id.id}"

    # ------------------------------------------------------------------------------------------
    # The schedule
    # ------------------------------------------------------------------------------------------
    def _check_schedule(self):
        """Refuse a schedule that does not sum exactly to the plan or runs over 24 months."""
        for plan in self:
            if not plan.instalment_ids:
                raise ValidationError(
                    self.env._("The plan %(plan)s has no instalment.", plan=plan.name)
                )
            amounts = plan.instalment_ids.mapped("amount")
            try:
                check_instalment_count(len(amounts))
            except LegalError as error:
                raise ValidationError(legal_error_message(self.env, error)) from error
            if not _sane_amounts(*amounts) or any(amount > plan.amount_total for amount in amounts):
                raise ValidationError(
                    self.env._(
                        "Every instalment of %(plan)s must be at most the plan amount %(total)s.",
                        plan=plan.name,
                        total=plan.amount_total,
                    )
                )
            total = sum(amounts)
            if plan.currency_id.compare_amounts(total, plan.amount_total) != 0:
                raise ValidationError(
                    self.env._(
                        "The instalments of %(plan)s add up to %(sum)s, not to the plan amount "
                        "%(total)s.",
                        plan=plan.name,
                        sum=total,
                        total=plan.amount_total,
                    )
                )
            if any(
                plan.currency_id.compare_amounts(amount, 0) <= 0
                for amount in plan.instalment_ids.mapped("amount")
            ):
                raise ValidationError(
                    self.env._("Every instalment of %(plan)s must be positive.", plan=plan.name)
                )
            if min(plan.instalment_ids.mapped("date_due")) < plan.date_start:
                raise ValidationError(
                    self.env._(
                        "An instalment of %(plan)s falls before the plan date %(date)s.",
                        plan=plan.name,
                        date=plan.date_start,
                    )
                )
            try:
                check_amicable_plan_duration(plan.date_start, plan.date_end)
            except LegalError as error:
                raise ValidationError(legal_error_message(self.env, error)) from error

    @api.constrains("state")
    def _constrains_schedule(self):
        self.filtered(lambda plan: plan.state in ("proposed", "active"))._check_schedule()

    # ------------------------------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------------------------------
    def _change_state(self, state, reason=None, vals=None):
        """The one way a plan changes state: checks the move, writes it, says why.

        ``vals`` are the internal fields recorded with the move (acceptance, dates...). The
        callers act on the case around it.
        """
        labels = dict(self._fields["state"]._description_selection(self.env))
        for plan in self:
            if state not in TRANSITIONS[plan.state]:
                raise UserError(
                    self.env._(
                        "The plan %(plan)s cannot go from %(from)s to %(to)s.",
                        plan=plan.name,
                        **{"from": labels[plan.state], "to": labels[state]},
                    )
                )
        with internal_write(self):
            self.write({"state": state, **(vals or {})})
        if reason:
            for plan in self:
                plan.message_post(body=reason)
        return True

    def action_propose(self):
        """Offer the plan to the debtor: he accepts it on the portal (or on paper)."""
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("Only a draft plan can be proposed."))
        self._check_schedule()
        self._check_plan_dates()
        self._change_state("proposed")
        self._portal_ensure_token()
        for plan in self:
            sent = plan._debt_recovery_send_proposal()
            plan.case_id.message_post(
                body=self.env._(
                    "Instalment plan %(plan)s proposed to the debtor: %(amount)s in %(count)s "
                    "instalments.",
                    plan=plan.name,
                    amount=plan._format_amount(plan.amount_total),
                    count=plan.instalment_count,
                )
                + " "
                + (
                    self.env._(
                        "The agreement and the link to accept it online were e-mailed to "
                        "%(email)s.",
                        email=plan.partner_id.email,
                    )
                    if sent
                    else self.env._(
                        "%(debtor)s has no e-mail address: send him the agreement by post.",
                        debtor=plan.partner_id.name,
                    )
                )
            )
        return True

    def _debt_recovery_send_proposal(self):
        """E-mail the offer to the debtor: the agreement (PDF) to sign, and the link of his
        page where he accepts it online, from the case's responsible. The mail queue sends it.
        Returns the mail, or nothing when the debtor has no e-mail address."""
        self.ensure_one()
        case = self.case_id
        sender = case._debt_recovery_responsible()
        if not sender:
            raise UserError(
                self.env._(
                    "Choose the responsible of the case of %(debtor)s, or the recovery officer "
                    "of %(company)s: the offer is e-mailed in his name.",
                    debtor=case.partner_id.name,
                    company=case.company_id.name,
                )
            )
        if not self.partner_id.email:
            return self.env["mail.mail"]
        # The link of the e-mail opens the page without login (the case's token).
        case._portal_ensure_token()
        agreement = self._debt_recovery_attach_agreement(proposal=True)
        template = self.env.ref("debt_recovery_fr.mail_template_instalment_proposal")
        return template.send_mail_batch(
            self.ids,
            force_send=False,
            email_values={
                "author_id": sender.partner_id.id,
                "attachment_ids": [Command.link(attachment.id) for attachment in agreement],
            },
        )

    def action_accept(self):
        """The debtor's agreement was received signed on paper: start the plan.

        The same acceptance as the portal's, with its checks, recorded in the name of the user
        who records it (``accepted_user_id``, and a line in the plan's history).
        """
        self.ensure_one()
        return self._debt_recovery_accept(self.partner_id, False, recorded_by=self.env.user)

    def _debt_recovery_accept(self, partner, ip_address, recorded_by=None):
        """Record the debtor's acceptance (date, who, from which IP) and start the plan.

        ``recorded_by``: the user who records an agreement signed on paper (none on the
        portal, where the debtor accepts himself).

        Everything is checked before anything is written: a refused acceptance leaves the offer
        as it was. The portal calls it in a savepoint, so nothing written by a later failure
        stays either.
        """
        for plan in self:
            if plan.state != "proposed":
                raise UserError(
                    self.env._("The plan %(plan)s is not awaiting acceptance.", plan=plan.name)
                )
            if partner.commercial_partner_id != plan.partner_id:
                raise UserError(
                    self.env._(
                        "Only the debtor %(debtor)s, or one of his contacts, accepts the plan "
                        "%(plan)s.",
                        debtor=plan.partner_id.name,
                        plan=plan.name,
                    )
                )
        self._debt_recovery_check_startable()
        self._debt_recovery_activate(
            {
                "accepted_date": fields.Datetime.now(),
                "accepted_ip": ip_address or False,
                "accepted_by_id": partner.id,
                "accepted_user_id": recorded_by.id if recorded_by else False,
            }
        )
        if recorded_by:
            for plan in self:
                plan.message_post(
                    body=self.env._(
                        "Agreement signed on paper by %(debtor)s, recorded by %(user)s.",
                        debtor=partner.name,
                        user=recorded_by.name,
                    )
                )
        self._debt_recovery_attach_agreement()
        if not recorded_by:
            self._debt_recovery_notify_accepted(partner)
        return True

    def _debt_recovery_notify_accepted(self, partner):
        """The debtor accepted these plans on his page: the responsible of each case gets a
        to-do, in his language (the acceptance is nobody's action in the back-office)."""
        activities = []
        for plan in self:
            case = plan.case_id
            responsible = case._debt_recovery_responsible()
            if not responsible:
                continue
            env = plan.with_context(lang=responsible.lang).env
            first = plan.instalment_ids.sorted(lambda line: (line.date_due, line.id))[:1]
            activities.append(
                case._debt_recovery_activity_values(
                    "mail.mail_activity_data_todo",
                    responsible,
                    env._("Instalment plan %(plan)s accepted", plan=plan.name),
                    env._(
                        "%(partner)s accepted the instalment plan %(plan)s on the portal: the "
                        "recovery is paused and its planned steps are cancelled. Follow the "
                        "payments; the first instalment, %(amount)s, is due on %(date)s.",
                        partner=partner.name,
                        plan=plan.name,
                        amount=format_amount(env, first.amount, plan.currency_id),
                        date=format_date(env, first.date_due),
                    ),
                )
            )
        # In the responsible's to-dos, without an "assigned to you" e-mail sent as the system.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(activities)

    def _debt_recovery_check_startable(self):
        """Refuse to start a plan whose schedule or case no longer allows it; writes nothing."""
        self._check_schedule()
        self._check_plan_dates()
        for plan in self:
            case = plan.case_id
            if case.state not in ("open", "paused"):
                raise UserError(
                    self.env._(
                        "The case of %(debtor)s is %(state)s: a plan can only start on an open "
                        "case.",
                        debtor=case.partner_id.name,
                        state=dict(case._fields["state"]._description_selection(self.env))[
                            case.state
                        ],
                    )
                )
            running = case.active_plan_id
            if running and running != plan.replaces_id:
                raise UserError(
                    self.env._(
                        "The case of %(debtor)s already has a running plan, %(running)s: a new "
                        "agreement must replace it.",
                        debtor=case.partner_id.name,
                        running=running.name,
                    )
                )

    def _debt_recovery_activate(self, acceptance):
        """Start the plans accepted (``acceptance``: date, IP, partner); the case pauses."""
        self._debt_recovery_check_startable()
        for plan in self:
            case = plan.case_id
            # The plan replaces the other offers made to the debtor, and the plan it renews.
            case.instalment_plan_ids.filtered(
                lambda other, plan=plan: other != plan and other.state in ("draft", "proposed")
            )._change_state(
                "cancelled",
                self.env._(
                    "Offer withdrawn: the debtor accepted the plan %(plan)s.", plan=plan.name
                ),
            )
            if plan.replaces_id.state == "active":
                replaced = plan.replaces_id
                replaced._change_state(
                    "cancelled",
                    self.env._(
                        "Replaced by the plan %(plan)s the debtor accepted.", plan=plan.name
                    ),
                )
                replaced._debt_recovery_archive_reconcile_model()
            vals = {**acceptance, "level_id": (plan.replaces_id.level_id or case.level_id).id}
            if plan.currency_id.compare_amounts(plan.amount_extra, 0) > 0:
                invoice = plan._debt_recovery_create_penalty_invoice()
                vals["penalty_invoice_id"] = invoice.id
                vals["invoice_ids"] = [Command.link(invoice.id)]
                vals["amount_baseline"] = plan.amount_baseline + invoice.amount_residual
            plan._change_state("active", vals=vals)
            with internal_write(plan):
                plan.reconcile_model_id = plan._debt_recovery_create_reconcile_model()
            case._change_state("paused", event=True, values={"next_action_date": False})
            case._debt_recovery_stop_steps(
                self.env._(
                    "The debtor accepted the instalment plan %(plan)s: the recovery is paused "
                    "while it is kept.",
                    plan=plan.name,
                )
            )
            case.message_post(
                body=self.env._(
                    "Instalment plan %(plan)s started: the recovery is paused while it is kept.",
                    plan=plan.name,
                )
            )

    def _debt_recovery_attach_agreement(self, proposal=False):
        """Attach the agreement to the plan: the one offered (``proposal``, e-mailed to the
        debtor) or the one accepted, once the letter exists.

        Hook: ``report_instalment_agreement`` is built with the other letters; until it is
        installed, the acceptance (date, IP, partner) recorded on the plan is the proof.
        """
        report = self.env.ref(
            "debt_recovery_fr.report_instalment_agreement", raise_if_not_found=False
        )
        if not report:
            return self.env["ir.attachment"]
        attachments = self.env["ir.attachment"]
        for plan in self:
            # The letter may be written on the plan or on its case.
            record = plan.case_id if report.model == "debt.recovery.case" else plan
            content, _type = report._render_qweb_pdf(report.report_name, record.ids)
            attachments |= self.env["ir.attachment"].create(
                {
                    "name": self.env._("Instalment agreement %(plan)s (offer).pdf", plan=plan.name)
                    if proposal
                    else self.env._("Instalment agreement %(plan)s.pdf", plan=plan.name),
                    "raw": content,
                    "res_model": plan._name,
                    "res_id": plan.id,
                    "mimetype": "application/pdf",
                }
            )
        return attachments

    def _debt_recovery_create_penalty_invoice(self):
        """Invoice the penalties and indemnities the plan includes, due at the plan's end.

        Late penalties and the 40 € indemnity are damages, outside the scope of VAT.
        """
        self.ensure_one()
        invoice = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.partner_id.id,
                    "invoice_date": fields.Date.context_today(self),
                    "invoice_date_due": self.date_end,
                    "ref": self.name,
                    "debt_recovery_penalty_invoice": True,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": self.env._(
                                    "Late penalties and recovery indemnities (plan %(plan)s)",
                                    plan=self.name,
                                ),
                                "quantity": 1,
                                "price_unit": self.amount_extra,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        invoice.action_post()
        return invoice

    def _debt_recovery_reference_regex(self):
        """A regular expression matching every payment reference of the plan in a bank label."""
        self.ensure_one()
        # The stem the references share (RF, check digits, stem, instalment number on 3).
        stems = {
            re.sub(r"\s", "", instalment.payment_reference)[4:-3]
            for instalment in self.instalment_ids
            if instalment.payment_reference
        }
        stem = (
            stems.pop()
            if len(stems) == 1
            else self.env["debt.recovery.instalment"]._reference_stem(self)
        )
        # Banks may keep or drop the spaces of the printed reference (RF12 0000 0420 01).
        return r"RF\d\d\s?" + r"\s?".join(re.escape(char) for char in stem) + r"(\s?\d){3}"

    def _debt_recovery_create_reconcile_model(self):
        """A reconciliation model that gives the debtor to the statement lines of this plan.

        Enterprise's bank reconciliation applies partner-mapping models to a new statement
        line: a label matching the regular expression of one of the plan's payment references
        gets the debtor as partner, so the reconciliation proposes his open invoices, the plan's.
        OCA's account_reconcile_oca ignores such models: the module applies them itself when a
        statement line is created (``account.bank.statement.line``), and the glue addon
        ``debt_recovery_fr_reconcile_oca`` matches the lines with the plan's invoices in OCA's
        screen: reconciled at the import when the model is *Automated* (its default), only
        proposed when the accountant sets it to *Manual*. Archived when the plan ends.
        """
        self.ensure_one()
        return self.env["account.reconcile.model"].create(
            {
                "name": self.env._("Instalment plan %(plan)s", plan=self.name),
                "company_id": self.company_id.id,
                "trigger": "auto_reconcile",
                "match_label": "match_regex",
                "match_label_param": self._debt_recovery_reference_regex(),
                "line_ids": [Command.create({"partner_id": self.partner_id.id})],
            }
        )

    def _debt_recovery_next_instalment(self):
        """The first instalment not paid in full, in due order (none when all are paid)."""
        self.ensure_one()
        return self.instalment_ids.filtered(lambda inst: inst.state != "paid").sorted(
            lambda inst: (inst.date_due, inst.sequence, inst.id)
        )[:1]

    def _debt_recovery_open_receivables(self):
        """The open receivable lines of the plan's invoices, oldest due first: what a payment
        of the plan is reconciled with."""
        self.ensure_one()
        lines = self.invoice_ids.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
            and line.parent_state == "posted"
            and not line.reconciled
        )
        return lines.sorted(lambda line: (line.date_maturity or line.date, line.id))

    def _debt_recovery_own_reconcile_models(self):
        """The reconciliation models these plans created, in their company, and nothing else.

        ``reconcile_model_id`` is written only by the plan itself (``INTERNAL_FIELDS``); the
        checks here keep a model the user did not get from the plan out of the ``sudo()``.
        """
        models_ = self.env["account.reconcile.model"]
        for plan in self:
            model = plan.reconcile_model_id
            if model and model.company_id == plan.company_id:
                models_ |= model
        return models_

    def _debt_recovery_archive_reconcile_model(self):
        # sudo: a Recovery User may create a reconciliation model but not edit one; the plan's
        # own model (created by the plan, in its company) ends with the plan.
        self._debt_recovery_own_reconcile_models().sudo().action_archive()

    def action_cancel(self, reason=None):
        """Withdraw these offers, or cancel these agreed plans.

        An offer (draft, proposed) is withdrawn by any Recovery User. A plan the debtor agreed
        to (active) is a commitment of both sides: only a Recovery Manager cancels it, with the
        reason, kept on the plan and in the case's history. Without a reason, the dialog that
        asks for it.
        """
        for plan in self:
            if plan.state in ("completed", "broken", "cancelled"):
                raise UserError(self.env._("The plan %(plan)s is already over.", plan=plan.name))
        active = self.filtered(lambda plan: plan.state == "active")
        reason = str(reason).strip() if reason else ""
        if active:
            if not self.env.user.has_group("debt_recovery_fr.debt_recovery_group_manager"):
                raise AccessError(
                    self.env._(
                        "The debtor agreed to %(plans)s: only a Recovery Manager cancels an "
                        "agreed plan, with the reason. To change its schedule, propose a new "
                        "plan that replaces it.",
                        plans=", ".join(active.mapped("name")),
                    )
                )
            if not reason:
                return {
                    "type": "ir.actions.act_window",
                    "name": self.env._("Cancel the Agreed Plan"),
                    "res_model": "debt.recovery.instalment.plan.cancel.wizard",
                    "view_mode": "form",
                    "target": "new",
                    "context": {"default_plan_ids": self.ids},
                }
        (self - active)._change_state("cancelled")
        for plan in active:
            message = self.env._(
                "Instalment plan %(plan)s cancelled by %(user)s: the recovery resumes. Reason: "
                "%(reason)s",
                plan=plan.name,
                user=self.env.user.name,
                reason=reason,
            )
            plan._change_state(
                "cancelled",
                message,
                vals={
                    "cancel_reason": reason,
                    "cancel_user_id": self.env.uid,
                    "cancel_date": fields.Datetime.now(),
                },
            )
            plan._debt_recovery_resume_case(message)
        return True

    def action_draft(self):
        for plan in self:
            if plan.state not in ("proposed", "cancelled") or plan.accepted_date:
                raise UserError(self.env._("Only an offer not accepted yet goes back to draft."))
        self._change_state("draft")
        return True

    def _debt_recovery_resume_case(self, message, today=None):
        """The case resumes at the level it had when the plan started, to act today."""
        today = today or fields.Date.context_today(self)
        self._debt_recovery_archive_reconcile_model()
        for plan in self:
            case = plan.case_id
            if case.state == "paused":
                case._change_state("open", event=True, values={"next_action_date": today})
                if plan.level_id and plan.level_id != case.level_id:
                    case._move_to_levels_checked([(case, plan.level_id)], message)
            case._recompute_amounts()
            case.message_post(body=message)

    @api.model
    def _debt_recovery_plans_of(self, moves):
        """The running or completed plans that settle some of ``moves``."""
        invoices = moves.filtered(lambda move: move.move_type == "out_invoice")
        if not invoices:
            return self.browse()
        # sudo: any accountant's reconciliation pays the plans, whether or not he may read them.
        return self.sudo().search(
            [("invoice_ids", "in", invoices.ids), ("state", "in", ("active", "completed"))]
        )

    def _debt_recovery_update_state(self):
        """Complete the active plans paid in full; reopen the completed ones unreconciled."""
        for plan in self:
            paid = plan.currency_id.is_zero(plan.amount_residual)
            if plan.state == "active" and paid:
                plan._change_state("completed")
                plan._debt_recovery_archive_reconcile_model()
                case = plan.case_id
                if case.state == "paused":
                    settled = all(
                        invoice.currency_id.is_zero(invoice.amount_residual)
                        for invoice in case.invoice_ids
                    )
                    if settled:
                        case._change_state("paid", event=True)
                    else:
                        case._change_state(
                            "open",
                            event=True,
                            values={"next_action_date": fields.Date.context_today(self)},
                        )
                case.message_post(
                    body=self.env._("Instalment plan %(plan)s paid in full.", plan=plan.name)
                )
            elif plan.state == "completed" and not paid:
                # A payment was unreconciled: the plan runs again.
                plan._change_state("active")
                # sudo: see the archive; only the plan's own model.
                plan._debt_recovery_own_reconcile_models().sudo().action_unarchive()
                if plan.case_id.state in ("open", "paid"):
                    plan.case_id._change_state("paused", event=True)

    # ------------------------------------------------------------------------------------------
    # The daily check
    # ------------------------------------------------------------------------------------------
    @api.model
    def _cron_check_instalments(self, batch_size=200):
        """Daily: remind the debtors of late instalments, break the plans left unpaid.

        An instalment unpaid ``debt_recovery_instalment_grace_days`` after its due date sends
        the debtor a reminder, the notice of the déchéance du terme; when the cure period
        (``debt_recovery_instalment_cure_days``, at least the legal minimum) is over and an
        instalment is still late, the plan is broken and the case resumes for the whole balance.
        """
        Cron = self.env["ir.cron"]
        today = fields.Date.context_today(self)
        domain = Domain("state", "=", "active")
        last_id = 0
        while True:
            plans = self.search(domain & Domain("id", ">", last_id), limit=batch_size, order="id")
            if not plans:
                Cron._commit_progress(remaining=0)
                return
            plans._debt_recovery_check(today)
            last_id = plans[-1].id
            remaining = self.search_count(domain & Domain("id", ">", last_id))
            if not Cron._commit_progress(len(plans), remaining=remaining) or not remaining:
                return

    @api.depends(
        "company_id.debt_recovery_instalment_grace_days",
        "company_id.debt_recovery_instalment_cure_days",
        "case_id.debtor_type",
    )
    def _compute_cure_days(self):
        """The cure period after the reminder: the company's, never below the legal minimum."""
        for plan in self:
            plan.cure_days = plan._debt_recovery_acceleration_terms().cure_days

    def _debt_recovery_acceleration_terms(self):
        """When a late instalment makes the whole balance due (legal/instalments.py): what the
        agreement and the portal state, and what the daily check applies."""
        self.ensure_one()
        return acceleration_terms(
            self.case_id.debtor_type or "b2b",
            self.company_id.debt_recovery_instalment_grace_days,
            self.company_id.debt_recovery_instalment_cure_days,
        )

    def _debt_recovery_acceleration_clause(self):
        """The acceleration clause, in the words of the agreement (French, as the agreement)."""
        self.ensure_one()
        return acceleration_clause_fr(self._debt_recovery_acceleration_terms())

    def _debt_recovery_check(self, today):
        """Remind, or break, the active plans with an instalment late on ``today``."""
        self._debt_recovery_update_state()
        for plan in self.filtered(lambda plan: plan.state == "active"):
            grace = plan._debt_recovery_acceleration_terms().grace_days
            late = plan.instalment_ids.filtered(
                lambda inst, grace=grace: inst.state != "paid"
                and inst.date_due + timedelta(days=grace) < today
            )
            if not late:
                if plan.notice_date:
                    # The debtor caught up: a later delay needs a new notice.
                    with internal_write(plan):
                        plan.notice_date = False
                continue
            if not plan.notice_date:
                plan._debt_recovery_send_reminder(late[0], today)
                continue
            # Cass. 1re civ. 22 Jun 2017: the whole balance is due only after a notice and a
            # cure period left unanswered (legal/instalments.py).
            if acceleration_allowed(
                plan.case_id.debtor_type or "b2b",
                plan.notice_date,
                plan.cure_days,
                today,
            ):
                plan._debt_recovery_break(today)

    def _debt_recovery_send_reminder(self, instalment, today):
        self.ensure_one()
        with internal_write(self), internal_write(instalment):
            self.notice_date = today
            instalment.reminder_date = today
        template = self.env.ref(
            "debt_recovery_fr.mail_template_instalment_reminder", raise_if_not_found=False
        )
        sender = self.case_id._debt_recovery_responsible()
        if template and self.partner_id.email and sender:
            template.with_context(debt_recovery_instalment_id=instalment.id).send_mail(
                self.id,
                email_layout_xmlid="mail.mail_notification_light",
                email_values={"author_id": sender.partner_id.id},
            )
        self.case_id.message_post(
            body=self.env._(
                "Instalment %(number)s of plan %(plan)s (%(amount)s due on %(date)s) is late: "
                "the debtor was reminded; without payment within %(days)s days the plan will be "
                "broken.",
                number=instalment.sequence,
                plan=self.name,
                amount=self._format_amount(instalment.amount_residual),
                date=instalment.date_due,
                days=self.cure_days,
            )
        )

    def _debt_recovery_break(self, today):
        """Déchéance du terme: the plan is over, the whole balance is due, the case resumes."""
        for plan in self:
            plan._change_state("broken", vals={"broken_date": today})
            # The penalties invoiced for the plan were due at its end: they are due now.
            if plan.penalty_invoice_id.payment_state in ("not_paid", "partial"):
                plan.penalty_invoice_id.invoice_date_due = today
            plan._debt_recovery_resume_case(
                self.env._(
                    "Instalment plan %(plan)s broken: an instalment stayed unpaid after the "
                    "reminder; the whole balance is due and the recovery resumes.",
                    plan=plan.name,
                ),
                today,
            )

    # ------------------------------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------------------------------
    def _debt_recovery_agreement_values(self):
        """The case's letter values, for the plan's invoices, with the schedule agreed."""
        self.ensure_one()
        plan = self.with_context(lang=LETTER_LANG)
        case = plan.case_id
        env = plan.env
        currency = plan.currency_id

        def money(amount):
            return format_amount(env, amount, currency, lang_code=LETTER_LANG)

        letter = case._debt_recovery_letter_values()
        today = fields.Date.context_today(plan)
        invoices = (plan.invoice_ids - plan.penalty_invoice_id).sorted(
            lambda inv: (inv.invoice_date_due, inv.name)
        )
        # The lines of the plan's invoices format their claim (legal/claim.py), as the letters.
        claim, _warning = case._debt_recovery_claim_today(invoices)
        amount_total = sum(invoices.mapped("amount_total_signed"))
        amount_overdue = sum(invoices.mapped("amount_residual_signed"))
        # Offered: what the claim of today adds that the plan leaves out (not included by the
        # creditor, or accrued since the offer), stated beside the plan's total.
        left_out = 0.0
        if plan.state in ("draft", "proposed"):
            left_out = currency.round(letter["total_value"] - plan.amount_total)
        letter.update(
            {
                "invoices": case._debt_recovery_letter_invoices(invoices, claim, today, money),
                "amount_total": money(amount_total),
                "amount_paid": money(amount_total - amount_overdue),
                "amount_overdue": money(amount_overdue),
                "plan": {
                    "name": plan.name,
                    "date": date_fr(plan.date_start),
                    "amount_invoices": money(plan.amount_invoices),
                    "amount_extra": money(plan.amount_extra),
                    "has_extra": not currency.is_zero(plan.amount_extra),
                    "total": money(plan.amount_total),
                    "claim_total": letter["total"],
                    "left_out": money(left_out),
                    "has_left_out": currency.compare_amounts(left_out, 0) > 0,
                    "total_words": amount_to_words_fr(
                        Decimal(str(currency.round(plan.amount_total)))
                    ),
                    "count": len(plan.instalment_ids),
                    "instalments": [
                        {
                            "number": instalment.sequence,
                            "label": "Acompte" if instalment.is_down_payment else "Échéance",
                            "date": format_date(env, instalment.date_due, lang_code=LETTER_LANG),
                            "amount": money(instalment.amount),
                            "words": amount_to_words_fr(
                                Decimal(str(currency.round(instalment.amount)))
                            ),
                            "reference": instalment.payment_reference or "",
                        }
                        for instalment in plan.instalment_ids.sorted(
                            lambda i: (i.date_due, i.sequence, i.id)
                        )
                    ],
                    "grace_days": days_in_words_fr(
                        plan._debt_recovery_acceleration_terms().grace_days
                    ),
                    "cure_days": days_in_words_fr(plan.cure_days),
                    "acceleration_clause": plan._debt_recovery_acceleration_clause(),
                    "accepted_date": date_fr(
                        fields.Datetime.context_timestamp(plan, plan.accepted_date).date()
                    )
                    if plan.accepted_date
                    else "",
                    "accepted_ip": plan.accepted_ip or "",
                    "accepted_by": plan.accepted_by_id.name or "",
                },
            }
        )
        return letter

    def _format_amount(self, amount):
        self.ensure_one()
        return format_amount(self.env, amount, self.currency_id)

    def action_open_invoices(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invoices"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", self.invoice_ids.ids)],
            "context": {"create": False},
        }

    @api.model
    def _debt_recovery_schedule_amounts(self, amount, count, first_date, frequency, start):
        """Dates and amounts of ``count`` instalments from ``first_date`` (legal/ split)."""
        dates = [first_date + step for step in _frequency_steps(frequency, count)]
        try:
            # An agreement with the debtor: past 24 months it warns (duration_warning).
            return split_instalments(
                Decimal(str(amount)), count=count, dates=dates, start_date=start, judicial=False
            )
        except LegalError as error:
            raise UserError(legal_error_message(self.env, error)) from error


def _sane_amounts(*amounts):
    """Whether the amounts are numbers a currency can round (1e308 overflows ``float_round``)."""
    return all(math.isfinite(amount) and abs(amount) < MAX_AMOUNT for amount in amounts)


def _frequency_steps(frequency, count):
    unit = {
        "weekly": relativedelta(weeks=1),
        "biweekly": relativedelta(weeks=2),
        "monthly": relativedelta(months=1),
        "quarterly": relativedelta(months=3),
    }[frequency]
    return [unit * index for index in range(count)]
