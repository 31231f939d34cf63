# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_amount, format_date

from ..legal.amount_words import amount_to_words_fr
from ..legal.errors import LegalError
from ..legal.instalments import (
    DEFAULT_B2B_CURE_DAYS,
    DEFAULT_B2C_CURE_DAYS,
    acceleration_allowed,
    check_plan_duration,
    split_instalments,
)
from ..legal.letters import date_fr, days_in_words_fr
from ..utils import legal_error_message
from .debt_recovery_case_letter import LETTER_LANG

# The states in which the schedule is a commitment of the debtor and cannot be edited.
COMMITTED_STATES = ("proposed", "active", "completed", "broken")


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
        string="Penalties and Indemnities",
        readonly=True,
        help="The late penalties and recovery indemnities included in the plan.",
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
        help="Maps the bank statement lines bearing this plan's payment references to the debtor.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "debt.recovery.instalment.plan"
                ) or self.env._("New")
        return super().create(vals_list)

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
            total = sum(plan.instalment_ids.mapped("amount"))
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
                check_plan_duration(plan.date_start, plan.date_end)
            except LegalError as error:
                raise ValidationError(legal_error_message(self.env, error)) from error

    @api.constrains("state")
    def _constrains_schedule(self):
        self.filtered(lambda plan: plan.state in ("proposed", "active"))._check_schedule()

    # ------------------------------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------------------------------
    def action_propose(self):
        """Offer the plan to the debtor: he accepts it on the portal (or on paper)."""
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("Only a draft plan can be proposed."))
        self._check_schedule()
        self.write({"state": "proposed"})
        self._portal_ensure_token()
        for plan in self:
            plan.case_id.message_post(
                body=self.env._(
                    "Instalment plan %(plan)s proposed to the debtor: %(amount)s in %(count)s "
                    "instalments.",
                    plan=plan.name,
                    amount=plan._format_amount(plan.amount_total),
                    count=plan.instalment_count,
                )
            )
        return True

    def action_accept(self):
        """The debtor's agreement was received another way (signed letter): start the plan."""
        return self._debt_recovery_accept(self.partner_id[:1], False)

    def _debt_recovery_accept(self, partner, ip_address):
        """Record the debtor's acceptance (date, who, from which IP) and start the plan."""
        for plan in self:
            if plan.state != "proposed":
                raise UserError(
                    self.env._("The plan %(plan)s is not awaiting acceptance.", plan=plan.name)
                )
        self.write(
            {
                "accepted_date": fields.Datetime.now(),
                "accepted_ip": ip_address or False,
                "accepted_by_id": partner.id,
            }
        )
        self._debt_recovery_activate()
        self._debt_recovery_attach_agreement()
        return True

    def _debt_recovery_activate(self):
        self._check_schedule()
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
            # The plan replaces the other offers made to the debtor.
            case.instalment_plan_ids.filtered(
                lambda other, plan=plan: other != plan and other.state in ("draft", "proposed")
            ).write({"state": "cancelled"})
            vals = {"state": "active", "level_id": case.level_id.id}
            if plan.currency_id.compare_amounts(plan.amount_extra, 0) > 0:
                invoice = plan._debt_recovery_create_penalty_invoice()
                vals["penalty_invoice_id"] = invoice.id
                vals["invoice_ids"] = [Command.link(invoice.id)]
                vals["amount_baseline"] = plan.amount_baseline + invoice.amount_residual
            plan.write(vals)
            plan.reconcile_model_id = plan._debt_recovery_create_reconcile_model()
            case._change_state("paused", event=True, values={"next_action_date": False})
            case.message_post(
                body=self.env._(
                    "Instalment plan %(plan)s started: the recovery is paused while it is kept.",
                    plan=plan.name,
                )
            )

    def _debt_recovery_attach_agreement(self):
        """Attach the signed agreement to the plan, once the letter exists.

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
                    "name": self.env._("Instalment agreement %(plan)s.pdf", plan=plan.name),
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
        stem = self.env["debt.recovery.instalment"]._reference_stem(self)
        # Banks may keep or drop the spaces of the printed reference (RF12 0000 0420 01).
        return r"RF\d\d\s?" + r"\s?".join(re.escape(char) for char in stem) + r"(\s?\d){3}"

    def _debt_recovery_create_reconcile_model(self):
        """A reconciliation model that gives the debtor to the statement lines of this plan.

        Odoo's reconciliation (Enterprise's bank reconciliation or OCA's account_reconcile_oca)
        applies partner-mapping models to a new statement line: a label matching the regular
        expression of one of the plan's payment references gets the debtor as partner, so the
        reconciliation proposes his open invoices, the plan's. Archived when the plan ends.
        """
        self.ensure_one()
        return self.env["account.reconcile.model"].create(
            {
                "name": self.env._("Instalment plan %(plan)s", plan=self.name),
                "company_id": self.company_id.id,
                "match_label": "match_regex",
                "match_label_param": self._debt_recovery_reference_regex(),
                "line_ids": [Command.create({"partner_id": self.partner_id.id})],
            }
        )

    def _debt_recovery_archive_reconcile_model(self):
        # sudo: a Recovery User may create a reconciliation model but not edit one; the plan's
        # own model ends with the plan.
        self.reconcile_model_id.sudo().action_archive()

    def action_cancel(self):
        for plan in self:
            if plan.state in ("completed", "broken", "cancelled"):
                raise UserError(self.env._("The plan %(plan)s is already over.", plan=plan.name))
        active = self.filtered(lambda plan: plan.state == "active")
        self.write({"state": "cancelled"})
        for plan in active:
            plan._debt_recovery_resume_case(
                self.env._(
                    "Instalment plan %(plan)s cancelled: the recovery resumes.", plan=plan.name
                )
            )
        return True

    def action_draft(self):
        for plan in self:
            if plan.state not in ("proposed", "cancelled") or plan.accepted_date:
                raise UserError(self.env._("Only an offer not accepted yet goes back to draft."))
        self.write({"state": "draft"})
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
                plan.state = "completed"
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
                plan.state = "active"
                plan.reconcile_model_id.sudo().action_unarchive()  # sudo: see the archive
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

    @api.depends("company_id", "case_id.debtor_type")
    def _compute_cure_days(self):
        """The cure period after the reminder: the company's, never below the legal minimum."""
        for plan in self:
            minimum = (
                DEFAULT_B2C_CURE_DAYS
                if plan.case_id.debtor_type == "b2c"
                else DEFAULT_B2B_CURE_DAYS
            )
            plan.cure_days = max(plan.company_id.debt_recovery_instalment_cure_days, minimum)

    def _debt_recovery_check(self, today):
        """Remind, or break, the active plans with an instalment late on ``today``."""
        self._debt_recovery_update_state()
        for plan in self.filtered(lambda plan: plan.state == "active"):
            grace = plan.company_id.debt_recovery_instalment_grace_days
            late = plan.instalment_ids.filtered(
                lambda inst, grace=grace: inst.state != "paid"
                and inst.date_due + timedelta(days=grace) < today
            )
            if not late:
                if plan.notice_date:
                    # The debtor caught up: a later delay needs a new notice.
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
        self.notice_date = today
        instalment.reminder_date = today
        template = self.env.ref(
            "debt_recovery_fr.mail_template_instalment_reminder", raise_if_not_found=False
        )
        if template and self.partner_id.email:
            template.with_context(debt_recovery_instalment_id=instalment.id).send_mail(
                self.id, email_layout_xmlid="mail.mail_notification_light"
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
            plan.write({"state": "broken", "broken_date": today})
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
        debtor_type = case.debtor_type or "b2b"
        today = fields.Date.context_today(plan)
        invoices = (plan.invoice_ids - plan.penalty_invoice_id).sorted(
            lambda inv: (inv.invoice_date_due, inv.name)
        )
        rates = None
        if debtor_type == "b2b" and invoices:
            rates = env["debt.recovery.rate"]._get_rate_table()
        amount_total = sum(invoices.mapped("amount_total_signed"))
        amount_overdue = sum(invoices.mapped("amount_residual_signed"))
        letter.update(
            {
                "invoices": [
                    case._debt_recovery_letter_invoice(invoice, debtor_type, today, rates, money)
                    for invoice in invoices
                ],
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
                        max(plan.company_id.debt_recovery_instalment_grace_days, 0)
                    ),
                    "cure_days": days_in_words_fr(plan.cure_days),
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
            return split_instalments(
                Decimal(str(amount)), count=count, dates=dates, start_date=start
            )
        except LegalError as error:
            raise UserError(legal_error_message(self.env, error)) from error


def _frequency_steps(frequency, count):
    unit = {
        "weekly": relativedelta(weeks=1),
        "biweekly": relativedelta(weeks=2),
        "monthly": relativedelta(months=1),
        "quarterly": relativedelta(months=3),
    }[frequency]
    return [unit * index for index in range(count)]
