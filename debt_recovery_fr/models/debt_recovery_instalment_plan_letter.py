# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal

from odoo import fields, models
from odoo.tools import format_amount, format_date

from ..legal.amount_words import amount_to_words_fr
from ..legal.letters import date_fr, days_in_words_fr
from .debt_recovery_case_letter import LETTER_LANG


class DebtRecoveryInstalmentPlan(models.Model):
    """The instalment agreement (échéancier) the debtor signs: what its letter prints."""

    _inherit = "debt.recovery.instalment.plan"

    def _debt_recovery_agreement_values(self):
        """The case's letter values, for the plan's invoices, with the schedule agreed."""
        self.ensure_one()
        plan = self.with_context(lang=LETTER_LANG)
        case = plan.case_id
        env = plan.env
        currency = plan.currency_id

        def money(amount):
            return format_amount(env, amount, currency, lang_code=LETTER_LANG)

        letter = case._debt_recovery_letter_values()
        debtor_type = case.debtor_type or "b2b"
        today = fields.Date.context_today(plan)
        invoices = (plan.invoice_ids - plan.penalty_invoice_id).sorted(
            lambda inv: (inv.invoice_date_due, inv.name)
        )
        rates = None
        if debtor_type == "b2b" and invoices:
            rates = env["debt.recovery.rate"]._get_rate_table()
        amount_total = sum(invoices.mapped("amount_total_signed"))
        amount_overdue = sum(invoices.mapped("amount_residual_signed"))
        letter.update(
            {
                "invoices": [
                    case._debt_recovery_letter_invoice(invoice, debtor_type, today, rates, money)
                    for invoice in invoices
                ],
                "amount_total": money(amount_total),
                "amount_paid": money(amount_total - amount_overdue),
                "amount_overdue": money(amount_overdue),
                "plan": {
                    "name": plan.name,
                    "date": date_fr(plan.date_start),
                    "amount_invoices": money(plan.amount_invoices),
                    "amount_extra": money(plan.amount_extra),
                    "has_extra": not currency.is_zero(plan.amount_extra),
                    "total": money(plan.amount_total),
                    "total_words": amount_to_words_fr(
                        Decimal(str(currency.round(plan.amount_total)))
                    ),
                    "count": len(plan.instalment_ids),
                    "instalments": [
                        {
                            "number": instalment.sequence,
                            "label": "Acompte" if instalment.is_down_payment else "Échéance",
                            "date": format_date(env, instalment.date_due, lang_code=LETTER_LANG),
                            "amount": money(instalment.amount),
                            "words": amount_to_words_fr(
                                Decimal(str(currency.round(instalment.amount)))
                            ),
                            "reference": instalment.payment_reference or "",
                        }
                        for instalment in plan.instalment_ids.sorted(
                            lambda i: (i.date_due, i.sequence, i.id)
                        )
                    ],
                    "grace_days": days_in_words_fr(
                        max(plan.company_id.debt_recovery_instalment_grace_days, 0)
                    ),
                    "cure_days": days_in_words_fr(plan.cure_days),
                    "accepted_date": date_fr(
                        fields.Datetime.context_timestamp(plan, plan.accepted_date).date()
                    )
                    if plan.accepted_date
                    else "",
                    "accepted_ip": plan.accepted_ip or "",
                    "accepted_by": plan.accepted_by_id.name or "",
                },
            }
        )
        return letter
