# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..legal.registered_mail import lre_refusal


class DebtRecoveryLreConsent(models.Model):
    """A consumer's consent to receive electronic registered letters from the company
    (art. L100 CPCE): when and how he gave it, the evidence; withdrawn by a date, never
    deleted nor changed otherwise."""

    _name = "debt.recovery.lre.consent"
    _description = "Consent to Electronic Registered Letters"
    _order = "partner_id, date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Debtor",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(string="Given On", required=True, default=fields.Date.context_today)
    method = fields.Selection(
        [
            ("signed_form", "Signed Form"),
            ("contract", "Clause of a Signed Contract"),
            ("email", "E-mail from the Debtor"),
            ("portal", "Online, on the Portal"),
            ("other", "Other"),
        ],
        string="How It Was Given",
        required=True,
    )
    email = fields.Char(string="E-mail Consented For", required=True)
    evidence = fields.Text(help="What shows the consent: where the signed form is, the e-mail...")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "debt_recovery_lre_consent_attachment_rel",
        "consent_id",
        "attachment_id",
        string="Evidence Documents",
    )
    withdrawn_date = fields.Date(string="Withdrawn On")
    user_id = fields.Many2one(
        "res.users", string="Recorded By", default=lambda self: self.env.user, readonly=True
    )

    @api.constrains("date", "withdrawn_date")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for consent in self:
            if consent.date > today or (
                consent.withdrawn_date and not consent.date <= consent.withdrawn_date <= today
            ):
                raise ValidationError(
                    self.env._(
                        "A consent is recorded when it was given, on or before today, and "
                        "withdrawn between then and today."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # Recorded by who enters it, whatever the client sends.
        for vals in vals_list:
            vals["user_id"] = self.env.user.id
        return super().create(vals_list)

    def write(self, vals):
        # Evidence is only added: a document once given is never taken off the consent.
        for command in vals.get("attachment_ids") or ():
            if not (
                isinstance(command, (list, tuple)) and command[0] in (Command.CREATE, Command.LINK)
            ):
                raise UserError(
                    self.env._(
                        "A consent's evidence documents are part of the proof file: they are "
                        "added, never removed nor replaced."
                    )
                )
        for consent in self:
            if set(vals) - {"withdrawn_date", "attachment_ids"} or (
                "withdrawn_date" in vals and consent.withdrawn_date
            ):
                raise UserError(
                    self.env._(
                        "A consent is part of the proof file: only its withdrawal is entered, "
                        "once, and documents added. Record a new consent instead."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_proof(self):
        raise UserError(self.env._("A consent is never deleted: enter its withdrawal."))


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    debt_recovery_lre_consent_ids = fields.One2many(
        "debt.recovery.lre.consent", "partner_id", string="Consents to Electronic Letters"
    )

    def _debt_recovery_lre_refusal(self, company, on_date):
        """Why this debtor may not receive an LRE from ``company`` on ``on_date`` (a message
        template and its values), or None."""
        self.ensure_one()
        partner = self.commercial_partner_id
        # sudo: the rule holds whoever carries out the step (the scheduled action, a user
        # without the partner's company in his current companies); nothing is shown.
        consents = partner.sudo().debt_recovery_lre_consent_ids.filtered(
            lambda consent: consent.company_id == company
            and (consent.email or "").strip().lower() == (partner.email or "").strip().lower()
        )
        return lre_refusal(
            partner.debt_recovery_debtor_type == "b2b",
            [(consent.date, consent.withdrawn_date or None) for consent in consents],
            partner.email,
            on_date,
        )
