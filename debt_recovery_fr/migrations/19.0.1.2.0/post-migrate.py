# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""From a version before 19.0.1.2.0: the invoices' copies of their case's level and state are
no longer stored (issue 21); their columns are dropped."""

from odoo import SUPERUSER_ID, api

from odoo.addons.debt_recovery_fr.data_refresh import drop_obsolete_invoice_columns


def migrate(cr, version):
    if not version:
        return
    drop_obsolete_invoice_columns(api.Environment(cr, SUPERUSER_ID, {}))
