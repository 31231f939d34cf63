# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The instalment plans of the demo, and what the demo's bank statements pay.

The files ``demo/releve_demo_cfonb120.cfo`` and ``demo/releve_demo_camt053.xml`` (written by
``tools/make_bank_statement_fixtures.py``) pay instalments of the active plan made here: by its
payment reference (CFONB), by the debtor's IBAN and the amount of his next instalment (CAMT).
The references are not the plans' numbers, which depend on the database, but fixed stems.
"""

from datetime import timedelta

from odoo import Command, api, fields, models

from odoo.addons.account.tools.structured_reference import format_structured_reference_iso

from ..guard import internal_write

# The demo company's IBAN (FR76 3000 4000 0312 3456 7890 143), on its bank journal.
DEMO_COMPANY_IBAN = "FR7630004000031234567890143"
# The stems of the demo plans' references: RFxx 0900 0010 NN and RFxx 0900 0020 NN.
DEMO_ACTIVE_STEM = "0900001"
DEMO_PROPOSED_STEM = "0900002"
DEMO_PLAN_REF = "DEMO-ECHEANCIER"


class DebtRecoveryInstalmentPlan(models.Model):
    _inherit = "debt.recovery.instalment.plan"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _debt_recovery_load_demo_plans(self, company_ids, active_debtor_id, proposed_debtor_id):
        """An active plan (two instalments paid, the third late) and a proposed one, once.

        The active plan: an invoice of 3 000.00 due 100 days ago, spread over six monthly
        instalments of 500.00 from 70 days ago, the first two paid by transfer on their due
        dates. The proposed plan: 1 200.00 owed by a consumer, in three monthly instalments
        from next month. Done in the name of the company's recovery officer.
        """
        company = self.env["res.company"].browse(company_ids)
        debtors = self.env["res.partner"].browse([active_debtor_id, proposed_debtor_id])
        if self.search_count([("partner_id", "in", debtors.ids)], limit=1):
            return
        user = company.debt_recovery_officer_id or self.env.user
        lang = self.env["res.company"]._debt_recovery_demo_lang()
        # The bank journal's account is the accounting administrator's set-up, done by the
        # installation's user; the plans, their letters and mails are the officer's.
        self.with_company(company)._debt_recovery_demo_bank_journal(company)
        plans = self.with_user(user).with_company(company).with_context(lang=lang)
        today = fields.Date.context_today(plans)
        active = plans._debt_recovery_demo_plan(
            debtors[0], 3000.0, today - timedelta(days=100), 6, today - timedelta(days=70)
        )
        active._debt_recovery_demo_references(DEMO_ACTIVE_STEM)
        active.action_propose()
        active.action_accept()
        invoice = active.invoice_ids
        for instalment in active.instalment_ids.sorted("sequence")[:2]:
            plans.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create(
                {"amount": instalment.amount, "payment_date": instalment.date_due}
            )._create_payments()
        proposed = plans._debt_recovery_demo_plan(
            debtors[1], 1200.0, today - timedelta(days=45), 3, today + timedelta(days=30)
        )
        proposed._debt_recovery_demo_references(DEMO_PROPOSED_STEM)
        proposed.action_propose()

    @api.model
    def _debt_recovery_demo_bank_journal(self, company):
        """The company's bank journal holds the IBAN its letters print (in place of Odoo's
        demo account): the statements' importers find the journal by it."""
        bank = company.partner_id.bank_ids.filtered(
            lambda account: account.sanitized_acc_number == DEMO_COMPANY_IBAN
        )[:1]
        if not bank:
            bank = self.env["res.partner.bank"].create(
                {
                    "acc_number": DEMO_COMPANY_IBAN,
                    "partner_id": company.partner_id.id,
                    "company_id": company.id,
                }
            )
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], order="sequence, id", limit=1
        )
        holder = self.env["account.journal"].search_count(
            [("company_id", "=", company.id), ("bank_account_id", "=", bank.id)], limit=1
        )
        if journal and not holder:
            journal.bank_account_id = bank

    @api.model
    def _debt_recovery_demo_plan(self, debtor, amount, due, count, first_date):
        """A draft plan of ``count`` monthly instalments from ``first_date`` for an invoice of
        ``amount`` (VAT included) due on ``due``, the debtor's case open at the first level."""
        company = self.env.company
        tax = self.env["account.tax"].search(
            [
                *self.env["account.tax"]._check_company_domain(company),
                ("type_tax_use", "=", "sale"),
                ("amount", "=", 20),
                ("amount_type", "=", "percent"),
                ("price_include", "=", False),
            ],
            limit=1,
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": debtor.id,
                "ref": f"{DEMO_PLAN_REF}-{debtor.id}",
                "invoice_date": due - timedelta(days=30),
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Agencement sur mesure",
                            "quantity": 1,
                            "price_unit": round(amount / 1.2, 2) if tax else amount,
                            "tax_ids": [Command.set(tax.ids)],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        Case = self.env["debt.recovery.case"]
        case = Case._debt_recovery_case_for_partner(debtor, company)
        if not case.level_id:
            level = self.env["debt.recovery.level"].search(
                [("company_id", "=", company.id)], order="sequence, id", limit=1
            )
            case._place_at_level(level)
        case._recompute_amounts()
        action = (
            self.env["debt.recovery.instalment.wizard"]
            .with_context(default_case_id=case.id)
            .create(
                {
                    "count": count,
                    "frequency": "monthly",
                    "date_start": min(first_date, fields.Date.context_today(self)),
                    "first_date": first_date,
                }
            )
            .action_create_plan()
        )
        return self.browse(action["res_id"])

    def _debt_recovery_demo_references(self, stem):
        """The demo's fixed references, in place of those made from the plan's number."""
        self.ensure_one()
        with internal_write(self.instalment_ids):
            for instalment in self.instalment_ids:
                instalment.payment_reference = format_structured_reference_iso(
                    f"{stem}{instalment.sequence:03d}"
                )
