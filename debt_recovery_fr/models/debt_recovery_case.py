# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_amount, format_date, formataddr

from ..guard import internal_write, is_internal_write
from ..legal.claim import (
    LINE_COST,
    ClaimCost,
    ClaimItem,
    compute_claim,
    cost_kind,
    formal_notice_received,
)
from ..legal.collective import declaration_deadline
from ..legal.errors import LegalError, _lt
from ..legal.prescription import is_prescribed, prescription_start
from ..legal.procedures import (
    AMOUNT_PARAMS,
    COURT_PARAM,
    PHASES,
    PROCEDURE_CODES,
    ProcedureOption,
    court_name_fr,
    procedure_options,
)
from ..services.common import ServiceError
from ..utils import AmountFormatter, legal_error_message, legal_message
from .debt_recovery_action import proof_file_writer

_logger = logging.getLogger(__name__)

# A case in these states is the one file of its debtor in its company.
ACTIVE_STATES = ("open", "paused", "escalated", "collective_proceeding")
# Recovery phases in escalation order (legal/procedures.py); from simplified_procedure on, a
# commissaire or a court acts.
PROCEDURE_PHASES = PROCEDURE_CODES
# A register check younger than this is not repeated before an escalation.
REGISTER_CHECK_FRESHNESS = timedelta(days=1)
# A case's level and state change only through ``_move_to_level`` and ``_change_state`` (and
# the private paths of the module: first placement, reopening); ``write`` sends a client's
# change of these fields there.
GUARDED_FIELDS = frozenset({"level_id", "state", "level_visit"})
# The changes of state a Recovery Manager makes by hand, ``(from, to)``: whether a reason is
# required (kept in the chatter). The other states follow events and only the module sets
# them: paid (the invoices paid), escalated (a procedure opened), paused (an instalment plan).
MANUAL_STATE_CHANGES = {
    ("open", "paused"): False,
    ("paused", "open"): False,
    ("open", "collective_proceeding"): False,
    ("paused", "collective_proceeding"): False,
    ("escalated", "collective_proceeding"): False,
    # The opening judgment reversed on appeal, or the proceeding closed: the creditor resumes.
    ("collective_proceeding", "open"): True,
    **{(state, "written_off"): True for state in ACTIVE_STATES},
}
# The changes of state the module makes when an event happens: ``to: from states``.
EVENT_STATE_CHANGES = {
    "open": ("paid", "paused", "escalated"),
    "paused": ("open", "paid"),
    "escalated": ("open",),
    "paid": ACTIVE_STATES,
    "collective_proceeding": ("open", "paused", "escalated"),
}
# The procedures of a case that claims nothing (all its invoices paid or disputed).
NOTHING_CLAIMED = _lt(
    "Nothing is claimed: every invoice of the case is paid or disputed (settle the dispute first)."
)


class DebtRecoveryCase(models.Model):
    _name = "debt.recovery.case"
    _description = "Debt Recovery Case"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]
    _order = "next_action_date, id desc"
    _check_company_auto = True

    _partner_company_active_uniq = models.UniqueIndex(
        "(partner_id, company_id) WHERE (state IN ('open', 'paused', 'escalated', "
        "'collective_proceeding'))",
        "This debtor already has an open recovery case in this company.",
    )

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    partner_id = fields.Many2one(
        "res.partner",
        string="Debtor",
        required=True,
        index=True,
        tracking=True,
        help="The commercial partner who owes the invoices.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    invoice_ids = fields.One2many("account.move", "debt_recovery_case_id")
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    overdue_invoice_ids = fields.Many2many(
        "account.move",
        string="Overdue Invoices",
        compute="_compute_overdue_invoice_ids",
        help="The invoices of the case that are claimed today: posted, overdue, not disputed.",
    )
    level_id = fields.Many2one(
        "debt.recovery.level",
        tracking=True,
        index=True,
        check_company=True,
        group_expand="_read_group_level_ids",
        ondelete="restrict",
    )
    state = fields.Selection(
        [
            ("open", "Open"),
            ("paused", "Paused"),
            ("escalated", "Escalated"),
            ("paid", "Paid"),
            ("written_off", "Written Off"),
            ("collective_proceeding", "Collective Proceeding"),
        ],
        required=True,
        default="open",
        tracking=True,
        index=True,
    )
    # Set when the case opens: the debtor's salesperson, else the company's recovery officer
    # (``_debt_recovery_assignee``); the e-mails to the debtor come from and are signed by him.
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        domain="[('share', '=', False)]",
        help="Who the debtor hears from: the e-mails come from and are signed by him, the calls "
        "and to-dos of the case are his. By default the debtor's salesperson, else the "
        "company's recovery officer.",
    )
    recovery_email_from = fields.Char(
        string="Recovery Sender",
        compute="_compute_recovery_email_from",
        help="The sender of the e-mails to the debtor: the responsible, from the company's "
        "recovery address when it has one.",
    )
    commissaire_id = fields.Many2one(
        "res.partner",
        string="Commissaire de Justice",
        tracking=True,
        check_company=True,
        domain="[('debt_recovery_is_commissaire', '=', True)]",
    )
    debtor_type = fields.Selection(related="partner_id.debt_recovery_debtor_type")
    amount_overdue = fields.Monetary(string="Overdue", compute="_compute_amounts", store=True)
    amount_penalties = fields.Monetary(
        string="Late Penalties", compute="_compute_amounts", store=True
    )
    amount_indemnities = fields.Monetary(
        string="Recovery Indemnities", compute="_compute_amounts", store=True
    )
    # The costs of the steps done, the part the law lets the creditor claim (in the total) and
    # the part it keeps out, with the article that does (legal/claim.py).
    amount_costs = fields.Monetary(
        string="Recovery Costs",
        compute="_compute_amounts",
        store=True,
        help="What the steps done cost the creditor.",
    )
    amount_costs_claimed = fields.Monetary(
        string="Costs Claimed",
        compute="_compute_amounts",
        store=True,
        help="The part of the recovery costs the law lets the creditor claim: in the total.",
    )
    amount_costs_excluded = fields.Monetary(
        string="Costs Not Claimed",
        compute="_compute_amounts",
        store=True,
        help="The part of the recovery costs that stays with the creditor: not in the total.",
    )
    # Not stored: a sentence in the language of who reads it, not of who last computed it (the
    # scheduled action's, in English).
    amount_costs_reason = fields.Char(
        string="Why Not Claimed", compute="_compute_amount_costs_reason"
    )
    amount_total_claimed = fields.Monetary(
        string="Total Claimed", compute="_compute_amounts", store=True
    )
    amount_warning = fields.Char(
        compute="_compute_amounts",
        store=True,
        help="Why an amount could not be computed (for instance a missing rate).",
    )
    oldest_due_date = fields.Date(compute="_compute_amounts", store=True)
    days_overdue = fields.Integer(compute="_compute_days_overdue")
    next_action_date = fields.Date(tracking=True, index=True)
    action_ids = fields.One2many("debt.recovery.action", "case_id", string="Actions")
    level_visit = fields.Integer(
        copy=False,
        help="Counts the moves of the case between levels: each stay at a level carries out "
        "that level's steps once.",
    )
    last_run_date = fields.Date(
        copy=False, index=True, help="Last day the scheduled action brought this case up to date."
    )
    has_disputed_invoice = fields.Boolean(
        string="Disputed", compute="_compute_has_disputed_invoice"
    )
    # The public registers (services/): solvency, status, collective proceedings.
    solvency_score = fields.Integer(related="partner_id.debt_recovery_solvency_score")
    solvency_known = fields.Boolean(related="partner_id.debt_recovery_solvency_known")
    solvency_html = fields.Html(related="partner_id.debt_recovery_solvency_html")
    admin_status = fields.Selection(related="partner_id.debt_recovery_admin_status")
    collective_date = fields.Date(
        related="partner_id.debt_recovery_collective_date", string="Published in the BODACC On"
    )
    claim_declaration_deadline = fields.Date(
        readonly=True,
        copy=False,
        help="Last day to declare the claim to the mandataire judiciaire: 2 months from the "
        "BODACC publication of the opening judgment, 4 for a creditor outside metropolitan "
        "France (R622-24 C. com.).",
    )
    # Instalment plans, and the debtor's access to his case on the portal.
    instalment_plan_ids = fields.One2many(
        "debt.recovery.instalment.plan", "case_id", string="Instalment Plans"
    )
    instalment_plan_count = fields.Integer(compute="_compute_instalment_plan")
    active_plan_id = fields.Many2one(
        "debt.recovery.instalment.plan",
        string="Active Instalment Plan",
        compute="_compute_instalment_plan",
    )
    has_active_plan = fields.Boolean(
        string="Under Instalment Plan", compute="_compute_instalment_plan"
    )

    @api.depends("user_id", "company_id.debt_recovery_email")
    def _compute_recovery_email_from(self):
        for case in self:
            user = case._debt_recovery_responsible()
            address = case.company_id.debt_recovery_email
            if address:
                case.recovery_email_from = formataddr((user.name or case.company_id.name, address))
            else:
                case.recovery_email_from = user.email_formatted or case.company_id.email_formatted

    @api.constrains("user_id", "company_id")
    def _check_user_id(self):
        for case in self:
            if case.user_id and not case.company_id._debt_recovery_is_human(case.user_id):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot be responsible for the case of %(debtor)s: the debtor "
                        "hears from an active internal user of %(company)s, never from the "
                        "system.",
                        user=case.user_id.name,
                        debtor=case.partner_id.name,
                        company=case.company_id.name,
                    )
                )

    @api.depends("partner_id.name")
    def _compute_name(self):
        for case in self:
            case.name = case.partner_id.name or case.name

    @api.depends("invoice_ids.amount_residual", "invoice_ids.debt_recovery_disputed")
    def _compute_overdue_invoice_ids(self):
        today = fields.Date.context_today(self)
        overdue = self.invoice_ids._debt_recovery_overdue(today)
        for case in self:
            case.overdue_invoice_ids = case.invoice_ids & overdue

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for case in self:
            case.invoice_count = len(case.invoice_ids)

    @api.depends("invoice_ids.debt_recovery_disputed")
    def _compute_has_disputed_invoice(self):
        for case in self:
            case.has_disputed_invoice = any(case.invoice_ids.mapped("debt_recovery_disputed"))

    @api.depends(
        "invoice_ids.amount_residual_signed",
        "invoice_ids.invoice_date_due",
        "invoice_ids.state",
        "invoice_ids.debt_recovery_disputed",
        "invoice_ids.amount_total_signed",
        "partner_id.debt_recovery_debtor_type",
        "partner_id.debt_recovery_collective_judgment_date",
        # And the steps done: ``debt.recovery.action._debt_recovery_claim_changed`` (a step
        # planned is not in the claim, and a batch of the scheduled action plans thousands).
    )
    def _compute_amounts(self):
        # Every amount of the case formats its claim (legal/claim.py), computed once per case.
        claims = self._debt_recovery_claims()
        for case in self:
            claim, warning = claims[case._origin.id or case.id]
            case.amount_overdue = float(claim.principal)
            case.amount_penalties = float(claim.late_interest)
            case.amount_indemnities = float(claim.indemnities)
            case.amount_costs = float(claim.costs_incurred)
            case.amount_costs_claimed = float(claim.costs_claimed)
            case.amount_costs_excluded = float(claim.costs_excluded)
            case.amount_total_claimed = float(claim.total)
            case.amount_warning = warning
            case.oldest_due_date = claim.oldest_due_date or False

    def _compute_amount_costs_reason(self):
        claims = self._debt_recovery_claims()
        for case in self:
            claim, _warning = claims[case._origin.id or case.id]
            case.amount_costs_reason = case._debt_recovery_costs_reason(claim)

    def _debt_recovery_claims(self, today=None, invoices=None):
        """``{case id: (Claim, warning)}``: the claim (``legal/claim.py``) of each case on
        ``today``, and why a part of it could not be computed (``False`` if none).

        ``invoices``: the invoices to claim (default: each case's overdue invoices). The
        payments, the consumers' formal notices and the rates are read once for all the cases.
        """
        today = today or fields.Date.context_today(self)
        if invoices is None and today == fields.Date.context_today(self):
            # Today's: the overdue invoices the steps of the batch read too, sorted once.
            invoices = self.overdue_invoice_ids
        elif invoices is None:
            invoices = self.invoice_ids._debt_recovery_overdue(today)
        # Ids gathered, then browsed once per case (a recordset grown invoice by invoice costs
        # the square of a debtor's invoices).
        ids_by_case = defaultdict(list)
        for invoice in invoices:
            ids_by_case[invoice.debt_recovery_case_id.id].append(invoice.id)
        by_case = defaultdict(
            lambda: invoices.browse(),
            {
                case_id: invoices.browse(ids).with_prefetch(invoices._prefetch_ids)
                for case_id, ids in ids_by_case.items()
            },
        )
        notice_dates = self._debt_recovery_formal_notice_dates()
        context = {
            "rates": self.env["debt.recovery.rate"]._get_rate_table() if invoices else None,
            "bases": invoices._debt_recovery_penalty_bases() if invoices else {},
        }
        result = {}
        for case in self:
            case_id = case._origin.id or case.id
            title = case._debt_recovery_claim_title(today)
            result[case_id] = self._debt_recovery_compute_claim(
                by_case[case_id],
                case.debtor_type or "b2b",
                today,
                opening_date=case.partner_id.debt_recovery_collective_judgment_date or None,
                notice_date=notice_dates.get(case_id),
                costs=case._debt_recovery_claim_costs(title),
                title=title,
                grace_periods=case._debt_recovery_claim_grace_periods(today),
                **context,
            )
        return result

    def _debt_recovery_claim_today(self, invoices=None):
        """``(Claim, warning)`` of this case today: what the letters and the portal state."""
        self.ensure_one()
        return self._debt_recovery_claims(invoices=invoices)[self._origin.id or self.id]

    @api.model
    def _debt_recovery_compute_claim(
        self,
        invoices,
        debtor_type,
        today,
        *,
        rates=None,
        bases=None,
        opening_date=None,
        notice_date=None,
        costs=(),
        title=None,
        grace_periods=(),
    ):
        """``(Claim, warning)``: ``legal.claim.compute_claim`` for ``invoices`` (overdue, of one
        debtor) on ``today``, and the translated reasons of what could not be computed.

        ``bases``: the invoices' ``_debt_recovery_penalty_bases``, when the caller read them.
        ``opening_date``: the judgment opening collective proceedings (L622-28 C. com.).
        ``notice_date``: when a consumer received the formal notice (art. 1344-1 C. civ.).
        ``costs``, ``title``: ``legal.claim.ClaimCost`` and ``ClaimTitle``.
        ``grace_periods``: ``(start, end)`` granted by a judge (art. 1343-5 C. civ.).
        """
        if bases is None:
            bases = invoices._debt_recovery_penalty_bases() if invoices else {}
        if rates is None and invoices:
            rates = self.env["debt.recovery.rate"]._get_rate_table()
        currency = self.env.company.currency_id

        def decimal(amount):
            return Decimal(str(currency.round(amount)))

        items = []
        for invoice in invoices.sorted(lambda inv: (inv.invoice_date_due, inv.name or "")):
            amount, payments = bases[invoice._origin.id]
            if decimal(float(amount)) <= 0:
                continue  # Settled by its due date: nothing of it is claimed.
            items.append(
                ClaimItem(
                    invoice.name,
                    decimal(float(amount)),
                    invoice.invoice_date_due,
                    payments=tuple((day, decimal(float(paid))) for day, paid in payments),
                    residual=decimal(max(invoice.amount_residual_signed, 0.0)),
                    penalty_invoice=invoice.debt_recovery_penalty_invoice,
                )
            )
        try:
            claim = compute_claim(
                items,
                debtor_type,
                on=today,
                formal_notice_date=notice_date,
                opening_judgment_date=opening_date,
                title=title,
                grace_periods=grace_periods,
                costs=costs,
                rates=rates,
            )
        except LegalError as error:
            # Bad data on one item: the principal is still claimed, the rest is explained.
            claim = compute_claim(
                [
                    ClaimItem(item.reference, item.residual, item.due_date, penalty_invoice=True)
                    for item in items
                    if item.residual
                ],
                debtor_type,
                on=today,
            )
            return claim, legal_error_message(self.env, error)
        warnings = [
            f"{reference}: {legal_error_message(self.env, error)}"
            for reference, error in claim.errors
        ]
        return claim, "\n".join(warnings) or False

    def _debt_recovery_claim_costs(self, title=None):
        """The costs of the steps done (``legal.claim.ClaimCost``), the law deciding the part
        claimed from the debtor; ``title``: the case's ``ClaimTitle``, if any."""
        self.ensure_one()
        return tuple(
            ClaimCost(
                action.note or action.level_id.name or action.channel or "",
                Decimal(str(self.currency_id.round(action.cost))),
                cost_kind(action.level_id.phase, action.date, title and title.date),
                action.date or None,
            )
            for action in self.action_ids.sorted(lambda a: (a.date or fields.Date.today(), a.id))
            if action.state == "done" and action.cost
        )

    def _debt_recovery_claim_title(self, today):
        """The enforceable title obtained against the debtor by ``today``
        (``legal.claim.ClaimTitle``), or ``None``: the procedures' model adds it."""
        return None

    def _debt_recovery_claim_grace_periods(self, today):
        """The grace periods a judge granted the debtor by ``today`` (art. 1343-5 C. civ.), as
        ``(start, end)``: the procedures' model adds them."""
        return ()

    def _debt_recovery_costs_reason(self, claim):
        """Why part of the costs is not claimed, with the article (translated), or ``False``."""
        reasons = []
        for line in claim.lines:
            if line.kind == LINE_COST and line.reason is not None:
                message = legal_message(self.env, line.reason.template, line.reason.params)
                if message not in reasons:
                    reasons.append(message)
        return "\n".join(reasons) or False

    def _debt_recovery_claim_dates(self):
        """The dates that bound this case's claim: ``_debt_recovery_compute_claim`` keywords."""
        self.ensure_one()
        return {
            "opening_date": self.partner_id.debt_recovery_collective_judgment_date or None,
            "notice_date": self._debt_recovery_formal_notice_dates().get(self._origin.id),
        }

    def _debt_recovery_formal_notice_dates(self):
        """``{case id: date}``: when the formal notice reached each consumer of these cases.

        The acknowledgment of receipt of the registered letter when it came back (first
        presentation, legal_fr.md §6), else the day the notice was sent. One query for all.
        """
        consumers = self.filtered(lambda case: case.debtor_type == "b2c")._origin
        if not consumers:
            return {}
        actions = self.env["debt.recovery.action"].search_fetch(
            [
                ("case_id", "in", consumers.ids),
                ("state", "=", "done"),
                ("level_id.phase", "=", "formal_notice"),
                ("channel", "in", ("registered_letter", "letter", "email")),
            ],
            ["case_id", "date", "acknowledgment_date"],
        )
        dates = {}
        for action in actions:
            day = formal_notice_received(action.date, action.acknowledgment_date or None)
            case_id = action.case_id.id
            dates[case_id] = min(dates.get(case_id, day), day)
        return dates

    def _compute_days_overdue(self):
        today = fields.Date.context_today(self)
        for case in self:
            case.days_overdue = (today - case.oldest_due_date).days if case.oldest_due_date else 0

    @api.model
    def _read_group_level_ids(self, levels, domain):
        # Every level of the allowed companies is a kanban column, even an empty one.
        return levels.search([("company_id", "in", self.env.companies.ids)])

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

    def _recompute_amounts(self):
        """Recompute the stored amounts, which grow with time (penalties)."""
        self._debt_recovery_amounts_changed()
        self.flush_recordset()

    @api.model
    def _debt_recovery_amount_fields(self):
        """The stored amounts of a case, computed from its claim (``_compute_amounts``)."""
        return (
            "amount_overdue",
            "amount_penalties",
            "amount_indemnities",
            "amount_costs",
            "amount_costs_claimed",
            "amount_costs_excluded",
            "amount_total_claimed",
            "amount_warning",
            "oldest_due_date",
        )

    def _debt_recovery_amounts_changed(self):
        """The stored amounts of these cases are recomputed at the next flush."""
        if not self:
            return
        for fname in self._debt_recovery_amount_fields():
            self.env.add_to_compute(self._fields[fname], self)

    @api.model
    def _get_overdue_invoice_domain(self, company, today):
        return Domain("company_id", "=", company.id) & self._debt_recovery_overdue_domain(today)

    @api.model
    def _debt_recovery_overdue_domain(self, today):
        """The one definition of an invoice claimed today: posted, unpaid, due, not disputed."""
        return Domain(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("amount_residual", ">", 0),
                ("invoice_date_due", "<", today),
                ("debt_recovery_disputed", "=", False),
            ]
        )

    @api.model
    def _debt_recovery_active_case(self, partner, company):
        """The open, paused or escalated case of ``partner`` in ``company``, if any."""
        return self.search(
            [
                ("partner_id", "=", partner.commercial_partner_id.id),
                ("company_id", "=", company.id),
                ("state", "in", ACTIVE_STATES),
            ],
            limit=1,
        )

    @api.model
    def _debt_recovery_case_for_partner(self, partner, company):
        """The active case of ``partner``, opened with its overdue invoices when there is none."""
        partner = partner.commercial_partner_id
        case = self._debt_recovery_active_case(partner, company)
        if not case:
            case = self.create({"partner_id": partner.id, "company_id": company.id})
        invoices = self._debt_recovery_partner_overdue_invoices(partner, company)
        self._debt_recovery_link_invoices({case: (invoices - case.invoice_ids).ids})
        return case

    @api.model
    def _debt_recovery_partner_overdue_invoices(self, partner, company):
        """The invoices ``partner`` owes ``company`` today, whatever case they are in."""
        return self.env["account.move"].search(
            self._get_overdue_invoice_domain(company, fields.Date.context_today(self))
            & Domain("commercial_partner_id", "=", partner.commercial_partner_id.id)
        )

    @api.model
    def _debt_recovery_link_invoices(self, links):
        """Put invoices in cases: ``links`` maps a case to invoice ids.

        Written with the ORM's low-level ``_write_multi`` (one batched UPDATE of our own
        column, the invoices' write date and author kept true): ``account.move.write`` on
        posted invoices runs the accounting hooks (dynamic lines, checks) for a field they do
        not concern, which made the daily sync cost seconds per hundred invoices. The callers
        recompute the amounts. Returns the cases whose invoices changed (that gained or lost
        one).
        """
        wanted = {invoice_id: case.id for case, ids in links.items() for invoice_id in ids}
        if not wanted:
            return self.browse()
        Move = self.env["account.move"]
        Move.flush_model(["debt_recovery_case_id"])
        invoices = Move.browse(list(wanted))
        invoices.fetch(["debt_recovery_case_id"])
        moving = invoices.filtered(
            lambda invoice: invoice.debt_recovery_case_id.id != wanted[invoice.id]
        )
        touched = {
            case_id
            for invoice in moving
            for case_id in (invoice.debt_recovery_case_id.id, wanted[invoice.id])
            if case_id
        }
        moving._write_multi([{"debt_recovery_case_id": wanted[invoice.id]} for invoice in moving])
        # The cache of the column and of what is computed from it, without the ORM's triggers.
        Move.invalidate_model(
            [
                "debt_recovery_case_id",
                "debt_recovery_level_id",
                "debt_recovery_case_state",
                "debt_recovery_state",
            ]
        )
        self.invalidate_model(["invoice_ids", "overdue_invoice_ids"])
        # The payments already received on them now count for their case (dashboard).
        self.env["account.partial.reconcile"]._debt_recovery_recompute_payments(moving)
        return self.browse(touched)

    @api.model
    def _level_for_days(self, levels, days):
        """The highest level reached after ``days`` days overdue (levels sorted by sequence)."""
        reached = levels.filtered(lambda level: level.delay_days <= days)
        return reached.sorted(lambda level: (level.delay_days, level.sequence))[-1:]

    # ------------------------------------------------------------------------------------------
    # The scheduled action
    # ------------------------------------------------------------------------------------------
    @api.model
    def _cron_run(self, batch_size=200):
        """Daily: attach overdue invoices to cases, then bring each case up to date in batches.

        Resumable: a case is done for the day once ``last_run_date`` is today, and every step
        it carries out is first written as a ``debt.recovery.action`` (a stay at a level carries
        out each of its channels once), so a run killed in the middle and started again never
        does the same step twice.

        Odoo's scheduler gives a job a time budget per pass (``_commit_progress`` returns 0 once
        it is spent): the job then returns, and Odoo calls it again at once only if it reported
        work remaining, otherwise not before tomorrow. So until its letters are made, the run
        never reports nothing remaining: a pass out of time after the sync or the last batch of
        cases would otherwise leave the day's letters and their e-mails unmade.
        """
        Cron = self.env["ir.cron"]
        Action = self.env["debt.recovery.action"]
        today = fields.Date.context_today(self)
        # A company with nobody to speak for it (no recovery officer, no Recovery Manager) is
        # left alone: its debtors would hear from the system, OdooBot.
        unattended = self._debt_recovery_unattended_companies()
        # Only the companies that enabled the recovery, with a chart of accounts (invoices).
        companies = self.env["res.company"].search(
            [
                ("debt_recovery_enabled", "=", True),
                ("chart_template", "!=", False),
                ("id", "not in", unattended.ids),
                "|",
                ("debt_recovery_last_sync_date", "=", False),
                ("debt_recovery_last_sync_date", "<", today),
            ]
        )
        domain = self._debt_recovery_run_domain(today) & Domain(
            "company_id", "not in", unattended.ids
        )
        for index, company in enumerate(companies, start=1):
            # Each case's amounts are recomputed in its batch, not here.
            self.with_company(company)._sync_cases_from_invoices(company, recompute=False)
            company.debt_recovery_last_sync_date = today
            # Left: the other companies, then the cases and the letters.
            remaining = (
                len(companies)
                - index
                + (self.search_count(domain) or Action._debt_recovery_letters_to_make_count())
            )
            if not Cron._commit_progress(1, remaining=remaining):
                return
        self._debt_recovery_cron_process(domain, today, batch_size)

    @api.model
    def _debt_recovery_cron_process(self, domain, today, batch_size):
        """The scheduled action's work after the sync: the cases due today, in batches, then the
        letters of the steps decided. Here, in the job itself; the ``debt_recovery_fr_queue_job``
        addon overrides it to hand each batch to a queue job instead.
        """
        Cron = self.env["ir.cron"]
        Action = self.env["debt.recovery.action"]
        while True:
            # Another worker may hold some cases: skip them rather than wait.
            cases = self.search(domain, limit=batch_size, order="id").try_lock_for_update()
            if not cases:
                break
            cases._debt_recovery_run(today)
            cases_left = self.search_count(domain)
            # After the last batch, the letters of the steps decided are what remains.
            remaining = cases_left or Action._debt_recovery_letters_to_make_count()
            if not Cron._commit_progress(len(cases), remaining=remaining):
                return
            # Committed, so flushed: a cache that grew with every batch made each one slower
            # (the activities' inverse fields, the prefetch of the invoices).
            self.env.invalidate_all()
            if not cases_left:
                break
        # Then the letters of the steps just decided, rendered in batches, and their e-mails.
        Action._cron_render_documents()

    @api.model
    def _debt_recovery_unattended_companies(self):
        """The companies running the recovery with nobody to speak for them, each logged."""
        unattended = self.env["res.company"]
        for company in self.env["res.company"].search([("debt_recovery_enabled", "=", True)]):
            if not company._debt_recovery_officer():
                _logger.warning(
                    "Debt recovery: %s has no recovery officer and no Recovery Manager; its "
                    "cases are left alone rather than handled as the system. Choose its "
                    "recovery officer in the Settings.",
                    company.name,
                )
                unattended |= company
        return unattended

    @api.model
    def _debt_recovery_run_domain(self, today):
        return (
            Domain("state", "in", ACTIVE_STATES)
            & Domain("company_id.debt_recovery_enabled", "=", True)
            & (Domain("last_run_date", "=", False) | Domain("last_run_date", "<", today))
        )

    def _debt_recovery_run(self, today):
        """Bring these cases up to date: amounts, then the steps that are due.

        Batched: the steps of all the cases are written and carried out together (one
        ``create`` per kind of record), so the queries of a batch do not grow with its cases.
        """
        self._debt_recovery_ensure_responsible()
        # Nobody to speak for them: nothing is done, the run says so (see ``_cron_run``).
        unattended = self.filtered(
            lambda case: not case.company_id._debt_recovery_is_human(case.user_id)
        )
        if unattended:
            _logger.warning(
                "Debt recovery: no responsible person for the cases %s; left alone.",
                unattended.ids,
            )
            unattended.last_run_date = today
            self -= unattended
        self._recompute_amounts()
        plan = self._debt_recovery_plan(today)
        self._debt_recovery_ask_validations(
            [(case, level) for case, step, level, _channel in plan if step == "validation"]
        )
        self._move_to_levels_checked(
            [(case, level) for case, step, level, _channel in plan if step == "move"]
        )
        steps = [(case, channel) for case, step, _level, channel in plan if step == "channel"]
        self._debt_recovery_carry_out_steps(steps)
        acted = self.browse().union(*(case for case, _channel in steps))
        for company, cases in acted.grouped("company_id").items():
            # The daily scheduling is not tracked in the chatter: the actions say what was done.
            cases.with_context(mail_notrack=True).next_action_date = today + timedelta(
                days=company.debt_recovery_contact_interval_days
            )
        self.last_run_date = today

    def _debt_recovery_plan(self, today):
        """The steps the scheduled action takes today on these cases, in order; writes nothing.

        A step is ``(case, kind, level, channel)``: ``validation`` (a manager is asked to
        validate the move to ``level``), ``move`` (the case moves to ``level``) or ``channel``
        (the level's ``channel`` is carried out, once per stay at the level).
        """
        levels_by_company = {
            company: self.env["debt.recovery.level"].search([("company_id", "=", company.id)])
            for company in self.company_id
        }
        # The actions of all the cases at once; kept in cache, the steps written next add to it.
        actions = self.action_ids.filtered(lambda a: a.state != "cancelled")
        done = {(a.case_id.id, a.level_id.id, a.channel, a.level_visit) for a in actions}
        received = {
            (a.case_id.id, a.level_id.id, a.level_visit): a.acknowledgment_date
            for a in actions
            if a.channel == "registered_letter" and a.acknowledgment_date
        }
        prescribed = None
        plan = []
        for case in self:
            if (
                case.state != "open"
                or (case.next_action_date and case.next_action_date > today)
                or case.currency_id.compare_amounts(case.amount_overdue, 0) <= 0
            ):
                continue
            level, visit = case.level_id, case.level_visit
            # No level yet, or the level carried out: the next one, once its delay has passed.
            if not level or all(
                (case.id, level.id, channel, visit) in done
                for channel in level._debt_recovery_channels()
            ):
                next_level = case._debt_recovery_next_level(levels_by_company[case.company_id])
                if next_level and case._debt_recovery_delay_passed(next_level, today, received):
                    if next_level.manual_validation:
                        if (case.id, next_level.id, "validation", visit) not in done:
                            plan.append((case, "validation", next_level, None))
                        continue
                    if prescribed is None:
                        # Read once for the whole batch, when a first case may move.
                        prescribed = self._debt_recovery_prescribed_by_case(today)
                    if not case._debt_recovery_escalation_refusals(
                        next_level, prescribed=prescribed[case.id]
                    ):
                        plan.append((case, "move", next_level, None))
                        level, visit = next_level, visit + 1
            for channel in level._debt_recovery_channels() if level else ():
                if (case.id, level.id, channel, visit) not in done:
                    plan.append((case, "channel", level, channel))
        return plan

    def _debt_recovery_delay_passed(self, level, today, received):
        """Whether the delay of ``level``, the case's next level, has passed today.

        The delay runs from the oldest due date, or, for a level that waits for the
        acknowledgment of receipt, from the day the debtor received the registered letter of the
        current level (``received``: ``{(case id, level id, visit): acknowledgment date}``); as
        long as that date is not entered, the case waits.
        """
        self.ensure_one()
        if not level.delay_from_acknowledgment:
            return level.delay_days <= self.days_overdue
        acknowledged = received.get((self.id, self.level_id.id, self.level_visit))
        return bool(acknowledged) and acknowledged + timedelta(days=level.delay_days) <= today

    def _debt_recovery_next_level(self, levels):
        """The level after the case's among ``levels``; a procedure level, the first whose
        procedure is open for the claim (R125-1 CPCE: the procédure simplifiée stops at
        5 000 €, an injonction de payer is next for more), else the first (its refusal says
        why)."""
        self.ensure_one()
        if not self.level_id:
            return levels[:1]
        rank = (PHASES.index(self.level_id.phase), self.level_id.sequence, self.level_id.delay_days)
        following = levels.filtered(
            lambda level: (PHASES.index(level.phase), level.sequence, level.delay_days) > rank
        )
        first = following[:1]
        if first.phase not in PROCEDURE_PHASES:
            return first
        open_codes = {
            option.code for option in self._debt_recovery_procedure_options() if option.allowed
        }
        return following.filtered(lambda level: level.phase in open_codes)[:1] or first

    def _debt_recovery_ask_validation(self, level):
        """A manager decides on a step the law or the company wants a human to take."""
        self.ensure_one()
        return self._debt_recovery_ask_validations([(self, level)])

    @api.model
    @proof_file_writer
    def _debt_recovery_ask_validations(self, requests):
        """``_debt_recovery_ask_validation`` of each ``(case, level)``, in one go."""
        if not requests:
            return self.env["debt.recovery.action"]
        actions = self.env["debt.recovery.action"].create(
            [
                {
                    "case_id": case.id,
                    "level_id": level.id,
                    "channel": "validation",
                    "level_visit": case.level_visit,
                    "state": "to_validate",
                    "user_id": case._debt_recovery_acting_user().id,
                    "amount": case.amount_overdue,
                    "invoice_ids": [Command.set(case.overdue_invoice_ids.ids)],
                }
                for case, level in requests
            ]
        )
        managers = {}
        activities = []
        amounts = AmountFormatter(self.env)
        for case, level in requests:
            key = (case.user_id, case.company_id)
            if key not in managers:
                managers[key] = case._debt_recovery_manager()
            activities.append(
                case._debt_recovery_activity_values(
                    "debt_recovery_fr.mail_activity_type_validate",
                    managers[key],
                    summary=self.env._("Validate: %(level)s", level=level.name),
                    note=self.env._(
                        "%(debtor)s owes %(amount)s for %(days)s days. Validate the move to "
                        "%(level)s from the case (Escalate) or postpone it.",
                        debtor=case.partner_id.name,
                        amount=amounts(case.amount_total_claimed, case.currency_id),
                        days=case.days_overdue,
                        level=level.name,
                    ),
                )
            )
        # In the manager's to-dos, without an "assigned to you" e-mail, which the scheduled
        # action would send as OdooBot (the calls likewise).
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(activities)
        return actions

    def _debt_recovery_activity_values(self, activity_type_xmlid, user, summary, note):
        """What ``activity_schedule`` would create on this case, to create many at once."""
        self.ensure_one()
        return {
            # Cached, unlike env.ref (which checks that the record exists, a query per case).
            "activity_type_id": self.env["ir.model.data"]._xmlid_to_res_id(activity_type_xmlid),
            "summary": summary,
            "note": note,
            "automated": True,
            "date_deadline": fields.Date.context_today(self),
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "user_id": user.id,
        }

    @api.model
    def _debt_recovery_assignee(self, partner, company, officer=None):
        """Who is responsible for a new case of ``partner`` in ``company``: the debtor's
        salesperson if he is an active internal user of the company, else the company's
        recovery officer, else the user opening the case if a person; never the system (the
        scheduled action runs as OdooBot). Empty when there is nobody.

        ``officer``: ``company._debt_recovery_officer()``, when the caller has it already.
        """
        salesperson = partner.commercial_partner_id.user_id or partner.user_id
        if company._debt_recovery_is_human(salesperson):
            return salesperson
        if officer is None:
            officer = company._debt_recovery_officer()
        if officer:
            return officer
        if company._debt_recovery_is_human(self.env.user):
            return self.env.user
        return self.env["res.users"]

    def _debt_recovery_responsible(self):
        """The person who speaks for this case: its responsible, or the one the assignment
        rule gives when he left (archived, another company) or the case has none."""
        self.ensure_one()
        if self.company_id._debt_recovery_is_human(self.user_id):
            return self.user_id
        return self._debt_recovery_assignee(self.partner_id, self.company_id)

    def _debt_recovery_ensure_responsible(self):
        """Give the cases whose responsible is not a person (OdooBot on the cases opened by the
        scheduled action before the assignment rule, a user archived) the rule's one."""
        for case in self:
            if case.company_id._debt_recovery_is_human(case.user_id):
                continue
            user = case._debt_recovery_responsible()
            if user:
                case.with_context(mail_auto_subscribe_no_notify=True).user_id = user

    def _debt_recovery_acting_user(self):
        """In whose name a step of this case is recorded: the user who takes it, or, when the
        system does (the scheduled action, a debtor on the portal), the case's responsible."""
        self.ensure_one()
        if self.company_id._debt_recovery_is_human(self.env.user):
            return self.env.user
        return self._debt_recovery_responsible()

    def _debt_recovery_manager(self):
        """Who validates: the responsible if a Recovery Manager, else the company's recovery
        officer, else a Recovery Manager of the company; never the system. Empty when the
        company has nobody (the scheduled action then leaves it alone)."""
        self.ensure_one()
        group = "debt_recovery_fr.debt_recovery_group_manager"
        company = self.company_id
        responsible = self._debt_recovery_responsible()
        if responsible.has_group(group):
            return responsible
        officer = company.debt_recovery_officer_id
        if company._debt_recovery_is_human(officer):
            return officer
        return company._debt_recovery_officer() or responsible

    def _debt_recovery_carry_out(self, channel):
        """Carry out one channel of the current level."""
        self.ensure_one()
        return self._debt_recovery_carry_out_steps([(self, channel)])

    @api.model
    @proof_file_writer
    def _debt_recovery_carry_out_steps(self, steps):
        """Carry out each ``(case, channel)`` of the cases' current levels, all in one go."""
        if not steps:
            return self.env["debt.recovery.action"]
        Action = self.env["debt.recovery.action"]
        amounts = AmountFormatter(self.env)
        # The actions are written first, with what each says (its note, or why it fails): with
        # their unique index, they are what makes each step happen once per stay at the level.
        actions = Action.create(
            [
                {
                    "case_id": case.id,
                    "level_id": case.level_id.id,
                    "channel": channel,
                    "level_visit": case.level_visit,
                    "state": "planned",
                    "user_id": case._debt_recovery_acting_user().id,
                    "amount": case.amount_overdue,
                    "cost": case.level_id._debt_recovery_channel_cost(channel),
                    "invoice_ids": [Command.set(case.overdue_invoice_ids.ids)],
                    **Action._debt_recovery_step_values(case, channel, amounts),
                }
                for case, channel in steps
            ]
        )
        actions._debt_recovery_do()
        return actions

    @api.model
    def _sync_cases_from_invoices(self, company, recompute=True):
        """Open or update one case per debtor with overdue invoices, close the paid ones.

        With ``recompute``, the amounts of the cases whose invoices changed are recomputed; the
        scheduled action passes False, as it recomputes every active case in its batches.
        """
        today = fields.Date.context_today(self)
        Move = self.env["account.move"].with_company(company)
        groups = Move._read_group(
            self._get_overdue_invoice_domain(company, today),
            ["commercial_partner_id"],
            ["id:array_agg", "invoice_date_due:min"],
        )
        levels = self.env["debt.recovery.level"].search([("company_id", "=", company.id)])
        cases = self.search([("company_id", "=", company.id), ("state", "in", ACTIVE_STATES)])
        case_by_partner = {case.partner_id: case for case in cases}
        partners = [partner for partner, _ids, _due in groups]
        # A debtor whose last case was paid gets it back when a new invoice falls overdue.
        reopened = self.search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "paid"),
                ("partner_id", "in", [p.id for p in partners if p not in case_by_partner]),
            ],
            order="id desc",
        )
        for case in reopened:
            if case.partner_id not in case_by_partner:
                case._debt_recovery_reopen()
                case_by_partner[case.partner_id] = case
        # A new case has no invoice nor step yet: its claim is empty, its amounts zero. Written
        # so, not computed at the flush for nothing (the invoices linked below do not make them
        # be recomputed: the caller recomputes them, or the batches).
        empty_claim = {
            fname: False if fname in ("amount_warning", "oldest_due_date") else 0.0
            for fname in self._debt_recovery_amount_fields()
        }
        # Named after the debtor as ``_compute_name`` does, in the INSERT (not an UPDATE after).
        new_vals = [
            {"partner_id": partner.id, "company_id": company.id, "name": partner.name} | empty_claim
            for partner, _ids, _due in groups
            if partner not in case_by_partner
        ]
        # No "case created" message per case: the steps are the record of what was done; no
        # "assigned to you" e-mail per case to its responsible either (a first run opens
        # thousands): the cases are on his kanban, the calls and validations in his to-dos.
        # The chatter's own subscription of the responsible, case by case (queries for each),
        # is done below for all his cases at once.
        created = self.with_context(tracking_disable=True).create(new_vals)
        for fname in empty_claim:
            self.env.remove_to_compute(self._fields[fname], created)
        for user, user_cases in created.grouped("user_id").items():
            if user:
                user_cases.message_subscribe(partner_ids=user.partner_id.ids)
        created.flush_recordset()
        for case in created:
            case_by_partner[case.partner_id] = case
        changed = self._debt_recovery_link_invoices(
            {case_by_partner[partner]: invoice_ids for partner, invoice_ids, _due in groups}
        )
        # A level that needs a manager's validation, or that waits for the acknowledgment of a
        # registered letter, is never reached automatically.
        first_levels = levels.filtered(
            lambda lvl: not lvl.manual_validation and not lvl.delay_from_acknowledgment
        )
        placed = defaultdict(list)
        for partner, _invoice_ids, oldest_due in groups:
            case = case_by_partner[partner]
            if not case.level_id:
                level = self._level_for_days(first_levels, (today - oldest_due).days)
                if level:
                    placed[level].append(case.id)
        for level, case_ids in placed.items():
            self.browse(case_ids)._place_at_level(level)
        all_cases = self.search([("company_id", "=", company.id), ("state", "in", ACTIVE_STATES)])
        # Paid: every invoice of the case settled. Counted by case in the database (not every
        # invoice read): the residual is stored rounded to its currency, so settled is 0.
        in_cases = Domain("debt_recovery_case_id", "in", all_cases.ids)
        has_invoices = {case.id for [case] in Move._read_group(in_cases, ["debt_recovery_case_id"])}
        unpaid = {
            case.id
            for [case] in Move._read_group(
                in_cases & Domain("amount_residual", "!=", 0), ["debt_recovery_case_id"]
            )
        }
        paid = all_cases.filtered(lambda case: case.id in has_invoices - unpaid)
        paid._change_state("paid", event=True, values={"next_action_date": False})
        if recompute:
            (changed & (all_cases - paid))._recompute_amounts()
        return all_cases

    # ------------------------------------------------------------------------------------------
    # The one path of a case's level and state: whatever the client (form, kanban, RPC), a
    # change of them goes through ``_move_to_level`` and ``_change_state``.
    # ------------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if (
                vals.get("level_id")
                or vals.get("level_visit")
                or vals.get("state", "open") != "open"
            ):
                raise UserError(
                    self.env._(
                        "A recovery case starts open, at no level: the scheduled action places "
                        "it by the age of its debt, or escalate it from an overdue invoice."
                    )
                )
        Partner, Company = self.env["res.partner"], self.env["res.company"]
        officers = {}  # One look-up per company, not per case (the daily sync opens many).
        # The debtors' salespersons read at once, not debtor by debtor.
        Partner.browse(
            {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        ).commercial_partner_id.fetch(["user_id"])
        for vals in vals_list:
            if not vals.get("user_id") and vals.get("partner_id"):
                company = Company.browse(vals.get("company_id")) or self.env.company
                if company not in officers:
                    officers[company] = company._debt_recovery_officer()
                vals["user_id"] = self._debt_recovery_assignee(
                    Partner.browse(vals["partner_id"]), company, officers[company]
                ).id
        return super().create(vals_list)

    def write(self, vals):
        guarded = GUARDED_FIELDS.intersection(vals)
        if not guarded or is_internal_write(self):
            if "level_id" not in vals:
                return super().write(vals)
            level = self.env["debt.recovery.level"].browse(vals["level_id"])
            moved = self.filtered(lambda case: case.level_id != level)
            result = super().write(vals)
            # A new stay at a level: its steps are carried out again, once.
            for visit, cases in moved.grouped("level_visit").items():
                super(DebtRecoveryCase, cases).write({"level_visit": visit + 1})
            return result
        # A client's change (form, kanban drag, RPC): through the paths that check it, first, so
        # that a refusal writes nothing.
        vals = dict(vals)
        if "level_visit" in vals:
            raise UserError(
                self.env._("The visits of a level are counted by the moves of the case.")
            )
        if "level_id" in vals:
            level = self.env["debt.recovery.level"].browse(vals.pop("level_id"))
            self.filtered(lambda case: case.level_id != level)._move_to_level(level)
        if "state" in vals:
            state = vals.pop("state")
            self.filtered(lambda case: case.state != state)._change_state(state)
        return super().write(vals) if vals else True

    def _debt_recovery_write_guarded(self, vals):
        with internal_write(self):
            return self.write(vals)

    def _debt_recovery_is_escalation(self, level):
        """Whether ``level`` comes after the case's level (going back is never checked)."""
        self.ensure_one()
        if not self.level_id:
            return True
        return (PHASES.index(level.phase), level.sequence, level.delay_days) > (
            PHASES.index(self.level_id.phase),
            self.level_id.sequence,
            self.level_id.delay_days,
        )

    def _debt_recovery_prescribed_invoices(self, today):
        """The overdue invoices of the case whose claim is prescribed today."""
        self.ensure_one()
        return self._debt_recovery_prescribed_by_case(today)[self.id]

    def _debt_recovery_prescribed_by_case(self, today):
        """``_debt_recovery_prescribed_invoices`` of each case: ``{case id: invoices}``."""
        invoices = self.overdue_invoice_ids
        partials = invoices._debt_recovery_payment_partials()
        result = {}
        for case in self:
            prescribed = []
            for invoice in case.overdue_invoice_ids:
                # 2240 C. civ.: each partial payment restarts the period (legal/prescription.py).
                events = [("partial_payment", partial.max_date) for partial in partials[invoice.id]]
                start = prescription_start(invoice_date=invoice.invoice_date or invoice.date)
                if is_prescribed(case.debtor_type or "b2b", start, today, events):
                    prescribed.append(invoice.id)
            result[case.id] = invoices.browse(prescribed)
        return result

    def _debt_recovery_procedure_options(self, prescribed=None):
        """The procedures open for this claim, as legal/procedures.py decides them.

        ``prescribed``: the case's prescribed invoices, when the caller knows them already.
        """
        self.ensure_one()
        today = fields.Date.context_today(self)
        if prescribed is None:
            prescribed = self._debt_recovery_prescribed_invoices(today)
        # R125-1 CPCE weighs the principal and interest of the claim (legal/claim.py).
        amount = Decimal(
            str(self.currency_id.round(max(self.amount_overdue + self.amount_penalties, 0)))
        )
        total = Decimal(str(self.currency_id.round(max(self.amount_total_claimed, 0))))
        if not amount:
            # The rules weigh a claim: with none (all paid or disputed), no procedure, and why.
            return [ProcedureOption(code, False, NOTHING_CLAIMED) for code in PROCEDURE_CODES]
        return procedure_options(
            amount,
            self.debtor_type or "b2b",
            contested=self.has_disputed_invoice,
            collective_proceeding=self.state == "collective_proceeding",
            prescribed=bool(prescribed),
            amicable_attempt_done=self._debt_recovery_formal_notice_done(),
            claim_total=total,
        )

    def _debt_recovery_option_message(self, option):
        """The reason of a procedure ``option`` (legal/procedures.py), in the user's language:
        its amounts with the case's currency, its court by name."""
        self.ensure_one()
        currency = self.currency_id or self.env.company.currency_id
        params = dict(option.params)
        for key, value in params.items():
            if key in AMOUNT_PARAMS:
                params[key] = format_amount(self.env, float(value), currency)
            elif key == COURT_PARAM and value:
                params[key] = court_name_fr(value)
        return legal_message(self.env, option.reason_template, params)

    def _debt_recovery_formal_notice_done(self):
        """Whether a formal notice was sent: a letter, registered letter or e-mail of a formal
        notice level, done (the level the case stands at proves nothing was sent)."""
        self.ensure_one()
        if not self._origin.id:
            return False
        return bool(
            self.env["debt.recovery.action"].search_count(
                [
                    ("case_id", "=", self._origin.id),
                    ("state", "=", "done"),
                    ("level_id.phase", "=", "formal_notice"),
                    ("channel", "in", ("registered_letter", "letter", "email")),
                ],
                limit=1,
            )
        )

    def _debt_recovery_escalation_refusals(self, level, prescribed=None):
        """Why this case may not move up to ``level``: translated reasons, empty when it may.

        ``prescribed``: the case's prescribed invoices, when the caller knows them already.
        """
        self.ensure_one()
        if not self._debt_recovery_is_escalation(level):
            return []
        today = fields.Date.context_today(self)
        reasons = []
        if level.company_id != self.company_id:
            reasons.append(
                self.env._("The level %(level)s belongs to another company.", level=level.name)
            )
        if self.state in ("paid", "written_off"):
            reasons.append(self.env._("The case is closed: nothing is left to recover."))
        if self.state == "paused":
            reasons.append(self.env._("The case is paused: resume it before escalating."))
        if prescribed is None:
            prescribed = self._debt_recovery_prescribed_invoices(today)
        if self.state == "collective_proceeding":
            option = self._debt_recovery_procedure_options(prescribed)[0]
            reasons.append(self._debt_recovery_option_message(option))
            return reasons
        if self.currency_id.compare_amounts(self.amount_overdue, 0) <= 0:
            reasons.append(
                self.env._(
                    "%(debtor)s has no overdue invoice to recover.", debtor=self.partner_id.name
                )
            )
        if prescribed:
            reasons.append(
                self.env._(
                    "These invoices are prescribed, their claim can no longer be pursued: "
                    "%(invoices)s.",
                    invoices=", ".join(prescribed.mapped("name")),
                )
            )
        if level.manual_validation and not self.env.user.has_group(
            "debt_recovery_fr.debt_recovery_group_manager"
        ):
            reasons.append(
                self.env._(
                    "Only a Recovery Manager can validate the step %(level)s.", level=level.name
                )
            )
        if level.phase in PROCEDURE_PHASES:
            if not self._debt_recovery_formal_notice_done():
                reasons.append(
                    self.env._(
                        "Send a formal notice (mise en demeure) before %(level)s: it gives the "
                        "debtor a last chance and makes interest run.",
                        level=level.name,
                    )
                )
            options = self._debt_recovery_procedure_options(prescribed)
            option = next(o for o in options if o.code == level.phase)
            if not option.allowed:
                reasons.append(self._debt_recovery_option_message(option))
        if (
            level.channel_commissaire
            and not self.commissaire_id
            and not self.partner_id._debt_recovery_find_commissaire(self.company_id)
        ):
            reasons.append(
                self.env._(
                    "No partner commissaire de justice covers the département of %(debtor)s "
                    "(%(departement)s): add one under Configuration or choose one on the case.",
                    debtor=self.partner_id.name,
                    departement=self.partner_id.debt_recovery_departement_id.display_name
                    or self.env._("unknown postcode"),
                )
            )
        return reasons

    def _debt_recovery_check_escalation(self, level):
        self.ensure_one()
        reasons = self._debt_recovery_escalation_refusals(level)
        if reasons:
            raise UserError(
                self.env._(
                    "%(debtor)s cannot move to %(level)s:\n%(reasons)s",
                    debtor=self.partner_id.name,
                    level=level.name,
                    reasons="\n".join(f"- {reason}" for reason in reasons),
                )
            )

    def _move_to_level(self, level, reason=None):
        """THE way these cases change level: the wizard, the kanban, the manager's validation.

        Up, after the legal checks (going back down is never refused); the ``level_change``
        step and a chatter line say who moved the case, from where to where and why
        (``reason``); a procedure level opens its procedure. A refusal raises and changes
        nothing. The scheduled action, which checks its moves in batches, uses
        ``_move_to_levels_checked``.
        """
        if not level:
            raise UserError(self.env._("A case leaves its level only for another level."))
        level.ensure_one()
        for case in self:
            if case.state in ("paid", "written_off"):
                raise UserError(
                    self.env._(
                        "%(debtor)s cannot move to %(level)s: the case is closed.",
                        debtor=case.partner_id.name,
                        level=level.name,
                    )
                )
            if level.company_id != case.company_id:
                raise UserError(
                    self.env._(
                        "%(debtor)s cannot move to %(level)s: the level belongs to another "
                        "company.",
                        debtor=case.partner_id.name,
                        level=level.name,
                    )
                )
            # Before a procedure, the debtor's status in the public register (never blocks).
            case._debt_recovery_check_register(level)
            case._debt_recovery_check_escalation(level)
        self._move_to_levels_checked([(case, level) for case in self], reason)
        return True

    @api.model
    @proof_file_writer
    def _move_to_levels_checked(self, moves, reason=None):
        """Move each ``(case, level)``, whose legal checks were done, in one go.

        The chatter says who moved the case from where to where; the ``level_change`` action
        keeps it in the proof file. The fields are not tracked on top of that (one message per
        case, written in one go).
        """
        if not moves:
            return
        today = fields.Date.context_today(self)
        previous = {case.id: case.level_id for case, _level in moves}
        up = {case.id: case._debt_recovery_is_escalation(level) for case, level in moves}
        by_vals = defaultdict(list)
        for case, level in moves:
            vals = {"level_id": level.id, "next_action_date": today}
            if level.phase in PROCEDURE_PHASES and up[case.id]:
                vals["state"] = "escalated"
            if level.channel_commissaire and not case.commissaire_id:
                # A search per case, only for the levels that hand the case to a commissaire.
                vals["commissaire_id"] = case.partner_id._debt_recovery_find_commissaire(
                    case.company_id
                ).id
            by_vals[tuple(sorted(vals.items()))].append(case.id)
        for vals, case_ids in by_vals.items():
            self.browse(case_ids).with_context(mail_notrack=True)._debt_recovery_write_guarded(
                dict(vals)
            )
        no_level = self.env._("no level")
        notes = {}
        for case, level in moves:
            notes[case.id] = self.env._(
                "From %(previous)s to %(level)s.",
                previous=previous[case.id].name or no_level,
                level=level.name,
            )
            if reason:
                notes[case.id] += " " + reason
        self.env["debt.recovery.action"].create(
            [
                {
                    "case_id": case.id,
                    "level_id": level.id,
                    "channel": "level_change",
                    "level_visit": case.level_visit,
                    "user_id": case._debt_recovery_acting_user().id,
                    "invoice_ids": [Command.set(case.overdue_invoice_ids.ids)],
                    "amount": case.amount_overdue,
                    "note": notes[case.id],
                }
                for case, level in moves
            ]
        )
        messages = {}
        for case, level in moves:
            params = {
                "previous": previous[case.id].name or no_level,
                "level": level.name,
                "user": self.env.user.name,
            }
            if up[case.id]:
                messages[case.id] = self.env._(
                    "Escalated from %(previous)s to %(level)s by %(user)s.", **params
                )
            else:
                messages[case.id] = self.env._(
                    "Moved back from %(previous)s to %(level)s by %(user)s.", **params
                )
            if reason:
                messages[case.id] += " " + self.env._("Reason: %(reason)s", reason=reason)
        cases = self.browse().union(*(case for case, _level in moves))
        cases._message_log_batch(messages)

    def _place_at_level(self, level):
        """The first placement of these cases, which have no level yet, by the age of their
        debt (the daily sync): not an escalation, so no step and, like the daily scheduling,
        nothing in the chatter, in one write."""
        if self.filtered("level_id"):
            raise UserError(self.env._("Only a case with no level yet is placed at a level."))
        self.with_context(mail_notrack=True)._debt_recovery_write_guarded(
            {"level_id": level.id, "next_action_date": fields.Date.context_today(self)}
        )

    def _debt_recovery_reopen(self):
        """A paid case whose debtor owes again: the recovery starts over, at no level."""
        self._change_state("open", event=True, values={"level_id": False})

    def _change_state(self, state, reason=None, *, event=False, values=None):
        """THE way these cases change state.

        By a person (a client's ``write``, a button): only the changes of
        ``MANUAL_STATE_CHANGES``, by a Recovery Manager, with a ``reason`` when they need one,
        written in the chatter with who made them. With ``event``, the module follows what
        happened (the invoices paid, a procedure opened or closed, an instalment plan started
        or ended, a judgment published): the changes of ``EVENT_STATE_CHANGES``, tracked as
        fields are. ``values``: other fields written with the state. A refusal changes nothing.
        """
        values = dict(values or {})
        labels = dict(self._fields["state"]._description_selection(self.env))
        changing = self.filtered(lambda case: case.state != state)
        if event:
            for case in changing:
                if case.state not in EVENT_STATE_CHANGES.get(state, ()):
                    raise UserError(
                        self.env._(
                            "%(debtor)s cannot go from %(previous)s to %(state)s.",
                            debtor=case.partner_id.name,
                            previous=labels[case.state],
                            state=labels[state],
                        )
                    )
            if self:
                self._debt_recovery_write_guarded({"state": state, **values})
            return True
        for case in changing:
            case._debt_recovery_check_manual_state(state, reason)
        if not changing:
            return True
        today = fields.Date.context_today(self)
        if state in ("paused", "collective_proceeding", "written_off"):
            values.setdefault("next_action_date", False)
        else:
            values.setdefault("next_action_date", today)
        previous = {case.id: case.state for case in changing}
        changing.with_context(mail_notrack=True)._debt_recovery_write_guarded(
            {"state": state, **values}
        )
        if state in ("collective_proceeding", "written_off"):
            changing._debt_recovery_stop_steps(
                self.env._("The case is now %(state)s.", state=labels[state])
                + (f" {reason}" if reason else "")
            )
        messages = {}
        for case in changing:
            messages[case.id] = self.env._(
                "Status changed from %(previous)s to %(state)s by %(user)s.",
                previous=labels[previous[case.id]],
                state=labels[state],
                user=self.env.user.name,
            )
            if reason:
                messages[case.id] += " " + self.env._("Reason: %(reason)s", reason=reason)
        changing._message_log_batch(messages)
        return True

    def _debt_recovery_check_manual_state(self, state, reason):
        """Refuse a change of state a person may not make (translated reason)."""
        self.ensure_one()
        labels = dict(self._fields["state"]._description_selection(self.env))
        if state not in labels:
            raise UserError(self.env._("Unknown status %(state)s.", state=state))
        params = {
            "debtor": self.partner_id.name,
            "previous": labels[self.state],
            "state": labels[state],
        }
        if state == "paid":
            raise UserError(
                self.env._(
                    "%(debtor)s: a case is paid when its invoices are; the status follows the "
                    "payments reconciled on them, it is not set by hand.",
                    **params,
                )
            )
        if state == "escalated":
            raise UserError(
                self.env._(
                    "%(debtor)s: a case is escalated by the procedure opened on it (move it to a "
                    "procedure level, or open the procedure), not by hand.",
                    **params,
                )
            )
        if (self.state, state) not in MANUAL_STATE_CHANGES:
            raise UserError(
                self.env._("%(debtor)s cannot go from %(previous)s to %(state)s.", **params)
            )
        if not self.env.user.has_group("debt_recovery_fr.debt_recovery_group_manager"):
            raise UserError(
                self.env._(
                    "Only a Recovery Manager can change the status of a case by hand "
                    "(%(debtor)s: %(previous)s to %(state)s).",
                    **params,
                )
            )
        if MANUAL_STATE_CHANGES[(self.state, state)] and not (reason or "").strip():
            raise UserError(
                self.env._(
                    "Give the reason to move %(debtor)s from %(previous)s to %(state)s: it is "
                    "kept in the history of the case.",
                    **params,
                )
            )
        if state == "open" and self.state == "paused" and self.has_active_plan:
            raise UserError(
                self.env._(
                    "The instalment plan %(plan)s of %(debtor)s is running: cancel it to resume "
                    "the recovery.",
                    plan=self.active_plan_id.name,
                    debtor=self.partner_id.name,
                )
            )

    @proof_file_writer
    def _debt_recovery_stop_steps(self, reason=None):
        """What was planned or awaits validation is not done: the steps are cancelled, kept in
        the history with ``reason`` (never printed, sent nor validated afterwards), their
        calls and validations taken off the to-dos.

        The system cancels them (an instalment plan accepted, the case out of the recovery):
        ``cancel_user_id`` is the user only when a person made the change.
        """
        steps = self.action_ids.filtered(lambda a: a.state in ("to_validate", "planned"))
        user = self.env.user
        person = user.active and not user.share and not user._is_superuser()
        steps.write(
            {
                "state": "cancelled",
                "cancel_reason": reason or False,
                "cancel_date": fields.Datetime.now(),
                "cancel_user_id": user.id if person else False,
            }
        )
        self.activity_unlink(
            ["debt_recovery_fr.mail_activity_type_validate", "mail.mail_activity_data_call"]
        )
        labels = dict(steps._fields["channel"]._description_selection(self.env))
        messages = {
            case.id: self.env._(
                "Planned steps cancelled: %(steps)s. Reason: %(reason)s",
                steps=", ".join(
                    f"{labels[step.channel]} ({step.level_id.name})" for step in case_steps
                ),
                reason=reason,
            )
            for case, case_steps in steps.grouped("case_id").items()
        }
        if reason and messages:
            self.browse(messages)._message_log_batch(messages)

    def action_write_off(self, reason=None):
        """A Recovery Manager gives up the claim, saying why; without ``reason``, asks it."""
        if reason:
            return self._change_state("written_off", reason)
        return self._debt_recovery_state_wizard("written_off", self.env._("Write Off"))

    def action_end_collective_proceeding(self, reason=None):
        """The opening judgment reversed on appeal, or the proceeding closed: the recovery
        resumes, by a Recovery Manager who says why; without ``reason``, asks it."""
        if reason:
            return self._change_state("open", reason)
        return self._debt_recovery_state_wizard("open", self.env._("End Collective Proceeding"))

    def _debt_recovery_state_wizard(self, state, title):
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "debt.recovery.case.state.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_ids": self.ids, "default_state": state},
        }

    # ------------------------------------------------------------------------------------------
    # Public registers: check before a procedure, BODACC judgments
    # ------------------------------------------------------------------------------------------
    def _debt_recovery_check_register(self, level):
        """Before a procedure: refresh the debtor from the public register when the company
        wants it, and say on the case if he has ceased. Never blocks: a failing service only
        means the check could not be made."""
        self.ensure_one()
        partner = self.partner_id
        if (
            level.phase not in PROCEDURE_PHASES
            or not self.company_id.debt_recovery_register_lookup
            or not partner.debt_recovery_siren
            or not self._debt_recovery_is_escalation(level)
        ):
            return
        last = partner.debt_recovery_register_date
        if not last or fields.Datetime.now() - last > REGISTER_CHECK_FRESHNESS:
            try:
                partner._debt_recovery_register_refresh()
            except ServiceError as error:
                self.message_post(
                    body=self.env._(
                        "The public register could not be checked before %(level)s: %(reason)s",
                        level=level.name,
                        reason=legal_error_message(self.env, error),
                    )
                )
                return
        if partner.debt_recovery_admin_status == "ceased":
            self.message_post(
                body=self.env._(
                    "Warning: %(debtor)s has ceased its activity (%(date)s, public register). "
                    "A procedure may cost more than it recovers.",
                    debtor=partner.name,
                    date=format_date(self.env, partner.debt_recovery_closing_date)
                    or self.env._("date unknown"),
                )
            )

    @proof_file_writer
    def _debt_recovery_enter_collective_proceeding(self, notice):
        """A judgment opening collective proceedings was published: no more reminders, and
        the manager declares the claim before the deadline."""
        self.ensure_one()
        outside = (self.company_id.country_id.code or "FR") != "FR"
        deadline = declaration_deadline(notice.publication_date, outside)
        self._change_state(
            "collective_proceeding",
            event=True,
            values={"next_action_date": False, "claim_declaration_deadline": deadline},
        )
        # L622-21 C. com.: no more steps to collect: what was planned or awaits validation goes.
        self._debt_recovery_stop_steps()
        kind = dict(
            self.env["res.partner"]
            ._fields["debt_recovery_collective_kind"]
            ._description_selection(self.env)
        ).get(notice.kind, notice.nature)
        self.activity_schedule(
            "debt_recovery_fr.mail_activity_type_claim_declaration",
            date_deadline=deadline,
            user_id=self._debt_recovery_manager().id,
            summary=self.env._(
                "Declare the claim before %(date)s", date=format_date(self.env, deadline)
            ),
            note=self.env._(
                "%(debtor)s: %(kind)s published in the BODACC on %(published)s (%(tribunal)s). "
                "Reminders are stopped. Declare the claim to the mandataire judiciaire before "
                "%(deadline)s (R622-24 C. com.), with the claim declaration letter of the case.",
                debtor=self.partner_id.name,
                kind=kind,
                published=format_date(self.env, notice.publication_date),
                tribunal=notice.tribunal or "-",
                deadline=format_date(self.env, deadline),
            ),
        )
        self.message_post(
            body=self.env._(
                "Collective proceeding: %(kind)s published in the BODACC on %(published)s "
                "(notice %(notice)s). The claim must be declared before %(deadline)s.",
                kind=kind,
                published=format_date(self.env, notice.publication_date),
                notice=notice.id or "-",
                deadline=format_date(self.env, deadline),
            )
        )

    # ------------------------------------------------------------------------------------------
    # Instalment plans and the portal
    # ------------------------------------------------------------------------------------------
    @api.depends("instalment_plan_ids.state")
    def _compute_instalment_plan(self):
        for case in self:
            case.instalment_plan_count = len(case.instalment_plan_ids)
            case.active_plan_id = case.instalment_plan_ids.filtered(
                lambda plan: plan.state == "active"
            )[:1]
            case.has_active_plan = bool(case.active_plan_id)

    def _compute_access_url(self):
        for case in self:
            case.access_url = f"/my/recovery/{case.id}"

    def action_preview_portal(self):
        """The debtor's page, as the link of the letters opens it."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.get_portal_url(), "target": "new"}

    def action_propose_instalment_plan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Propose an Instalment Plan"),
            "res_model": "debt.recovery.instalment.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def action_open_instalment_plans(self):
        self.ensure_one()
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Instalment Plans"),
            "res_model": "debt.recovery.instalment.plan",
            "view_mode": "list,form",
            "domain": [("case_id", "=", self.id)],
            "context": {"create": False},
        }
        if self.instalment_plan_count == 1:
            action.update(view_mode="form", res_id=self.instalment_plan_ids.id)
        return action
