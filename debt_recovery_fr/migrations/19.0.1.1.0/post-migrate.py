# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""From a version before 19.0.1.1.0: the mail templates of the module reloaded unless a user
changed them (their sender and signature, issue 18), the commissaires' fixed fee before VAT
(issue 19)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.debt_recovery_fr.data_refresh import fixed_fees_before_vat, refresh_mail_templates


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    refresh_mail_templates(env)
    fixed_fees_before_vat(env)
