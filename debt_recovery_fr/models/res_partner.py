# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..legal.postcode import departement_from_postcode

# Countries whose postcodes are French ones (the overseas départements are countries in Odoo).
FRENCH_POSTCODE_COUNTRIES = ("FR", "GP", "MQ", "GF", "RE", "YT")


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
