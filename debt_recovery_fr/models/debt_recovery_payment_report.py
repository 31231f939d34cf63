# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools
from odoo.tools import SQL


class DebtRecoveryPaymentReport(models.Model):
    """One payment received on an invoice of a recovery case, with the level it came at.

    Read from stored data only: each reconciliation of a case's invoice stores its case, the
    level the case was at on the payment date (its last ``level_change`` action taken on or
    before it) and the days since the due date (``account.partial.reconcile``). A payment
    received before the first level change has no level. Grouped by level and month, only
    the reconciliations and the cases are read: the joins giving the invoice are left out.
    """

    _name = "debt.recovery.payment.report"
    _description = "Debt Recovery Payments by Level"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "account.partial.reconcile": [
            "amount",
            "debit_move_id",
            "debt_recovery_case_id",
            "debt_recovery_days",
            "debt_recovery_level_id",
            "max_date",
        ],
        "account.move.line": ["move_id"],
        "account.move": ["invoice_date_due"],
        "debt.recovery.case": ["company_id", "partner_id"],
    }

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
                   partial.debt_recovery_case_id AS case_id,
                   rcase.company_id AS company_id,
                   rcase.partner_id AS partner_id,
                   line.move_id AS invoice_id,
                   partial.debt_recovery_level_id AS level_id,
                   partial.max_date AS date,
                   move.invoice_date_due AS invoice_date_due,
                   partial.amount AS amount,
                   partial.debt_recovery_days AS days_to_recover
              FROM account_partial_reconcile partial
              JOIN debt_recovery_case rcase ON rcase.id = partial.debt_recovery_case_id
         LEFT JOIN account_move_line line ON line.id = partial.debit_move_id
         LEFT JOIN account_move move ON move.id = line.move_id
             WHERE partial.debt_recovery_case_id IS NOT NULL
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
