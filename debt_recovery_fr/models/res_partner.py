# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta
from decimal import Decimal

import phonenumbers
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from ..legal.errors import InvalidIdentifierError, InvalidPhoneError
from ..legal.escalation import FeeAgreement
from ..legal.identifiers import is_valid_siren, normalize_siren, normalize_siret
from ..legal.phone import normalize_mobile
from ..legal.postcode import departement_from_postcode
from ..legal.procedures import ACTIVITY_SELECTION
from ..legal.solvency import solvency_score
from ..utils import legal_error_message, legal_message

_logger = logging.getLogger(__name__)

# Countries whose postcodes are French ones (the overseas départements are countries in Odoo).
FRENCH_POSTCODE_COUNTRIES = ("FR", "GP", "MQ", "GF", "RE", "YT")
# Cases whose debtor the BODACC watch follows (collective_proceeding ones are already known).
WATCHED_STATES = ("open", "paused", "escalated")
# The legal data of a partner: what the law applies to him (debtor type, collective proceeding,
# register status) and the commissaire's agreement. Only a Recovery Manager, or the system when
# it reads the public registers, sets them; the Recovery Users read them.
LEGAL_FIELDS = frozenset(
    {
        "debt_recovery_debtor_type",
        "debt_recovery_activity",
        "debt_recovery_departement_id",
        "debt_recovery_siren",
        "debt_recovery_is_commissaire",
        "debt_recovery_covered_departement_ids",
        "debt_recovery_fee_agreement",
        "debt_recovery_contact_channel",
        "debt_recovery_platform_url",
        "debt_recovery_fee_fixed",
        "debt_recovery_fee_threshold",
        "debt_recovery_fee_percent",
        "debt_recovery_admin_status",
        "debt_recovery_legal_form",
        "debt_recovery_creation_date",
        "debt_recovery_closing_date",
        "debt_recovery_register_date",
        "debt_recovery_collective_proceeding",
        "debt_recovery_collective_kind",
        "debt_recovery_collective_date",
        "debt_recovery_collective_judgment_date",
        "debt_recovery_bodacc_date",
    }
)


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
    debt_recovery_activity = fields.Selection(
        ACTIVITY_SELECTION,
        string="Professional Activity",
        help="Decides the court of a business debtor (art. L721-3 C. com., legal_fr.md §19.5): "
        "a trader or craftsman is sued before the commercial court; a liberal profession, a "
        "civil company, an association or a farmer before the judicial court (farmers and "
        "non-regulated independents before the economic activities court where one sits). "
        "Empty: a trader.",
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

    debt_recovery_legal_editable = fields.Boolean(
        string="Can Set Legal Data",
        compute="_compute_debt_recovery_legal_editable",
        help="Whether the current user may set the legal data of the partner.",
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
    debt_recovery_admin_status = fields.Selection(
        [("active", "Active"), ("ceased", "Ceased")],
        string="Administrative Status",
        readonly=True,
        copy=False,
        help="As the public register (API Recherche d'entreprises) gave it at the last check.",
    )
    debt_recovery_legal_form = fields.Char(string="Legal Form", readonly=True, copy=False)
    debt_recovery_creation_date = fields.Date(
        string="Company Creation Date", readonly=True, copy=False
    )
    debt_recovery_closing_date = fields.Date(string="Ceased On", readonly=True, copy=False)
    debt_recovery_register_date = fields.Datetime(
        string="Last Register Check", readonly=True, copy=False
    )
    debt_recovery_collective_proceeding = fields.Boolean(
        string="Collective Proceeding",
        readonly=True,
        copy=False,
        help="A judgment opening a sauvegarde, redressement or liquidation judiciaire was "
        "published in the BODACC.",
    )
    debt_recovery_collective_kind = fields.Selection(
        [
            ("sauvegarde", "Sauvegarde"),
            ("redressement", "Redressement judiciaire"),
            ("liquidation", "Liquidation judiciaire"),
        ],
        string="Proceeding",
        readonly=True,
        copy=False,
    )
    debt_recovery_collective_date = fields.Date(
        string="Published in the BODACC On", readonly=True, copy=False
    )
    debt_recovery_collective_judgment_date = fields.Date(
        string="Opening Judgment On",
        readonly=True,
        copy=False,
        help="Date of the judgment opening the collective proceeding: late penalties and "
        "interest stop on it (L622-28 C. com.).",
    )
    debt_recovery_bodacc_date = fields.Date(
        string="Last BODACC Check", readonly=True, copy=False, index=True
    )
    debt_recovery_solvency_score = fields.Integer(
        string="Solvency Score",
        compute="_compute_debt_recovery_solvency",
        groups="debt_recovery_fr.debt_recovery_group_user",
        help="0 to 100: how likely pursuing this debtor pays, from his payment history in this "
        "company and the public registers.",
    )
    debt_recovery_solvency_known = fields.Boolean(
        string="Solvency Known",
        compute="_compute_debt_recovery_solvency",
        groups="debt_recovery_fr.debt_recovery_group_user",
        help="Whether anything is known to score the debtor on: his payments in this company, "
        "or for a company its public registers.",
    )
    debt_recovery_solvency_html = fields.Html(
        string="Solvency Breakdown",
        compute="_compute_debt_recovery_solvency",
        sanitize=False,
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

    @api.depends_context("uid")
    def _compute_debt_recovery_legal_editable(self):
        editable = self._debt_recovery_may_set_legal()
        for partner in self:
            partner.debt_recovery_legal_editable = editable

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

    @api.model
    def _debt_recovery_may_set_legal(self):
        """Whether the current user may set the legal data (``LEGAL_FIELDS``) of partners."""
        return self.env.su or self.env.user.has_group(
            "debt_recovery_fr.debt_recovery_group_manager"
        )

    def _debt_recovery_legal_changes(self, vals):
        """The legal fields ``vals`` would change on these partners."""
        changed = set()
        for name in LEGAL_FIELDS & vals.keys():
            field = self._fields[name]
            for partner in self:
                value = field.convert_to_record(
                    field.convert_to_cache(vals[name], partner), partner
                )
                if value != partner[name]:
                    changed.add(name)
                    break
        return changed

    def _debt_recovery_legal_refused(self, names):
        return AccessError(
            self.env._(
                "Only a Recovery Manager sets the legal data of a partner (%(fields)s): the "
                "debtor type, collective proceedings and register data decide which recovery "
                "the law allows.",
                fields=", ".join(sorted(self._fields[name].string for name in names)),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("debt_recovery_mobile"):
                country = self.env["res.country"].browse(vals.get("country_id"))
                vals["debt_recovery_mobile"] = self._debt_recovery_normalized_mobile(
                    vals["debt_recovery_mobile"], country.code
                )
        if self._debt_recovery_may_set_legal():
            return super().create(vals_list)
        # Another user's values (or context defaults) for the legal data must be the ones the
        # partner gets anyway: what the web client sends back from the form's computations.
        defaults = {f"default_{name}": name for name in LEGAL_FIELDS}
        asked_defaults = {
            name: value for key, value in self.env.context.items() if (name := defaults.get(key))
        }
        context = {key: value for key, value in self.env.context.items() if key not in defaults}
        asked = [
            {**asked_defaults, **{key: vals[key] for key in LEGAL_FIELDS & vals.keys()}}
            for vals in vals_list
        ]
        partners = super(ResPartner, self.with_env(self.env(context=context))).create(
            [
                {key: value for key, value in vals.items() if key not in LEGAL_FIELDS}
                for vals in vals_list
            ]
        )
        for partner, wanted in zip(partners, asked, strict=True):
            if changed := partner._debt_recovery_legal_changes(wanted):
                raise self._debt_recovery_legal_refused(changed)
        return partners.with_env(self.env)

    def write(self, vals):
        if not self._debt_recovery_may_set_legal() and (
            changed := self._debt_recovery_legal_changes(vals)
        ):
            raise self._debt_recovery_legal_refused(changed)
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

    def _debt_recovery_find_commissaire(self, company=None):
        """Return the partner commissaire de justice competent for this debtor's département,
        among those shared or reserved to ``company`` (the case's; the current one if None)."""
        self.ensure_one()
        departement = self.commercial_partner_id.debt_recovery_departement_id
        if not departement:
            return self.browse()
        company = company or self.env.company
        return self.search(
            [
                ("debt_recovery_is_commissaire", "=", True),
                ("debt_recovery_covered_departement_ids", "in", departement.ids),
                ("company_id", "in", [False, company.id]),
            ],
            order="id",
            limit=1,
        )

    # ------------------------------------------------------------------------------------------
    # Solvency score
    # ------------------------------------------------------------------------------------------
    def _compute_debt_recovery_solvency(self):
        scores = self._debt_recovery_solvency_scores()
        for partner in self:
            result = scores[partner.commercial_partner_id.id]
            partner.debt_recovery_solvency_score = result.score or 0
            partner.debt_recovery_solvency_known = not result.insufficient
            partner.debt_recovery_solvency_html = self._debt_recovery_solvency_table(result)

    def _debt_recovery_solvency_scores(self):
        """``{commercial partner id: SolvencyScore}``, from grouped queries only."""
        commercials = self.commercial_partner_id.filtered("id")
        today = fields.Date.context_today(self)
        year_ago = today - timedelta(days=365)
        companies = self.env.companies
        history = self._debt_recovery_payment_history(commercials, companies, year_ago)
        Move = self.env["account.move"]
        sales = dict(
            Move._read_group(
                [
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                    ("commercial_partner_id", "in", commercials.ids),
                    ("company_id", "in", companies.ids),
                    ("invoice_date", ">=", year_ago),
                ],
                ["commercial_partner_id"],
                ["amount_total_signed:sum"],
            )
        )
        overdue = dict(
            Move._read_group(
                self.env["debt.recovery.case"]._debt_recovery_overdue_domain(today)
                & Domain("commercial_partner_id", "in", commercials.ids)
                & Domain("company_id", "in", companies.ids),
                ["commercial_partner_id"],
                ["amount_residual_signed:sum"],
            )
        )
        scores = {}
        for partner in commercials:
            average_days, late_share = history.get(partner.id, (None, None))
            creation = partner.debt_recovery_creation_date
            # What the public registers (or a manager) said of the company, if anything.
            registers_read = bool(
                partner.debt_recovery_register_date
                or partner.debt_recovery_bodacc_date
                or partner.debt_recovery_admin_status
                or partner.debt_recovery_collective_kind
                or creation
            )
            scores[partner.id] = solvency_score(
                average_days_late=average_days,
                late_share=late_share,
                overdue=overdue.get(partner, 0.0),
                yearly_sales=sales.get(partner, 0.0),
                status=partner.debt_recovery_admin_status or None,
                collective=partner.debt_recovery_collective_kind or None,
                age_years=(today - creation).days / 365.25 if creation else None,
                consumer=partner.debt_recovery_debtor_type == "b2c",
                registers_read=registers_read,
            )
        scores[False] = solvency_score(registers_read=False)
        return scores

    @api.model
    def _debt_recovery_payment_history(self, partners, companies, since):
        """``{partner id: (average days late, share paid late)}`` of the customer invoices
        fully paid since ``since``, the payment date being the last reconciliation's."""
        if not partners:
            return {}
        for model in ("account.move", "account.move.line", "account.partial.reconcile"):
            self.env[model].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT move.commercial_partner_id,
                       AVG(GREATEST(paid.last_date - move.invoice_date_due, 0)),
                       AVG(CASE WHEN paid.last_date > move.invoice_date_due THEN 1 ELSE 0 END)
                  FROM account_move AS move
                  JOIN LATERAL (
                        SELECT MAX(part.max_date) AS last_date
                          FROM account_move_line AS line
                          JOIN account_partial_reconcile AS part
                            ON part.debit_move_id = line.id
                         WHERE line.move_id = move.id
                           AND line.display_type = 'payment_term'
                  ) AS paid ON paid.last_date IS NOT NULL
                 WHERE move.move_type = 'out_invoice'
                   AND move.state = 'posted'
                   AND move.payment_state IN ('paid', 'in_payment')
                   AND move.commercial_partner_id = ANY(%s)
                   AND move.company_id = ANY(%s)
                   AND paid.last_date >= %s
                 GROUP BY move.commercial_partner_id
                """,
                partners.ids,
                companies.ids,
                since,
            )
        )
        return {
            partner_id: (float(days), float(share))
            for partner_id, days, share in self.env.cr.fetchall()
        }

    def _debt_recovery_solvency_table(self, result):
        if result.insufficient:
            return Markup("<p class='text-muted'>%s</p>") % self.env._(
                "Insufficient data: no invoice paid in the last year and, for a company, no "
                "public register read. A consumer is scored on his payments only."
            )
        rows = Markup().join(
            Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>")
            % (
                legal_message(self.env, line.label, {}),
                f"{line.points} / {line.weight}" if line.weight else str(line.points),
            )
            for line in result.lines
        )
        total = Markup("<tr class='fw-bold'><td>%s</td><td class='text-end'>%s / 100</td></tr>") % (
            self.env._("Solvency score"),
            result.score,
        )
        return Markup("<table class='table table-sm'>%s%s</table>") % (rows, total)

    # The partner commissaire de justice: how to reach him and what he charges.
    debt_recovery_contact_channel = fields.Selection(
        [("email", "E-mail"), ("platform", "Online Platform"), ("post", "Post")],
        string="Contact Channel",
        default="email",
        help="How recovery files are sent to this commissaire de justice: by e-mail (archive "
        "attached), on his online platform, or by post.",
    )
    debt_recovery_platform_url = fields.Char(
        string="Platform", help="The address of the commissaire's online platform."
    )
    debt_recovery_fee_fixed = fields.Float(
        string="Fixed Fee per File (excl. VAT)",
        digits="Account",
        help="Fee due on every file, whatever is recovered, before VAT (commissaires' fees are "
        "agreed before VAT, added on the whole fee).",
    )
    debt_recovery_fee_threshold = fields.Float(
        string="Percentage from",
        digits="Account",
        help="Sums recovered from which the percentage is added to the fixed fee.",
    )
    debt_recovery_fee_percent = fields.Float(
        string="Percentage of Sums Recovered (excl. VAT)",
        digits=(5, 2),
        aggregator=False,
        help="Percentage of the sums recovered, before VAT, added from the threshold on.",
    )

    @api.constrains(
        "debt_recovery_fee_fixed", "debt_recovery_fee_threshold", "debt_recovery_fee_percent"
    )
    def _check_debt_recovery_fee(self):
        for partner in self:
            if (
                min(partner.debt_recovery_fee_fixed, partner.debt_recovery_fee_threshold) < 0
                or not 0 <= partner.debt_recovery_fee_percent <= 100
            ):
                raise ValidationError(
                    self.env._(
                        "The fees of %(partner)s must be positive amounts and a percentage "
                        "between 0 and 100.",
                        partner=partner.display_name,
                    )
                )

    def _debt_recovery_fee_agreement(self):
        """The fee agreement as ``legal/escalation.py`` computes it."""
        self.ensure_one()
        return FeeAgreement(
            Decimal(str(round(self.debt_recovery_fee_fixed, 2))),
            Decimal(str(round(self.debt_recovery_fee_threshold, 2))),
            Decimal(str(self.debt_recovery_fee_percent)),
        )

    def _debt_recovery_competent_commissaire(self, company=None):
        """The commissaire of this debtor's département, else a UserError that says why."""
        self.ensure_one()
        commissaire = self._debt_recovery_find_commissaire(company)
        if not commissaire:
            debtor = self.commercial_partner_id
            raise UserError(
                self.env._(
                    "No partner commissaire de justice covers the département of %(debtor)s "
                    "(%(departement)s): add one under Configuration or choose one on the case.",
                    debtor=debtor.name,
                    departement=debtor.debt_recovery_departement_id.display_name
                    or self.env._("unknown postcode"),
                )
            )
        return commissaire


def _judgment_date(notice):
    """The date of the judgment a BODACC notice publishes (its publication date if unreadable)."""
    try:
        return fields.Date.to_date(notice.judgment_date[:10]) or notice.publication_date
    except ValueError:
        return notice.publication_date
