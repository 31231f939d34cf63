# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..legal.escalation import FeeAgreement


# Apart from res_partner.py so that the commissaire side of the partner evolves on its own.
class ResPartner(models.Model):
    """A partner commissaire de justice: how to reach him and what he charges."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

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
        string="Fixed Fee per File (incl. VAT)",
        digits="Account",
        help="Fee due on every file, whatever is recovered (VAT included).",
    )
    debt_recovery_fee_threshold = fields.Float(
        string="Percentage from",
        digits="Account",
        help="Sums recovered from which the percentage is added to the fixed fee.",
    )
    debt_recovery_fee_percent = fields.Float(
        string="Percentage of Sums Recovered (excl. VAT)",
        digits=(5, 2),
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

    def _debt_recovery_competent_commissaire(self):
        """The commissaire of this debtor's département, else a UserError that says why."""
        self.ensure_one()
        commissaire = self._debt_recovery_find_commissaire()
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
