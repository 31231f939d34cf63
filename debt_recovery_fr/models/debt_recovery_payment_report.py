# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools
from odoo.tools import SQL


class DebtRecoveryPaymentReport(models.Model):
    """One payment received on an invoice of a recovery case, with the level it came at.

    Read from stored data only: the reconciliations of the case's invoices give the amount
    and date of each payment; the case's ``level_change`` actions give the level the case
    was at on that date (the last one taken on or before it). A payment received before the
    first level change has no level.
    """

    _name = "debt.recovery.payment.report"
    _description = "Debt Recovery Payments by Level"
    _auto = False
    _order = "date desc, id desc"

    case_id = fields.Many2one("debt.recovery.case", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Debtor", readonly=True)
    invoice_id = fields.Many2one("account.move", readonly=True)
    level_id = fields.Many2one("debt.recovery.level", string="Level When Paid", readonly=True)
    date = fields.Date(string="Payment Date", readonly=True)
    invoice_date_due = fields.Date(string="Due Date", readonly=True)
    amount = fields.Monetary(string="Amount Recovered", readonly=True)
    days_to_recover = fields.Integer(
        readonly=True, aggregator="avg", help="Days between the due date and the payment."
    )

    @api.model
    def _table_query_sql(self):
        return SQL(
            """
            SELECT partial.id AS id,
                   move.debt_recovery_case_id AS case_id,
                   rcase.company_id AS company_id,
                   rcase.partner_id AS partner_id,
                   move.id AS invoice_id,
                   step.level_id AS level_id,
                   partial.max_date AS date,
                   move.invoice_date_due AS invoice_date_due,
                   partial.amount AS amount,
                   GREATEST(partial.max_date - move.invoice_date_due, 0) AS days_to_recover
              FROM account_partial_reconcile partial
              JOIN account_move_line line ON line.id = partial.debit_move_id
              JOIN account_move move ON move.id = line.move_id
              JOIN debt_recovery_case rcase ON rcase.id = move.debt_recovery_case_id
              JOIN account_move_line payment_line ON payment_line.id = partial.credit_move_id
              JOIN account_move payment_move ON payment_move.id = payment_line.move_id
         LEFT JOIN LATERAL (
                    SELECT action.level_id
                      FROM debt_recovery_action action
                     WHERE action.case_id = rcase.id
                       AND action.channel = 'level_change'
                       AND action.state != 'cancelled'
                       AND action.date <= partial.max_date
                  ORDER BY action.date DESC, action.id DESC
                     LIMIT 1
                   ) step ON TRUE
             WHERE move.move_type = 'out_invoice'
               AND payment_move.move_type != 'out_refund'
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._table_query_sql(),
            )
        )
