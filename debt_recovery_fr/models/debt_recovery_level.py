# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..legal.procedures import phase_selection

# The letter of each level shipped with the module.
DEFAULT_LETTERS = {
    "debt_recovery_level_friendly_reminder": "report_reminder_friendly",
    "debt_recovery_level_second_reminder": "report_reminder_second",
    "debt_recovery_level_formal_notice": "report_formal_notice",
}


class DebtRecoveryLevel(models.Model):
    _name = "debt.recovery.level"
    _description = "Debt Recovery Level"
    _order = "company_id, sequence, delay_days, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    phase = fields.Selection(
        phase_selection(),
        required=True,
        default="amicable",
    )
    delay_days = fields.Integer(
        string="Delay (Days)",
        help="Days overdue of the oldest overdue invoice from which this level applies.",
    )
    delay_from_acknowledgment = fields.Boolean(
        help="The delay runs from the day the debtor received the registered letter of the "
        "previous level (its acknowledgment of receipt), not from the oldest due date: the "
        "case waits at the previous level until that date is entered.",
    )
    channel_email = fields.Boolean(string="E-mail")
    channel_sms = fields.Boolean(string="SMS")
    channel_letter = fields.Boolean(string="Letter")
    channel_registered_letter = fields.Boolean(string="Registered Letter")
    channel_phone = fields.Boolean(string="Phone Call")
    channel_commissaire = fields.Boolean(string="Commissaire de Justice")
    manual_validation = fields.Boolean(
        help="A user validates this step before it is carried out (formal notice, escalation)."
    )
    cost_amount = fields.Monetary(
        string="Cost",
        help="What this step costs the creditor (postage, registered letter, fees).",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain="[('model', '=', 'debt.recovery.case')]",
        help="The e-mail sent to the debtor at this level.",
    )
    letter_report_id = fields.Many2one(
        "ir.actions.report",
        domain="[('model', '=', 'debt.recovery.case'), ('report_type', '=', 'qweb-pdf')]",
        help="The letter of this level: printed for the postal channels and attached to the "
        "e-mail.",
    )

    # The channels in the order the scheduled action carries them out.
    CHANNELS = ("email", "sms", "letter", "registered_letter", "phone", "commissaire")

    @api.model_create_multi
    def create(self, vals_list):
        # The companies setting up their recovery: no level yet, archived or not.
        Company = self.env["res.company"]
        company_ids = {vals.get("company_id") or self.env.company.id for vals in vals_list}
        with_levels = (
            self.with_context(active_test=False)
            .sudo()
            .search([("company_id", "in", list(company_ids))])
            .company_id
        )
        levels = super().create(vals_list)
        first = levels.company_id.filtered(
            lambda company: company not in with_levels and not company.debt_recovery_enabled
        )
        if first:
            # sudo: the first levels of a company (created by a Recovery Manager, who cannot
            # edit the company, in a company he may use: the record rules of the levels
            # checked it) turn its recovery on; a manager's later choice is kept.
            Company.browse(first.ids).sudo().debt_recovery_enabled = True
        return levels

    @api.model
    def _debt_recovery_set_default_letters(self):
        """Give the module's own levels their letter when they have none.

        The levels are ``noupdate`` data: on a database where they were created before the
        letters existed, this is what links them (run at each install or update of the module).
        """
        for level_xmlid, report_xmlid in DEFAULT_LETTERS.items():
            level = self.env.ref(f"debt_recovery_fr.{level_xmlid}", raise_if_not_found=False)
            if level and not level.letter_report_id:
                level.letter_report_id = self.env.ref(f"debt_recovery_fr.{report_xmlid}")

    def _debt_recovery_channels(self):
        """The channels of this level, in the order they are carried out."""
        self.ensure_one()
        return [channel for channel in self.CHANNELS if self[f"channel_{channel}"]]

    def _debt_recovery_channel_cost(self, channel):
        """The level's cost is booked once, on the channel that costs money (postage, fees)."""
        self.ensure_one()
        channels = self._debt_recovery_channels()
        by_cost = [
            c
            for c in ("commissaire", "registered_letter", "letter", "sms", "phone", "email")
            if c in channels
        ]
        return self.cost_amount if by_cost and channel == by_cost[0] else 0.0
