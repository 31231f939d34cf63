# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountJournal(models.Model):
    _inherit = "account.journal"

    debt_recovery_legacy = fields.Boolean(
        string="Legacy Receivables",
        copy=False,
        help="Holds the unpaid invoices imported from a previous software, under their original "
        "numbers: the numbers are not checked against this journal's sequence.",
    )

    @api.model
    def _debt_recovery_legacy_journal(self, company):
        """The legacy receivables journal of ``company``, created on first use."""
        journal = self.search(
            [
                ("company_id", "=", company.id),
                ("type", "=", "sale"),
                ("debt_recovery_legacy", "=", True),
            ],
            limit=1,
        )
        if journal:
            return journal
        account = company.account_journal_suspense_account_id
        if not account:
            raise UserError(
                self.env._(
                    "%(company)s has no suspense account to balance the imported invoices: "
                    "set one in the accounting settings, or choose a journal.",
                    company=company.display_name,
                )
            )
        code = "REPR"
        taken = set(self.search([("company_id", "=", company.id)]).mapped("code"))
        index = 1
        while code in taken:
            code = f"REP{index}"
            index += 1
        # sudo: the journal is set up once, by the first import; a recovery manager imports
        # receivables without being an accounting administrator (who alone creates journals).
        journal = self.sudo().create(
            {
                "name": self.env._("Legacy Receivables"),
                "code": code,
                "type": "sale",
                "company_id": company.id,
                "default_account_id": account.id,
                "debt_recovery_legacy": True,
                "show_on_dashboard": False,
            }
        )
        return journal.sudo(False)
