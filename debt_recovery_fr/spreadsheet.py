# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Read the spreadsheets users export from their previous software: plain Python, no Odoo.

``.xls`` (Excel 97-2003) with xlrd, ``.xlsx`` with openpyxl, ``.csv`` with the standard library
as French tools write it (``;`` separator, comma decimals, Latin-1 or UTF-8). Values are parsed
the French way: ``1 234,56`` is an amount, ``31/12/2024`` or an Excel serial number is a date.
Every failure is a ``SpreadsheetError`` with an English template the Odoo layer translates.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from .legal.errors import LegalError, _lt


class SpreadsheetError(LegalError):
    """A file or a cell cannot be read as expected."""


# Excel's day 0 in the 1900 date system (it counts a 29 February 1900 that never was).
EXCEL_EPOCH_1900 = date(1899, 12, 30)
EXCEL_EPOCH_1904 = date(1904, 1, 1)
# Serial numbers a date column may hold: 1 January 1950 to 31 December 2099.
EXCEL_SERIAL_RANGE = (18264, 73415)
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S")
_CSV_DELIMITERS = ";,\t|"
# The error values a formula cell can hold.
EXCEL_ERRORS = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
# The first characters that make a spreadsheet read a cell as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The largest amount an import accepts: beyond, a float no longer holds the cents.
MAX_AMOUNT = Decimal("999999999999.99")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


@dataclass
class Sheet:
    """The first sheet of a file: its header, its data rows and the rows with merged cells.

    ``rows`` holds ``(row_number, cells)`` pairs, ``row_number`` counted from 1 as the
    spreadsheet tools show it (the header is row 1 when the file starts with it). Blank rows
    are left out.
    """

    header: list
    rows: list = field(default_factory=list)
    merged_rows: set = field(default_factory=set)
    datemode: int = 0


def read_sheet(content, filename):
    """The first sheet of ``content`` (bytes), read by the extension of ``filename``."""
    extension = (filename or "").rsplit(".", 1)[-1].lower()
    readers = {"xls": _read_xls, "xlsx": _read_xlsx, "csv": _read_csv, "txt": _read_csv}
    if extension not in readers:
        raise SpreadsheetError(
            _lt("%(file)s is not a spreadsheet this import reads: use .xls, .xlsx or .csv."),
            file=filename or "?",
        )
    if not content:
        raise SpreadsheetError(_lt("The file %(file)s is empty."), file=filename)
    numbered = readers[extension](content, filename)
    for number, cells, _merged in numbered[0]:
        if any(isinstance(cell, str) and "\x00" in cell for cell in cells):
            # PostgreSQL stores no NUL character: a file holding one is not a text export.
            raise SpreadsheetError(
                _lt(
                    "Row %(row)s of %(file)s holds a NUL character (byte 0): it is not a "
                    "spreadsheet export; export the file again as CSV or Excel."
                ),
                row=number,
                file=filename,
            )
    rows = [(number, cells) for number, cells, merged in numbered[0] if not _is_blank(cells)]
    if not rows:
        raise SpreadsheetError(_lt("The first sheet of %(file)s holds no rows."), file=filename)
    (header_number, header), data = rows[0], rows[1:]
    if not data:
        raise SpreadsheetError(
            _lt("The first sheet of %(file)s holds a header but no data rows."), file=filename
        )
    width = len(header)
    while width and _is_blank([header[width - 1]]):
        width -= 1
    header = [text_value(cell) or "" for cell in header[:width]]
    merged = {number for number, _cells, is_merged in numbered[0] if is_merged}
    return Sheet(
        header=header,
        rows=[(number, (list(cells) + [None] * width)[:width]) for number, cells in data],
        merged_rows=merged - {header_number},
        datemode=numbered[1],
    )


def normalize_header(header):
    """``'N° facture'`` → ``'n facture'``: no accents, no case, no punctuation."""
    text = unicodedata.normalize("NFKD", str(header or "")).encode("ascii", "ignore").decode()
    return _NOT_WORD.sub(" ", text.lower()).strip()


def neutralize_formula(value):
    """``value`` as a spreadsheet shows it as text: a text starting like a formula (``=``,
    ``+``, ``-``, ``@``, tab, carriage return) gets a leading apostrophe, so that opening an
    exported CSV never runs ``=HYPERLINK(...)`` or the like. Other values are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def looks_like_formula(text):
    """Whether ``text`` starts as a spreadsheet formula would (see ``neutralize_formula``)."""
    return isinstance(text, str) and text.lstrip(" ").startswith(FORMULA_STARTS)


def check_length(text, max_length):
    """``text`` when at most ``max_length`` characters long, else a ``SpreadsheetError``."""
    if text is not None and len(text) > max_length:
        raise SpreadsheetError(
            _lt("%(length)s characters, at most %(max)s are accepted"),
            length=len(text),
            max=max_length,
        )
    return text


def _is_blank(cells):
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _read_xls(content, filename):
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=content, formatting_info=True)
    except Exception as error:  # xlrd raises bare XLRDError, struct and compound-document errors
        raise SpreadsheetError(
            _lt("%(file)s cannot be read as an Excel 97-2003 (.xls) file: %(reason)s"),
            file=filename,
            reason=str(error),
        ) from error
    if not book.nsheets:
        return [], book.datemode
    sheet = book.sheet_by_index(0)
    merged = set()
    for row_low, row_high, _col_low, _col_high in sheet.merged_cells:
        merged.update(range(row_low + 1, row_high + 1))
    rows = []
    for index in range(sheet.nrows):
        cells = []
        for cell in sheet.row(index):
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                cells.append(None)
            elif cell.ctype == xlrd.XL_CELL_DATE:
                cells.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                cells.append(CellError(xlrd.error_text_from_code.get(cell.value, "#ERROR")))
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                cells.append(bool(cell.value))
            else:
                cells.append(cell.value)
        rows.append((index + 1, cells, index + 1 in merged))
    return rows, book.datemode


def _read_xlsx(content, filename):
    import openpyxl

    try:
        # Not read-only: the merged cell ranges are only known to a fully loaded sheet.
        book = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    except Exception as error:  # zip, XML and openpyxl's own errors
        raise SpreadsheetError(
            _lt("%(file)s cannot be read as an Excel (.xlsx) file: %(reason)s"),
            file=filename,
            reason=str(error),
        ) from error
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        return [], 0
    merged = set()
    for cell_range in sheet.merged_cells.ranges:
        merged.update(range(cell_range.min_row, cell_range.max_row + 1))
    rows = []
    for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [
            CellError(value) if isinstance(value, str) and value in EXCEL_ERRORS else value
            for value in values
        ]
        rows.append((index, cells, index in merged))
    return rows, 1 if book.epoch == openpyxl.utils.datetime.CALENDAR_MAC_1904 else 0


def decode_text(content):
    """The text of a CSV export: UTF-8 (with or without BOM), else Windows-1252 / Latin-1."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1", errors="replace")


def _read_csv(content, filename):
    text = decode_text(content)
    lines = text.splitlines()
    sample = "\n".join(lines[:20])
    # French exports separate with ';' (the comma is the decimal mark): count, don't guess.
    delimiter = max(_CSV_DELIMITERS, key=sample.count) if sample else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for index, cells in enumerate(reader, start=1):
            rows.append((index, [cell if cell.strip() else None for cell in cells], False))
    except csv.Error as error:
        raise SpreadsheetError(
            _lt("%(file)s cannot be read as a CSV file: %(reason)s"),
            file=filename,
            reason=str(error),
        ) from error
    return rows, 0


class CellError(str):
    """A cell holding a spreadsheet error (``#VALUE!``, ``#DIV/0!``, …)."""


# ----------------------------------------------------------------------------------------------
# Values
# ----------------------------------------------------------------------------------------------
def text_value(cell):
    """The text of a cell: integral numbers without ``.0``, dates as dd/mm/yyyy."""
    if cell is None or isinstance(cell, CellError):
        return None
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (int, float)):
        return str(cell)
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    return str(cell).strip() or None


def amount_value(cell):
    """A ``Decimal`` amount: a number cell, or French text (``1 234,56 €``, ``1.234,56``)."""
    if cell is None:
        return None
    if isinstance(cell, CellError):
        raise SpreadsheetError(_lt("the cell holds the error %(value)s"), value=str(cell))
    if isinstance(cell, bool) or isinstance(cell, (date, datetime)):
        raise SpreadsheetError(_lt("%(value)s is not an amount"), value=text_value(cell))
    if isinstance(cell, (int, float)):
        return _bounded(Decimal(str(cell)), str(cell))
    text = _SPACES.sub("", str(cell)).replace("€", "").replace("EUR", "")
    if not text:
        return None
    if "," in text:
        # French: the comma is the decimal mark, dots group the thousands.
        text = text.replace(".", "").replace(",", ".")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
        raise SpreadsheetError(_lt("%(value)s is not an amount"), value=str(cell).strip())
    try:
        value = Decimal(text)
    except InvalidOperation as error:  # pragma: no cover - the pattern above excludes it
        raise SpreadsheetError(_lt("%(value)s is not an amount"), value=str(cell)) from error
    return _bounded(value, str(cell).strip())


def _bounded(value, shown):
    if not value.is_finite() or abs(value) > MAX_AMOUNT:
        raise SpreadsheetError(
            _lt("%(value)s is too large an amount (at most %(max)s)"),
            value=shown,
            max="999 999 999 999,99",
        )
    return value


def percent_value(cell):
    """A ``Decimal`` percentage in points: ``15``, ``15 %``, ``12,5 %`` are 15 and 12.5."""
    if isinstance(cell, str):
        cell = cell.replace("%", "")
    return amount_value(cell)


def serial_to_date(serial, datemode=0):
    """The date of an Excel serial number (1900 or 1904 date system)."""
    epoch = EXCEL_EPOCH_1904 if datemode else EXCEL_EPOCH_1900
    return epoch + timedelta(days=int(serial))


def date_value(cell, datemode=0):
    """A ``date``: a date cell, an Excel serial number, or text as dd/mm/yyyy (or ISO)."""
    if cell is None:
        return None
    if isinstance(cell, CellError):
        raise SpreadsheetError(_lt("the cell holds the error %(value)s"), value=str(cell))
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, bool):
        raise SpreadsheetError(_lt("%(value)s is not a date"), value=str(cell))
    if isinstance(cell, (int, float)):
        if not EXCEL_SERIAL_RANGE[0] <= cell <= EXCEL_SERIAL_RANGE[1]:
            raise SpreadsheetError(_lt("%(value)s is not a date"), value=text_value(cell))
        return serial_to_date(cell, datemode)
    text = str(cell).strip()
    if not text:
        return None
    if text.isdigit():
        return date_value(int(text), datemode)
    for date_format in _DATE_FORMATS:
        try:
            return datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise SpreadsheetError(_lt("%(value)s is not a date (dd/mm/yyyy)"), value=text)


def identifier_value(cell):
    """A SIREN/SIRET as text, its leading zeros put back when a spreadsheet read it as a number."""
    text = text_value(cell)
    if text is None:
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and text.isdigit():
        return text.zfill(9) if len(text) <= 9 else text.zfill(14)
    return text


def phone_value(cell):
    """A phone number as text; a French number read as a number gets its leading 0 back."""
    text = text_value(cell)
    if text is None:
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and len(text) == 9:
        return "0" + text
    return text
