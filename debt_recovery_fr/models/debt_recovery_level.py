# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class DebtRecoveryLevel(models.Model):
    _name = "debt.recovery.level"
    _description = "Debt Recovery Level"
    _order = "company_id, sequence, delay_days, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    phase = fields.Selection(
        [
            ("amicable", "Amicable"),
            ("formal_notice", "Formal Notice"),
            ("simplified_procedure", "Simplified Recovery Procedure"),
            ("payment_order", "Payment Order"),
            ("summary_proceedings", "Summary Proceedings"),
            ("litigation", "Litigation"),
            ("enforcement", "Enforcement"),
        ],
        required=True,
        default="amicable",
    )
    delay_days = fields.Integer(
        string="Delay (Days)",
        help="Days overdue of the oldest overdue invoice from which this level applies.",
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
