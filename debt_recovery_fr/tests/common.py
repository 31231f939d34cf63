# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import re
import subprocess
import tempfile
from datetime import timedelta

from odoo import Command, fields
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

    @classmethod
    def _dated_invoice(cls, partner, amount, invoice_date, due):
        """A posted customer invoice of ``amount`` (no tax) at fixed dates."""
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Agencement", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

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
