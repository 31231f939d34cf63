# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class DebtRecoveryDepartement(models.Model):
    """A French département, the unit by which commissaires de justice are chosen."""

    _name = "debt.recovery.departement"
    _description = "French Département"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True)
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "A département code must be unique.")

    def _compute_display_name(self):
        for departement in self:
            departement.display_name = f"{departement.code} - {departement.name}"
