# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import csv
import io
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, fields, models
from odoo.exceptions import UserError

from ..models.debt_recovery_import_mapping import IMPORT_KINDS
from ..spreadsheet import (
    SpreadsheetError,
    neutralize_formula,
    normalize_header,
    read_sheet,
    text_value,
)
from ..utils import legal_error_message
from .debt_recovery_import_column import HEADER_SYNONYMS, KIND_TARGETS

PREVIEW_ROWS = 5
# Rows listed in the wizard itself; the downloadable report lists them all.
SHOWN_ERRORS = 20


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
        try:
            # All or nothing: a refusal of the ORM while writing (a posting check, a
            # constraint) rolls back whatever this import wrote before it.
            with self.env.cr.savepoint():
                write(prepared)
        except UserError as error:  # ValidationError and AccessError included
            self._write_refusal(error)
            return self._reopen()
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
            # The reasons quote the cells: none may run as a formula where the report opens.
            writer.writerow([row_number, neutralize_formula(reason)])
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

    def _write_refusal(self, error):
        """Odoo refused the import while writing it: nothing was written, say why."""
        self.write(
            {
                "state": "error",
                "error_count": 0,
                "error_report_id": False,
                "error_summary": self.env._(
                    "Nothing was imported: %(reason)s", reason=error.args[0] if error.args else ""
                ),
            }
        )
