# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import logging
import re
import shutil
import subprocess

import lxml.html
from lxml import etree
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen import canvas

from odoo import models
from odoo.tools.pdf import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    PdfReader,
    PdfWriter,
)

from odoo.addons.base.models.ir_actions_report import _wkhtml

_logger = logging.getLogger(__name__)

LETTER_MODEL = "debt.recovery.case"
CLASS_XPATH = "//div[contains(concat(' ', normalize-space(@class), ' '), ' {} ')]"
ARTICLE_XPATH = CLASS_XPATH.format("article")


# The footer written on every page of a recovery document: 7 mm above the bottom edge, in the
# margin the letters' paper format leaves free (14 mm).
FOOTER_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FOOTER_FONT_NAME = "DejaVuSans"
FOOTER_SIZE = 7.5
FOOTER_BOTTOM_MM = 7
FOOTER_XOBJECT = NameObject("/DebtRecoveryPageFooter")
NAME_CONTENTS = NameObject("/Contents")
NAME_RESOURCES = NameObject("/Resources")


def _footer_font():
    """The letters' font when the system has it (the text stays searchable), else Helvetica."""
    if FOOTER_FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FOOTER_FONT_NAME
    try:
        pdfmetrics.registerFont(TTFont(FOOTER_FONT_NAME, FOOTER_FONT))
    except (OSError, TTFError):
        return "Helvetica"
    return FOOTER_FONT_NAME


def _footer_pages(sizes, label):
    """One PDF page per ``(width, height)`` of ``sizes``: ``label – page n/N`` at its bottom."""
    packet = io.BytesIO()
    footer = canvas.Canvas(packet)
    font = _footer_font()
    for number, (width, height) in enumerate(sizes, start=1):
        footer.setPageSize((width, height))
        footer.setFont(font, FOOTER_SIZE)
        footer.setFillGray(0.3)
        footer.drawCentredString(
            width / 2, FOOTER_BOTTOM_MM * mm, f"{label} – page {number}/{len(sizes)}"
        )
        footer.showPage()
    footer.save()
    packet.seek(0)
    return PdfReader(packet).pages


def _stamp_page(writer, page, footer_page):
    """Draw ``footer_page`` over ``page``, as ``merge_page`` does, without reading ``page``.

    PyPDF2's ``merge_page`` parses the page's whole content stream (wkhtmltopdf's pages hold
    tens of thousands of operators) and writes it back uncompressed: about 0.4 s a page. Here
    the page keeps its content streams as they are, between ``q`` and ``Q`` (its graphics state
    isolated, as ``merge_page`` does), and the footer page becomes a form XObject drawn after
    them: its own resources (no renaming), clipped to its box as ``merge_page`` clips it. The
    footer is copied by ``writer`` with what it refers to, as the page is; the two new streams
    are the writer's own objects (streams are always indirect).
    """
    footer_ref = footer_page.raw_get(NAME_CONTENTS)
    footer_ref.get_object().update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(footer_page.trimbox),
            NameObject("/Resources"): footer_page.raw_get(NAME_RESOURCES),
        }
    )
    # Copies: the pages of a document share their resources; each page has its own footer.
    resources = DictionaryObject(page[NAME_RESOURCES] if NAME_RESOURCES in page else {})
    xobjects = DictionaryObject(resources["/XObject"] if "/XObject" in resources else {})
    name = FOOTER_XOBJECT
    while name in xobjects:
        name = NameObject(f"{name}x")
    xobjects[name] = footer_ref
    resources[NameObject("/XObject")] = xobjects
    page[NAME_RESOURCES] = resources
    contents = page.raw_get(NAME_CONTENTS) if NAME_CONTENTS in page else ArrayObject()
    if isinstance(contents.get_object(), ArrayObject):
        contents = list(contents.get_object())
    else:
        contents = [contents]
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(f"\nQ\nq {name} Do Q\n".encode())
    page[NAME_CONTENTS] = ArrayObject(
        [
            writer._add_object(before),  # pylint: disable=protected-access
            *contents,
            writer._add_object(after),  # pylint: disable=protected-access
        ]
    )


def _number_pages(stream, label):
    """``stream`` (a PDF) with ``label – page n/N`` centred at the bottom of every page."""
    stream.seek(0)
    reader = PdfReader(stream)
    footers = _footer_pages(
        [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages],
        label,
    )
    writer = PdfWriter()
    for page, footer_page in zip(reader.pages, footers, strict=True):
        _stamp_page(writer, page, footer_page)
        writer.add_page(page)
    result = io.BytesIO()
    writer.write(result)
    return result


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Letters of several cases: one wkhtmltopdf call, one PDF per case.

        Odoo gives wkhtmltopdf one file per record, which the unpatched Qt of Debian's
        wkhtmltopdf refuses; and it splits the result on the PDF outlines, which only the
        patched Qt writes. The letters go in one document instead, split on the page where
        each letter's reference stands.
        """
        report = self._get_report(report_ref)
        if (
            report.model != LETTER_MODEL
            or report.attachment
            or not res_ids
            or len(res_ids) < 2
            or len(res_ids) != len(set(res_ids))
        ):
            streams = super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
            return self._debt_recovery_number_pages(report, streams)
        streams = self._debt_recovery_render_batch(report, data, res_ids)
        if streams is None:
            # The pages could not be told apart: one call per letter, as Odoo would.
            streams = {}
            for res_id in res_ids:
                streams.update(
                    super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=[res_id])
                )
        return self._debt_recovery_number_pages(report, streams)

    def _debt_recovery_number_pages(self, report, streams):
        """Each page of a recovery document carries its file reference and its number.

        Written on the PDF wkhtmltopdf made, not in a wkhtmltopdf footer: Debian's build, with
        the unpatched Qt, prints no footer, and only the patched one knows the page count.
        """
        paperformat = self.env.ref(
            "debt_recovery_fr.paperformat_debt_recovery_letter", raise_if_not_found=False
        )
        if not paperformat or report.paperformat_id != paperformat:
            return streams
        records = self.env[report.model].browse([res_id for res_id in streams if res_id])
        for record in records:
            values = streams[record.id]
            if not values.get("stream") or values.get("attachment"):
                continue
            case = record if record._name == LETTER_MODEL else record["case_id"]
            reference = case._debt_recovery_letter_reference()
            values["stream"] = _number_pages(values["stream"], f"Dossier n° {reference}")
        return streams

    def _build_wkhtmltopdf_args(
        self, paperformat_id, landscape, specific_paperformat_args=None, set_viewport_size=False
    ):
        """A batch of letters does not wait for scripts, unless the administrator says so.

        Odoo waits ``report.print_delay`` (1 s when not set) for the scripts of a report; the
        letters run none (the same PDF without the wait), and the wait was two thirds of the
        time of a batch of 10 letters.
        """
        args = super()._build_wkhtmltopdf_args(
            paperformat_id,
            landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )
        # sudo: a system parameter, read only.
        delay_set = self.env["ir.config_parameter"].sudo().get_param("report.print_delay")
        if self.env.context.get("debt_recovery_letters") and not delay_set:
            if "--javascript-delay" in args:
                args[args.index("--javascript-delay") + 1] = "0"
        return args

    def _debt_recovery_render_batch(self, report, data, res_ids):
        """``{res_id: {"stream", "attachment"}}`` from one wkhtmltopdf call, or ``None``."""
        data = dict(data or {}, report_type="pdf", debug=False)
        self_nodebug = self.with_context(debug=False)
        html = self_nodebug._render_qweb_html(report, res_ids, data=data)[0]
        if "(with patched qt)" not in _wkhtml().version:
            html = self._debt_recovery_single_article(html)
        bodies, _html_ids, header, footer, paper_args = report.with_context(
            debug=False
        )._prepare_html(html, report_model=report.model)
        pdf = self_nodebug.with_context(debt_recovery_letters=True)._run_wkhtmltopdf(
            bodies,
            report_ref=report,
            header=header,
            footer=footer,
            landscape=self.env.context.get("landscape"),
            specific_paperformat_args=paper_args,
        )
        cases = self.env[LETTER_MODEL].browse(res_ids)
        starts = self._debt_recovery_letter_starts(pdf, cases)
        if starts is None:
            return None
        reader = PdfReader(io.BytesIO(pdf))
        ends = [*starts[1:], len(reader.pages)]
        streams = {}
        for case, start, end in zip(cases, starts, ends, strict=True):
            writer = PdfWriter()
            for number in range(start, end):
                writer.add_page(reader.pages[number])
            stream = io.BytesIO()
            writer.write(stream)
            streams[case.id] = {"stream": stream, "attachment": None}
        return streams

    def _prepare_html(self, html, report_model=False):
        """The recovery documents print no header or footer.

        They carry the creditor's letterhead and every mention in their body, because Debian's
        wkhtmltopdf ignores the header and footer. Without them, the patched-Qt build of
        production sites lays the pages out the same way, instead of squeezing the company
        header into the letters' small top margin over the debtor's address.
        """
        paperformat = self.env.ref(
            "debt_recovery_fr.paperformat_debt_recovery_letter", raise_if_not_found=False
        )
        if paperformat and self.paperformat_id == paperformat:
            root = lxml.html.fromstring(html, parser=lxml.html.HTMLParser(encoding="utf-8"))
            for node in root.xpath(
                f"{CLASS_XPATH.format('header')} | {CLASS_XPATH.format('footer')}"
            ):
                node.getparent().remove(node)
            html = lxml.html.tostring(root, encoding="unicode")
        return super()._prepare_html(html, report_model=report_model)

    def _debt_recovery_single_article(self, html):
        """The letters of ``html`` in one article, each starting on a new page."""
        root = lxml.html.fromstring(html, parser=lxml.html.HTMLParser(encoding="utf-8"))
        articles = root.xpath(ARTICLE_XPATH)
        first = articles[0]
        for article in articles[1:]:
            first.append(etree.Element("div", style="page-break-before: always;"))
            for child in list(article):
                first.append(child)
            article.getparent().remove(article)
        return lxml.html.tostring(root, encoding="unicode")

    def _debt_recovery_letter_starts(self, pdf, cases):
        """The page where each case's letter starts: the first with its reference."""
        texts = [re.sub(r"\s+", " ", text) for text in self._debt_recovery_page_texts(pdf)]
        starts, page = [], 0
        for case in cases:
            marker = re.compile(rf"Dossier n\W*{case._debt_recovery_letter_reference()}\b")
            while page < len(texts) and not marker.search(texts[page]):
                page += 1
            if page == len(texts):
                return None
            starts.append(page)
            page += 1
        return starts if starts and starts[0] == 0 else None

    def _debt_recovery_page_texts(self, pdf):
        """The text of each page of ``pdf``.

        Read by poppler's ``pdftotext`` when it is installed: about a hundred times faster than
        PyPDF2's text extraction, which took most of the time of a batch of letters.
        """
        pdftotext = shutil.which("pdftotext")
        if pdftotext:
            try:
                process = subprocess.run(
                    [pdftotext, "-q", "-enc", "UTF-8", "-", "-"],
                    input=pdf,
                    capture_output=True,
                    check=True,
                    timeout=60,
                )
            except (OSError, subprocess.SubprocessError) as error:
                _logger.warning("pdftotext failed (%s): PyPDF2 reads the letters instead", error)
            else:
                # One form feed after each page.
                pages = process.stdout.decode("utf-8", "replace").split("\f")
                reader_pages = len(PdfReader(io.BytesIO(pdf)).pages)
                if len(pages) >= reader_pages:
                    return pages[:reader_pages]
        return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
