# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import csv
import io
from collections import defaultdict
from datetime import date
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import file_open

from .common import DebtRecoveryCommon

FIXTURES = "debt_recovery_fr/tests/fixtures/import/"


def fixture(name):
    with file_open(FIXTURES + name, "rb") as handle:
        return handle.read()


class ImportCommon(DebtRecoveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wizard = cls.env["debt.recovery.import.wizard"]
        cls.Move = cls.env["account.move"]
        cls.Partner = cls.env["res.partner"]
        cls.france = cls.env.ref("base.fr")

    def _wizard(self, name, kind="receivable", **options):
        wizard = self.Wizard.create(
            {
                "import_kind": kind,
                "file_data": base64.b64encode(fixture(name)),
                "file_name": name,
                **options,
            }
        )
        wizard.action_load()
        return wizard

    def _import(self, name, kind="receivable", **options):
        wizard = self._wizard(name, kind, **options)
        wizard.action_import()
        return wizard

    def _report(self, wizard):
        """``{row number: reason}`` read back from the downloadable CSV report."""
        self.assertEqual(wizard.state, "error")
        raw = base64.b64decode(wizard.error_report_id.datas)
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
        self.assertEqual(rows[0], ["Row", "Reason"])
        return {int(row): reason for row, reason in rows[1:]}

    def _counts(self):
        return (
            self.Move.search_count([]),
            self.Partner.with_context(active_test=False).search_count([]),
            self.env["account.partial.reconcile"].search_count([]),
            self.Case.search_count([]),
        )


@tagged("post_install", "-at_install")
class TestImportReceivables(ImportCommon):
    """Aged balances from Excel 97-2003, LibreOffice and a French CSV export."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Known by its SIREN: the file gives the SIRET of another establishment (…00010).
        cls.dupont = cls.Partner.create(
            {
                "name": "Menuiserie Dupont",
                "is_company": True,
                "company_registry": "53210987300002",
                "country_id": cls.france.id,
            }
        )
        cls.martin = cls.Partner.create(
            {
                "name": "Boulangerie Martin (Lyon)",
                "is_company": True,
                "vat": "FR96412345670",
                "country_id": cls.france.id,
            }
        )
        cls.leroy = cls.Partner.create({"name": "Cabinet Leroy", "is_company": True})

    def _invoice(self, number):
        return self.Move.search([("name", "=", number), ("move_type", "=", "out_invoice")])

    def test_xls_posts_invoices_with_their_numbers_dues_and_residuals(self):
        wizard = self._import("receivables.xls", create_partners=True)
        self.assertEqual(wizard.state, "done", wizard.error_summary)
        invoices = wizard.invoice_ids
        self.assertEqual(sorted(invoices.mapped("name")), [f"FA-2024-010{i}" for i in range(1, 7)])
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertTrue(invoices.journal_id.debt_recovery_legacy)
        self.assertEqual(len(invoices.journal_id), 1)
        partly_paid = self._invoice("FA-2024-0102")
        self.assertEqual(partly_paid.partner_id, self.dupont, "matched by SIREN")
        self.assertEqual(partly_paid.invoice_date, date(2024, 5, 2))
        self.assertEqual(partly_paid.invoice_date_due, date(2024, 6, 1))
        self.assertAlmostEqual(partly_paid.amount_total, 850.50)
        self.assertAlmostEqual(partly_paid.amount_residual, 350.50)
        self.assertEqual(partly_paid.payment_state, "partial")
        self.assertFalse(partly_paid.invoice_line_ids.tax_ids)
        unpaid = self._invoice("FA-2024-0101")
        self.assertAlmostEqual(unpaid.amount_residual, 1200.0)
        self.assertEqual(unpaid.payment_state, "not_paid")
        self.assertEqual(self._invoice("FA-2024-0103").partner_id, self.martin, "matched by VAT")
        self.assertEqual(self._invoice("FA-2024-0105").partner_id, self.leroy, "matched by name")
        garage = self._invoice("FA-2024-0104").partner_id
        self.assertEqual(garage.name, "Garage des Alpes SAS")
        # The SIREN was a number cell: read back as 9 digits.
        self.assertEqual(garage.company_registry, "800123457")
        self.assertEqual(
            (garage.street, garage.zip, garage.city), ("12 rue des Lilas", "38000", "Grenoble")
        )
        self.assertEqual(garage.email, "compta@garage-alpes.fr")
        self.assertAlmostEqual(self._invoice("FA-2024-0104").amount_residual, 2000.0)
        bernard = self._invoice("FA-2024-0106").partner_id
        self.assertEqual(bernard.company_registry, "05123456500003", "leading zero kept")
        self.assertEqual(bernard.debt_recovery_mobile, "+33612345678")
        # Overdue invoices are in recovery cases; the one due in 2099 is not.
        dupont_case = self._case_of(self.dupont)
        self.assertEqual(len(dupont_case), 1)
        self.assertEqual(
            sorted(dupont_case.invoice_ids.mapped("name")), ["FA-2024-0101", "FA-2024-0102"]
        )
        self.assertAlmostEqual(dupont_case.amount_overdue, 1550.50)
        self.assertEqual(self._case_of(garage).invoice_ids.name, "FA-2024-0104")
        self.assertFalse(self._case_of(bernard))
        self.assertEqual(self._invoice("FA-2024-0106").debt_recovery_state, "not_due")

    def test_xlsx_reads_excel_serial_dates_and_remembers_the_columns(self):
        wizard = self._wizard("receivables.xlsx", create_partners=True)
        phone = wizard.column_ids.filtered(lambda column: column.header == "Téléphone")
        self.assertEqual(phone.target, "phone")
        phone.target = False
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.error_summary)
        invoice = self._invoice("F2024/0101")
        self.assertEqual(invoice.invoice_date, date(2024, 3, 15), "Excel serial 45366")
        self.assertEqual(invoice.invoice_date_due, date(2024, 4, 14))
        self.assertFalse(self._invoice("F2024/0106").partner_id.phone, "column left out")
        # The next file of this company: the column left out stays out.
        again = self._wizard("receivables_fr.csv")
        targets = {column.header: column.target for column in again.column_ids}
        self.assertFalse(targets["Téléphone"])
        self.assertEqual(targets["Échéance"], "due_date")
        mapping = self.env["debt.recovery.import.mapping"].search(
            [("company_id", "=", self.company.id), ("import_kind", "=", "receivable")]
        )
        self.assertEqual(mapping.column_map["date facture"], "invoice_date")

    def test_french_csv_latin1_comma_decimals(self):
        wizard = self._wizard("receivables_fr.csv", create_partners=True)
        self.assertEqual(wizard.row_count, 6)
        self.assertIn("Échéance", wizard.preview_html)
        self.assertIn("1 200,00", wizard.preview_html)
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.error_summary)
        invoice = self._invoice("2024-104")
        self.assertAlmostEqual(invoice.amount_total, 4320.0)
        self.assertAlmostEqual(invoice.amount_residual, 2000.0)
        self.assertEqual(invoice.invoice_date_due, date(2025, 2, 9))
        self.assertEqual(invoice.partner_id.zip, "38000")
        # A paid part is settled by an opening entry on the invoice date: no late payment.
        partial = invoice.line_ids.matched_credit_ids
        self.assertAlmostEqual(partial.amount, 2320.0)
        self.assertEqual(partial.max_date, date(2025, 1, 10))

    def test_the_imported_books_are_odoos_own(self):
        """The invoices, their paid parts and reconciliations are written by the ORM: the
        books hold what Odoo computes, checked as an accountant would."""
        wizard = self._import("receivables_fr.csv", create_partners=True)
        self.assertEqual(wizard.state, "done", wizard.error_summary)
        invoices = wizard.invoice_ids
        entries = invoices.line_ids.matched_credit_ids.credit_move_id.move_id
        self.assertEqual(len(entries), 2, "the paid parts of two months")
        self.assertTrue(entries.journal_id.debt_recovery_legacy)
        self.assertEqual(entries.journal_id.type, "general")
        moves = invoices | entries
        # Every move posted, balanced, numbered in its journal.
        for move in moves:
            self.assertEqual(move.state, "posted", move.name)
            self.assertTrue(move.currency_id.is_zero(sum(move.line_ids.mapped("balance"))))
            self.assertNotEqual(move.name, "/")
        self.assertEqual(sorted(invoices.mapped("name")), [f"2024-10{i}" for i in range(1, 7)])
        self.assertEqual(
            invoices.mapped("sequence_number"), [int(name[-3:]) for name in invoices.mapped("name")]
        )
        # The settlement entries follow their journal's yearly sequence, without a gap.
        numbers = defaultdict(list)
        for entry in entries:
            self.assertTrue(entry.sequence_prefix.startswith(entries.journal_id.code))
            numbers[entry.sequence_prefix].append(entry.sequence_number)
        self.assertEqual(len(numbers), 2, "one entry of 2024, one of 2025")
        for prefix, sequence in numbers.items():
            self.assertEqual(sorted(sequence), list(range(1, len(sequence) + 1)), prefix)
        self.assertFalse(entries.filtered("made_sequence_gap"))
        # The residuals and every stored computed field are Odoo's own computation.
        self._assert_as_odoo_computes(invoices)
        self.assertEqual(set(invoices.mapped("payment_state")), {"not_paid", "partial"})
        # The partner ledger (receivable balance per debtor) is the file's amounts due.
        due = {
            "Menuiserie Dupont": 1550.50,
            "Boulangerie Martin (Lyon)": 96.0,
            "Garage des Alpes SAS": 2000.0,
            "Cabinet Leroy": 640.0,
            "Transports Bernard": 15000.0,
        }
        ledger = self.env["account.move.line"]._read_group(
            [
                ("move_id", "in", moves.ids),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ],
            ["partner_id"],
            ["balance:sum"],
        )
        self.assertEqual({partner.name: total for partner, total in ledger}, due)
        self.assertAlmostEqual(sum(invoices.mapped("amount_residual")), sum(due.values()))

    def test_a_sale_lock_date_refuses_the_rows_before_it(self):
        self.company.sale_lock_date = date(2024, 6, 30)
        before = self._counts()
        report = self._report(self._import("receivables_fr.csv", create_partners=True))
        # Invoices of 15/03/2024 and 02/05/2024; those from 30/09/2024 on would be posted.
        self.assertEqual(sorted(report), [2, 3])
        self.assertIn("dated within a locked period", report[2])
        self.assertEqual(self._counts(), before)

    def test_a_refusal_while_writing_writes_nothing(self):
        """Odoo refusing the import midway (here the settlement of the paid parts) rolls back
        the debtors and invoices already created: the user reads why, nothing is written."""
        before = self._counts()
        wizard = self._wizard("receivables_fr.csv", create_partners=True)
        Wizard = type(self.env["debt.recovery.import.wizard"])

        def refuse(*args, **kwargs):
            raise UserError(self.env._("The settlement journal is locked."))

        with patch.object(Wizard, "_settle_paid_parts", refuse):
            wizard.action_import()
        self.assertEqual(wizard.state, "error")
        self.assertIn(
            "Nothing was imported: The settlement journal is locked.", wizard.error_summary
        )
        self.assertEqual(self._counts(), before)
        self.assertFalse(self.Partner.search([("name", "=", "Garage des Alpes SAS")]))

    def test_an_invoice_paid_in_full_is_reconciled_in_full(self):
        wizard = self._import("receivables_paid.csv")
        self.assertEqual(wizard.state, "done", wizard.error_summary)
        paid, partial = self._invoice("PAY-101"), self._invoice("PAY-102")
        self.assertEqual(paid.partner_id, self.leroy)
        self.assertTrue(paid.currency_id.is_zero(paid.amount_residual))
        self.assertIn(paid.payment_state, ("paid", "in_payment"))
        self.assertTrue(paid.line_ids.full_reconcile_id)
        self.assertAlmostEqual(partial.amount_residual, 200.0)
        self.assertEqual(partial.payment_state, "partial")
        # Both paid parts in the entry of September, dated on the first invoice.
        entry = (paid | partial).line_ids.matched_credit_ids.credit_move_id.move_id
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.date, date(2025, 9, 1))
        self.assertAlmostEqual(entry.amount_total, 800.0)
        self._assert_as_odoo_computes(paid | partial)
        # Paid in full, the invoice is no debt: only the other one is in the case.
        self.assertEqual(self._case_of(self.leroy).invoice_ids, partial)

    def _assert_as_odoo_computes(self, invoices):
        """Every stored field Odoo computes on these invoices, their paid parts' entries and
        all their lines holds what Odoo's own computation gives now."""
        entries = invoices.line_ids.matched_credit_ids.credit_move_id.move_id
        moves = invoices | entries
        # Recomputed one model at a time, each field Odoo computes but the import does not give
        # (it gives, as an ORM create would: the balances, the prices, no fiscal position...).
        given = {
            "account.move": {"invoice_date_due", "invoice_payment_term_id", "fiscal_position_id"},
            "account.move.line": {
                "balance",
                "amount_currency",
                "price_unit",
                "price_subtotal",
                "price_total",
                "quantity",
                "analytic_distribution",
                "date_maturity",
                "name",
                "partner_id",
                "currency_id",
                "account_id",
                "display_type",
            },
        }
        for records in (moves.line_ids, moves):
            names = [
                name
                for name, field in records._fields.items()
                if field.store
                and field.compute
                and field.type not in ("one2many", "many2many")
                and name not in given[records._name]
            ]
            self.env.invalidate_all()
            written = records.read(names)
            for name in names:
                self.env.add_to_compute(records._fields[name], records)
            self.env.flush_all()
            self.env.invalidate_all()
            self.assertEqual(records.read(names), written, records._name)

    def test_error_report_names_each_bad_row_and_nothing_is_imported(self):
        self._import("receivables.xls", create_partners=True)
        before = self._counts()
        wizard = self._import("receivables_errors.xlsx")
        report = self._report(wizard)
        self.assertEqual(sorted(report), [3, 4, 5, 6, 7, 8, 9, 10], "row 2 is right")
        self.assertIn("douze cents", report[3])
        self.assertIn("is not an amount", report[3])
        self.assertIn("53210987300011", report[4])
        self.assertIn("SIRET", report[4])
        self.assertIn("31/02/2025", report[5])
        self.assertIn("exceeds the invoice amount", report[6])
        self.assertIn("already on row 2", report[7])
        self.assertIn("FA-2024-0101 is already in Odoo", report[8])
        self.assertIn("before the invoice date", report[9])
        self.assertIn("no invoice number", report[10])
        self.assertEqual(wizard.error_count, 8)
        self.assertIn("Row 3:", wizard.error_summary)
        self.assertEqual(self._counts(), before, "nothing half-imported")
        self.assertFalse(self._invoice("FA-2025-0001"), "the good row waits for the others")
        download = wizard.action_download_error_report()
        self.assertEqual(download["url"], f"/web/content/{wizard.error_report_id.id}?download=true")

    def test_vat_numbers_are_checked_before_anything_is_written(self):
        before = self._counts()
        wizard = self._import("receivables_vat.csv", create_partners=True)
        report = self._report(wizard)
        # Row 2 (Belgian) and row 6 (French, written with spaces) are right.
        self.assertEqual(sorted(report), [3, 4, 5])
        self.assertIn("'FR97412345670' is not a valid French VAT number", report[3])
        self.assertIn("the VAT number FR96412345670 is not that of the SIREN 532109873", report[4])
        self.assertIn("BE0477472702 is not a valid VAT number", report[5])
        self.assertEqual(self._counts(), before, "nothing half-imported")
        # Once the wrong rows are gone, the VAT numbers are stored as checked.
        wizard = self._wizard("receivables_vat.csv", create_partners=True)
        column = wizard.column_ids.filtered(lambda column: column.header == "N° TVA")
        self.assertEqual(column.target, "vat")
        self.assertEqual(
            wizard._check_vat("FR 90 751 234 568", "751234568", problems := []), "FR90751234568"
        )
        self.assertEqual(wizard._check_vat("be0477472701", None, problems), "BE0477472701")
        self.assertFalse(problems)

    def test_invoices_of_a_locked_period_are_error_rows(self):
        self.company.fiscalyear_lock_date = date(2024, 12, 31)
        before = self._counts()
        report = self._report(self._import("receivables.xls", create_partners=True))
        # The three invoices of 2024; those of 2025 and 2026 would be posted.
        self.assertEqual(sorted(report), [2, 3, 4])
        self.assertIn("dated within a locked period", report[2])
        self.assertIn("12/31/2024", report[2])
        self.assertEqual(self._counts(), before)

    def _upload(self, content, name="balance.csv", kind="receivable", **options):
        wizard = self.Wizard.create(
            {
                "import_kind": kind,
                "file_data": base64.b64encode(content),
                "file_name": name,
                **options,
            }
        )
        wizard.action_load()
        wizard.action_import()
        return wizard

    def test_a_csv_with_a_nul_byte_is_refused_clearly(self):
        before = self._counts()
        content = (
            "Client;N° facture;Date facture;Montant TTC\r\nDupont\x00;F-1;01/02/2025;100,00\r\n"
        ).encode("cp1252")
        with self.assertRaisesRegex(UserError, "Row 2 of balance.csv holds a NUL character"):
            self._upload(content, create_partners=True)
        self.assertEqual(self._counts(), before)

    def test_formulas_overlong_names_and_huge_amounts_are_error_rows(self):
        before = self._counts()
        content = (
            "Client;N° facture;Date facture;Montant TTC\r\n"
            '"=HYPERLINK(""http://evil.example/"",""Payer"")";F-1;01/02/2025;100,00\r\n'
            "@SUM(A1);F-2;01/02/2025;100,00\r\n"
            f"{'Sociétés' * 25000};F-3;01/02/2025;100,00\r\n"
            "Dupont SARL;F-4;01/02/2025;99999999999999999999,00\r\n"
            "Dupont SARL;-F-5;01/02/2025;100,00\r\n"
        ).encode()
        wizard = self._upload(content, create_partners=True)
        report = self._report(wizard)
        self.assertEqual(sorted(report), [2, 3, 4, 5, 6])
        self.assertIn("starts as a spreadsheet formula", report[2])
        self.assertIn("starts as a spreadsheet formula", report[3])
        self.assertIn("200000 characters, at most 256 are accepted", report[4])
        self.assertIn("99999999999999999999,00 is too large an amount", report[5])
        self.assertNotIn("decimals", report[5])
        self.assertIn("starts as a spreadsheet formula", report[6])
        self.assertEqual(self._counts(), before)
        self.assertFalse(self.Partner.search([("name", "=like", "=%")]))

    def test_the_error_report_neutralises_formula_cells(self):
        """A reason quoting a cell that starts like a formula does not run as one when the
        report opens in a spreadsheet: it is written as text (leading apostrophe)."""
        content = (
            "Nom;Départements\r\n"
            "Étude Formule;=1+2\r\n"
            'Étude Lien;"@HYPERLINK(""http://evil.example/"")"\r\n'
        ).encode()
        wizard = self._upload(content, kind="commissaire")
        raw = base64.b64decode(wizard.error_report_id.datas).decode("utf-8-sig")
        cells = [cell for row in csv.reader(io.StringIO(raw), delimiter=";") for cell in row]
        self.assertIn("'=1+2 is not a French département", cells)
        self.assertTrue(any(cell.startswith("'@HYPERLINK") for cell in cells), cells)
        self.assertFalse([cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")])

    def test_merged_cells_are_refused(self):
        before = self._counts()
        wizard = self._import("receivables_merged.xls", create_partners=True)
        report = self._report(wizard)
        self.assertEqual(sorted(report), [2, 3])
        self.assertIn("merged cells", report[2])
        self.assertEqual(self._counts(), before)

    def test_unknown_debtors_are_created_only_when_asked(self):
        before = self._counts()
        report = self._report(self._import("receivables.xls"))
        self.assertEqual(sorted(report), [5, 7])
        self.assertIn("no debtor matches Garage des Alpes SAS", report[5])
        self.assertEqual(self._counts(), before)

    def test_empty_sheet_and_unknown_format(self):
        with self.assertRaisesRegex(UserError, "holds no rows"):
            self._wizard("empty.xlsx")
        with self.assertRaisesRegex(UserError, "use .xls, .xlsx or .csv"):
            self.Wizard.create(
                {"file_data": base64.b64encode(b"%PDF-1.4"), "file_name": "balance.pdf"}
            ).action_load()
        # An .xls that is not one: a CSV renamed.
        with self.assertRaisesRegex(UserError, "cannot be read as an Excel 97-2003"):
            self.Wizard.create(
                {
                    "file_data": base64.b64encode(fixture("receivables_fr.csv")),
                    "file_name": "receivables.xls",
                }
            ).action_load()

    def test_a_recovery_manager_without_accounting_rights_imports(self):
        manager = self.env["res.users"].create(
            {
                "name": "Recovery Manager",
                "login": "recovery_manager_import",
                "group_ids": [
                    Command.set(
                        [
                            self.env.ref("debt_recovery_fr.debt_recovery_group_manager").id,
                            # Creating the missing debtors needs Odoo's "Contact Creation".
                            self.env.ref("base.group_partner_manager").id,
                        ]
                    )
                ],
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
            }
        )
        self.assertFalse(manager.has_group("account.group_account_manager"))
        wizard = self._wizard("receivables.xls", create_partners=True).with_user(manager)
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.error_summary)
        self.assertEqual(len(wizard.invoice_ids), 6)
        self.assertEqual(wizard.invoice_ids.journal_id.code, "REPR")

    def test_a_column_must_be_mapped_once(self):
        wizard = self._wizard("receivables.xls", create_partners=True)
        wizard.column_ids.filtered(lambda column: column.header == "N° facture").target = False
        with self.assertRaisesRegex(UserError, "Invoice Number"):
            wizard.action_import()
        wizard.column_ids.filtered(lambda column: column.header == "Reste dû").target = "amount"
        with self.assertRaisesRegex(UserError, "Two columns"):
            wizard.action_import()


@tagged("post_install", "-at_install")
class TestImportCommissaires(ImportCommon):
    """The directory of partner commissaires de justice."""

    def test_commissaires_csv_creates_then_updates(self):
        wizard = self._import("commissaires.csv", kind="commissaire")
        self.assertEqual(wizard.state, "done", wizard.error_summary)
        commissaires = wizard.partner_ids
        self.assertEqual(len(commissaires), 3)
        self.assertTrue(all(commissaires.mapped("debt_recovery_is_commissaire")))
        durand = commissaires.filtered(lambda p: p.name == "SCP Durand & Associés")
        self.assertEqual(
            sorted(durand.debt_recovery_covered_departement_ids.mapped("code")),
            ["75", "92", "93"],
        )
        self.assertEqual((durand.zip, durand.city), ("75002", "Paris"))
        self.assertEqual(durand.email, "contact@durand-cj.fr")
        self.assertEqual(durand.phone, "01 42 00 00 00")
        self.assertIn("A444-32", durand.debt_recovery_fee_agreement)
        corse = commissaires.filtered(lambda p: p.name == "Maître Anne Corse")
        self.assertEqual(
            sorted(corse.debt_recovery_covered_departement_ids.mapped("code")), ["2A", "2B"]
        )
        rhone = commissaires.filtered(lambda p: p.name == "SELARL Huissiers du Rhône")
        self.assertEqual(
            sorted(rhone.debt_recovery_covered_departement_ids.mapped("code")),
            ["01", "42", "69"],
        )
        # The competent commissaire of a debtor in the Hauts-de-Seine.
        debtor = self.Partner.create(
            {"name": "Débiteur", "zip": "92100", "country_id": self.france.id}
        )
        self.assertEqual(debtor._debt_recovery_find_commissaire(), durand)
        # Imported again: updated, not duplicated.
        again = self._import("commissaires.csv", kind="commissaire")
        self.assertEqual(again.partner_ids, commissaires)
        self.assertIn("0 commissaires de justice created, 3 updated", again.result_summary)

    def test_commissaire_fees_fill_the_fee_agreement(self):
        durand = self.Partner.create(
            {
                "name": "SCP Durand & Associés",
                "is_company": True,
                "debt_recovery_is_commissaire": True,
                "debt_recovery_fee_fixed": 90.0,
                "debt_recovery_fee_threshold": 500.0,
                "debt_recovery_fee_percent": 8.0,
            }
        )
        wizard = self._wizard("commissaires_fees.xlsx", kind="commissaire")
        targets = {column.header: column.target for column in wizard.column_ids}
        self.assertEqual(
            targets,
            {
                "Nom": "partner_name",
                "N° TVA": "vat",
                "Départements": "departements",
                "Forfait par dossier HT": "fee_fixed",
                "Pourcentage à partir de": "fee_threshold",
                "Pourcentage HT": "fee_percent",
            },
        )
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.error_summary)
        self.assertIn("1 commissaires de justice created, 1 updated", wizard.result_summary)
        self.assertIn(durand, wizard.partner_ids)
        self.assertEqual(
            (
                durand.debt_recovery_fee_fixed,
                durand.debt_recovery_fee_threshold,
                durand.debt_recovery_fee_percent,
            ),
            (60.0, 1000.0, 15.0),
        )
        self.assertEqual(durand.vat, "FR73888123452")
        # What the escalation charges: 60 € HT, plus 15 % HT from 1 000 € recovered, VAT on top.
        fee = durand._debt_recovery_fee_agreement()
        self.assertEqual(str(fee.percent), "15.0")
        corse = wizard.partner_ids - durand
        self.assertEqual(corse.name, "Maître Anne Corse")
        # "12,5 %" typed as text; the threshold left empty: the percentage from the first euro.
        self.assertEqual(
            (
                corse.debt_recovery_fee_fixed,
                corse.debt_recovery_fee_threshold,
                corse.debt_recovery_fee_percent,
            ),
            (48.5, 0.0, 12.5),
        )

    def test_commissaire_fee_errors_write_nothing(self):
        before = self._counts()
        wizard = self._import("commissaires_fees_errors.csv", kind="commissaire")
        report = self._report(wizard)
        self.assertEqual(sorted(report), [2, 3, 4, 5])
        self.assertIn("Forfait par dossier HT must be positive, got -60", report[2])
        self.assertIn("The fee percentage must be between 0 and 100, got 120", report[3])
        self.assertIn("Pourcentage HT: quinze is not an amount", report[4])
        self.assertIn("'FR00532109873' is not a valid French VAT number", report[5])
        self.assertEqual(self._counts(), before)
        self.assertFalse(self.Partner.search([("name", "like", "Étude %")]))

    def test_commissaire_errors_write_nothing(self):
        before = self._counts()
        report = self._report(self._import("commissaires_errors.csv", kind="commissaire"))
        self.assertEqual(sorted(report), [2, 3])
        self.assertIn("99 is not a French département", report[2])
        self.assertIn("no name", report[3])
        self.assertEqual(self._counts(), before)
        self.assertFalse(self.Partner.search([("name", "=", "Étude Fantôme")]))
