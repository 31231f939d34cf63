# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..services import ar24, maileva
from ..services.common import ServiceError
from ..services.registered_mail import InvalidLetterError, Letter
from ..utils import legal_error_message

_logger = logging.getLogger(__name__)

PROVIDERS = [
    ("none", "None: printed and posted by hand"),
    ("maileva", "Maileva (paper registered letter)"),
    ("ar24", "AR24 (electronic registered letter, eIDAS)"),
]
# The credentials of each provider: system parameters per company (never in the code nor in
# a table the users read), ``debt_recovery_fr.<key>.<company id>``.
CREDENTIALS = {
    "maileva": ("maileva_client_id", "maileva_client_secret", "maileva_login", "maileva_password"),
    "ar24": ("ar24_token", "ar24_private_key", "ar24_user_id"),
}
# Entered when the provider needs them for some letters: the OTP secret of the AR24 sender,
# whose one-time password an eIDAS letter carries.
OPTIONAL_CREDENTIALS = {"ar24": ("ar24_otp_secret", "ar24_user_email")}
EVENT_KINDS = [
    ("sent", "Sent to the Provider"),
    ("lre_refused", "Electronic Letter Refused"),
    ("deposit", "Deposit Proof"),
    ("acknowledgment", "Acknowledgment of Receipt"),
    ("undelivered", "Returned Undelivered"),
    ("refusal", "Refused by the Debtor"),
    ("negligence", "Not Accepted in Time"),
    ("failed", "Rejected by the Provider"),
]


def credential_key(name, company):
    return f"debt_recovery_fr.{name}.{company.id}"


class DebtRecoveryRegisteredMail(models.AbstractModel):
    """The registered-mail channel: which provider posts a company's registered letters, and
    the client that speaks to it. Provider-neutral: the steps call ``_debt_recovery_client``
    and use what ``services/registered_mail.py`` defines; each provider is a client of
    ``services/``."""

    _name = "debt.recovery.registered.mail"
    _description = "Debt Recovery Registered Mail Channel"

    @api.model
    def _debt_recovery_credentials(self, provider, company):
        """``{name: value}`` of the provider's credentials in ``company``, or ``{}`` when one
        is missing (the provider is then not configured)."""
        # sudo: the credentials are system parameters, read for the module's own calls only.
        get = self.env["ir.config_parameter"].sudo().get_param
        values = {name: get(credential_key(name, company)) for name in CREDENTIALS[provider]}
        return values if all(values.values()) else {}

    @api.model
    def _debt_recovery_configured(self, provider, company):
        return provider in CREDENTIALS and bool(self._debt_recovery_credentials(provider, company))

    @api.model
    def _debt_recovery_client(self, provider, company, patient=False):
        """The client of ``provider`` for ``company``; ``UserError`` when not configured."""
        credentials = self._debt_recovery_credentials(provider, company)
        if not credentials:
            raise UserError(
                self.env._(
                    "%(provider)s is not configured for %(company)s: enter its account in the "
                    "Settings.",
                    provider=dict(PROVIDERS)[provider],
                    company=company.name,
                )
            )
        # Technical settings of the module (URLs, timeouts), readable whatever the user's rights.
        get = self.env["ir.config_parameter"].sudo().get_param
        mode = "sandbox" if company.debt_recovery_registered_sandbox else "production"
        options = self._debt_recovery_client_options(patient)
        if provider == "maileva":
            return maileva.MailevaClient(
                get("debt_recovery_fr.maileva_url") or maileva.API_URLS[mode],
                get("debt_recovery_fr.maileva_auth_url") or maileva.AUTH_URLS[mode],
                credentials["maileva_client_id"],
                credentials["maileva_client_secret"],
                credentials["maileva_login"],
                credentials["maileva_password"],
                **options,
            )
        return ar24.Ar24Client(
            get("debt_recovery_fr.ar24_url") or ar24.API_URLS[mode],
            credentials["ar24_token"],
            credentials["ar24_private_key"],
            credentials["ar24_user_id"],
            otp_secret=get(credential_key("ar24_otp_secret", company)) or "",
            **options,
        )

    @api.model
    def _debt_recovery_client_options(self, patient=False):
        # Technical settings of the module (timeouts), readable whatever the user's rights.
        get = self.env["ir.config_parameter"].sudo().get_param
        return {
            "timeout": float(get("debt_recovery_fr.registered_mail_timeout") or 60),
            "retries": int(get("debt_recovery_fr.http_retries") or 2),
            "backoff": float(get("debt_recovery_fr.http_backoff") or 1),
            "max_wait": 60.0 if patient else 5.0,
        }

    @api.model
    def _debt_recovery_ar24_account(self, company):
        """Read the AR24 account of the sender's e-mail entered for ``company`` (``GET
        /user/``) and keep its id as the sender's account id; the account (``{"id", "name",
        ...}``), or a ``UserError`` saying what to correct."""
        # sudo: the credentials are system parameters, read for the module's own call only.
        params = self.env["ir.config_parameter"].sudo()
        token, private_key, email = (
            params.get_param(credential_key(name, company))
            for name in ("ar24_token", "ar24_private_key", "ar24_user_email")
        )
        if not (token and private_key and email):
            raise UserError(
                self.env._(
                    "Enter the AR24 token, the private key and the e-mail of the sender's AR24 "
                    "account first."
                )
            )
        mode = "sandbox" if company.debt_recovery_registered_sandbox else "production"
        client = ar24.Ar24Client(
            params.get_param("debt_recovery_fr.ar24_url") or ar24.API_URLS[mode],
            token,
            private_key,
            "",
            **self._debt_recovery_client_options(),
        )
        try:
            user = client.user(email)
        except ServiceError as error:
            slug = error.params.get("slug")
            if slug in ("token_invalid", "token_missing"):
                message = self.env._(
                    "AR24 refused the token (%(slug)s): check the token and the private key.",
                    slug=slug,
                )
            elif slug == "user_not_exist":
                message = self.env._(
                    "AR24 has no account with the e-mail %(email)s: enter the e-mail of the "
                    "sender's AR24 account.",
                    email=email,
                )
            elif slug == "user_unavailable":
                message = self.env._(
                    "The AR24 account %(email)s has not given your API access: its owner must "
                    "accept it in AR24.",
                    email=email,
                )
            else:
                message = self._debt_recovery_error_message(error)
            raise UserError(message) from None
        params.set_param(credential_key("ar24_user_id", company), str(user["id"]))
        return user

    @api.model
    def _debt_recovery_letter(self, action):
        """The ``Letter`` of a registered step: its rendered PDF, the debtor, the creditor."""
        case = action.case_id
        partner = case.partner_id
        company = case.company_id
        sender = [
            company.name,
            "",
            company.street2 or "",
            company.street or "",
            "",
            f"{company.zip or ''} {company.city or ''}".strip(),
        ]
        firstname, _space, lastname = (partner.name or "").partition(" ")
        return Letter(
            pdf=action.attachment_id.raw,
            file_name=action.attachment_id.name,
            reference=f"{case.name}-{action.id}",
            name=f"{action.level_id.name} {case.name}",
            recipient_company=partner.name if partner.is_company else "",
            recipient_name="" if partner.is_company else partner.name,
            recipient_street=partner.street or "",
            recipient_street2=partner.street2 or "",
            recipient_zip=partner.zip or "",
            recipient_city=partner.city or "",
            recipient_country=partner.country_id.code or "FR",
            recipient_email=partner.email or "",
            recipient_firstname="" if partner.is_company else firstname,
            recipient_lastname=(partner.name if partner.is_company else lastname) or "",
            recipient_is_professional=partner.debt_recovery_debtor_type == "b2b",
            sender_lines=tuple(line[:38] for line in sender),
            sender_country=company.country_id.code or "FR",
        )

    @api.model
    def _debt_recovery_error_message(self, error):
        """The translated message of a provider's or a letter's error."""
        if isinstance(error, ServiceError | InvalidLetterError):
            return legal_error_message(self.env, error)
        return str(error)


class DebtRecoveryRegisteredMailEvent(models.Model):
    """One thing a provider said about a registered letter, with the proof it gave: part of
    the proof file, never changed nor deleted (a correction is a new event)."""

    _name = "debt.recovery.registered.mail.event"
    _description = "Debt Recovery Registered Mail Event"
    _order = "action_id, id"
    _check_company_auto = True

    action_id = fields.Many2one(
        "debt.recovery.action",
        string="Step",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    case_id = fields.Many2one(related="action_id.case_id", store=True, index=True)
    company_id = fields.Many2one(related="action_id.company_id", store=True, index=True)
    provider = fields.Selection(PROVIDERS, required=True)
    kind = fields.Selection(EVENT_KINDS, required=True)
    date = fields.Datetime(string="Recorded On", default=fields.Datetime.now, required=True)
    event_date = fields.Date(help="The date the provider gives to the event.")
    provider_ref = fields.Char(string="Provider Reference")
    registered_number = fields.Char()
    code = fields.Char(help="The provider's code of the event (the reason of a return).")
    note = fields.Text()
    attachment_id = fields.Many2one("ir.attachment", string="Proof", index="btree_not_null")

    @api.model_create_multi
    def create(self, vals_list):
        # What a provider said, recorded by the module's code only: a user who could create one
        # would fake an acknowledgment of receipt.
        if not self.env["debt.recovery.action"]._debt_recovery_is_internal():
            raise AccessError(
                self.env._(
                    "The events of a registered letter are recorded from what its provider "
                    "says, never entered by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        # Never written: an event is part of the proof file (append-only).
        raise UserError(
            self.env._(
                "An event of a registered letter is part of the proof file: it is never "
                "changed. The next event of the provider is recorded as a new one."
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_proof_file(self):
        raise UserError(
            self.env._("An event of a registered letter is part of the proof file: never deleted.")
        )
