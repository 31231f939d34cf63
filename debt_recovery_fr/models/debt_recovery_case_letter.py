# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import re
import secrets
from decimal import Decimal

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date

from ..guard import internal_write, is_internal_write
from ..legal.amount_words import amount_to_words_fr
from ..legal.claim import LINE_INTEREST, LINE_PENALTY, ClaimItemResult
from ..legal.errors import LegalError
from ..legal.identifiers import is_valid_siret, siren_from_siret
from ..legal.letters import (
    announced_procedure_fr,
    date_fr,
    days_in_words_fr,
    format_siren_fr,
    format_siret_fr,
    payment_deadline,
    percent_fr,
)
from ..utils import legal_error_message

# The letters are French documents, whatever the language of the user who prints them.
LETTER_LANG = "fr_FR"
# How a letter recalls the earlier contacts.
CONTACT_CHANNELS_FR = {
    "email": "courriel",
    "sms": "SMS",
    "letter": "courrier",
    "registered_letter": "lettre recommandée avec accusé de réception",
}
# The short link of the letters, /r/<code>: Crockford's base32 (no I, L, O, U, which a reader
# mistakes for 1 and 0), 10 characters, 50 random bits: the code opens the debtor's page as its
# token does, so it is as hard to guess as the page is to find.
SHORT_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SHORT_CODE_LENGTH = 10
SHORT_LINK_PATH = "/r/"


def normalize_short_code(code):
    """The code as stored, from what a debtor typed: case, spaces, dashes and the letters he
    may read for digits forgiven; ``""`` if it cannot be a code."""
    code = re.sub(r"[\s-]", "", code or "").upper().translate(str.maketrans("OIL", "011"))
    if len(code) != SHORT_CODE_LENGTH or set(code) - set(SHORT_CODE_ALPHABET):
        return ""
    return code


class DebtRecoveryCase(models.Model):
    """The letters of a case: what they print, computed once in Python for every template."""

    _inherit = "debt.recovery.case"

    _debt_recovery_short_code_uniq = models.UniqueIndex(
        "(debt_recovery_short_code) WHERE debt_recovery_short_code IS NOT NULL"
    )

    debt_recovery_short_code = fields.Char(
        string="Short Link Code",
        copy=False,
        readonly=True,
        groups="base.group_user",
        help="The code of the short link to the debtor's page printed on the letters.",
    )

    def write(self, vals):
        if "debt_recovery_short_code" in vals and not is_internal_write(self):
            raise UserError(self.env._("The short link of a case is made by the module."))
        return super().write(vals)

    def _debt_recovery_short_code(self):
        """The case's short link code, made the first time a letter prints it."""
        self.ensure_one()
        # sudo: the code is the module's; whoever prints the first letter of the case makes it.
        case_sudo = self.sudo()
        if not case_sudo.debt_recovery_short_code:
            code = "".join(
                secrets.choice(SHORT_CODE_ALPHABET) for _index in range(SHORT_CODE_LENGTH)
            )
            with internal_write(case_sudo):
                case_sudo.write({"debt_recovery_short_code": code})
        return case_sudo.debt_recovery_short_code

    def _debt_recovery_letter_short_url(self):
        """The short link to the debtor's page, to type from a letter on paper."""
        self.ensure_one()
        return self.get_base_url() + SHORT_LINK_PATH + self._debt_recovery_short_code()

    def _debt_recovery_letter_qr_code(self, url):
        """A QR code of ``url``, as a data URI: the letter carries it, wkhtmltopdf fetches
        nothing."""
        png = self.env["ir.actions.report"].barcode(
            "QR", url, width=240, height=240, barLevel="M", quiet=0
        )
        return "data:image/png;base64," + base64.b64encode(png).decode()

    def _debt_recovery_letter_paper_values(self):
        """What the letters print besides the claim: the short link and its QR code, whether a
        plan is offered, the B2B penalty rate explained, the consumer mediator."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        company = self.company_id
        short_url = self._debt_recovery_letter_short_url()
        penalty_rate = mro_rate = False
        if (self.debtor_type or "b2b") == "b2b":
            try:
                table = self.env["debt.recovery.rate"]._get_rate_table()
                penalty_rate = percent_fr(table.default_penalty_rate_b2b(today))
                mro_rate = percent_fr(table.mro_at(table.mro_reference_date(today)))
            except LegalError:
                penalty_rate = mro_rate = False
        mediator = False
        if company.debt_recovery_mediator_name:
            mediator = {
                "name": company.debt_recovery_mediator_name,
                "address": company.debt_recovery_mediator_address or "",
                "website": company.debt_recovery_mediator_website or "",
            }
        return {
            "short_url": short_url,
            "short_url_label": short_url.split("://", 1)[-1],
            "portal_qr": self._debt_recovery_letter_qr_code(short_url),
            "plan_proposed": any(
                plan.state == "proposed" for plan in self.sudo().instalment_plan_ids
            ),
            "penalty_rate": penalty_rate,
            "mro_rate": mro_rate,
            "mediator": mediator,
        }

    def _debt_recovery_letter_values(self):
        """Everything the letters print about this case today, formatted in French.

        The amounts format the case's claim of today (``legal/claim.py``), the one its fields,
        the portal and the wizards state; the templates only lay them out.
        """
        self.ensure_one()
        case = self.with_context(lang=LETTER_LANG)
        env = case.env
        today = fields.Date.context_today(case)
        company = case.company_id
        currency = case.currency_id
        debtor_type = case.debtor_type or "b2b"

        def money(amount):
            return format_amount(env, amount, currency, lang_code=LETTER_LANG)

        def short_date(day):
            return format_date(env, day, lang_code=LETTER_LANG) if day else ""

        invoices = case.overdue_invoice_ids.sorted(lambda inv: (inv.invoice_date_due, inv.name))
        dates = case._debt_recovery_claim_dates()
        # The claim of today (legal/claim.py): the letter only formats it.
        claim, warning = case._debt_recovery_claim_today(invoices)
        invoice_lines = case._debt_recovery_letter_invoices(invoices, claim, today, money)
        total = float(claim.total)
        amount_total = sum(invoices.mapped("amount_total_signed"))
        deadline_days = company.debt_recovery_formal_notice_days
        deadline = payment_deadline(today, deadline_days)
        legal_rate = False
        if debtor_type == "b2c":
            try:
                table = env["debt.recovery.rate"]._get_rate_table()
                legal_rate = percent_fr(table.legal_rate(today))
            except LegalError:
                legal_rate = False
        try:
            procedure = announced_procedure_fr(
                case._debt_recovery_procedure_options(), consumer=debtor_type == "b2c"
            )
        except LegalError:
            procedure = None
        return {
            "case": case,
            "is_b2b": debtor_type == "b2b",
            "reference": case._debt_recovery_letter_reference(),
            "place": company.city or "",
            "date": date_fr(today),
            "creditor": case._debt_recovery_letter_creditor(money),
            "debtor": case._debt_recovery_letter_debtor(),
            "invoices": invoice_lines,
            "amount_total": money(amount_total),
            "amount_paid": money(amount_total - float(claim.principal)),
            "amount_overdue": money(float(claim.principal)),
            "amount_penalties": money(float(claim.late_interest)),
            "has_penalties": bool(claim.late_interest),
            "amount_indemnities": money(float(claim.indemnities)),
            "has_indemnities": bool(claim.indemnities),
            "amount_costs": money(float(claim.costs_claimed)),
            "has_costs": bool(claim.costs_claimed),
            "total": money(total),
            "total_value": total,
            "total_words": amount_to_words_fr(claim.total),
            "overdue_words": amount_to_words_fr(claim.principal),
            "warning": warning,
            "reminders": case._debt_recovery_letter_reminders(),
            "formal_notice_date": case._debt_recovery_letter_formal_notice_date(),
            "deadline_days": days_in_words_fr(deadline_days),
            "deadline_date": date_fr(deadline, weekday=True),
            "procedure": procedure,
            "legal_rate": legal_rate,
            "interest_since": date_fr(dates["notice_date"]) if dates["notice_date"] else "",
            "portal_url": case._debt_recovery_letter_portal_url(),
            **case._debt_recovery_letter_paper_values(),
            "statement": case._debt_recovery_letter_statement(money, short_date),
        }

    def _debt_recovery_letter_portal_url(self):
        """The debtor's page of this case, absolute and with its access token: where the
        letters tell him to pay online or accept an instalment plan."""
        self.ensure_one()
        return self.get_base_url() + self.get_portal_url()

    def _debt_recovery_letter_reference(self):
        """The case's reference on its letters (also where a batch of letters is cut)."""
        self.ensure_one()
        return f"{self.id:06d}"

    def _debt_recovery_letter_invoices(self, invoices, claim, today, money):
        """The lines of the invoices table: each invoice with its part of ``claim`` (a
        ``legal.claim.Claim`` of these invoices) and its penalty or interest periods."""
        self.ensure_one()
        results = {item.reference: item for item in claim.items}
        lines = []
        for invoice in invoices:
            item = results.get(invoice.name)
            if item is None:
                # Not in the claim (nothing owed on it any more): its principal only.
                item = ClaimItemResult(invoice.name, invoice.invoice_date_due, Decimal(0))
            periods = [
                {
                    "start": format_date(self.env, line.start, lang_code=LETTER_LANG),
                    "end": format_date(self.env, line.end, lang_code=LETTER_LANG),
                    "days": line.days,
                    "rate": percent_fr(line.rate),
                    "base": money(float(line.base)),
                    "amount": money(float(line.amount)),
                }
                for line in claim.lines
                if line.reference == invoice.name and line.kind in (LINE_PENALTY, LINE_INTEREST)
            ]
            lines.append(
                {
                    "name": invoice.name,
                    "date": format_date(self.env, invoice.invoice_date, lang_code=LETTER_LANG),
                    "due": format_date(self.env, invoice.invoice_date_due, lang_code=LETTER_LANG),
                    "total": money(invoice.amount_total_signed),
                    "paid": money(invoice.amount_total_signed - invoice.amount_residual_signed),
                    "residual": money(invoice.amount_residual_signed),
                    "days": (today - invoice.invoice_date_due).days,
                    "penalties": money(float(item.penalties + item.interest)),
                    "penalty_warning": legal_error_message(self.env, item.error)
                    if item.error
                    else False,
                    "periods": periods,
                    "indemnity": money(float(item.indemnity)),
                }
            )
        return lines

    def _debt_recovery_letter_creditor(self, money):
        self.ensure_one()
        company = self.company_id
        siret = (company.company_registry or "").replace(" ", "")
        siren = siren_from_siret(siret) if is_valid_siret(siret) else ""
        bank = company.partner_id.bank_ids[:1]
        return {
            "name": company.name,
            "legal_form": company.debt_recovery_legal_form or "",
            "capital": money(company.debt_recovery_share_capital)
            if company.debt_recovery_share_capital
            else "",
            "lines": self._debt_recovery_letter_address_lines(company.partner_id),
            "siret": format_siret_fr(siret) if siren else company.company_registry or "",
            "rcs": f"RCS {company.debt_recovery_rcs_city} {format_siren_fr(siren)}"
            if siren and company.debt_recovery_rcs_city
            else "",
            "vat": company.vat or "",
            "phone": company.phone or "",
            "email": company.email or "",
            "iban": bank.acc_number or "",
            "bic": bank.bank_id.bic or "",
            "signatory": company.debt_recovery_signatory_name or self.user_id.name or "",
            "signatory_function": company.debt_recovery_signatory_function or "",
        }

    def _debt_recovery_letter_debtor(self):
        self.ensure_one()
        partner = self.partner_id
        siret = (partner.company_registry or "").replace(" ", "")
        siren = ""
        if self.debtor_type != "b2c" and is_valid_siret(siret):
            siren = format_siren_fr(siren_from_siret(siret))
        return {
            "name": partner.name,
            "lines": self._debt_recovery_letter_address_lines(partner),
            "siren": siren,
        }

    def _debt_recovery_letter_address_lines(self, partner):
        """The postal address lines under the name: the last one ``75011 PARIS``."""
        lines = [line for line in (partner.street, partner.street2) if line]
        city = " ".join(part for part in (partner.zip, (partner.city or "").upper()) if part)
        if city:
            lines.append(city)
        if partner.country_id and partner.country_id.code != "FR":
            lines.append(partner.country_id.name.upper())
        return lines

    def _debt_recovery_letter_reminders(self):
        """The earlier contacts with the debtor the letter recalls, oldest first."""
        self.ensure_one()
        actions = self.action_ids.filtered(
            lambda action: action.state == "done"
            and action.channel in CONTACT_CHANNELS_FR
            and (action.level_id, action.level_visit) != (self.level_id, self.level_visit)
        )
        return [
            {"date": date_fr(action.date), "channel": CONTACT_CHANNELS_FR[action.channel]}
            for action in actions.sorted(lambda action: (action.date, action.id))
        ]

    def _debt_recovery_letter_formal_notice_date(self):
        """The date of the formal notice sent on this case, written out, if there was one."""
        self.ensure_one()
        notices = self.action_ids.filtered(
            lambda action: action.level_id.phase == "formal_notice"
            and action.channel in ("registered_letter", "letter", "email")
            and action.state in ("planned", "done")
        )
        return date_fr(min(notices.mapped("date"))) if notices else False

    def _debt_recovery_letter_statement(self, money, short_date):
        """The debtor's account in the company (relevé de compte): every open item at its full
        amount, the settled items that were applied to them (payments, credit notes, even fully
        reconciled ones) at the amount applied, in date order with a running balance.

        The balance is the sum of the open items' residuals: an amount applied between two open
        items is in both their full amounts, one applied from a settled item is on its own line.
        """
        self.ensure_one()
        open_lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("partner_id", "child_of", self.partner_id.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
            ],
            order="date, id",
        )
        partials = self.env["account.partial.reconcile"].search(
            [
                "|",
                ("debit_move_id", "in", open_lines.ids),
                ("credit_move_id", "in", open_lines.ids),
            ]
        )
        open_ids = set(open_lines.ids)
        applied = {}  # settled line -> amount applied to the open items
        for partial in partials:
            for line in partial.debit_move_id | partial.credit_move_id:
                if line.id not in open_ids:
                    applied[line] = applied.get(line, 0.0) + partial.amount
        rows = [(line, line.debit, line.credit) for line in open_lines]
        rows += [
            (line, amount if line.debit else 0.0, amount if line.credit else 0.0)
            for line, amount in applied.items()
        ]
        rows.sort(key=lambda row: (row[0].date, row[0].id))
        currency = self.company_id.currency_id
        balance = 0.0
        lines = []
        for line, debit, credit in rows:
            balance = currency.round(balance + debit - credit)
            lines.append(
                {
                    "date": short_date(line.date),
                    "name": line.move_id.name,
                    "label": line.move_id.ref or line.name or "",
                    "due": short_date(line.date_maturity) if line.id in open_ids else "",
                    "debit": money(debit) if debit else "",
                    "credit": money(credit) if credit else "",
                    "balance": money(balance),
                }
            )
        return {"lines": lines, "balance": money(balance)}
