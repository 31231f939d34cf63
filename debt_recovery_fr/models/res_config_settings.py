# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    debt_recovery_enabled = fields.Boolean(
        related="company_id.debt_recovery_enabled", readonly=False
    )
    debt_recovery_contact_interval_days = fields.Integer(
        related="company_id.debt_recovery_contact_interval_days", readonly=False
    )
    debt_recovery_legal_form = fields.Char(
        related="company_id.debt_recovery_legal_form", readonly=False
    )
    debt_recovery_share_capital = fields.Monetary(
        related="company_id.debt_recovery_share_capital", readonly=False
    )
    debt_recovery_rcs_city = fields.Char(
        related="company_id.debt_recovery_rcs_city", readonly=False
    )
    debt_recovery_signatory_name = fields.Char(
        related="company_id.debt_recovery_signatory_name", readonly=False
    )
    debt_recovery_signatory_function = fields.Char(
        related="company_id.debt_recovery_signatory_function", readonly=False
    )
    debt_recovery_officer_id = fields.Many2one(
        related="company_id.debt_recovery_officer_id", readonly=False
    )
    debt_recovery_email = fields.Char(related="company_id.debt_recovery_email", readonly=False)
    debt_recovery_mediator_name = fields.Char(
        related="company_id.debt_recovery_mediator_name", readonly=False
    )
    debt_recovery_mediator_address = fields.Char(
        related="company_id.debt_recovery_mediator_address", readonly=False
    )
    debt_recovery_mediator_website = fields.Char(
        related="company_id.debt_recovery_mediator_website", readonly=False
    )
    debt_recovery_formal_notice_days = fields.Integer(
        related="company_id.debt_recovery_formal_notice_days", readonly=False
    )
    debt_recovery_register_lookup = fields.Boolean(
        related="company_id.debt_recovery_register_lookup", readonly=False
    )
    debt_recovery_bodacc_watch = fields.Boolean(
        related="company_id.debt_recovery_bodacc_watch", readonly=False
    )
    debt_recovery_ecb_rates = fields.Boolean(
        string="ECB Rate Update", config_parameter="debt_recovery_fr.ecb_rates"
    )

    def action_debt_recovery_update_from_ecb(self):
        # The switch just ticked counts: store the settings before fetching.
        self.set_values()
        return self.env["debt.recovery.rate"].action_debt_recovery_update_from_ecb()

    debt_recovery_instalment_grace_days = fields.Integer(
        related="company_id.debt_recovery_instalment_grace_days", readonly=False
    )
    debt_recovery_instalment_cure_days = fields.Integer(
        related="company_id.debt_recovery_instalment_cure_days", readonly=False
    )
