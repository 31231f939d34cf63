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
    def _debt_recovery_legacy_journal(self, company, journal_type="sale"):
        """The legacy journal of ``company``, created on first use: of type ``sale``, the
        journal of the imported invoices; of type ``general``, that of the entries settling
        what was paid on them before the import."""
        journal = self.search(
            [
                ("company_id", "=", company.id),
                ("type", "=", journal_type),
                ("debt_recovery_legacy", "=", True),
            ],
            limit=1,
        )
        if journal:
            return journal
        account = company.account_journal_suspense_account_id
        if journal_type == "sale" and not account:
            raise UserError(
                self.env._(
                    "%(company)s has no suspense account to balance the imported invoices: "
                    "set one in the accounting settings, or choose a journal.",
                    company=company.display_name,
                )
            )
        code = "REPR" if journal_type == "sale" else "REPS"
        taken = set(self.search([("company_id", "=", company.id)]).mapped("code"))
        index = 1
        while code in taken:
            code = f"{code[:3]}{index}"
            index += 1
        # sudo: the journal is set up once, by the first import; a recovery manager imports
        # receivables without being an accounting administrator (who alone creates journals).
        names = {
            "sale": self.env._("Legacy Receivables"),
            "general": self.env._("Legacy Settlements"),
        }
        vals = {
            "name": names[journal_type],
            "code": code,
            "type": journal_type,
            "company_id": company.id,
            "debt_recovery_legacy": True,
            "show_on_dashboard": False,
        }
        if journal_type == "sale":
            vals["default_account_id"] = account.id
        journal = self.sudo().create(vals)
        return journal.sudo(False)
