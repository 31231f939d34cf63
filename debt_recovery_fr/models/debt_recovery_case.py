# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, format_amount

from ..legal.errors import LegalError
from ..legal.indemnity import complementary_indemnity, recovery_indemnity
from ..legal.penalties import compute_late_penalties
from ..legal.prescription import is_prescribed, prescription_start
from ..legal.procedures import procedure_options
from ..utils import legal_error_message, legal_message

# A case in these states is the one file of its debtor in its company.
ACTIVE_STATES = ("open", "paused", "escalated", "collective_proceeding")
# Recovery phases in escalation order; from simplified_procedure on, a commissaire or a court acts.
PHASES = (
    "amicable",
    "formal_notice",
    "simplified_procedure",
    "payment_order",
    "summary_proceedings",
    "litigation",
    "enforcement",
)
PROCEDURE_PHASES = PHASES[2:]


class DebtRecoveryCase(models.Model):
    _name = "debt.recovery.case"
    _description = "Debt Recovery Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    commissaire_id = fields.Many2one(
        "res.partner",
        string="Commissaire de Justice",
        tracking=True,
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
    amount_costs = fields.Monetary(string="Recovery Costs", compute="_compute_amounts", store=True)
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

    @api.depends("partner_id.name")
    def _compute_name(self):
        for case in self:
            case.name = case.partner_id.name or case.name

    @api.depends("invoice_ids.amount_residual", "invoice_ids.debt_recovery_disputed")
    def _compute_overdue_invoice_ids(self):
        today = fields.Date.context_today(self)
        for case in self:
            case.overdue_invoice_ids = case.invoice_ids._debt_recovery_overdue(today)

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
        "action_ids.cost",
        "action_ids.state",
    )
    def _compute_amounts(self):
        today = fields.Date.context_today(self)
        rates = None
        # Reading invoice_ids on the whole recordset fetches the invoices of every case at once.
        overdue_by_case = defaultdict(lambda: self.env["account.move"])
        for invoice in self.invoice_ids._debt_recovery_overdue(today):
            overdue_by_case[invoice.debt_recovery_case_id.id] |= invoice
        for case in self:
            invoices = overdue_by_case[case._origin.id or case.id]
            debtor_type = case.debtor_type or "b2b"
            if invoices and debtor_type == "b2b" and rates is None:
                rates = self.env["debt.recovery.rate"]._get_rate_table()
            claim = self._debt_recovery_claim(invoices, debtor_type, today, rates)
            case.amount_overdue = claim["amount_overdue"]
            case.amount_penalties = claim["amount_penalties"]
            case.amount_indemnities = claim["amount_indemnities"]
            # What the recovery cost the creditor; only the part the law lets him claim is added.
            case.amount_costs = sum(
                case.action_ids.filtered(lambda action: action.state == "done").mapped("cost")
            )
            claimable_costs = complementary_indemnity(
                debtor_type,
                Decimal(str(case.currency_id.round(case.amount_costs))),
                Decimal(str(case.currency_id.round(case.amount_indemnities))),
            )
            case.amount_total_claimed = (
                case.amount_overdue
                + case.amount_penalties
                + case.amount_indemnities
                + float(claimable_costs)
            )
            case.amount_warning = claim["warning"]
            case.oldest_due_date = claim["oldest_due_date"]

    @api.model
    def _debt_recovery_claim(self, invoices, debtor_type, today, rates=None):
        """What is claimed for ``invoices`` (overdue, of one debtor) on ``today``."""
        penalties = indemnities = Decimal(0)
        warnings = []
        for invoice in invoices:
            # B2C: legal interest runs only from the formal notice (art. 1231-6 C. civ.),
            # which is not sent yet, so a consumer owes no interest so far.
            if debtor_type == "b2b":
                if rates is None:
                    rates = self.env["debt.recovery.rate"]._get_rate_table()
                amount, payments = invoice._debt_recovery_penalty_base()
                try:
                    penalties += compute_late_penalties(
                        amount,
                        invoice.invoice_date_due,
                        today,
                        debtor_type,
                        rates=rates,
                        payments=payments,
                    ).total
                except LegalError as error:
                    warnings.append(f"{invoice.name}: {legal_error_message(self.env, error)}")
            indemnities += recovery_indemnity(debtor_type, paid_late=True)
        return {
            "amount_overdue": sum(invoices.mapped("amount_residual_signed")),
            "amount_penalties": float(penalties),
            "amount_indemnities": float(indemnities),
            "warning": "\n".join(warnings) or False,
            "oldest_due_date": min(invoices.mapped("invoice_date_due"), default=False),
        }

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
        for fname in (
            "amount_overdue",
            "amount_penalties",
            "amount_indemnities",
            "amount_costs",
            "amount_total_claimed",
            "amount_warning",
            "oldest_due_date",
        ):
            self.env.add_to_compute(self._fields[fname], self)
        self.flush_recordset()

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

        One UPDATE of our own column for all of them: ``account.move.write`` on posted invoices
        runs the accounting hooks (dynamic lines, checks) for a field they do not concern, which
        made the daily sync cost seconds per hundred invoices. The callers recompute the amounts.
        """
        pairs = [(invoice_id, case.id) for case, ids in links.items() for invoice_id in ids]
        if not pairs:
            return
        Move = self.env["account.move"]
        Move.flush_model(["debt_recovery_case_id"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_move AS move
                   SET debt_recovery_case_id = link.case_id
                  FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::int[]) AS case_id) AS link
                 WHERE move.id = link.id
                """,
                [invoice_id for invoice_id, _case in pairs],
                [case_id for _invoice, case_id in pairs],
            )
        )
        # The cache of the column and of what is computed from it, without the ORM's triggers.
        Move.invalidate_model(
            ["debt_recovery_case_id", "debt_recovery_level_id", "debt_recovery_state"]
        )
        self.invalidate_model(["invoice_ids", "overdue_invoice_ids"])

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
        """
        Cron = self.env["ir.cron"]
        today = fields.Date.context_today(self)
        # Only companies with a chart of accounts have invoices to recover.
        companies = self.env["res.company"].search(
            [
                ("chart_template", "!=", False),
                "|",
                ("debt_recovery_last_sync_date", "=", False),
                ("debt_recovery_last_sync_date", "<", today),
            ]
        )
        for company in companies:
            self.with_company(company)._sync_cases_from_invoices(company)
            company.debt_recovery_last_sync_date = today
            if not Cron._commit_progress():
                return
        domain = self._debt_recovery_run_domain(today)
        while True:
            # Another worker may hold some cases: skip them rather than wait.
            cases = self.search(domain, limit=batch_size, order="id").try_lock_for_update()
            if not cases:
                break
            cases._debt_recovery_run(today)
            remaining = self.search_count(domain)
            if not Cron._commit_progress(len(cases), remaining=remaining):
                return
            if not remaining:
                break
        # Then the letters of the steps just decided, rendered in batches, and their e-mails.
        self.env["debt.recovery.action"]._cron_render_documents()

    @api.model
    def _debt_recovery_run_domain(self, today):
        return Domain("state", "in", ACTIVE_STATES) & (
            Domain("last_run_date", "=", False) | Domain("last_run_date", "<", today)
        )

    def _debt_recovery_run(self, today):
        """Bring these cases up to date: amounts, then the steps that are due."""
        self._recompute_amounts()
        acted = self.browse()
        for case, step, level, channel in self._debt_recovery_plan(today):
            if step == "validation":
                case._debt_recovery_ask_validation(level)
            elif step == "move":
                case._debt_recovery_escalate(level)
            else:
                case._debt_recovery_carry_out(channel)
                acted |= case
        for company, cases in acted.grouped("company_id").items():
            cases.next_action_date = today + timedelta(
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
        done = set(
            self.env["debt.recovery.action"]
            .search_fetch(
                [("case_id", "in", self.ids), ("state", "!=", "cancelled")],
                ["case_id", "level_id", "channel", "level_visit"],
            )
            .mapped(lambda a: (a.case_id.id, a.level_id.id, a.channel, a.level_visit))
        )
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
                if next_level and next_level.delay_days <= case.days_overdue:
                    if next_level.manual_validation:
                        if (case.id, next_level.id, "validation", visit) not in done:
                            plan.append((case, "validation", next_level, None))
                        continue
                    if not case._debt_recovery_escalation_refusals(next_level):
                        plan.append((case, "move", next_level, None))
                        level, visit = next_level, visit + 1
            for channel in level._debt_recovery_channels() if level else ():
                if (case.id, level.id, channel, visit) not in done:
                    plan.append((case, "channel", level, channel))
        return plan

    def _debt_recovery_next_level(self, levels):
        self.ensure_one()
        if not self.level_id:
            return levels[:1]
        rank = (PHASES.index(self.level_id.phase), self.level_id.sequence, self.level_id.delay_days)
        return levels.filtered(
            lambda level: (PHASES.index(level.phase), level.sequence, level.delay_days) > rank
        )[:1]

    def _debt_recovery_ask_validation(self, level):
        """A manager decides on a step the law or the company wants a human to take."""
        self.ensure_one()
        action = self.env["debt.recovery.action"].create(
            {
                "case_id": self.id,
                "level_id": level.id,
                "channel": "validation",
                "level_visit": self.level_visit,
                "state": "to_validate",
                "amount": self.amount_overdue,
                "invoice_ids": [Command.set(self.overdue_invoice_ids.ids)],
            }
        )
        manager = self._debt_recovery_manager()
        self.activity_schedule(
            "debt_recovery_fr.mail_activity_type_validate",
            user_id=manager.id,
            summary=self.env._("Validate: %(level)s", level=level.name),
            note=self.env._(
                "%(debtor)s owes %(amount)s for %(days)s days. Validate the move to %(level)s "
                "from the case (Escalate) or postpone it.",
                debtor=self.partner_id.name,
                amount=format_amount(self.env, self.amount_total_claimed, self.currency_id),
                days=self.days_overdue,
                level=level.name,
            ),
        )
        return action

    def _debt_recovery_manager(self):
        """Who validates: the responsible if a manager, else a manager of the company."""
        self.ensure_one()
        group = "debt_recovery_fr.debt_recovery_group_manager"
        if self.user_id.has_group(group):
            return self.user_id
        return self.env["res.users"].search(
            [
                ("group_ids", "in", self.env.ref(group).ids),
                ("company_ids", "in", self.company_id.ids),
                ("share", "=", False),
            ],
            order="id",
            limit=1,
        ) or self.env.ref("base.user_admin")

    def _debt_recovery_carry_out(self, channel):
        """Carry out one channel of the current level."""
        self.ensure_one()
        # The action is written first: with its unique index, it is what makes the step
        # happen once per stay at the level.
        action = self.env["debt.recovery.action"].create(
            {
                "case_id": self.id,
                "level_id": self.level_id.id,
                "channel": channel,
                "level_visit": self.level_visit,
                "state": "planned",
                "amount": self.amount_overdue,
                "cost": self.level_id._debt_recovery_channel_cost(channel),
                "invoice_ids": [Command.set(self.overdue_invoice_ids.ids)],
            }
        )
        getattr(action, f"_debt_recovery_do_{channel}")()
        return action

    @api.model
    def _sync_cases_from_invoices(self, company):
        """Open or update one case per debtor with overdue invoices, close the paid ones."""
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
                case.with_context(debt_recovery_escalation_checked=True).write(
                    {"state": "open", "level_id": False}
                )
                case_by_partner[case.partner_id] = case
        new_vals = [
            {"partner_id": partner.id, "company_id": company.id}
            for partner, _ids, _due in groups
            if partner not in case_by_partner
        ]
        for case in self.create(new_vals):
            case_by_partner[case.partner_id] = case
        self._debt_recovery_link_invoices(
            {case_by_partner[partner]: invoice_ids for partner, invoice_ids, _due in groups}
        )
        for partner, _invoice_ids, oldest_due in groups:
            case = case_by_partner[partner]
            if not case.level_id:
                # A level that needs a manager's validation is never reached automatically.
                level = self._level_for_days(
                    levels.filtered(lambda lvl: not lvl.manual_validation),
                    (today - oldest_due).days,
                )
                if level:
                    # The first placement follows the age of the debt; it is not an escalation.
                    case.with_context(debt_recovery_escalation_checked=True).write(
                        {"level_id": level.id, "next_action_date": today}
                    )
        all_cases = self.search([("company_id", "=", company.id), ("state", "in", ACTIVE_STATES)])
        paid = all_cases.filtered(
            lambda case: case.invoice_ids
            and all(
                invoice.currency_id.is_zero(invoice.amount_residual) for invoice in case.invoice_ids
            )
        )
        paid.write({"state": "paid", "next_action_date": False})
        (all_cases - paid)._recompute_amounts()
        return all_cases

    # ------------------------------------------------------------------------------------------
    # Escalation: the invoice wizard and the kanban drag both go through these checks.
    # ------------------------------------------------------------------------------------------
    def write(self, vals):
        if "level_id" not in vals:
            return super().write(vals)
        level = self.env["debt.recovery.level"].browse(vals["level_id"])
        moved = self.filtered(lambda case: case.level_id != level)
        if not self.env.context.get("debt_recovery_escalation_checked"):
            for case in moved:
                if level:
                    case._debt_recovery_check_escalation(level)
        result = super().write(vals)
        # A new stay at a level: its steps are carried out again, once.
        for case in moved:
            super(DebtRecoveryCase, case).write({"level_visit": case.level_visit + 1})
        return result

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
        prescribed = self.env["account.move"]
        for invoice in self.overdue_invoice_ids:
            # 2240 C. civ.: each partial payment restarts the period (legal/prescription.py).
            partials, _exchange = invoice._get_reconciled_invoices_partials()
            events = [("partial_payment", partial.max_date) for partial, _a, _l in partials]
            start = prescription_start(invoice_date=invoice.invoice_date or invoice.date)
            if is_prescribed(self.debtor_type or "b2b", start, today, events):
                prescribed |= invoice
        return prescribed

    def _debt_recovery_procedure_options(self):
        """The procedures open for this claim, as legal/procedures.py decides them."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        return procedure_options(
            Decimal(
                str(self.currency_id.round(max(self.amount_overdue + self.amount_penalties, 0)))
            ),
            self.debtor_type or "b2b",
            contested=self.has_disputed_invoice,
            collective_proceeding=self.state == "collective_proceeding",
            prescribed=bool(self._debt_recovery_prescribed_invoices(today)),
            amicable_attempt_done=self._debt_recovery_formal_notice_done(),
        )

    def _debt_recovery_formal_notice_done(self):
        self.ensure_one()
        return bool(self.level_id) and PHASES.index(self.level_id.phase) >= 1

    def _debt_recovery_escalation_refusals(self, level):
        """Why this case may not move up to ``level``: translated reasons, empty when it may."""
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
        if self.state == "collective_proceeding":
            option = self._debt_recovery_procedure_options()[0]
            reasons.append(legal_message(self.env, option.reason_template, option.params))
            return reasons
        if self.currency_id.compare_amounts(self.amount_overdue, 0) <= 0:
            reasons.append(
                self.env._(
                    "%(debtor)s has no overdue invoice to recover.", debtor=self.partner_id.name
                )
            )
        prescribed = self._debt_recovery_prescribed_invoices(today)
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
            option = next(
                o for o in self._debt_recovery_procedure_options() if o.code == level.phase
            )
            if not option.allowed:
                reasons.append(legal_message(self.env, option.reason_template, option.params))
        if (
            level.channel_commissaire
            and not self.commissaire_id
            and not self.partner_id._debt_recovery_find_commissaire()
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

    def _debt_recovery_escalate(self, level):
        """Move the case to ``level`` after the legal checks; a refusal changes nothing."""
        self.ensure_one()
        self._debt_recovery_check_escalation(level)
        previous = self.level_id
        vals = {"level_id": level.id, "next_action_date": fields.Date.context_today(self)}
        if level.phase in PROCEDURE_PHASES:
            vals["state"] = "escalated"
        if level.channel_commissaire and not self.commissaire_id:
            vals["commissaire_id"] = self.partner_id._debt_recovery_find_commissaire().id
        self.with_context(debt_recovery_escalation_checked=True).write(vals)
        self.env["debt.recovery.action"].create(
            {
                "case_id": self.id,
                "level_id": level.id,
                "channel": "level_change",
                "level_visit": self.level_visit,
                "invoice_ids": [Command.set(self.overdue_invoice_ids.ids)],
                "amount": self.amount_overdue,
                "note": self.env._(
                    "From %(previous)s to %(level)s.",
                    previous=previous.name or self.env._("no level"),
                    level=level.name,
                ),
            }
        )
        self.message_post(
            body=self.env._(
                "Escalated from %(previous)s to %(level)s by %(user)s.",
                previous=previous.name or self.env._("no level"),
                level=level.name,
                user=self.env.user.name,
            )
        )
        return True
