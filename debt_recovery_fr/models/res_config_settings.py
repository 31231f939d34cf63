# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    debt_recovery_contact_interval_days = fields.Integer(
        related="company_id.debt_recovery_contact_interval_days", readonly=False
    )
    debt_recovery_instalment_grace_days = fields.Integer(
        related="company_id.debt_recovery_instalment_grace_days", readonly=False
    )
    debt_recovery_instalment_cure_days = fields.Integer(
        related="company_id.debt_recovery_instalment_cure_days", readonly=False
    )
