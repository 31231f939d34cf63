# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .debt_recovery_registered_mail import CREDENTIALS, OPTIONAL_CREDENTIALS, credential_key


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
    debt_recovery_registered_provider = fields.Selection(
        related="company_id.debt_recovery_registered_provider", readonly=False
    )
    debt_recovery_registered_sandbox = fields.Boolean(
        related="company_id.debt_recovery_registered_sandbox", readonly=False
    )
    # The providers' credentials: system parameters of the company (see get_values).
    maileva_client_id = fields.Char(string="Maileva Client Id")
    maileva_client_secret = fields.Char()
    maileva_login = fields.Char()
    maileva_password = fields.Char()
    ar24_token = fields.Char(string="AR24 Token")
    ar24_private_key = fields.Char(string="AR24 Private Key")
    ar24_user_id = fields.Char(string="AR24 Sender Account Id")
    ar24_user_email = fields.Char(
        string="AR24 Sender E-mail",
        help="The e-mail of the sender's AR24 account: Check the Connection reads its id.",
    )
    ar24_otp_secret = fields.Char(
        string="AR24 Sender OTP Secret",
        help="The secret of the one-time passwords of the AR24 sender account: an eIDAS letter "
        "carries one.",
    )

    def get_values(self):
        values = super().get_values()
        # sudo: system parameters; the settings are only opened by administrators.
        get = self.env["ir.config_parameter"].sudo().get_param
        for names in (*CREDENTIALS.values(), *OPTIONAL_CREDENTIALS.values()):
            for name in names:
                values[name] = get(credential_key(name, self.env.company)) or False
        return values

    def set_values(self):
        super().set_values()
        if not self.env.is_admin():
            return
        # sudo: as above; each company keeps its own account.
        set_param = self.env["ir.config_parameter"].sudo().set_param
        for names in (*CREDENTIALS.values(), *OPTIONAL_CREDENTIALS.values()):
            for name in names:
                set_param(credential_key(name, self.company_id), self[name] or False)

    def action_debt_recovery_ar24_check(self):
        """Check the AR24 account entered: read the sender's account by its e-mail and fill
        its id."""
        self.ensure_one()
        # What was just typed counts: store the settings first.
        self.set_values()
        user = self.env["debt.recovery.registered.mail"]._debt_recovery_ar24_account(
            self.company_id
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Connected to AR24: the sender's account is %(name)s (id %(id)s).",
                    name=user.get("name") or user.get("email") or "-",
                    id=user["id"],
                ),
                "next": {"type": "ir.actions.client", "tag": "reload"},
            },
        }

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
