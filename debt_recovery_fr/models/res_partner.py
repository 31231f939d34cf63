# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import phonenumbers

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..legal.errors import InvalidIdentifierError, InvalidPhoneError
from ..legal.identifiers import is_valid_siren, normalize_siren, normalize_siret
from ..legal.phone import normalize_mobile
from ..legal.postcode import departement_from_postcode
from ..utils import legal_error_message

# Countries whose postcodes are French ones (the overseas départements are countries in Odoo).
FRENCH_POSTCODE_COUNTRIES = ("FR", "GP", "MQ", "GF", "RE", "YT")


def _phone_region(country_code):
    """The default region to parse a national phone number of a partner of this country."""
    return country_code if country_code in phonenumbers.SUPPORTED_REGIONS else "FR"


def _siren_of(company_registry):
    """The SIREN of a SIRET or SIREN number, else ``InvalidIdentifierError``."""
    if is_valid_siren(company_registry):
        return normalize_siren(company_registry)
    return normalize_siret(company_registry)[:9]


class ResPartner(models.Model):
    _inherit = "res.partner"

    debt_recovery_debtor_type = fields.Selection(
        [("b2b", "Business (B2B)"), ("b2c", "Consumer (B2C)")],
        string="Debtor Type",
        compute="_compute_debt_recovery_debtor_type",
        store=True,
        readonly=False,
        help="Business debtors owe late-payment penalties and the 40 € indemnity; consumers "
        "owe legal interest from the formal notice only. Derived from the partner, "
        "can be overridden.",
    )
    debt_recovery_departement_id = fields.Many2one(
        "debt.recovery.departement",
        string="Département",
        compute="_compute_debt_recovery_departement_id",
        store=True,
        help="French département of the address, from its postcode.",
    )
    debt_recovery_is_commissaire = fields.Boolean(
        string="Commissaire de Justice",
        help="A partner commissaire de justice to whom recovery files can be escalated.",
    )
    debt_recovery_covered_departement_ids = fields.Many2many(
        "debt.recovery.departement",
        "debt_recovery_commissaire_departement_rel",
        "partner_id",
        "departement_id",
        string="Covered Départements",
        help="The départements where this commissaire de justice takes files.",
    )
    debt_recovery_fee_agreement = fields.Text(
        string="Fee Agreement",
        help="The fees agreed with this commissaire de justice (convention d'honoraires).",
    )

    debt_recovery_siren = fields.Char(
        string="SIREN",
        compute="_compute_debt_recovery_siren",
        store=True,
        help="The SIREN of a French company, from its SIRET (Company ID).",
    )
    debt_recovery_mobile = fields.Char(
        string="Mobile (SMS)",
        compute="_compute_debt_recovery_mobile",
        store=True,
        readonly=False,
        help="The mobile number to send SMS to, in international form. Taken from the phone "
        "when it is a mobile; another mobile number can be typed.",
    )

    debt_recovery_case_count = fields.Integer(
        string="Recovery Cases",
        compute="_compute_debt_recovery_case_count",
        groups="debt_recovery_fr.debt_recovery_group_user",
    )

    @api.depends(
        "commercial_partner_id.is_company",
        "commercial_partner_id.company_registry",
        "commercial_partner_id.vat",
    )
    def _compute_debt_recovery_debtor_type(self):
        for partner in self:
            commercial = partner.commercial_partner_id
            is_business = commercial.is_company or commercial.company_registry or commercial.vat
            partner.debt_recovery_debtor_type = "b2b" if is_business else "b2c"

    @api.depends("zip", "country_id.code")
    def _compute_debt_recovery_departement_id(self):
        codes = {
            partner: departement_from_postcode(partner.zip)
            for partner in self
            if partner.country_id.code in FRENCH_POSTCODE_COUNTRIES and partner.zip
        }
        departements = self.env["debt.recovery.departement"].search(
            [("code", "in", [code for code in codes.values() if code])]
        )
        by_code = {departement.code: departement for departement in departements}
        for partner in self:
            partner.debt_recovery_departement_id = by_code.get(codes.get(partner))

    @api.depends("company_registry", "country_id.code")
    def _compute_debt_recovery_siren(self):
        for partner in self:
            siren = False
            if partner.country_id.code in FRENCH_POSTCODE_COUNTRIES and partner.company_registry:
                try:
                    siren = _siren_of(partner.company_registry)
                except InvalidIdentifierError:
                    siren = False
            partner.debt_recovery_siren = siren

    @api.constrains("company_registry", "country_id")
    def _check_debt_recovery_company_registry(self):
        for partner in self:
            if partner.country_id.code not in FRENCH_POSTCODE_COUNTRIES:
                continue
            if not partner.company_registry:
                continue
            try:
                _siren_of(partner.company_registry)
            except InvalidIdentifierError as error:
                raise ValidationError(
                    self.env._(
                        "The Company ID of %(partner)s must be a SIRET (14 digits) or a SIREN "
                        "(9 digits): %(reason)s",
                        partner=partner.display_name,
                        reason=legal_error_message(self.env, error),
                    )
                ) from error

    def _debt_recovery_phone_region(self):
        self.ensure_one()
        return _phone_region(self.country_id.code)

    @api.depends("phone", "country_id.code")
    def _compute_debt_recovery_mobile(self):
        for partner in self:
            mobile = False
            if partner.phone:
                try:
                    mobile = normalize_mobile(partner.phone, partner._debt_recovery_phone_region())
                except InvalidPhoneError:
                    mobile = False
            partner.debt_recovery_mobile = mobile

    @api.constrains("debt_recovery_mobile")
    def _check_debt_recovery_mobile(self):
        for partner in self:
            if not partner.debt_recovery_mobile:
                continue
            try:
                normalize_mobile(
                    partner.debt_recovery_mobile, partner._debt_recovery_phone_region()
                )
            except InvalidPhoneError as error:
                raise ValidationError(
                    self.env._(
                        "The mobile number of %(partner)s cannot receive SMS: %(reason)s",
                        partner=partner.display_name,
                        reason=legal_error_message(self.env, error),
                    )
                ) from error

    @api.onchange("debt_recovery_mobile")
    def _onchange_debt_recovery_mobile(self):
        for partner in self:
            partner.debt_recovery_mobile = self._debt_recovery_normalized_mobile(
                partner.debt_recovery_mobile, partner.country_id.code
            )

    @api.model
    def _debt_recovery_normalized_mobile(self, raw, country_code):
        """``raw`` in E.164 form when it is a mobile; else unchanged (the constraint refuses it)."""
        if not raw:
            return raw
        try:
            return normalize_mobile(raw, _phone_region(country_code))
        except InvalidPhoneError:
            return raw

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("debt_recovery_mobile"):
                country = self.env["res.country"].browse(vals.get("country_id"))
                vals["debt_recovery_mobile"] = self._debt_recovery_normalized_mobile(
                    vals["debt_recovery_mobile"], country.code
                )
        return super().create(vals_list)

    def write(self, vals):
        if not vals.get("debt_recovery_mobile"):
            return super().write(vals)
        if "country_id" in vals:
            countries = {self.env["res.country"].browse(vals["country_id"]).code: self}
        else:
            countries = self.grouped(lambda partner: partner.country_id.code)
        result = True
        for country_code, partners in countries.items():
            mobile = self._debt_recovery_normalized_mobile(
                vals["debt_recovery_mobile"], country_code
            )
            result = super(ResPartner, partners).write({**vals, "debt_recovery_mobile": mobile})
        return result

    def _compute_debt_recovery_case_count(self):
        counts = dict(
            self.env["debt.recovery.case"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.debt_recovery_case_count = counts.get(partner.commercial_partner_id, 0)

    def action_debt_recovery_open_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_recovery_fr.debt_recovery_case_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def _debt_recovery_find_commissaire(self):
        """Return the partner commissaire de justice competent for this debtor's département."""
        self.ensure_one()
        departement = self.commercial_partner_id.debt_recovery_departement_id
        if not departement:
            return self.browse()
        return self.search(
            [
                ("debt_recovery_is_commissaire", "=", True),
                ("debt_recovery_covered_departement_ids", "in", departement.ids),
                ("company_id", "in", [False, *self.env.companies.ids]),
            ],
            order="id",
            limit=1,
        )
