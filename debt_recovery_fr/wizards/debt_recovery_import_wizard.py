# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import csv
import io
import re
import unicodedata
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, email_normalize, float_repr

from ..legal.common import check_amount
from ..legal.errors import InvalidAmountError, InvalidIdentifierError
from ..legal.escalation import FeeAgreement, commissaire_fee
from ..legal.identifiers import normalize_fr_vat, normalize_siren, normalize_siret
from ..models.debt_recovery_import_mapping import IMPORT_KINDS
from ..spreadsheet import (
    SpreadsheetError,
    amount_value,
    date_value,
    identifier_value,
    percent_value,
    phone_value,
    read_sheet,
    text_value,
)
from ..utils import legal_error_message
from .debt_recovery_import_column import HEADER_SYNONYMS, KIND_TARGETS

PREVIEW_ROWS = 5
# Rows listed in the wizard itself; the downloadable report lists them all.
SHOWN_ERRORS = 20
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_DEPARTEMENT_SEPARATORS = re.compile(r"[\s,;/|]+")
# PostgreSQL array types of the columns written by ``_insert_many``.
_SQL_TYPES = {
    "int": "int4",
    "str": "varchar",
    "float": "numeric",
    "bool": "bool",
    "date": "date",
    "timestamp": "timestamp",
}
# The fields of an imported invoice that Odoo computes from its debtor and company, with their
# SQL type (see ``_invoice_headers``).
_PARTNER_HEADER_FIELDS = {
    "commercial_partner_id": "int",
    "partner_shipping_id": "int",
    "partner_bank_id": "int",
    "preferred_payment_method_line_id": "int",
    "invoice_user_id": "int",
    "invoice_partner_display_name": "str",
    "narration": "str",
    "qr_code_method": "str",
    "invoice_incoterm_id": "int",
    "invoice_cash_rounding_id": "int",
    "delivery_date": "date",
    "taxable_supply_date": "date",
}


def normalize_header(header):
    """``'N° facture'`` → ``'n facture'``: no accents, no case, no punctuation."""
    text = unicodedata.normalize("NFKD", str(header or "")).encode("ascii", "ignore").decode()
    return _NOT_WORD.sub(" ", text.lower()).strip()


class DebtRecoveryImportWizard(models.TransientModel):
    """Import a spreadsheet of unpaid invoices or of commissaires de justice, all or nothing."""

    _name = "debt.recovery.import.wizard"
    _description = "Import a Spreadsheet"

    import_kind = fields.Selection(
        IMPORT_KINDS, string="Import", required=True, default="receivable"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("upload", "File"), ("map", "Columns"), ("error", "Errors"), ("done", "Done")],
        default="upload",
        required=True,
    )
    file_data = fields.Binary(string="File", attachment=False)
    file_name = fields.Char()
    column_ids = fields.One2many("debt.recovery.import.column", "wizard_id", string="Columns")
    preview_html = fields.Html(string="Preview", sanitize=False, readonly=True)
    row_count = fields.Integer(string="Rows", readonly=True)
    journal_id = fields.Many2one(
        "account.journal",
        domain="[('type', '=', 'sale'), ('debt_recovery_legacy', '=', True),"
        " ('company_id', '=', company_id)]",
        help="The sales journal of the imported invoices; a Legacy Receivables journal is "
        "created on the first import when none is chosen.",
    )
    create_partners = fields.Boolean(
        string="Create Missing Debtors",
        help="Create the debtors found neither by SIREN/SIRET, VAT number nor exact name.",
    )
    error_count = fields.Integer(string="Rows in Error", readonly=True)
    error_summary = fields.Text(readonly=True)
    error_report_id = fields.Many2one("ir.attachment", readonly=True)
    invoice_ids = fields.Many2many("account.move", string="Imported Invoices", readonly=True)
    partner_ids = fields.Many2many("res.partner", string="Imported Partners", readonly=True)
    result_summary = fields.Text(readonly=True)

    # ------------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------------
    def action_load(self):
        """Read the file: its columns, guessed or remembered targets, and a preview."""
        self.ensure_one()
        sheet = self._read_sheet()
        remembered = self.env["debt.recovery.import.mapping"]._get_map(
            self.company_id, self.import_kind
        )
        allowed = KIND_TARGETS[self.import_kind]
        guesses = {
            normalize_header(synonym): target
            for target, synonyms in HEADER_SYNONYMS.items()
            if target in allowed
            for synonym in synonyms
        }
        used = set()
        columns = []
        for index, header in enumerate(sheet.header):
            key = normalize_header(header)
            # A column the user once left out stays out (remembered as False).
            target = remembered[key] if key in remembered else guesses.get(key)
            if target not in allowed or target in used:
                target = False
            used.add(target)
            sample = next(
                (text_value(cells[index]) for _n, cells in sheet.rows if cells[index] is not None),
                False,
            )
            columns.append(
                Command.create(
                    {"sequence": index, "header": header, "sample": sample, "target": target}
                )
            )
        values = {
            "column_ids": [Command.clear(), *columns],
            "preview_html": self._preview_html(sheet),
            "row_count": len(sheet.rows),
            "state": "map",
            "error_count": 0,
            "error_summary": False,
            "error_report_id": False,
        }
        if self.import_kind == "receivable" and not self.journal_id:
            values["journal_id"] = (
                self.env["account.journal"]
                .search(
                    [
                        ("company_id", "=", self.company_id.id),
                        ("type", "=", "sale"),
                        ("debt_recovery_legacy", "=", True),
                    ],
                    limit=1,
                )
                .id
            )
        self.write(values)
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        self.write({"state": "upload", "error_count": 0, "error_summary": False})
        return self._reopen()

    def action_import(self):
        """Check every row; import them all when none is wrong, else write the error report."""
        self.ensure_one()
        sheet = self._read_sheet()
        column_map = self._column_map(sheet)
        errors = defaultdict(list)
        for row_number in sorted(sheet.merged_rows):
            errors[row_number].append(
                self.env._("merged cells: unmerge them and fill in every cell")
            )
        check = getattr(self, f"_check_{self.import_kind}_rows")
        prepared = check(sheet, column_map, errors)
        if errors:
            self._write_error_report(errors)
            return self._reopen()
        write = getattr(self, f"_import_{self.import_kind}_rows")
        write(prepared)
        self.env["debt.recovery.import.mapping"]._remember(
            self.company_id,
            self.import_kind,
            {normalize_header(column.header): column.target or False for column in self.column_ids},
        )
        self.state = "done"
        return self._reopen()

    def action_download_error_report(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.error_report_id.id}?download=true",
            "target": "self",
        }

    def action_open_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice")
        action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"create": False}
        return action

    def action_open_partners(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Commissaires de Justice"),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("id", "in", self.partner_ids.ids)],
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import a Spreadsheet"),
        }

    # ------------------------------------------------------------------------------------------
    # File, columns, report
    # ------------------------------------------------------------------------------------------
    def _read_sheet(self):
        if not self.file_data:
            raise UserError(self.env._("Choose the spreadsheet to import."))
        try:
            return read_sheet(base64.b64decode(self.file_data), self.file_name or "")
        except SpreadsheetError as error:
            raise UserError(legal_error_message(self.env, error)) from error

    def _preview_html(self, sheet):
        def row_html(cells, tag):
            return Markup("<tr>%s</tr>") % Markup().join(
                Markup("<%s>%s</%s>") % (Markup(tag), text_value(cell) or "", Markup(tag))
                for cell in cells
            )

        body = Markup().join(row_html(cells, "td") for _n, cells in sheet.rows[:PREVIEW_ROWS])
        return Markup(
            '<div class="table-responsive"><table class="table table-sm table-bordered">'
            "<thead>%s</thead><tbody>%s</tbody></table></div>"
        ) % (row_html(sheet.header, "th"), body)

    def _column_map(self, sheet):
        """``{target: column index}`` from the column lines, checked against the file."""
        if len(self.column_ids) != len(sheet.header) or [
            column.header or "" for column in self.column_ids.sorted("sequence")
        ] != list(sheet.header):
            raise UserError(
                self.env._("The file changed since its columns were read: load it again.")
            )
        allowed = KIND_TARGETS[self.import_kind]
        labels = dict(self.env["debt.recovery.import.column"]._fields["target"].selection)
        column_map = {}
        for column in self.column_ids.sorted("sequence"):
            if not column.target:
                continue
            if column.target not in allowed:
                raise UserError(
                    self.env._(
                        "The column %(column)s cannot be imported as %(field)s here.",
                        column=column.header,
                        field=self.env._(labels[column.target]),  # pylint: disable=translation-not-lazy
                    )
                )
            if column.target in column_map:
                raise UserError(
                    self.env._(
                        "Two columns are imported as %(field)s: keep one.",
                        field=self.env._(labels[column.target]),  # pylint: disable=translation-not-lazy
                    )
                )
            column_map[column.target] = column.sequence
        if self.import_kind == "receivable":
            required = ("invoice_number", "invoice_date", "amount")
            if not {"partner_name", "company_registry", "vat"} & column_map.keys():
                raise UserError(
                    self.env._(
                        "Say which column names the debtor: its name, SIREN/SIRET or VAT number."
                    )
                )
        else:
            required = ("partner_name", "departements")
        missing = [labels[target] for target in required if target not in column_map]
        if missing:
            raise UserError(
                self.env._(
                    "Say which column holds: %(fields)s.",
                    fields=", ".join(self.env._(label) for label in missing),  # pylint: disable=translation-not-lazy
                )
            )
        return column_map

    def _write_error_report(self, errors):
        """A CSV of the rows in error (row number, reason), attached to the wizard."""
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([self.env._("Row"), self.env._("Reason")])
        lines = []
        for row_number in sorted(errors):
            reason = "; ".join(errors[row_number])
            writer.writerow([row_number, reason])
            lines.append(self.env._("Row %(row)s: %(reason)s", row=row_number, reason=reason))
        base = (self.file_name or "import").rsplit(".", 1)[0]
        report = self.env["ir.attachment"].create(
            {
                "name": self.env._("%(file)s - errors.csv", file=base),
                # UTF-8 with a BOM: the spreadsheet tools then read the accents right.
                "raw": buffer.getvalue().encode("utf-8-sig"),
                "mimetype": "text/csv",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        shown = lines[:SHOWN_ERRORS]
        if len(lines) > SHOWN_ERRORS:
            shown.append(
                self.env._(
                    "… and %(count)s more rows: see the error report.",
                    count=len(lines) - SHOWN_ERRORS,
                )
            )
        self.write(
            {
                "state": "error",
                "error_count": len(errors),
                "error_summary": "\n".join(shown),
                "error_report_id": report.id,
            }
        )

    @staticmethod
    def _cell(cells, column_map, target):
        index = column_map.get(target)
        return None if index is None else cells[index]

    def _parse_party(self, cells, column_map, problems):
        """The name, SIREN/SIRET, VAT number and contact details of a row's party (debtor or
        commissaire), each checked."""
        parse = self._parse
        registry = self._check_identifier(
            parse(cells, column_map, "company_registry", identifier_value, problems), problems
        )
        return {
            "name": parse(cells, column_map, "partner_name", text_value, problems),
            "registry": registry,
            "vat": self._check_vat(
                parse(cells, column_map, "vat", text_value, problems), registry, problems
            ),
            "contact": {
                field_name: parse(cells, column_map, field_name, parser, problems)
                for field_name, parser in (
                    ("street", text_value),
                    ("street2", text_value),
                    ("zip", text_value),
                    ("city", text_value),
                    ("email", text_value),
                    ("phone", phone_value),
                )
            },
        }

    def _parse(self, cells, column_map, target, parser, problems, *args):
        """The value of ``target`` parsed by ``parser``; a failure is added to ``problems``."""
        try:
            return parser(self._cell(cells, column_map, target), *args)
        except SpreadsheetError as error:
            header = self.column_ids.sorted("sequence")[column_map[target]].header
            problems.append(
                self.env._(
                    "%(column)s: %(reason)s",
                    column=header,
                    reason=legal_error_message(self.env, error),
                )
            )
            return None

    def _check_identifier(self, value, problems):
        """The SIRET (14 digits) or SIREN (9 digits) of ``value``, else a problem."""
        if not value:
            return None
        digits = re.sub(r"[\s.\-]", "", value)
        try:
            if len(digits) == 14:
                return normalize_siret(digits)
            return normalize_siren(digits)
        except InvalidIdentifierError as error:
            problems.append(legal_error_message(self.env, error))
            return None

    def _check_vat(self, value, registry, problems):
        """The VAT number of ``value`` (spaces removed, upper case) if valid, else a problem.

        A French number is checked by its key (``legal/identifiers.py``) and must carry the
        SIREN of the row's SIREN/SIRET when both are given; any other, as the contact form would
        check it on saving (``base_vat``, when installed).
        """
        vat = re.sub(r"[\s.\-]", "", value or "").upper()
        if not vat:
            return None
        if vat.startswith("FR"):
            try:
                vat = normalize_fr_vat(vat)
            except InvalidIdentifierError as error:
                problems.append(legal_error_message(self.env, error))
                return None
            if registry and registry[:9] != vat[4:]:
                problems.append(
                    self.env._(
                        "the VAT number %(vat)s is not that of the SIREN %(siren)s",
                        vat=vat,
                        siren=registry[:9],
                    )
                )
                return None
            return vat
        Partner = self.env["res.partner"]
        if hasattr(Partner, "_check_vat_number"):
            country = self.company_id.country_id or self.env.ref("base.fr")
            checked, _code = Partner._run_vat_checks(country, vat, validation="setnull")
            if not checked:
                problems.append(self.env._("%(vat)s is not a valid VAT number", vat=vat))
                return None
        return vat

    # ------------------------------------------------------------------------------------------
    # Legacy receivables
    # ------------------------------------------------------------------------------------------
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

    def _match_debtors(self, rows, errors):
        """Find each row's debtor by SIRET/SIREN, then VAT number, then exact name.

        Unknown debtors are created when asked (one per SIREN, VAT number or name), else the
        row is in error.
        """
        Partner = self.env["res.partner"].with_context(active_test=False)
        base = [
            ("parent_id", "=", False),
            ("company_id", "in", [False, self.company_id.id]),
        ]
        registries = {row["registry"] for row in rows if row["registry"]}
        sirens = {registry[:9] for registry in registries}
        vats = {row["vat"] for row in rows if row["vat"]}
        names = {row["name"] for row in rows if row["name"]}
        by_siret, by_siren, by_vat, by_name = {}, {}, {}, defaultdict(list)
        if sirens:
            partners = Partner.search_fetch(
                [
                    *base,
                    "|",
                    ("debt_recovery_siren", "in", list(sirens)),
                    ("company_registry", "in", list(registries)),
                ],
                ["company_registry", "debt_recovery_siren"],
                order="id",
            )
            for partner in partners:
                by_siret.setdefault(re.sub(r"\s", "", partner.company_registry or ""), partner)
                if partner.debt_recovery_siren:
                    by_siren.setdefault(partner.debt_recovery_siren, partner)
        if vats:
            for partner in Partner.search_fetch(
                [*base, ("vat", "in", list(vats))], ["vat"], order="id"
            ):
                by_vat.setdefault(partner.vat, partner)
        if names:
            for partner in Partner.search_fetch(
                [*base, ("name", "in", list(names))], ["name"], order="id"
            ):
                by_name[partner.name].append(partner)
        to_create = {}
        may_create = Partner.has_access("create")
        for row in rows:
            if row["row"] in errors:
                continue
            registry = row["registry"]
            partner = (registry and (by_siret.get(registry) or by_siren.get(registry[:9]))) or (
                row["vat"] and by_vat.get(row["vat"])
            )
            if not partner and row["name"]:
                named = by_name.get(row["name"], [])
                if len(named) > 1:
                    errors[row["row"]].append(
                        self.env._(
                            "%(count)s partners are named %(name)s: give the SIREN/SIRET",
                            count=len(named),
                            name=row["name"],
                        )
                    )
                    continue
                partner = named[0] if named else None
            if partner:
                row["partner"] = partner
                continue
            if not self.create_partners:
                errors[row["row"]].append(
                    self.env._(
                        "no debtor matches %(debtor)s; tick Create Missing Debtors to create it",
                        debtor=row["name"] or registry or row["vat"],
                    )
                )
                continue
            if not row["name"]:
                errors[row["row"]].append(
                    self.env._("no debtor matches and there is no name to create it")
                )
                continue
            if not may_create:
                errors[row["row"]].append(
                    self.env._(
                        "no debtor matches %(debtor)s and you may not create contacts",
                        debtor=row["name"],
                    )
                )
                continue
            key = (registry and registry[:9]) or row["vat"] or row["name"]
            to_create.setdefault(key, row)
            row["partner_key"] = key
        return to_create

    def _prepare_debtor_vals(self, row):
        contact = {key: value for key, value in row["contact"].items() if value}
        email = contact.pop("email", None)
        return {
            "name": row["name"],
            "is_company": True,
            "company_registry": row["registry"] or False,
            "vat": row["vat"] or False,
            "country_id": self.company_id.country_id.id or self.env.ref("base.fr").id,
            "email": email_normalize(email) or email or False,
            **contact,
        }

    def _import_receivable_rows(self, prepared):
        """Create the debtors, the posted invoices, their paid parts; open the recovery cases."""
        rows, to_create = prepared
        company = self.company_id
        Partner = self.env["res.partner"]
        created = Partner.create([self._prepare_debtor_vals(row) for row in to_create.values()])
        partner_of_key = dict(zip(to_create, created, strict=True))
        for row in rows:
            if "partner" not in row:
                row["partner"] = partner_of_key[row["partner_key"]]
        journal = self.journal_id or self.env["account.journal"]._debt_recovery_legacy_journal(
            company
        )
        account = journal.default_account_id
        if not account:
            raise UserError(
                self.env._(
                    "The journal %(journal)s has no default account to balance the imported "
                    "invoices.",
                    journal=journal.display_name,
                )
            )
        label = self.env._("Invoice imported from %(file)s", file=self.file_name or "")
        receivable_of = {
            partner: partner.with_company(company).property_account_receivable_id
            for partner in {row["partner"].commercial_partner_id for row in rows}
        }
        invoices = self._insert_invoices(rows, journal, account, label, receivable_of)
        self._settle_paid_parts(invoices, rows, account)
        # The rows written in SQL above are read afresh by the cases' sync.
        self.env.invalidate_all()
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

    def _insert_many(self, model, columns, returning):
        """``INSERT INTO`` the table of ``model`` the ``columns`` (``{column: (type, values)}``).

        One query; the rows come back as the tuples of ``returning``, in the order of the
        values. Amounts are written as Odoo writes them: rounded to the field's digits (the
        currency's for a monetary field), in their decimal notation.
        """
        names = list(columns)
        columns = {
            name: (kind, self._column_values(model, name, kind, values))
            for name, (kind, values) in columns.items()
        }
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) SELECT %s FROM unnest(%s) WITH ORDINALITY AS rows(%s, _ord) "
                "ORDER BY _ord RETURNING %s",
                SQL.identifier(model._table),
                SQL(", ").join(SQL.identifier(name) for name in names),
                SQL(", ").join(SQL.identifier("rows", name) for name in names),
                SQL(", ").join(
                    SQL("%s::%s[]", values, SQL(_SQL_TYPES[kind]))
                    for kind, values in columns.values()
                ),
                SQL(", ").join(SQL.identifier(name) for name in names),
                SQL(", ").join(SQL.identifier(name) for name in returning),
            )
        )
        return self.env.cr.fetchall()

    def _column_values(self, model, name, kind, values):
        field = model._fields.get(name)
        if kind != "float" or not field:
            return values
        if field.type == "monetary":
            scale = self.company_id.currency_id.decimal_places
        else:
            digits = field.get_digits(self.env)
            if not digits:
                return values
            scale = digits[1]
        # The amounts were checked to have no more decimals than the currency: their notation
        # with ``scale`` decimals is float_repr's (in a tenth of its time, 10 000 rows counted).
        return [None if value is None else f"{value:.{scale}f}" for value in values]

    def _invoice_headers(self, partners, journal):
        """The fields of an invoice that its debtor and the company decide, as Odoo fills them.

        They are computed on an unsaved invoice of each debtor by Odoo's own methods (the
        salesperson, the delivery address, the company's bank account, the terms...), with the
        defaults an invoice created in the form would get.
        """
        Move = self.env["account.move"]
        base = {
            **Move.default_get(list(_PARTNER_HEADER_FIELDS)),
            "move_type": "out_invoice",
            "journal_id": journal.id,
            "company_id": journal.company_id.id,
            "currency_id": journal.company_id.currency_id.id,
            "invoice_payment_term_id": False,
            "fiscal_position_id": False,
        }
        Partner = self.env["res.partner"]
        partners = Partner.union(*partners).with_company(journal.company_id)

        def computed(partner):
            draft = Move.new({**base, "partner_id": partner.id})
            values = {}
            for name in _PARTNER_HEADER_FIELDS:
                value = Move._fields[name].convert_to_write(draft[name], draft) or None
                # The HTML terms (Markup) as the plain text PostgreSQL stores.
                values[name] = str(value) if isinstance(value, str) else value
            return values

        headers, shared = {}, {}
        for partner in partners:
            if partner.parent_id or partner.child_ids:
                headers[partner] = computed(partner)
                continue
            # A debtor without contacts is its own commercial partner and delivery address: the
            # rest is computed once for all the debtors alike (language, salesperson, payment
            # method), e.g. the 2 000 created by an import of 10 000 rows.
            key = (
                partner.lang,
                partner.user_id,
                partner.property_inbound_payment_method_line_id,
            )
            if key not in shared:
                shared[key] = computed(partner)
            headers[partner.with_env(self.env)] = {
                **shared[key],
                "commercial_partner_id": partner.id,
                "partner_shipping_id": partner.id,
                "invoice_partner_display_name": partner.display_name,
            }
        return headers

    def _insert_invoices(self, rows, journal, account, label, receivable_of):
        """The posted invoices of ``rows``, written with SQL as Odoo's create and post store them.

        Each invoice has one untaxed line on the journal's account and one receivable line due
        on the row's due date, its residual still the amount (the paid parts are settled next).
        At 10 000 rows the ORM spent minutes on the work of the invoice form (dynamic lines,
        taxes, amounts recomputed, posting record by record) for these two fixed lines: here
        every stored field gets in one query the value Odoo computes for such an invoice
        (``TestImportReceivables`` compares them with Odoo's own computation).
        """
        Move = self.env["account.move"]
        Move.check_access("create")
        self.env["account.move.line"].check_access("create")
        company = journal.company_id
        self.env.flush_all()
        headers = self._invoice_headers({row["partner"] for row in rows}, journal)
        # The number's prefix and sequence number, split by the regex of Odoo's sequence mixin.
        split = re.compile(
            Move._make_regex_non_capturing(Move._sequence_fixed_regex.replace("?P<seq>", ""))
        )
        currency_id = company.currency_id.id
        uid = self.env.uid
        now = self.env.cr.now()
        count = len(rows)
        move_columns = {
            name: (kind, [header[name] for header in (headers[row["partner"]] for row in rows)])
            for name, kind in _PARTNER_HEADER_FIELDS.items()
        }
        amounts = [float(row["amount"]) for row in rows]
        numbers = [row["number"] for row in rows]
        sequences = []
        for number in numbers:
            matching = split.match(number)
            sequences.append((number[: matching.start(1)], int(matching.group(1) or 0)))
        move_columns.update(
            {
                "partner_id": ("int", [row["partner"].id for row in rows]),
                "name": ("str", numbers),
                "sequence_prefix": ("str", [prefix for prefix, _number in sequences]),
                "sequence_number": ("int", [number for _prefix, number in sequences]),
                "payment_reference": ("str", numbers),
                "date": ("date", [row["invoice_date"] for row in rows]),
                "invoice_date": ("date", [row["invoice_date"] for row in rows]),
                "invoice_date_due": ("date", [row["due_date"] for row in rows]),
                "journal_id": ("int", [journal.id] * count),
                "company_id": ("int", [company.id] * count),
                "currency_id": ("int", [currency_id] * count),
                "move_type": ("str", ["out_invoice"] * count),
                "state": ("str", ["posted"] * count),
                "auto_post": ("str", ["no"] * count),
                "payment_state": ("str", ["not_paid"] * count),
                "invoice_origin": ("str", [self.file_name or None] * count),
                "invoice_currency_rate": ("float", [1.0] * count),
                **dict.fromkeys(
                    (
                        "amount_untaxed",
                        "amount_total",
                        "amount_residual",
                        "amount_untaxed_signed",
                        "amount_untaxed_in_currency_signed",
                        "amount_total_signed",
                        "amount_total_in_currency_signed",
                        "amount_residual_signed",
                    ),
                    ("float", amounts),
                ),
                "amount_tax": ("float", [0.0] * count),
                "amount_tax_signed": ("float", [0.0] * count),
                "always_tax_exigible": ("bool", [False] * count),
                "checked": ("bool", [True] * count),
                "posted_before": ("bool", [True] * count),
                "made_sequence_gap": ("bool", [False] * count),
                "is_manually_modified": ("bool", [False] * count),
                "create_uid": ("int", [uid] * count),
                "write_uid": ("int", [uid] * count),
                "create_date": ("timestamp", [now] * count),
                "write_date": ("timestamp", [now] * count),
            }
        )
        move_ids = [move_id for (move_id,) in self._insert_many(Move, move_columns, ["id"])]
        # A number following a gap in its journal and prefix is marked, as posting marks it.
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_move move SET made_sequence_gap = TRUE
                 WHERE move.id = ANY(%s) AND move.sequence_number > 1 AND NOT EXISTS (
                       SELECT FROM account_move previous
                        WHERE previous.journal_id = move.journal_id
                          AND previous.sequence_prefix = move.sequence_prefix
                          AND previous.sequence_number = move.sequence_number - 1)
                """,
                move_ids,
            )
        )
        # The residual of the income line: its balance when its account is reconcilable.
        income_residual = account.reconcile or account.account_type in (
            "asset_cash",
            "liability_credit_card",
        )
        lines = []
        for move_id, row, amount in zip(move_ids, rows, amounts, strict=True):
            partner = row["partner"].commercial_partner_id
            common = (move_id, partner.id, row["invoice_date"], row["number"])
            lines.append(
                (
                    *common,
                    "product",
                    100,
                    account.id,
                    label,
                    -amount,
                    -amount if income_residual else 0.0,
                    1.0,
                    amount,
                    None,
                )
            )
            lines.append(
                (
                    *common,
                    "payment_term",
                    12000,
                    receivable_of[partner].id,
                    row["number"],
                    amount,
                    amount,
                    0.0,
                    0.0,
                    row["due_date"],
                )
            )
        total = len(lines)
        line_columns = {
            "move_id": ("int", [line[0] for line in lines]),
            "partner_id": ("int", [line[1] for line in lines]),
            "date": ("date", [line[2] for line in lines]),
            "invoice_date": ("date", [line[2] for line in lines]),
            "move_name": ("str", [line[3] for line in lines]),
            "display_type": ("str", [line[4] for line in lines]),
            "sequence": ("int", [line[5] for line in lines]),
            "account_id": ("int", [line[6] for line in lines]),
            "name": ("str", [line[7] for line in lines]),
            "balance": ("float", [line[8] for line in lines]),
            "amount_currency": ("float", [line[8] for line in lines]),
            "debit": ("float", [max(line[8], 0.0) for line in lines]),
            "credit": ("float", [max(-line[8], 0.0) for line in lines]),
            "amount_residual": ("float", [line[9] for line in lines]),
            "amount_residual_currency": ("float", [line[9] for line in lines]),
            "quantity": ("float", [line[10] for line in lines]),
            "price_unit": ("float", [line[11] for line in lines]),
            "price_subtotal": ("float", [line[11] for line in lines]),
            "price_total": ("float", [line[11] for line in lines]),
            "date_maturity": ("date", [line[12] for line in lines]),
            "journal_id": ("int", [journal.id] * total),
            "company_id": ("int", [company.id] * total),
            "company_currency_id": ("int", [currency_id] * total),
            "currency_id": ("int", [currency_id] * total),
            "parent_state": ("str", ["posted"] * total),
            "discount": ("float", [0.0] * total),
            "deductible_amount": ("float", [100.0] * total),
            "is_storno": ("bool", [False] * total),
            "reconciled": ("bool", [False] * total),
            "no_followup": ("bool", [False] * total),
            "create_uid": ("int", [uid] * total),
            "write_uid": ("int", [uid] * total),
            "create_date": ("timestamp", [now] * total),
            "write_date": ("timestamp", [now] * total),
        }
        line_ids = self._insert_many(self.env["account.move.line"], line_columns, ["id"])
        # The record rules (the companies of the user) on the rows written, as create checks them.
        Move.browse(move_ids).check_access("create")
        self.env["account.move.line"].browse([line_id for (line_id,) in line_ids]).check_access(
            "create"
        )
        ranks = defaultdict(int)
        for row in rows:
            for partner_id in {row["partner"].id, row["partner"].commercial_partner_id.id}:
                ranks[partner_id] += 1
        self._increase_customer_ranks(ranks)
        self.env.invalidate_all()
        return Move.browse(move_ids)

    def _increase_customer_ranks(self, counts):
        """Count the posted invoices (and entries) in the debtors' customer rank, as posting does.

        ``counts``: ``{partner id: number}``. A rank already above zero is increased by Odoo
        after the commit (``_increase_rank``); a rank at zero is set now, here in one query.
        """
        Partner = self.env["res.partner"]
        Partner.flush_model(["customer_rank"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE id = ANY(%s) AND customer_rank > 0",
                list(counts),
            )
        )
        ranked = {partner_id for (partner_id,) in self.env.cr.fetchall()}
        later = defaultdict(list)
        for partner_id, count in counts.items():
            if partner_id in ranked:
                later[count].append(partner_id)
        for count, partner_ids in later.items():
            Partner.browse(partner_ids)._increase_rank("customer_rank", count)
        first = [partner_id for partner_id in counts if partner_id not in ranked]
        if first:
            self.env.cr.execute(
                SQL(
                    "UPDATE res_partner partner SET customer_rank = partner.customer_rank + rank.n "
                    "FROM unnest(%s::int4[], %s::int4[]) AS rank(id, n) WHERE partner.id = rank.id",
                    first,
                    [counts[partner_id] for partner_id in first],
                )
            )
            Partner.browse(first).invalidate_recordset(["customer_rank"])

    def _settle_paid_parts(self, invoices, rows, account):
        """Settle what was paid before the import, so each invoice owes its imported residual.

        The payment dates are not in an aged balance: one opening entry per month of invoices,
        dated on the first invoice date of that month, in the miscellaneous journal, credits
        each partly paid invoice's receivable and is reconciled with it. The reconciliation then
        dates from the invoice itself (the later of the two), so the paid part is never counted
        as paid late: no penalty is claimed on it.

        The entries are created and posted by Odoo with their counterpart and one credit line
        of the month's total (so their numbers, dates and amounts are Odoo's own); that line is
        then replaced, in SQL, by one credit line per invoice, each reconciled with its invoice
        by a partial reconciliation written in SQL as ``_reconcile_plan`` writes it. An invoice
        paid in full (nothing left due) is reconciled by Odoo itself (a full reconciliation).
        """
        company = self.company_id
        currency = company.currency_id
        paid = []
        for invoice_id, row in zip(invoices.ids, rows, strict=True):
            paid_amount = float(row["amount"] - row["residual"])
            if not currency.is_zero(paid_amount):
                paid.append((invoice_id, row, paid_amount))
        if not paid:
            return
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "general")], limit=1
        )
        if not journal:
            raise UserError(
                self.env._(
                    "%(company)s has no miscellaneous journal for the paid parts of the invoices.",
                    company=company.display_name,
                )
            )
        self.env.cr.execute(
            SQL(
                "SELECT move_id, id, account_id, partner_id FROM account_move_line "
                "WHERE move_id = ANY(%s) AND display_type = 'payment_term'",
                [invoice_id for invoice_id, _row, _amount in paid],
            )
        )
        receivable_of = {
            move_id: (line_id, account_id, partner_id)
            for move_id, line_id, account_id, partner_id in self.env.cr.fetchall()
        }
        by_month = defaultdict(list)
        for invoice_id, row, amount in paid:
            by_month[row["invoice_date"].replace(day=1)].append((invoice_id, row, amount))
        ref = self.env._("Paid before the import of %(file)s", file=self.file_name or "")
        groups = sorted(by_month.items())
        entries_vals = []
        for _month, items in groups:
            total = currency.round(sum(amount for _invoice, _row, amount in items))
            common = {"currency_id": currency.id, "analytic_distribution": False}
            entries_vals.append(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "company_id": company.id,
                    "currency_id": currency.id,
                    "date": min(row["invoice_date"] for _invoice, row, _amount in items),
                    "ref": ref,
                    "line_ids": [
                        # Replaced below by the credit lines of the invoices.
                        Command.create(
                            {
                                **common,
                                "name": ref,
                                "account_id": account.id,
                                "amount_currency": -total,
                                "balance": -total,
                            }
                        ),
                        Command.create(
                            {
                                **common,
                                "name": ref,
                                "account_id": account.id,
                                "amount_currency": total,
                                "balance": total,
                            }
                        ),
                    ],
                }
            )
        Move = self.env["account.move"].with_context(
            skip_invoice_sync=True,
            skip_invoice_line_sync=True,
            skip_analytic_sync=True,
            tracking_disable=True,
            mail_create_nolog=True,
        )
        entries = Move.create(entries_vals)
        entries._post(soft=False)
        self.env.flush_all()
        placeholders = [entry.line_ids.sorted("id")[0].id for entry in entries]
        self.env.cr.execute(SQL("DELETE FROM account_move_line WHERE id = ANY(%s)", placeholders))
        uid = self.env.uid
        now = self.env.cr.now()
        credits = []
        for entry, (_month, items) in zip(entries, groups, strict=True):
            for invoice_id, row, amount in items:
                _line_id, account_id, partner_id = receivable_of[invoice_id]
                paid_in_full = currency.is_zero(float(row["residual"]))
                credits.append(
                    (entry, invoice_id, row, amount, account_id, partner_id, paid_in_full)
                )
        total = len(credits)
        columns = {
            "move_id": ("int", [credit[0].id for credit in credits]),
            "move_name": ("str", [credit[0].name for credit in credits]),
            "date": ("date", [credit[0].date for credit in credits]),
            "ref": ("str", [ref] * total),
            "name": (
                "str",
                [
                    self.env._("Paid part of %(invoice)s", invoice=credit[2]["number"])
                    for credit in credits
                ],
            ),
            "account_id": ("int", [credit[4] for credit in credits]),
            "partner_id": ("int", [credit[5] for credit in credits]),
            "balance": ("float", [-credit[3] for credit in credits]),
            "amount_currency": ("float", [-credit[3] for credit in credits]),
            "price_subtotal": ("float", [-credit[3] for credit in credits]),
            "price_total": ("float", [-credit[3] for credit in credits]),
            "debit": ("float", [0.0] * total),
            "credit": ("float", [credit[3] for credit in credits]),
            # Settled in full: reconciled by Odoo below; else by a partial written here.
            "amount_residual": ("float", [-credit[3] if credit[6] else 0.0 for credit in credits]),
            "amount_residual_currency": (
                "float",
                [-credit[3] if credit[6] else 0.0 for credit in credits],
            ),
            "reconciled": ("bool", [not credit[6] for credit in credits]),
            "display_type": ("str", ["product"] * total),
            "sequence": ("int", [100] * total),
            "quantity": ("float", [1.0] * total),
            "price_unit": ("float", [0.0] * total),
            "journal_id": ("int", [journal.id] * total),
            "company_id": ("int", [company.id] * total),
            "company_currency_id": ("int", [currency.id] * total),
            "currency_id": ("int", [currency.id] * total),
            "parent_state": ("str", ["posted"] * total),
            "discount": ("float", [0.0] * total),
            "deductible_amount": ("float", [100.0] * total),
            "is_storno": ("bool", [False] * total),
            "no_followup": ("bool", [True] * total),
            "create_uid": ("int", [uid] * total),
            "write_uid": ("int", [uid] * total),
            "create_date": ("timestamp", [now] * total),
            "write_date": ("timestamp", [now] * total),
        }
        credit_ids = [
            line_id
            for (line_id,) in self._insert_many(self.env["account.move.line"], columns, ["id"])
        ]
        # Posting an entry counts the debtors of its receivable lines once in their rank.
        ranks = defaultdict(int)
        for _entry_id, partner_id in {(credit[0].id, credit[5]) for credit in credits}:
            ranks[partner_id] += 1
        self._increase_customer_ranks(ranks)
        in_full = [
            (receivable_of[credit[1]][0], line_id)
            for credit, line_id in zip(credits, credit_ids, strict=True)
            if credit[6]
        ]
        credit_ids = [
            line_id for credit, line_id in zip(credits, credit_ids, strict=True) if not credit[6]
        ]
        credits = [credit for credit in credits if not credit[6]]
        total = len(credits)
        partial_columns = {
            "debit_move_id": ("int", [receivable_of[credit[1]][0] for credit in credits]),
            "credit_move_id": ("int", credit_ids),
            "amount": ("float", [credit[3] for credit in credits]),
            "debit_amount_currency": ("float", [credit[3] for credit in credits]),
            "credit_amount_currency": ("float", [credit[3] for credit in credits]),
            "debit_currency_id": ("int", [currency.id] * total),
            "credit_currency_id": ("int", [currency.id] * total),
            "company_id": ("int", [company.id] * total),
            # The later of the invoice's date and the entry's: the invoice's.
            "max_date": (
                "date",
                [max(credit[2]["invoice_date"], credit[0].date) for credit in credits],
            ),
            "create_uid": ("int", [uid] * total),
            "write_uid": ("int", [uid] * total),
            "create_date": ("timestamp", [now] * total),
            "write_date": ("timestamp", [now] * total),
        }
        partial_ids = [
            partial_id
            for (partial_id,) in self._insert_many(
                self.env["account.partial.reconcile"], partial_columns, ["id"]
            )
        ]
        # Zero as Odoo writes it in a monetary column of this currency (0.00).
        zero = float_repr(0.0, currency.decimal_places)
        # The invoices' receivable lines and amounts: what is left due once the paid part is
        # reconciled; both sides of a partial share its matching number.
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_move_line line
                   SET matching_number = 'P' || part.id,
                       amount_residual = CASE WHEN line.id = part.debit_move_id
                            THEN line.amount_residual - part.amount ELSE %s::numeric END,
                       amount_residual_currency = CASE WHEN line.id = part.debit_move_id
                            THEN line.amount_residual_currency - part.amount ELSE %s::numeric END
                  FROM account_partial_reconcile part
                 WHERE part.id = ANY(%s) AND line.id IN (part.debit_move_id, part.credit_move_id)
                """,
                zero,
                zero,
                partial_ids,
            )
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_move move
                   SET amount_residual = line.amount_residual,
                       amount_residual_signed = line.amount_residual,
                       payment_state = 'partial',
                       -- As Odoo's reconciliation marks the invoices it writes on.
                       is_manually_modified = TRUE
                  FROM account_move_line line
                 WHERE line.id = ANY(%s) AND move.id = line.move_id
                """,
                [receivable_of[credit[1]][0] for credit in credits],
            )
        )
        # The entries: their credit lines are all reconciled, nothing is left due on them.
        self.env.cr.execute(
            SQL(
                "UPDATE account_move SET amount_residual = %s, amount_residual_signed = %s "
                "WHERE id = ANY(%s)",
                zero,
                zero,
                entries.ids,
            )
        )
        self.env.invalidate_all()
        if in_full:
            Line = self.env["account.move.line"]
            # Untaxed lines in the company currency: no cash basis entry, no exchange difference.
            Line.with_context(no_cash_basis=True, no_exchange_difference=True)._reconcile_plan(
                [Line.browse(pair) for pair in in_full]
            )

    # ------------------------------------------------------------------------------------------
    # Commissaires de justice
    # ------------------------------------------------------------------------------------------
    def _check_commissaire_rows(self, sheet, column_map, errors):
        departements = {
            departement.code: departement
            for departement in self.env["debt.recovery.departement"].search([])
        }
        rows = []
        first_row_of = {}
        for row_number, cells in sheet.rows:
            problems = errors[row_number]
            parse = self._parse
            row = {"row": row_number, **self._parse_party(cells, column_map, problems)}
            name = row["name"]
            row.update(
                {
                    "codes": parse(cells, column_map, "departements", text_value, problems),
                    "fee_agreement": parse(
                        cells, column_map, "fee_agreement", text_value, problems
                    ),
                    "fees": self._check_fees(cells, column_map, problems),
                }
            )
            if not name:
                problems.append(self.env._("no name"))
            elif name in first_row_of:
                problems.append(
                    self.env._(
                        "%(name)s is already on row %(row)s", name=name, row=first_row_of[name]
                    )
                )
            else:
                first_row_of[name] = row_number
            email = row["contact"]["email"]
            if email and not email_normalize(email):
                problems.append(self.env._("%(email)s is not an e-mail address", email=email))
            found = self.env["debt.recovery.departement"]
            for code in _DEPARTEMENT_SEPARATORS.split(row["codes"] or ""):
                if not code:
                    continue
                code = code.upper().zfill(2) if len(code) < 2 else code.upper()
                if code not in departements:
                    problems.append(self.env._("%(code)s is not a French département", code=code))
                else:
                    found |= departements[code]
            if not found and not problems:
                problems.append(self.env._("no département covered"))
            row["departements"] = found
            if not problems:
                del errors[row_number]
                rows.append(row)
        return rows

    def _check_fees(self, cells, column_map, problems):
        """The fee fields of the commissaire's agreement given on the row, checked as
        ``legal/escalation.py`` applies them (amounts in euros, a percentage from 0 to 100)."""
        headers = self.column_ids.sorted("sequence").mapped("header")
        fees = {}
        for target, parser in (
            ("fee_fixed", amount_value),
            ("fee_threshold", amount_value),
            ("fee_percent", percent_value),
        ):
            value = self._parse(cells, column_map, target, parser, problems)
            if value is None:
                continue
            if target != "fee_percent":
                try:
                    value = check_amount(value, headers[column_map[target]], allow_zero=True)
                except InvalidAmountError as error:
                    problems.append(legal_error_message(self.env, error))
                    continue
            fees[target] = value
        if fees.get("fee_percent") is not None:
            try:
                commissaire_fee(0, FeeAgreement(percent=fees["fee_percent"]))
            except InvalidAmountError as error:
                problems.append(legal_error_message(self.env, error))
                del fees["fee_percent"]
        return {f"debt_recovery_{target}": float(value) for target, value in fees.items()}

    def _import_commissaire_rows(self, rows):
        """Create the commissaires de justice, or update those already known by name or e-mail."""
        Partner = self.env["res.partner"]
        known = Partner.search(
            [
                ("debt_recovery_is_commissaire", "=", True),
                "|",
                ("name", "in", [row["name"] for row in rows]),
                (
                    "email",
                    "in",
                    [row["contact"]["email"] for row in rows if row["contact"]["email"]],
                ),
            ]
        )
        by_name = {partner.name: partner for partner in known}
        by_email = {partner.email: partner for partner in known if partner.email}
        has_fee_field = "debt_recovery_fee_agreement" in Partner._fields
        new_vals, partners = [], Partner
        for row in rows:
            contact = {key: value for key, value in row["contact"].items() if value}
            vals = {
                "name": row["name"],
                "is_company": True,
                "debt_recovery_is_commissaire": True,
                "debt_recovery_covered_departement_ids": [Command.set(row["departements"].ids)],
                "country_id": self.company_id.country_id.id or self.env.ref("base.fr").id,
                **contact,
            }
            if row["registry"]:
                vals["company_registry"] = row["registry"]
            if row["vat"]:
                vals["vat"] = row["vat"]
            if has_fee_field and row["fee_agreement"]:
                vals["debt_recovery_fee_agreement"] = row["fee_agreement"]
            # The fees given replace the partner's; a column left empty keeps them.
            vals.update(row["fees"])
            partner = by_name.get(row["name"]) or by_email.get(contact.get("email"))
            if partner:
                partner.write(vals)
                partners |= partner
            else:
                new_vals.append(vals)
        created = Partner.create(new_vals)
        self.write(
            {
                "partner_ids": [Command.set((partners | created).ids)],
                "result_summary": self.env._(
                    "%(created)s commissaires de justice created, %(updated)s updated.",
                    created=len(created),
                    updated=len(partners),
                ),
            }
        )
        return partners | created
