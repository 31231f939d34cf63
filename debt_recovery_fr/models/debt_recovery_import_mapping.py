# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

IMPORT_KINDS = [
    ("receivable", "Legacy Receivables"),
    ("commissaire", "Commissaires de Justice"),
]


class DebtRecoveryImportMapping(models.Model):
    """The columns of a company's spreadsheets, remembered from one import to the next."""

    _name = "debt.recovery.import.mapping"
    _description = "Spreadsheet Import Column Mapping"
    _rec_name = "import_kind"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    import_kind = fields.Selection(IMPORT_KINDS, required=True)
    column_map = fields.Json(
        string="Columns",
        help="The field each column header was mapped to: {header: field}.",
    )

    _company_kind_uniq = models.Constraint(
        "UNIQUE(company_id, import_kind)",
        "A company remembers one column mapping per kind of import.",
    )

    @api.model
    def _get_map(self, company, kind):
        """The remembered ``{normalized header: field}`` of ``company`` for ``kind``."""
        mapping = self.search(
            [("company_id", "=", company.id), ("import_kind", "=", kind)], limit=1
        )
        return dict(mapping.column_map or {})

    @api.model
    def _remember(self, company, kind, column_map):
        """Store ``column_map`` as the mapping of ``company`` for ``kind`` (merged, newest wins)."""
        mapping = self.search(
            [("company_id", "=", company.id), ("import_kind", "=", kind)], limit=1
        )
        if mapping:
            mapping.column_map = {**(mapping.column_map or {}), **column_map}
        else:
            self.create({"company_id": company.id, "import_kind": kind, "column_map": column_map})
