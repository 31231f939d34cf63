# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import Command, models
from odoo.exceptions import UserError

from ..spreadsheet import amount_value, date_value, text_value

# Invoices created and posted per ``create``: the prefetch of a chunk stays small in memory.
INVOICE_CHUNK = 1000
# What the ORM skips on invoices written whole (their two lines given, nothing to derive) and
# on their chatter: tracking and creation messages of thousands of imported moves. None of
# these keys authorises anything.
_WRITTEN_WHOLE = {
    "skip_invoice_sync": True,
    "skip_invoice_line_sync": True,
    # No analytic distribution to carry over on new draft lines.
    "skip_analytic_sync": True,
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


# One import wizard split by what it imports, so that no class grows past ~400 lines.
class DebtRecoveryImportReceivable(models.TransientModel):
    """The import of legacy receivables (``import_kind`` receivable): an aged balance becomes
    posted invoices of a legacy journal, their paid parts settled by posted entries reconciled
    with them, all through the ORM."""

    _inherit = "debt.recovery.import.wizard"  # pylint: disable=consider-merging-classes-inherited

    def _check_receivable_rows(self, sheet, column_map, errors):
        """Parse and check every row; return the rows ready to import (with their debtor)."""
        rows = []
        first_row_of = {}
        for row_number, cells in sheet.rows:
            problems = errors[row_number]
            parse = self._parse
            number = parse(cells, column_map, "invoice_number", text_value, problems)
            row = {
                "row": row_number,
                "number": number,
                **self._parse_party(cells, column_map, problems),
                "invoice_date": parse(
                    cells, column_map, "invoice_date", date_value, problems, sheet.datemode
                ),
                "due_date": parse(
                    cells, column_map, "due_date", date_value, problems, sheet.datemode
                ),
                "amount": parse(cells, column_map, "amount", amount_value, problems),
                "residual": parse(cells, column_map, "residual", amount_value, problems),
            }
            empty = {
                target
                for target in ("invoice_date", "amount")
                if self._cell(cells, column_map, target) is None
            }
            self._check_receivable_row(row, problems, first_row_of, empty)
            if not problems:
                del errors[row_number]
            rows.append(row)
        self._check_existing_invoices(rows, errors)
        self._check_locked_dates(rows, errors)
        to_create = self._match_debtors(rows, errors)
        return [row for row in rows if row["row"] not in errors], to_create

    def _check_receivable_row(self, row, problems, first_row_of, empty):
        """Check one row's values; ``empty``: the required cells left blank."""
        currency = self.company_id.currency_id
        if not row["number"]:
            problems.append(self.env._("no invoice number"))
        elif row["number"] in first_row_of:
            problems.append(
                self.env._(
                    "invoice %(number)s is already on row %(row)s",
                    number=row["number"],
                    row=first_row_of[row["number"]],
                )
            )
        else:
            first_row_of[row["number"]] = row["row"]
        if not (row["name"] or row["registry"] or row["vat"]) and not problems:
            problems.append(self.env._("no debtor: give its name, SIREN/SIRET or VAT number"))
        if "invoice_date" in empty:
            problems.append(self.env._("no invoice date"))
        if row["due_date"] is None:
            row["due_date"] = row["invoice_date"]
        elif row["invoice_date"] and row["due_date"] < row["invoice_date"]:
            problems.append(
                self.env._(
                    "due on %(due)s, before the invoice date %(date)s",
                    due=row["due_date"].strftime("%d/%m/%Y"),
                    date=row["invoice_date"].strftime("%d/%m/%Y"),
                )
            )
        amount, residual = row["amount"], row["residual"]
        if amount is None:
            if "amount" in empty:
                problems.append(self.env._("no invoice amount"))
            return
        if amount <= 0:
            problems.append(self.env._("the invoice amount must be positive"))
            return
        if currency.round(float(amount)) != float(amount):
            problems.append(
                self.env._("%(amount)s has more decimals than the currency", amount=amount)
            )
        if residual is None:
            row["residual"] = residual = amount
        if residual < 0:
            problems.append(self.env._("the amount due cannot be negative"))
        elif residual > amount:
            problems.append(
                self.env._(
                    "the amount due (%(residual)s) exceeds the invoice amount (%(amount)s)",
                    residual=residual,
                    amount=amount,
                )
            )

    def _check_locked_dates(self, rows, errors):
        """Invoices dated within a locked period are refused, as posting them would be."""
        company = self.company_id
        violations = {}
        for row in rows:
            day = row["invoice_date"]
            if not day:
                continue
            if day not in violations:
                violations[day] = company._get_lock_date_violations(
                    day, fiscalyear=True, sale=True, purchase=False, tax=False, hard=True
                )
            if violations[day]:
                errors[row["row"]].append(
                    self.env._(
                        "dated within a locked period: %(lock_date_info)s",
                        lock_date_info=self.env["res.company"]._format_lock_dates(violations[day]),
                    )
                )

    def _check_existing_invoices(self, rows, errors):
        numbers = [row["number"] for row in rows if row["number"]]
        existing = set()
        Move = self.env["account.move"]
        for start in range(0, len(numbers), 5000):
            existing.update(
                Move.search_fetch(
                    [
                        ("company_id", "=", self.company_id.id),
                        ("move_type", "in", ("out_invoice", "out_refund")),
                        ("name", "in", numbers[start : start + 5000]),
                    ],
                    ["name"],
                ).mapped("name")
            )
        for row in rows:
            if row["number"] in existing:
                errors[row["row"]].append(
                    self.env._("invoice %(number)s is already in Odoo", number=row["number"])
                )

    def _import_receivable_rows(self, prepared):
        """Create the debtors, the posted invoices, their paid parts; open the recovery cases."""
        rows, to_create = prepared
        company = self.company_id
        Partner = self.env["res.partner"].with_context(
            tracking_disable=True, mail_create_nolog=True
        )
        created = Partner.create([self._prepare_debtor_vals(row) for row in to_create.values()])
        partner_of_key = dict(zip(to_create, created.with_env(self.env), strict=True))
        for row in rows:
            if "partner" not in row:
                row["partner"] = partner_of_key[row["partner_key"]]
        Journal = self.env["account.journal"]
        journal = self.journal_id or Journal._debt_recovery_legacy_journal(company)
        account = journal.default_account_id
        if not account:
            raise UserError(
                self.env._(
                    "The journal %(journal)s has no default account to balance the imported "
                    "invoices.",
                    journal=journal.display_name,
                )
            )
        invoices = self._create_invoices(rows, journal, account)
        self._settle_paid_parts(invoices, rows, account)
        self.env["debt.recovery.case"]._sync_cases_from_invoices(company)
        self.write(
            {
                "invoice_ids": [Command.set(invoices.ids)],
                "result_summary": self.env._(
                    "%(invoices)s invoices imported, %(partners)s debtors created.",
                    invoices=len(invoices),
                    partners=len(created),
                ),
            }
        )
        return invoices

    def _create_invoices(self, rows, journal, account):
        """The posted invoices of ``rows``, created and posted by the ORM, INVOICE_CHUNK at a
        time.

        Each invoice is written whole under its original number: one untaxed line on the
        journal's account, one receivable line due on the row's due date; the invoice form's
        dynamic lines sync (taxes, payment terms, cash roundings) has nothing to add to them.
        Posting checks them as any invoice: balanced, lock dates, unique numbers.
        """
        company = journal.company_id
        label = self.env._("Invoice imported from %(file)s", file=self.file_name or "")
        receivable_of = {
            partner: partner.with_company(company).property_account_receivable_id.id
            for partner in {row["partner"].commercial_partner_id for row in rows}
        }
        Move = self.env["account.move"].with_context(**_WRITTEN_WHOLE)
        invoices = []
        for start in range(0, len(rows), INVOICE_CHUNK):
            chunk = Move.create(
                [
                    self._prepare_invoice_vals(row, journal, account, label, receivable_of)
                    for row in rows[start : start + INVOICE_CHUNK]
                ]
            )
            chunk._post(soft=False)
            invoices.extend(chunk.ids)
            # The chunk's records leave the cache: memory stays that of one chunk.
            self.env.flush_all()
            self.env.invalidate_all()
        return self.env["account.move"].browse(invoices)

    def _prepare_invoice_vals(self, row, journal, account, label, receivable_of):
        """A posted-to-be customer invoice of one row: one untaxed line, one receivable line."""
        partner = row["partner"].commercial_partner_id
        currency = journal.company_id.currency_id
        amount = float(row["amount"])
        common = {"partner_id": partner.id, "currency_id": currency.id}
        return {
            "move_type": "out_invoice",
            "journal_id": journal.id,
            "company_id": journal.company_id.id,
            "partner_id": row["partner"].id,
            "currency_id": currency.id,
            "name": row["number"],
            "invoice_date": row["invoice_date"],
            "date": row["invoice_date"],
            "invoice_date_due": row["due_date"],
            "invoice_payment_term_id": False,
            "fiscal_position_id": False,
            "payment_reference": row["number"],
            "invoice_origin": self.file_name,
            "line_ids": [
                Command.create(
                    {
                        **common,
                        "display_type": "product",
                        "name": label,
                        "account_id": account.id,
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [],
                        "price_subtotal": amount,
                        "price_total": amount,
                        "analytic_distribution": False,
                        "amount_currency": -amount,
                        "balance": -amount,
                    }
                ),
                Command.create(
                    {
                        **common,
                        "display_type": "payment_term",
                        "name": row["number"],
                        "account_id": receivable_of[partner],
                        "analytic_distribution": False,
                        "amount_currency": amount,
                        "balance": amount,
                        "date_maturity": row["due_date"],
                    }
                ),
            ],
        }

    def _settle_paid_parts(self, invoices, rows, account):
        """Settle what was paid before the import, so each invoice owes its imported residual.

        As an accountant would by hand: the payment dates are not in an aged balance, so one
        settlement entry per month of invoices, dated on the first invoice date of that month,
        in the legacy settlements journal, credits each partly paid invoice's receivable (its
        counterpart on the account the invoices were balanced on), is posted by the ORM and
        reconciled with the invoices by Odoo's reconciliation. The reconciliation then dates
        from the invoice itself (the later of the two), so the paid part is never counted as
        paid late: no penalty is claimed on it. Nothing is written but by the ORM: the residuals
        are Odoo's own computation.
        """
        company = self.company_id
        currency = company.currency_id
        paid = [
            (invoice_id, row, float(row["amount"] - row["residual"]))
            for invoice_id, row in zip(invoices.ids, rows, strict=True)
            if not currency.is_zero(float(row["amount"] - row["residual"]))
        ]
        if not paid:
            return self.env["account.move"]
        journal = self.env["account.journal"]._debt_recovery_legacy_journal(
            company, journal_type="general"
        )
        receivables = self.env["account.move.line"].search_fetch(
            [
                ("move_id", "in", [invoice_id for invoice_id, _row, _amount in paid]),
                ("display_type", "=", "payment_term"),
            ],
            ["move_id", "account_id", "partner_id"],
        )
        receivable_of = {line.move_id.id: line for line in receivables}
        by_month = defaultdict(list)
        for invoice_id, row, amount in paid:
            by_month[row["invoice_date"].replace(day=1)].append(
                (receivable_of[invoice_id], row, amount)
            )
        ref = self.env._("Paid before the import of %(file)s", file=self.file_name or "")
        groups = sorted(by_month.items())
        entries_vals = []
        for _month, items in groups:
            common = {"currency_id": currency.id, "analytic_distribution": False}
            lines = [
                Command.create(
                    {
                        **common,
                        "name": self.env._("Paid part of %(invoice)s", invoice=row["number"]),
                        "account_id": receivable.account_id.id,
                        "partner_id": receivable.partner_id.id,
                        "amount_currency": -amount,
                        "balance": -amount,
                    }
                )
                for receivable, row, amount in items
            ]
            total = currency.round(sum(amount for _receivable, _row, amount in items))
            lines.append(
                Command.create(
                    {
                        **common,
                        "name": ref,
                        "account_id": account.id,
                        "amount_currency": total,
                        "balance": total,
                    }
                )
            )
            entries_vals.append(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "company_id": company.id,
                    "currency_id": currency.id,
                    "date": min(row["invoice_date"] for _receivable, row, _amount in items),
                    "ref": ref,
                    "line_ids": lines,
                }
            )
        entries = self.env["account.move"].with_context(**_WRITTEN_WHOLE).create(entries_vals)
        entries._post(soft=False)
        # Untaxed lines in the company currency: no cash basis entry, no exchange difference;
        # posted moves: no dynamic line (taxes, payment terms) to sync on them. (Context keys of
        # Odoo's reconciliation that skip work with nothing to do, not checks: the moves are
        # still checked balanced, the partials and residuals computed by Odoo.)
        Line = self.env["account.move.line"].with_context(
            no_cash_basis=True, no_exchange_difference=True, skip_invoice_sync=True
        )
        plan = []
        for entry, (_month, items) in zip(entries, groups, strict=True):
            # The credit lines come in the order they were given, the counterpart last.
            credits = entry.line_ids.sorted("id")[: len(items)]
            for credit, (receivable, _row, _amount) in zip(credits, items, strict=True):
                plan.append(receivable + credit)
        # The lines' fields read at once: Odoo reads them pair by pair otherwise (a query for
        # each of the thousands of pairs, as each pair is its own recordset).
        Line.browse({line_id for pair in plan for line_id in pair.ids}).fetch()
        Line._reconcile_plan(plan)
        return entries
