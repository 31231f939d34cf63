# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Write the spreadsheet fixtures of the import tests (debt_recovery_fr/tests/fixtures/import/).

Not part of the module nor of its dependencies. Run it once in a scratch virtual environment
that has xlwt (the BIFF8 writer of Excel 97-2003 files) and openpyxl:

    python3 -m venv /tmp/fixtures-venv && /tmp/fixtures-venv/bin/pip install xlwt openpyxl
    /tmp/fixtures-venv/bin/python tools/make_import_fixtures.py

The files are committed; the tests read them as a user's files, they never run this script.
"""

import csv
import io
import sys
from datetime import date
from pathlib import Path

import openpyxl
import xlwt

OUT = Path(__file__).resolve().parent.parent / "debt_recovery_fr/tests/fixtures/import"

RECEIVABLE_HEADER = [
    "Client",
    "SIRET",
    "N° TVA",
    "N° facture",
    "Date facture",
    "Échéance",
    "Montant TTC",
    "Reste dû",
    "Adresse",
    "Code postal",
    "Ville",
    "E-mail",
    "Téléphone",
]
# Debtors: Menuiserie Dupont (matched by its SIREN: the tests give it another establishment's
# SIRET), Boulangerie Martin (by its VAT number), Cabinet Leroy (by its exact name); Garage des
# Alpes and Transports Bernard are new.
DUPONT = ["Menuiserie Dupont SARL", "53210987300010", None]
MARTIN = ["Boulangerie Martin", None, "FR96412345670"]
LEROY = ["Cabinet Leroy", None, None]
ALPES_ADDRESS = ["12 rue des Lilas", "38000", "Grenoble", "compta@garage-alpes.fr", "0476000000"]
BERNARD = ["Transports Bernard", "05123456500003", None]
BERNARD_ADDRESS = ["ZI des Peupliers", "59000", "Lille", None, "0612345678"]


def line(*values):
    """A row of the receivables sheet, its missing trailing cells empty."""
    return [*values, *[None] * (len(RECEIVABLE_HEADER) - len(values))]


def receivable_rows(prefix, future_due):
    """Six invoices of five debtors; the Bernard one falls due on ``future_due``."""
    return [
        line(*DUPONT, f"{prefix}101", date(2024, 3, 15), date(2024, 4, 14), 1200.0, 1200.0),
        line(*DUPONT, f"{prefix}102", date(2024, 5, 2), date(2024, 6, 1), 850.5, 350.5),
        line(*MARTIN, f"{prefix}103", date(2024, 9, 30), date(2024, 10, 30), 96.0, 96.0),
        line(
            "Garage des Alpes SAS",
            800123457,
            None,
            f"{prefix}104",
            date(2025, 1, 10),
            date(2025, 2, 9),
            4320.0,
            2000.0,
            *ALPES_ADDRESS,
        ),
        line(*LEROY, f"{prefix}105", date(2025, 6, 5), date(2025, 7, 5), 640.0, 640.0),
        line(
            *BERNARD,
            f"{prefix}106",
            date(2026, 10, 1),
            future_due,
            15000.0,
            15000.0,
            *BERNARD_ADDRESS,
        ),
    ]


FUTURE_DUE = date(2099, 12, 31)


def write_xls(path, header, rows, merges=()):
    """A BIFF8 workbook as Excel 97-2003 saves it: real date cells, numbers as numbers."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Balance âgée")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    money_style = xlwt.easyxf(num_format_str="#,##0.00")
    bold = xlwt.easyxf("font: bold on")
    for col, title in enumerate(header):
        sheet.write(0, col, title, bold)
    merged_cells = {
        (row, col)
        for row_low, row_high, col_low, col_high, _value in merges
        for row in range(row_low, row_high + 1)
        for col in range(col_low, col_high + 1)
    }
    for index, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None or (index, col) in merged_cells:
                continue
            if isinstance(value, date):
                sheet.write(index, col, value, date_style)
            elif isinstance(value, float):
                sheet.write(index, col, value, money_style)
            else:
                sheet.write(index, col, value)
    for row_low, row_high, col_low, col_high, value in merges:
        sheet.write_merge(row_low, row_high, col_low, col_high, value)
    book.save(str(path))


def write_xlsx(path, header, rows, serial_dates=False):
    """A workbook as LibreOffice Calc saves it; ``serial_dates``: invoice dates left unformatted."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Feuille1"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, float):
                cell.number_format = "#,##0.00"
    if serial_dates:
        # The invoice date column exported as Excel serial numbers (a format lost on the way).
        for row in sheet.iter_rows(min_row=2, min_col=5, max_col=5):
            for cell in row:
                cell.value = (cell.value - date(1899, 12, 30)).days
                cell.number_format = "General"
    book.properties.creator = "LibreOffice"
    book.save(path)


def french_amount(value):
    """``1 234,56``: a space groups the thousands, the comma marks the decimals."""
    whole, cents = f"{value:.2f}".split(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    return " ".join([whole, *groups]) + "," + cents


def french_cell(value):
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return french_amount(value)
    return "" if value is None else str(value)


def write_csv(path, header, rows, encoding):
    """A CSV as French spreadsheet tools export it: ``;``, CRLF, comma decimals."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([french_cell(value) for value in row])
    path.write_bytes(buffer.getvalue().encode(encoding))


def error_rows():
    """One good row, then one fault per row (row numbers as a spreadsheet shows them)."""
    return [
        # row 2: good
        line(*DUPONT, "FA-2025-0001", date(2025, 1, 6), date(2025, 2, 5), 500.0, 500.0),
        # row 3: text in the amount column
        line(*DUPONT, "FA-2025-0002", date(2025, 1, 7), date(2025, 2, 6), "douze cents", 100.0),
        # row 4: SIRET with a wrong check digit
        line(
            "Menuiserie Dupont SARL",
            "53210987300011",
            None,
            "FA-2025-0003",
            date(2025, 1, 8),
            date(2025, 2, 7),
            300.0,
            300.0,
        ),
        # row 5: a date that does not exist
        line(*DUPONT, "FA-2025-0004", "31/02/2025", date(2025, 3, 31), 200.0, 200.0),
        # row 6: more left to pay than the invoice's amount
        line(*MARTIN, "FA-2025-0005", date(2025, 1, 9), date(2025, 2, 8), 400.0, 500.0),
        # row 7: the invoice number of row 2 again
        line(*MARTIN, "FA-2025-0001", date(2025, 1, 10), date(2025, 2, 9), 50.0, 50.0),
        # row 8: an invoice already imported from receivables.xls
        line(*DUPONT, "FA-2024-0101", date(2024, 3, 15), date(2024, 4, 14), 1200.0, 1200.0),
        # row 9: due before it was issued
        line(*LEROY, "FA-2025-0006", date(2025, 5, 1), date(2025, 4, 1), 75.0, 75.0),
        # row 10: no invoice number
        line(*LEROY, None, date(2025, 5, 2), date(2025, 6, 1), 80.0, 80.0),
    ]


def vat_rows():
    """VAT numbers checked before anything is written: rows 2 and 6 right, 3 to 5 wrong."""
    return [
        # row 2: a Belgian debtor, its VAT number valid (base_vat's check)
        line(
            "Brasserie Bruxelloise SA",
            None,
            "BE0477472701",
            "TV-101",
            date(2025, 3, 3),
            date(2025, 4, 2),
            900.0,
            900.0,
        ),
        # row 3: a French VAT number whose key is wrong (96 is right)
        line(
            "Boulangerie Martin",
            None,
            "FR97412345670",
            "TV-102",
            date(2025, 3, 4),
            date(2025, 4, 3),
            120.0,
            120.0,
        ),
        # row 4: a valid VAT number, but not that of the SIRET of the row (Dupont's)
        line(
            "Menuiserie Dupont SARL",
            "53210987300010",
            "FR96412345670",
            "TV-103",
            date(2025, 3, 5),
            date(2025, 4, 4),
            310.0,
            310.0,
        ),
        # row 5: a Belgian VAT number with a wrong check digit
        line(
            "Friterie Liégeoise SPRL",
            None,
            "BE0477472702",
            "TV-104",
            date(2025, 3, 6),
            date(2025, 4, 5),
            45.0,
            45.0,
        ),
        # row 6: a new French debtor, its VAT number written with spaces
        line(
            "Imprimerie Lenoir",
            "751234568",
            "FR 90 751 234 568",
            "TV-105",
            date(2025, 3, 7),
            date(2025, 4, 6),
            2500.0,
            2500.0,
        ),
    ]


def paid_rows():
    """Two invoices of one month: one paid in full (nothing left due), one partly paid."""
    return [
        line(*LEROY, "PAY-101", date(2025, 9, 1), date(2025, 10, 1), 300.0, 0.0),
        line(*LEROY, "PAY-102", date(2025, 9, 15), date(2025, 10, 15), 700.0, 200.0),
    ]


COMMISSAIRE_HEADER = [
    "Nom",
    "Adresse",
    "Code postal",
    "Ville",
    "Départements",
    "E-mail",
    "Téléphone",
    "Convention d'honoraires",
]
COMMISSAIRES = [
    [
        "SCP Durand & Associés",
        "8 rue de la Paix",
        "75002",
        "Paris",
        "75, 92, 93",
        "contact@durand-cj.fr",
        "01 42 00 00 00",
        "Forfait 150 € HT par dossier, droit proportionnel (art. A444-32 C. com.)",
    ],
    [
        "SELARL Huissiers du Rhône",
        "3 quai Saint-Antoine",
        "69002",
        "Lyon",
        "69;01;42",
        "etude@huissiers-rhone.fr",
        "04 78 00 00 00",
        "Tarif réglementé, sans honoraires de résultat",
    ],
    [
        "Maître Anne Corse",
        "1 cours Napoléon",
        "20000",
        "Ajaccio",
        "2A 2B",
        "anne.corse@cj-ajaccio.fr",
        "04 95 00 00 00",
        None,
    ],
]
COMMISSAIRE_ERRORS = [
    ["Étude Fantôme", "1 rue Nulle Part", "75001", "Paris", "75, 99", None, None, None],
    [None, "2 rue Sans Nom", "75001", "Paris", "75", "sans.nom@example.fr", None, None],
]


COMMISSAIRE_FEES_HEADER = [
    "Nom",
    "N° TVA",
    "Départements",
    "Forfait par dossier HT",
    "Pourcentage à partir de",
    "Pourcentage HT",
]
# The fees as LibreOffice users type them: numbers, or text with a % sign and a comma.
COMMISSAIRE_FEES = [
    ["SCP Durand & Associés", "FR73888123452", "75, 92, 93", 60.0, 1000.0, 15.0],
    ["Maître Anne Corse", None, "2A 2B", 48.5, None, "12,5 %"],
]
COMMISSAIRE_FEES_ERRORS = [
    ["Étude Négative", None, "75", -60.0, None, None],
    ["Étude Gourmande", None, "75", 60.0, 0.0, "120 %"],
    ["Étude Littéraire", None, "75", None, None, "quinze"],
    ["Étude Sans TVA", "FR00532109873", "75", 60.0, None, 10.0],
]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    # Named files only (``python tools/make_import_fixtures.py receivables_vat.csv``): the
    # others are left as committed.
    only = set(sys.argv[1:])
    if only:
        for name, write in ADDED.items():
            if name in only:
                write(OUT / name)
        return
    for name, write in ADDED.items():
        write(OUT / name)
    write_xls(OUT / "receivables.xls", RECEIVABLE_HEADER, receivable_rows("FA-2024-0", FUTURE_DUE))
    write_xlsx(
        OUT / "receivables.xlsx",
        RECEIVABLE_HEADER,
        receivable_rows("F2024/0", FUTURE_DUE),
        serial_dates=True,
    )
    write_csv(
        OUT / "receivables_fr.csv",
        RECEIVABLE_HEADER,
        receivable_rows("2024-", FUTURE_DUE),
        "latin-1",
    )
    write_xlsx(OUT / "receivables_errors.xlsx", RECEIVABLE_HEADER, error_rows())
    # Rows 2 and 3 hold one client whose name cell is merged over both, as reports are laid out.
    merged_rows = receivable_rows("FM-2024-0", FUTURE_DUE)[:3]
    write_xls(
        OUT / "receivables_merged.xls",
        RECEIVABLE_HEADER,
        merged_rows,
        merges=[(1, 2, 0, 0, "Menuiserie Dupont SARL")],
    )
    empty = openpyxl.Workbook()
    empty.active.title = "Feuille1"
    empty.save(OUT / "empty.xlsx")
    write_csv(OUT / "commissaires.csv", COMMISSAIRE_HEADER, COMMISSAIRES, "utf-8-sig")
    write_csv(OUT / "commissaires_errors.csv", COMMISSAIRE_HEADER, COMMISSAIRE_ERRORS, "latin-1")


ADDED = {
    "receivables_vat.csv": lambda path: write_csv(path, RECEIVABLE_HEADER, vat_rows(), "latin-1"),
    "receivables_paid.csv": lambda path: write_csv(path, RECEIVABLE_HEADER, paid_rows(), "latin-1"),
    "commissaires_fees.xlsx": lambda path: write_xlsx(
        path, COMMISSAIRE_FEES_HEADER, COMMISSAIRE_FEES
    ),
    "commissaires_fees_errors.csv": lambda path: write_csv(
        path, COMMISSAIRE_FEES_HEADER, COMMISSAIRE_FEES_ERRORS, "utf-8-sig"
    ),
}

if __name__ == "__main__":
    main()
