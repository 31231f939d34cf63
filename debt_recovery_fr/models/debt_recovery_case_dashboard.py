# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, format_amount, format_date, formatLang
from odoo.tools.misc import babel_locale_parse

from .debt_recovery_case import ACTIVE_STATES

# Age of an open invoice in days past its due date (the CASE of the age bucket query).
AGE_BUCKETS = ("not_due", "1_30", "31_60", "61_90", "91_180", "180_plus")
# Months of sales the DSO's countback goes back at most.
DSO_MONTHS = 12


def dso_countback(receivable, periods):
    """Days sales outstanding by the countback method.

    ``periods``: ``(sales, days)`` of the latest periods, the most recent first (the current
    month counts the days elapsed). The open receivables are matched against each period's
    sales in turn: a period whose sales they exceed counts all its days, the last one the
    share they cover. ``None`` without sales; when the periods don't cover the receivables,
    their days and the rest at the oldest period's pace.
    """
    if receivable <= 0:
        return 0
    left = receivable
    days = 0.0
    last_pace = None
    for sales, period_days in periods:
        if sales <= 0:
            days += period_days
            continue
        last_pace = sales / period_days
        if left <= sales:
            return round(days + left / sales * period_days)
        left -= sales
        days += period_days
    if last_pace is None:
        return None
    return round(days + left / last_pace)


class DebtRecoveryCase(models.Model):
    _inherit = "debt.recovery.case"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def retrieve_dashboard(self):
        """Every indicator of the recovery dashboard, for the companies the user works in.

        Each indicator is read with at most one grouped query on stored data, so the
        dashboard costs the same with 20 cases or 20 000.
        """
        today = fields.Date.context_today(self)
        currency = self.env.company.currency_id
        payments = self._debt_recovery_dashboard_payments()
        levels = self._debt_recovery_dashboard_levels(payments)
        months = self._debt_recovery_dashboard_months(today, payments)
        recovered = sum(level["recovered"] for level in levels)
        costs = sum(level["costs"] for level in levels)
        deadlines = self._debt_recovery_dashboard_deadlines()
        data = {
            "levels": levels,
            "buckets": self._debt_recovery_dashboard_age_buckets(today),
            "months": months,
            "recovered_month": months[-1]["amount"],
            "dso": (dso := self._debt_recovery_dashboard_dso(today)),
            "dso_fmt": self.env._("%(days)s days", days=dso) if dso is not None else "",
            "recovered": recovered,
            "costs": costs,
            "net": recovered - costs,
            "overdue": sum(level["overdue"] for level in levels),
            "case_count": sum(level["cases"] for level in levels),
            "procedure_count": self.search_count(self._debt_recovery_dashboard_procedure_domain()),
            "deadlines": deadlines,
            "top_debtors": self._debt_recovery_dashboard_top_debtors(),
        }
        # The client shows the amounts as formatted here (currency, separators, language).
        fmt = {
            key: format_amount(self.env, data[key], currency)
            for key in ("recovered_month", "recovered", "costs", "net", "overdue")
        }
        data["formatted"] = fmt
        for row in (*data["levels"], *data["buckets"], *data["months"], *data["top_debtors"]):
            for key in ("overdue", "recovered", "costs", "amount"):
                if key in row:
                    row[f"{key}_fmt"] = format_amount(self.env, row[key], currency)
        for level in data["levels"]:
            level["rate_fmt"] = (
                self._debt_recovery_dashboard_percent(level["rate"])
                if level["rate"] is not None
                else ""
            )
        return data

    @api.model
    def _debt_recovery_dashboard_percent(self, value, digits=1):
        """``value`` as a percentage in the user's language: "12.5%" in English, "12,5 %"
        in French (the language's decimal separator, its place and spacing of the sign)."""
        pattern = babel_locale_parse(self.env.lang).percent_formats[None]
        number = formatLang(self.env, value, digits=digits)
        return f"{pattern.prefix[0]}{number}{pattern.suffix[0]}"

    @api.model
    def _debt_recovery_dashboard_rate(self, recovered, entered, overdue):
        """The recovery rate of a level, in percent: what was recovered at it over what
        entered it. Cases placed at a level with no level change on record (an import, a
        case older than its history) entered it with at least what was recovered at it and
        what is still overdue there."""
        base = entered or (recovered + overdue)
        return round(100 * recovered / base, 1) if base else None

    @api.model
    def _debt_recovery_dashboard_company_domain(self):
        return [("company_id", "in", self.env.companies.ids)]

    @api.model
    def _debt_recovery_dashboard_payments(self):
        """The payments received, by level and month: ``{(level id, month): (amount, days, n)}``.

        One query for the per-level and per-month indicators: the payments view joins the
        reconciliations, the invoices and the level changes, it is the costly read.
        """
        return {
            (level.id, month): (amount, days, count)
            for level, month, amount, days, count in self.env[
                "debt.recovery.payment.report"
            ]._read_group(
                self._debt_recovery_dashboard_company_domain(),
                ["level_id", "date:month"],
                ["amount:sum", "days_to_recover:sum", "__count"],
            )
        }

    @api.model
    def _debt_recovery_dashboard_levels(self, payments=None):
        """Per level: what is overdue now, what was recovered at it, how fast, at what cost.

        The recovery rate of a level is what was paid while cases were at it, over what was
        overdue when they reached it (the amount of its ``level_change`` actions).
        """
        company_domain = self._debt_recovery_dashboard_company_domain()
        overdue = {
            level.id: (amount, count)
            for level, amount, count in self._read_group(
                [*company_domain, ("state", "in", ACTIVE_STATES)],
                ["level_id"],
                ["amount_overdue:sum", "__count"],
            )
        }
        if payments is None:
            payments = self._debt_recovery_dashboard_payments()
        totals = defaultdict(lambda: [0.0, 0, 0])
        for (level_id, _month), (amount, days, count) in payments.items():
            total = totals[level_id]
            total[0] += amount
            total[1] += days
            total[2] += count
        paid = {
            level_id: (amount, days / count if count else 0)
            for level_id, (amount, days, count) in totals.items()
        }
        entered = {}
        costs = {}
        for level, channel, amount, cost in self.env["debt.recovery.action"]._read_group(
            [*company_domain, ("state", "=", "done")],
            ["level_id", "channel"],
            ["amount:sum", "cost:sum"],
        ):
            if channel == "level_change":
                entered[level.id] = entered.get(level.id, 0.0) + amount
            if level:
                costs[level.id] = costs.get(level.id, 0.0) + cost
        # The costs booked on a procedure carry no level: they count at the case's level.
        for case_level, cost in self.env["debt.recovery.action"]._read_group(
            [*company_domain, ("state", "=", "done"), ("level_id", "=", False), ("cost", "!=", 0)],
            ["case_id.level_id"],
            ["cost:sum"],
        ):
            costs[case_level.id] = costs.get(case_level.id, 0.0) + cost
        levels = self.env["debt.recovery.level"].search(company_domain)
        rows = []
        for level_id, name in [
            (False, self.env._("Before the first level")),
            *((lv.id, lv.name) for lv in levels),
        ]:
            amount_overdue, count = overdue.get(level_id, (0.0, 0))
            recovered, days = paid.get(level_id, (0.0, 0))
            if not level_id and not (count or recovered or costs.get(False)):
                continue
            rows.append(
                {
                    "id": level_id,
                    "name": name,
                    "overdue": amount_overdue,
                    "cases": count,
                    "recovered": recovered,
                    "entered": entered.get(level_id, 0.0),
                    "rate": self._debt_recovery_dashboard_rate(
                        recovered, entered.get(level_id, 0.0), amount_overdue
                    )
                    if level_id
                    else None,
                    "avg_days": round(days or 0) if recovered else None,
                    "costs": costs.get(level_id, 0.0),
                }
            )
        return rows

    @api.model
    def _debt_recovery_dashboard_age_buckets(self, today):
        """Open receivables of the active cases by days past their due date."""
        self.env["account.move"].check_access("read")
        age = SQL("%s - move.invoice_date_due", today)
        bucket_cases = SQL(
            """CASE WHEN %(age)s <= 0 THEN 'not_due'
                    WHEN %(age)s <= 30 THEN '1_30'
                    WHEN %(age)s <= 60 THEN '31_60'
                    WHEN %(age)s <= 90 THEN '61_90'
                    WHEN %(age)s <= 180 THEN '91_180'
                    ELSE '180_plus' END""",
            age=age,
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT %(bucket)s AS bucket, SUM(move.amount_residual_signed)
                  FROM account_move move
                  JOIN debt_recovery_case rcase ON rcase.id = move.debt_recovery_case_id
                 WHERE move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.amount_residual_signed != 0
                   AND rcase.state IN %(states)s
                   AND rcase.company_id IN %(companies)s
              GROUP BY 1
                """,
                bucket=bucket_cases,
                states=ACTIVE_STATES,
                companies=tuple(self.env.companies.ids),
            )
        )
        amounts = dict(self.env.cr.fetchall())
        labels = {
            "not_due": self.env._("Not due"),
            "1_30": self.env._("1-30 days"),
            "31_60": self.env._("31-60 days"),
            "61_90": self.env._("61-90 days"),
            "91_180": self.env._("91-180 days"),
            "180_plus": self.env._("> 180 days"),
        }
        return [
            {"key": key, "label": labels[key], "amount": amounts.get(key, 0.0)}
            for key in AGE_BUCKETS
        ]

    @api.model
    def _debt_recovery_dashboard_months(self, today, payments=None):
        """Amount recovered per month over the last 12 months, this month last."""
        start = today.replace(day=1) - relativedelta(months=11)
        if payments is None:
            payments = self._debt_recovery_dashboard_payments()
        by_month = defaultdict(float)
        for (_level_id, month), (amount, _days, _count) in payments.items():
            by_month[month] += amount
        months = []
        for index in range(12):
            month = start + relativedelta(months=index)
            amount = by_month.get(month, 0.0)
            months.append(
                {
                    "month": fields.Date.to_string(month),
                    "label": format_date(self.env, month, date_format="MMMM yyyy"),
                    "short": format_date(self.env, month, date_format="MMMMM"),
                    "amount": amount,
                }
            )
        return months

    @api.model
    def _debt_recovery_dashboard_dso(self, today):
        """Days sales outstanding, by the countback method (``dso_countback``): the open
        receivables against the sales of the latest months, this month first."""
        Move = self.env["account.move"]
        domain = [
            *self._debt_recovery_dashboard_company_domain(),
            ("state", "=", "posted"),
            ("move_type", "in", ("out_invoice", "out_refund")),
        ]
        receivable = Move._read_group(domain, [], ["amount_residual_signed:sum"])[0][0] or 0.0
        start = today.replace(day=1) - relativedelta(months=DSO_MONTHS - 1)
        sales = dict(
            Move._read_group(
                [*domain, ("invoice_date", ">=", start), ("invoice_date", "<=", today)],
                ["invoice_date:month"],
                ["amount_total_signed:sum"],
            )
        )
        periods = []
        for index in range(DSO_MONTHS):
            month = today.replace(day=1) - relativedelta(months=index)
            days = today.day if not index else (month + relativedelta(months=1) - month).days
            periods.append((sales.get(month, 0.0), days))
        if not any(amount > 0 for amount, _days in periods):
            return None
        return dso_countback(receivable, periods)

    @api.model
    def _debt_recovery_dashboard_procedure_domain(self):
        """The cases in procedure: escalated to a procedure level, or with a procedure under
        way (a procédure simplifiée may be opened on a case still at its formal notice)."""
        return [
            *self._debt_recovery_dashboard_company_domain(),
            "|",
            ("state", "=", "escalated"),
            ("debt_recovery_escalation_ids.state", "!=", "closed"),
        ]

    @api.model
    def _debt_recovery_dashboard_deadlines(self, limit=10):
        """The next legal deadlines of the procedures under way, soonest first.

        One sorted read of the procedures' stored next deadline (``debt.recovery.escalation``,
        from ``legal/``); a deadline already past is late: its step is still to be done.
        """
        today = fields.Date.context_today(self)
        escalations = self.env["debt.recovery.escalation"].search_fetch(
            [
                *self._debt_recovery_dashboard_company_domain(),
                ("next_deadline", "!=", False),
            ],
            ["case_id", "kind", "next_deadline", "next_deadline_kind"],
            order="next_deadline, id",
            limit=limit,
        )
        kinds = dict(escalations._fields["kind"]._description_selection(self.env))
        labels = dict(escalations._fields["next_deadline_kind"]._description_selection(self.env))
        return [
            {
                "case_id": escalation.case_id.id,
                "escalation_id": escalation.id,
                "name": escalation.case_id.name,
                "procedure": kinds[escalation.kind],
                "label": labels[escalation.next_deadline_kind],
                "date": fields.Date.to_string(escalation.next_deadline),
                "date_fmt": format_date(self.env, escalation.next_deadline),
                "late": escalation.next_deadline < today,
            }
            for escalation in escalations
        ]

    @api.model
    def _debt_recovery_dashboard_top_debtors(self, limit=10):
        """The debtors owing the most in the active cases.

        Equal amounts are ordered by the debtors' oldest case: ordering by the debtor would
        join the partners to sort them by name, twice the cost of the query.
        """
        return [
            {
                "partner_id": partner.id,
                "name": partner.display_name,
                "amount": amount,
                "cases": count,
            }
            for partner, amount, count in self._read_group(
                [
                    *self._debt_recovery_dashboard_company_domain(),
                    ("state", "in", ACTIVE_STATES),
                    ("amount_overdue", ">", 0),
                ],
                ["partner_id"],
                ["amount_overdue:sum", "__count"],
                order="amount_overdue:sum desc, id:min",
                limit=limit,
            )
        ]
