# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from decimal import Decimal

from odoo import api, fields, models
from odoo.fields import Domain

from ..legal.errors import LegalError
from ..legal.indemnity import recovery_indemnity
from ..legal.penalties import compute_late_penalties

ACTIVE_STATES = ("open", "paused", "escalated")


class DebtRecoveryCase(models.Model):
    _name = "debt.recovery.case"
    _description = "Debt Recovery Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "next_action_date, id desc"
    _check_company_auto = True

    _partner_company_active_uniq = models.UniqueIndex(
        "(partner_id, company_id) WHERE (state IN ('open', 'paused', 'escalated'))",
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
    amount_overdue = fields.Monetary(
        string="Overdue", compute="_compute_amounts", store=True, tracking=True
    )
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
    has_disputed_invoice = fields.Boolean(
        string="Disputed", compute="_compute_has_disputed_invoice"
    )

    @api.depends("partner_id.name")
    def _compute_name(self):
        for case in self:
            case.name = case.partner_id.name or case.name

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
    )
    def _compute_amounts(self):
        today = fields.Date.context_today(self)
        rates = None
        # Reading invoice_ids on the whole recordset fetches the invoices of every case at once.
        overdue_by_case = defaultdict(lambda: self.env["account.move"])
        for invoice in self.invoice_ids:
            if invoice._debt_recovery_is_overdue(today):
                overdue_by_case[invoice.debt_recovery_case_id.id] |= invoice
        for case in self:
            invoices = overdue_by_case[case._origin.id or case.id]
            debtor_type = case.debtor_type or "b2b"
            penalties = indemnities = Decimal(0)
            warnings = []
            if invoices and debtor_type == "b2b" and rates is None:
                rates = self.env["debt.recovery.rate"]._get_rate_table()
            for invoice in invoices:
                # B2C: legal interest runs only from the formal notice (art. 1231-6 C. civ.),
                # which this slice does not send yet, so a consumer owes no interest so far.
                if debtor_type == "b2b":
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
                        warnings.append(f"{invoice.name}: {error}")
                indemnities += recovery_indemnity(debtor_type, paid_late=True)
            case.amount_overdue = sum(invoices.mapped("amount_residual_signed"))
            case.amount_penalties = float(penalties)
            case.amount_indemnities = float(indemnities)
            # Costs come from the recovery actions, which a later step adds.
            case.amount_costs = 0.0
            case.amount_total_claimed = (
                case.amount_overdue
                + case.amount_penalties
                + case.amount_indemnities
                + case.amount_costs
            )
            case.amount_warning = "\n".join(warnings) or False
            case.oldest_due_date = min(invoices.mapped("invoice_date_due"), default=False)

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
        return Domain(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("amount_residual", ">", 0),
                ("invoice_date_due", "<", today),
                ("debt_recovery_disputed", "=", False),
            ]
        )

    @api.model
    def _level_for_days(self, levels, days):
        """The highest level reached after ``days`` days overdue (levels sorted by sequence)."""
        reached = levels.filtered(lambda level: level.delay_days <= days)
        return reached.sorted(lambda level: (level.delay_days, level.sequence))[-1:]

    @api.model
    def _cron_sync_cases(self):
        # Only companies with a chart of accounts have invoices to recover.
        for company in self.env["res.company"].search([("chart_template", "!=", False)]):
            self.with_company(company)._sync_cases_from_invoices(company)

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
                case.write({"state": "open", "level_id": False})
                case_by_partner[case.partner_id] = case
        new_vals = [
            {"partner_id": partner.id, "company_id": company.id}
            for partner, _ids, _due in groups
            if partner not in case_by_partner
        ]
        for case in self.create(new_vals):
            case_by_partner[case.partner_id] = case
        for partner, invoice_ids, oldest_due in groups:
            case = case_by_partner[partner]
            invoices = Move.browse(invoice_ids).filtered(
                lambda move, case=case: move.debt_recovery_case_id != case
            )
            if invoices:
                invoices.debt_recovery_case_id = case
            if not case.level_id:
                level = self._level_for_days(levels, (today - oldest_due).days)
                if level:
                    case.write({"level_id": level.id, "next_action_date": today})
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
