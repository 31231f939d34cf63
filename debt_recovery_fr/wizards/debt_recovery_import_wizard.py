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
from odoo.tools import email_normalize

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
            registry = self._check_identifier(
                parse(cells, column_map, "company_registry", identifier_value, problems), problems
            )
            row = {
                "row": row_number,
                "number": number,
                "name": parse(cells, column_map, "partner_name", text_value, problems),
                "registry": registry,
                "vat": self._check_vat(
                    parse(cells, column_map, "vat", text_value, problems), registry, problems
                ),
                "invoice_date": parse(
                    cells, column_map, "invoice_date", date_value, problems, sheet.datemode
                ),
                "due_date": parse(
                    cells, column_map, "due_date", date_value, problems, sheet.datemode
                ),
                "amount": parse(cells, column_map, "amount", amount_value, problems),
                "residual": parse(cells, column_map, "residual", amount_value, problems),
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
        currency = company.currency_id
        receivable_of = {
            partner: partner.with_company(company).property_account_receivable_id.id
            for partner in {row["partner"].commercial_partner_id for row in rows}
        }
        # The invoices are written whole, their receivable and income lines given: the dynamic
        # lines sync of the invoice form (taxes, payment terms, cash roundings) has nothing to
        # add to one untaxed line, and skipping it makes the import about ten times faster.
        Move = self.env["account.move"].with_context(
            skip_invoice_sync=True,
            skip_invoice_line_sync=True,
            # No analytic distribution to carry over on new draft lines.
            skip_analytic_sync=True,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_notrack=True,
        )
        invoices = Move.create(
            [
                self._prepare_invoice_vals(row, journal, account, label, currency, receivable_of)
                for row in rows
            ]
        )
        invoices._post(soft=False)
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

    def _prepare_invoice_vals(self, row, journal, account, label, currency, receivable_of):
        """A posted-to-be customer invoice of one row: one untaxed line, one receivable line."""
        partner = row["partner"].commercial_partner_id
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
                        "name": False,
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

        The payment dates are not in an aged balance: one opening entry per month of invoices,
        dated on the first invoice date of that month, in the miscellaneous journal, credits
        each partly paid invoice's receivable and is reconciled with it. The reconciliation then
        dates from the invoice itself (the later of the two), so the paid part is never counted
        as paid late: no penalty is claimed on it.
        """
        company = self.company_id
        currency = company.currency_id
        paid = []
        for invoice, row in zip(invoices, rows, strict=True):
            paid_amount = float(row["amount"] - row["residual"])
            if not currency.is_zero(paid_amount):
                paid.append((invoice, paid_amount))
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
        by_month = defaultdict(list)
        for invoice, amount in paid:
            receivable = invoice.line_ids.filtered(lambda line: line.display_type == "payment_term")
            month = invoice.invoice_date.replace(day=1)
            by_month[month].append((invoice, receivable, amount))
        ref = self.env._("Paid before the import of %(file)s", file=self.file_name or "")
        groups = sorted(by_month.items())
        entries_vals = []
        for _month, items in groups:
            entry_date = min(invoice.invoice_date for invoice, _receivable, _amount in items)
            lines = [
                Command.create(
                    {
                        "name": self.env._("Paid part of %(invoice)s", invoice=invoice.name),
                        "account_id": receivable.account_id.id,
                        "partner_id": receivable.partner_id.id,
                        "analytic_distribution": False,
                        "currency_id": currency.id,
                        "amount_currency": -amount,
                        "balance": -amount,
                    }
                )
                for invoice, receivable, amount in items
            ]
            total = currency.round(sum(amount for _invoice, _receivable, amount in items))
            lines.append(
                Command.create(
                    {
                        "name": ref,
                        "account_id": account.id,
                        "currency_id": currency.id,
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
                    "date": entry_date,
                    "ref": ref,
                    "line_ids": lines,
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
        plan = []
        for entry, (_date, items) in zip(entries, groups, strict=True):
            credits = entry.line_ids.sorted("id")[: len(items)]
            for credit, (_invoice, receivable, _amount) in zip(credits, items, strict=True):
                plan.append(receivable + credit)
        # Untaxed lines in the company currency: no cash basis entry, no exchange difference.
        self.env["account.move.line"].with_context(
            no_cash_basis=True, no_exchange_difference=True
        )._reconcile_plan(plan)

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
            name = parse(cells, column_map, "partner_name", text_value, problems)
            registry = self._check_identifier(
                parse(cells, column_map, "company_registry", identifier_value, problems), problems
            )
            row = {
                "row": row_number,
                "name": name,
                "registry": registry,
                "vat": self._check_vat(
                    parse(cells, column_map, "vat", text_value, problems), registry, problems
                ),
                "codes": parse(cells, column_map, "departements", text_value, problems),
                "fee_agreement": parse(cells, column_map, "fee_agreement", text_value, problems),
                "fees": self._check_fees(cells, column_map, problems),
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
