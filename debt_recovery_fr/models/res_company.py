# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random
from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from ..legal.letters import DEFAULT_FORMAL_NOTICE_DAYS, MIN_FORMAL_NOTICE_DAYS

DEMO_REF_PREFIX = "DEMO-RECOUVREMENT"
DEMO_DISPUTE_REASONS = [
    "Marchandise livrée endommagée, avoir demandé",
    "Prestation contestée : intervention non conforme au devis",
    "Quantités facturées supérieures au bon de livraison",
]


class ResCompany(models.Model):
    _inherit = "res.company"

    debt_recovery_contact_interval_days = fields.Integer(
        string="Days Between Contacts",
        default=7,
        help="The scheduled action contacts a debtor at most once in this many days.",
    )
    debt_recovery_register_lookup = fields.Boolean(
        string="Public Register Lookup",
        help="Fill debtors from the API Recherche d'entreprises (SIREN/SIRET) and check their "
        "status before a procedure.",
    )
    debt_recovery_bodacc_watch = fields.Boolean(
        string="BODACC Watch",
        help="Every day, look in the BODACC for collective proceedings against the debtors "
        "with an open case.",
    )
    debt_recovery_registered_provider = fields.Selection(
        [
            ("none", "None: printed and posted by hand"),
            ("maileva", "Maileva (paper registered letter)"),
            ("ar24", "AR24 (electronic registered letter, eIDAS)"),
        ],
        string="Registered Letters Sent By",
        default="none",
        required=True,
        help="Who posts the registered letters of the recovery levels. Maileva prints and posts "
        "a paper registered letter with acknowledgment of receipt; AR24 sends a qualified "
        "electronic registered letter, to businesses and to the consumers who consented to it "
        "(the others get a paper letter by Maileva, or printed). Without its account in the "
        "Settings, the letters are printed as before.",
    )
    debt_recovery_registered_sandbox = fields.Boolean(
        string="Provider's Test Environment",
        default=True,
        help="Send to the provider's sandbox (nothing is posted, nothing is billed).",
    )
    debt_recovery_instalment_grace_days = fields.Integer(
        string="Instalment Grace Days",
        default=5,
        help="Days after its due date before an unpaid instalment sends the debtor a reminder.",
    )
    debt_recovery_instalment_cure_days = fields.Integer(
        string="Days to Cure a Late Instalment",
        default=30,
        help="Days after that reminder before the plan is broken and the whole balance is due "
        "(never less than 8 days for a business, 30 days for a consumer).",
    )
    debt_recovery_level_ids = fields.One2many(
        "debt.recovery.level", "company_id", string="Recovery Levels"
    )
    # Not computed from the levels: a manager who turns it off keeps it off while the levels
    # are edited. The first levels of a company turn it on (debt.recovery.level.create).
    debt_recovery_enabled = fields.Boolean(
        string="Debt Recovery",
        help="The scheduled action opens and follows recovery cases in this company. On as soon "
        "as the company has recovery levels; turn it off to stop the recovery.",
    )
    debt_recovery_last_sync_date = fields.Date(
        copy=False, help="Last day the scheduled action attached the overdue invoices to cases."
    )
    # What the recovery letters print of the creditor (the SIRET is the company registry).
    debt_recovery_legal_form = fields.Char(
        string="Legal Form", help="Printed on the recovery letters, e.g. SAS, SARL."
    )
    debt_recovery_share_capital = fields.Monetary(
        string="Share Capital", currency_field="currency_id"
    )
    debt_recovery_rcs_city = fields.Char(
        string="RCS City", help="City of the trade register (RCS) where the company is registered."
    )
    debt_recovery_signatory_name = fields.Char(
        string="Letter Signatory", help="Who signs the recovery letters."
    )
    debt_recovery_signatory_function = fields.Char(
        string="Signatory Capacity", help="The capacity of the signatory, e.g. Gérant."
    )
    debt_recovery_officer_id = fields.Many2one(
        "res.users",
        string="Recovery Officer",
        compute="_compute_debt_recovery_officer_id",
        store=True,
        readonly=False,
        domain="[('share', '=', False)]",
        help="The person the debtors hear from: responsible of the cases whose debtor has no "
        "salesperson, sender and signatory of the recovery e-mails, to whom the to-dos go. "
        "By default the user named as the letters' signatory.",
    )
    debt_recovery_email = fields.Char(
        string="Recovery E-mail",
        help="The address the recovery e-mails come from (e.g. a shared accounting mailbox), in "
        "the name of the case's responsible; empty: the responsible's own address.",
    )
    # L612-1 and L616-1 C. conso.: the consumer mediator the company belongs to, named to consumers.
    debt_recovery_mediator_name = fields.Char(
        string="Consumer Mediator",
        help="The consumer mediator the company has joined (L612-1 Code de la consommation), "
        "named in the letters to consumers. Leave empty if the company sells to no consumer.",
    )
    debt_recovery_mediator_address = fields.Char(
        string="Mediator Address", help="The postal address of the consumer mediator."
    )
    debt_recovery_mediator_website = fields.Char(
        string="Mediator Website", help="Where a consumer submits his claim to the mediator."
    )
    debt_recovery_formal_notice_days = fields.Integer(
        string="Formal Notice Deadline (Days)",
        default=DEFAULT_FORMAL_NOTICE_DAYS,
        help="Days the debtor is given to pay in a formal notice and the reminders before it.",
    )

    @api.depends("debt_recovery_signatory_name")
    def _compute_debt_recovery_officer_id(self):
        """The letters' signatory when he is a user of the company; a choice made is kept."""
        for company in self:
            if company.debt_recovery_officer_id or not company.debt_recovery_signatory_name:
                continue
            company.debt_recovery_officer_id = self.env["res.users"].search(
                Domain("name", "=ilike", company.debt_recovery_signatory_name.strip())
                & company._debt_recovery_human_domain(),
                order="id",
                limit=1,
            )

    @api.constrains("debt_recovery_officer_id")
    def _check_debt_recovery_officer_id(self):
        for company in self:
            officer = company.debt_recovery_officer_id
            if officer and not company._debt_recovery_is_human(officer):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot be the recovery officer of %(company)s: the debtors "
                        "hear from an active internal user of the company, never from the "
                        "system.",
                        user=officer.name,
                        company=company.name,
                    )
                )

    def _debt_recovery_human_domain(self):
        """The users who may write to a debtor or get a to-do for this company: active,
        internal, of the company, never the superuser (OdooBot)."""
        self.ensure_one()
        return Domain(
            [
                ("share", "=", False),
                ("active", "=", True),
                ("id", "!=", SUPERUSER_ID),
                ("company_ids", "in", self.ids),
            ]
        )

    def _debt_recovery_is_human(self, user):
        """Whether ``user`` may speak for this company to a debtor (see
        ``_debt_recovery_human_domain``)."""
        self.ensure_one()
        user = user.sudo()
        return bool(
            user
            and user.active
            and not user.share
            and not user._is_superuser()
            and self in user.company_ids
        )

    def _debt_recovery_officer(self):
        """Who speaks for the company when a case has no one of its own: the recovery officer,
        else its first active Recovery Manager; empty when the company has neither (then the
        scheduled action leaves the company alone rather than write as the system)."""
        self.ensure_one()
        officer = self.debt_recovery_officer_id
        if self._debt_recovery_is_human(officer):
            return officer
        # sudo: the officer is looked for among all the users, whoever runs the recovery.
        return (
            self.env["res.users"]
            .sudo()
            .search(
                self._debt_recovery_human_domain()
                & Domain(
                    "all_group_ids",
                    "in",
                    self.env.ref("debt_recovery_fr.debt_recovery_group_manager").ids,
                ),
                order="id",
                limit=1,
            )
            .with_env(self.env)
        )

    @api.constrains("debt_recovery_formal_notice_days")
    def _check_debt_recovery_formal_notice_days(self):
        for company in self:
            if company.debt_recovery_formal_notice_days < MIN_FORMAL_NOTICE_DAYS:
                raise ValidationError(
                    self.env._(
                        "A formal notice leaves the debtor at least %(days)s days to pay.",
                        days=MIN_FORMAL_NOTICE_DAYS,
                    )
                )

    @api.model
    def _debt_recovery_demo_company(self):
        """The company of the recovery demo: Odoo's French demo company, which l10n_fr_account's
        demo data gives the French chart of accounts in euros; else the main company (whose demo
        chart of accounts is the generic one)."""
        company = self.env.ref("base.demo_company_fr", raise_if_not_found=False)
        if company and company.chart_template == "fr":
            return company
        return self.env.ref("base.main_company")

    @api.model
    def _debt_recovery_load_demo_company(self):
        """Make the demo company a French SME with what the letters print, give it the recovery
        levels of the main company and make it the administrator's current company."""
        company = self._debt_recovery_demo_company()
        company.write(
            {
                "name": "Atelier Dupont SAS",
                "street": "24 rue du Faubourg Saint-Antoine",
                "street2": False,
                "zip": "75012",
                "city": "Paris",
                "country_id": self.env.ref("base.fr").id,
                "company_registry": "89670320400090",
                "vat": "FR88896703204",
                "phone": "+33 1 44 68 20 20",
                "email": "compta@atelier-dupont.example",
                "website": "https://www.atelier-dupont.example",
                "debt_recovery_legal_form": "SAS",
                "debt_recovery_share_capital": 20000,
                "debt_recovery_rcs_city": "Paris",
                "debt_recovery_signatory_name": "Élise Dupont",
                "debt_recovery_signatory_function": "Présidente",
            }
        )
        iban = "FR7630004000031234567890143"
        banks = company.partner_id.bank_ids
        if iban not in banks.mapped("sanitized_acc_number"):
            banks.write({"sequence": 20})
            self.env["res.partner.bank"].create(
                {
                    "acc_number": iban,
                    "partner_id": company.partner_id.id,
                    "company_id": company.id,
                    "sequence": 1,
                }
            )
        Level = self.env["debt.recovery.level"].with_context(active_test=False)
        main = self.env.ref("base.main_company")
        if company != main and not Level.search_count([("company_id", "=", company.id)]):
            # The module's translations load after its data: load them now, so that the copies
            # of the levels get their French names too.
            langs = self.env["res.lang"].search([("code", "!=", "en_US")]).mapped("code")
            self.env["ir.module.module"]._load_module_terms(["debt_recovery_fr"], langs)
            for level in Level.search([("company_id", "=", main.id)], order="sequence, id"):
                level.copy({"company_id": company.id})
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [Command.link(company.id)], "company_id": company.id})
        # The debtors hear from a person: the administrator is the demo's recovery officer.
        if not admin.function:
            admin.function = "Responsable du recouvrement"
        company.debt_recovery_officer_id = admin

    @api.model
    def _debt_recovery_demo_lang(self):
        """The records the demo makes (steps, to-dos, procedures) speak French when it is
        installed, as the French users of the demo database do."""
        return "fr_FR" if self.env["res.lang"]._lang_get("fr_FR") else self.env.lang

    @api.model
    def _debt_recovery_load_demo_invoices(self, company_ids):
        """Create the demo customer invoices of the demo debtors, once."""
        self = self.with_context(lang=self._debt_recovery_demo_lang())
        company = self.browse(company_ids)
        if not company.chart_template:
            raise UserError(
                self.env._(
                    "Install a chart of accounts on %(company)s before the recovery demo data.",
                    company=company.name,
                )
            )
        Move = self.env["account.move"].with_company(company)
        Demo = self.env["debt.recovery.demo"]
        if not Move.search_count([("ref", "=like", f"{DEMO_REF_PREFIX}%")], limit=1):
            self._debt_recovery_create_demo_invoices(company)
        # Only the French debtors of the demo owe money: Odoo's own demo customers were paid.
        debtor_ids = self._debt_recovery_demo_debtor_ids()
        Demo._debt_recovery_pay_foreign_demo_invoices(company, debtor_ids)
        # The recovery cases of the demo debtors, spread over the levels by the age of their
        # debts (afterwards, the daily scheduled action keeps them up to date), with the steps
        # their officer and manager took over those weeks, formal notices included.
        self.env["debt.recovery.case"]._sync_cases_from_invoices(company)
        Demo._debt_recovery_load_demo_history(company)

    @api.model
    def _debt_recovery_create_demo_invoices(self, company):
        Move = self.env["account.move"].with_company(company)
        debtors = self.env["res.partner"].search(
            [("id", "in", self._debt_recovery_demo_debtor_ids())], order="id"
        )
        tax = self.env["account.tax"].search(
            [
                *self.env["account.tax"]._check_company_domain(company),
                ("type_tax_use", "=", "sale"),
                ("amount", "=", 20),
            ],
            limit=1,
        )
        rng = random.Random(2026)
        today = fields.Date.context_today(self)
        vals_list = []
        # Each debtor's oldest invoice has a different age (0 to 400 days), so the cases spread
        # over the levels; its other invoices are younger.
        oldest_ages = [2, 7, 9, 12, 16, 19, 23, 27, 30, 33, 37, 40, 44, 52, 65, 90, 130, 180, 250]
        oldest_ages += [320, 400]
        for index, debtor in enumerate(debtors):
            oldest = oldest_ages[index % len(oldest_ages)]
            for number in range(3):
                days_overdue = oldest if number == 0 else rng.randint(0, oldest)
                due = today - timedelta(days=days_overdue)
                untaxed = rng.choice([180, 420, 850, 1234.56, 2400, 3900, 7250, 12800])
                vals_list.append(
                    {
                        "move_type": "out_invoice",
                        "partner_id": debtor.id,
                        "ref": f"{DEMO_REF_PREFIX}-{debtor.id}-{number}",
                        "invoice_date": due - timedelta(days=30),
                        "invoice_date_due": due,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": rng.choice(
                                        [
                                            "Mobilier sur mesure",
                                            "Pose et installation",
                                            "Restauration de fauteuils",
                                            "Agencement de boutique",
                                        ]
                                    ),
                                    "quantity": 1,
                                    "price_unit": untaxed,
                                    "tax_ids": tax.ids,
                                }
                            )
                        ],
                    }
                )
        invoices = Move.create(vals_list)
        invoices.action_post()
        # Some invoices are partly paid, a few are disputed.
        for invoice in invoices[::5]:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create(
                {
                    "amount": company.currency_id.round(invoice.amount_total * 0.4),
                    "payment_date": min(invoice.invoice_date_due + timedelta(days=10), today),
                }
            )._create_payments()
        for invoice, reason in zip(invoices[3::17], DEMO_DISPUTE_REASONS, strict=False):
            invoice.write({"debt_recovery_disputed": True, "debt_recovery_dispute_reason": reason})
        self.env["debt.recovery.demo"]._debt_recovery_demo_date_invoices(invoices)

    @api.model
    def _debt_recovery_demo_debtor_ids(self):
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "debt_recovery_fr"),
                ("model", "=", "res.partner"),
                ("name", "=like", "demo_debtor_%"),
            ]
        )
        return data.mapped("res_id")
