# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import re
import subprocess
import tempfile
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user
from odoo.tools.pdf import PdfReader, PdfWriter

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


def pdf_text(pdf, layout=False):
    """The text a reader sees in ``pdf``, on one line, with plain spaces.

    ``layout`` keeps each table row on its line (and puts side-by-side blocks on the same lines).
    """
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        options = ["-layout"] if layout else []
        text = subprocess.run(
            ["pdftotext", *options, "-enc", "UTF-8", file.name, "-"],
            capture_output=True,
            check=True,
        ).stdout.decode()
    return re.sub(r"\s+", " ", text.replace("\N{NO-BREAK SPACE}", " ").replace("\u202f", " "))


def pdf_text_pages(pdf):
    """Each page of ``pdf`` on its own, as a one-page PDF (to read with ``pdf_text``)."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        writer = PdfWriter()
        writer.add_page(page)
        stream = io.BytesIO()
        writer.write(stream)
        pages.append(stream.getvalue())
    return pages


# The steps of the tests' recovery ladders: a level's name and phase (and the channel that makes
# it what it is). Its sequence, delay and the rest are the test's own (``_create_level``).
LADDER_STEPS = {
    "reminder": {"name": "Reminder"},
    "second": {"name": "Second reminder"},
    "call": {"name": "Call", "channel_phone": True},
    "notice": {"name": "Formal notice", "phase": "formal_notice"},
    "commissaire": {
        "name": "Commissaire",
        "phase": "simplified_procedure",
        "channel_commissaire": True,
    },
    "payment_order": {"name": "Payment order", "phase": "payment_order"},
}

# The debtors of the letters (in France).
LETTERS_B2B_DEBTOR = {
    "name": "Menuiserie Dupont SARL",
    "is_company": True,
    "street": "12 rue des Lilas",
    "zip": "75011",
    "city": "Paris",
    "company_registry": "55203253400646",
}
LETTERS_CONSUMER_DEBTOR = {
    "name": "Jean Petit",
    "street": "3 allée des Tilleuls",
    "zip": "69003",
    "city": "Lyon",
    "debt_recovery_debtor_type": "b2c",
}


class DebtRecoveryBuilders:
    """The records the tests build again and again: recovery levels, the debtors of the letters'
    tests, the creditor's letterhead, an instalment plan. In the current company
    (``cls.env.company``); a mixin for ``DebtRecoveryCommon`` and for plain HTTP test cases."""

    @classmethod
    def _create_level(cls, step, sequence, delay_days=None, **values):
        """The level ``step`` of ``LADDER_STEPS`` at ``sequence``, reached after ``delay_days``
        (None: unset). ``values`` add or override fields; ``mail_template_id`` and
        ``letter_report_id`` may be given as the xmlid of the record in this module."""
        vals = {
            "company_id": cls.env.company.id,
            **LADDER_STEPS[step],
            "sequence": sequence,
            **values,
        }
        if delay_days is not None:
            vals["delay_days"] = delay_days
        for field in ("mail_template_id", "letter_report_id"):
            if isinstance(vals.get(field), str):
                vals[field] = cls.env.ref(f"debt_recovery_fr.{vals[field]}").id
        return cls.env["debt.recovery.level"].create(vals)

    @classmethod
    def _create_friendly_reminder(cls, letter=False, **values):
        """The first reminder, 5 days overdue, e-mailed with the module's friendly template;
        with ``letter``, also printed as the module's friendly letter."""
        if letter:
            values.update(channel_letter=True, letter_report_id="report_reminder_friendly")
        return cls._create_level(
            "reminder",
            10,
            5,
            channel_email=True,
            mail_template_id="mail_template_reminder_friendly",
            **values,
        )

    @classmethod
    def _create_formal_notice(cls, **values):
        """The formal notice, 35 days overdue: e-mailed and sent by registered letter."""
        return cls._create_level(
            "notice",
            40,
            35,
            channel_email=True,
            channel_registered_letter=True,
            mail_template_id="mail_template_formal_notice",
            **values,
        )

    @classmethod
    def _create_user(cls, login, groups="debt_recovery_fr.debt_recovery_group_user", **values):
        """A user of the current company only (a Recovery User unless ``groups`` says)."""
        company = cls.env.company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            **values,
        )

    @classmethod
    def _create_officer(cls, login):
        """Claire Martin, the Recovery User who writes and signs to the debtors."""
        return cls._create_user(login, name="Claire Martin", email="claire.martin@atelier.example")

    @classmethod
    def _set_letterhead(cls, **values):
        """The creditor of the letters: a Paris SAS that signs them, its legal mentions."""
        cls.env.company.write(
            {
                "name": "Atelier Ébène Martin",
                "street": "8 rue du Faubourg Saint-Antoine",
                "zip": "75012",
                "city": "Paris",
                "company_registry": "41816609600069",
                "debt_recovery_legal_form": "SAS",
                "debt_recovery_rcs_city": "Paris",
                "debt_recovery_signatory_name": "Claire Martin",
                "debt_recovery_signatory_function": "Présidente",
                **values,
            }
        )

    @classmethod
    def _create_french_partner(cls, values):
        return cls.env["res.partner"].create({"country_id": cls.env.ref("base.fr").id, **values})

    @classmethod
    def _create_b2b_debtor(cls, **values):
        """The business debtor of the letters: a Paris SARL with its SIRET."""
        return cls._create_french_partner({**LETTERS_B2B_DEBTOR, **values})

    @classmethod
    def _create_consumer_debtor(cls, **values):
        """The consumer debtor of the letters, in Lyon."""
        return cls._create_french_partner({**LETTERS_CONSUMER_DEBTOR, **values})

    @classmethod
    def _create_paris_debtor(cls, **values):
        """A business debtor in Paris 11e (the commissaires' territory of the tests)."""
        return cls._create_french_partner(
            {"name": "Menuiserie Martin SARL", "is_company": True, "zip": "75011", **values}
        )

    @classmethod
    def _dated_invoice(cls, partner, amount, invoice_date, due, product="Agencement"):
        """A posted customer invoice of ``amount`` (one line ``product``, no tax) at fixed
        dates."""
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create(
                        {"name": product, "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    @classmethod
    def _create_plan(cls, debtor, product):
        """A draft plan of 3 instalments for the case of ``debtor`` (at no level), whose posted
        invoice of 900 € (one line ``product``, no tax) fell due 30 days ago."""
        today = fields.Date.context_today(cls.env.user)
        cls._dated_invoice(
            debtor, 900, today - timedelta(days=60), today - timedelta(days=30), product=product
        )
        case = cls.env["debt.recovery.case"]._debt_recovery_case_for_partner(
            debtor, cls.env.company
        )
        wizard = cls.env["debt.recovery.instalment.wizard"].create(
            {"case_id": case.id, "count": 3, "first_date": today + timedelta(days=15)}
        )
        return cls.env["debt.recovery.instalment.plan"].browse(
            wizard.action_create_plan()["res_id"]
        )


class DebtRecoveryCommon(DebtRecoveryBuilders, AccountTestInvoicingCommon):
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

    @classmethod
    def _create_email_debtors(cls, count):
        """``count`` businesses reached by e-mail, each due 1 000 € for 10 days."""
        debtors = cls.env["res.partner"].create(
            [
                {"name": f"Client {index}", "is_company": True, "email": f"c{index}@x.example"}
                for index in range(count)
            ]
        )
        for debtor in debtors:
            cls._overdue_invoice(debtor, 1000, 10)
        return debtors

    @classmethod
    def _set_up_daily_letters(cls, count):
        """``count`` debtors (``cls.debtors``) due the reminder e-mailed and printed
        (``cls.level``), the scheduled action that sends it (``cls.cron``)."""
        cls.level = cls._create_friendly_reminder(letter=True)
        cls.debtors = cls._create_email_debtors(count)
        cls.Action = cls.env["debt.recovery.action"]
        cls.cron = cls.env.ref("debt_recovery_fr.ir_cron_debt_recovery_run")

    def _case_of(self, partner):
        return self.Case.search([("partner_id", "=", partner.id)])

    def _render_pdf(self, xmlid, records):
        """The real PDF of the report ``xmlid`` (wkhtmltopdf: needs an HttpCase)."""
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(f"debt_recovery_fr.{xmlid}", records.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf

    def _assert_mentions(self, pdf, mentions):
        """Each mention is read in the PDF, in the reading order or row by row (tables)."""
        text, rows = pdf_text(pdf), pdf_text(pdf, layout=True)
        for mention in mentions:
            self.assertTrue(mention in text or mention in rows, f"{mention!r} not in {text!r}")
        return text

    @classmethod
    def _send_formal_notice(cls, case, level=None):
        """The formal notice of ``case`` sent: its registered letter at ``level`` (the case's,
        of phase formal notice), done, as the recovery records it. What a procedure needs."""
        level = level or case.level_id
        Action = cls.env["debt.recovery.action"]
        with Action._debt_recovery_internal():
            letter = case.action_ids.filtered(
                lambda action: action.level_id == level
                and action.channel == "registered_letter"
                and action.state != "cancelled"
            )
            if letter:
                letter.state = "done"
                return letter
            return Action.create(
                {
                    "case_id": case.id,
                    "level_id": level.id,
                    "channel": "registered_letter",
                    "level_visit": case.level_visit,
                    "state": "done",
                    "amount": case.amount_overdue,
                }
            )
