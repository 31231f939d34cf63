# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class DebtRecoveryCommon(AccountTestInvoicingCommon):
    """A French company, a Recovery Manager as test user, overdue invoices on demand."""

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.quick_ref(
            "debt_recovery_fr.debt_recovery_group_manager"
        )

    @classmethod
    @AccountTestInvoicingCommon.setup_country("fr")
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.today = fields.Date.context_today(cls.env.user)
        cls.Case = cls.env["debt.recovery.case"]

    @classmethod
    def _overdue_invoice(cls, partner, amount, days, company=None, post=True):
        """A customer invoice of ``amount`` (no tax) due ``days`` days ago."""
        invoice = cls.init_invoice(
            "out_invoice",
            partner=partner,
            invoice_date=cls.today - timedelta(days=days + 30),
            amounts=[amount],
            taxes=[],
            company=company or cls.company,
        )
        invoice.invoice_date_due = cls.today - timedelta(days=days)
        if post:
            invoice.action_post()
        return invoice

    def _case_of(self, partner):
        return self.Case.search([("partner_id", "=", partner.id)])
