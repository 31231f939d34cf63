# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the spreadsheet import of legacy receivables (see the README, section Benchmark).

Run by ``bench/run_import``:

    python bench/bench_import.py CONF DB [ROWS] [--profile]

Writes an aged balance of ROWS invoices (default 10 000) as an .xlsx file in memory, as a user
would upload it (one debtor for 5 invoices, SIRET given, every third invoice partly paid, due 1
to 700 days ago), then imports it with the import wizard, creating the debtors, and prints the
time of each step. Everything is rolled back at the end: the database can be reused as it is.
"""

import base64
import cProfile
import io
import os
import pstats
import random
import resource
import sys
import time
from datetime import date, timedelta

import openpyxl

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

HEADER = [
    "Client",
    "SIRET",
    "N° facture",
    "Date facture",
    "Échéance",
    "Montant TTC",
    "Reste dû",
    "Adresse",
    "Code postal",
    "Ville",
]
INVOICES_PER_DEBTOR = 5


def say(*args):
    print(*args, flush=True)


def luhn_key(digits):
    """The digit that completes ``digits`` into a Luhn-valid number (SIREN, SIRET)."""
    for key in "0123456789":
        total = 0
        for index, char in enumerate(reversed(digits + key)):
            digit = int(char)
            if index % 2:
                digit = digit * 2 - 9 if digit > 4 else digit * 2
            total += digit
        if total % 10 == 0:
            return digits + key
    raise AssertionError(digits)


def aged_balance(rows, today):
    """The .xlsx bytes of an aged balance of ``rows`` invoices."""
    rng = random.Random(42)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for index in range(rows):
        debtor = index // INVOICES_PER_DEBTOR
        siren = luhn_key(f"{70000000 + debtor:08d}")
        siret = luhn_key(siren + "0001")
        due = today - timedelta(days=rng.randint(1, 700))
        amount = round(rng.uniform(50, 20000), 2)
        residual = round(amount * rng.choice((0.25, 0.5)), 2) if index % 3 == 0 else amount
        sheet.append(
            [
                f"Client Reprise {debtor:05d} SAS",
                siret,
                f"BENCH-{index:06d}",
                due - timedelta(days=30),
                due,
                amount,
                residual,
                f"{debtor % 200 + 1} rue de la République",
                "69002",
                "Lyon",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def backend_cpu(cr):
    """CPU seconds used so far by this cursor's PostgreSQL backend (None when it runs elsewhere):
    with the Odoo process's own, what the import costs whatever the load of the machine."""
    cr.execute("SELECT pg_backend_pid()")
    try:
        with open(f"/proc/{cr.fetchone()[0]}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    conf, db = sys.argv[1], sys.argv[2]
    args = [arg for arg in sys.argv[3:] if not arg.startswith("--")]
    rows = int(args[0]) if args else 10000
    profile = "--profile" in sys.argv
    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level", "warn"])
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env["res.company"].search([("partner_id.country_id.code", "=", "FR")], limit=1)
        env = env(context={"allowed_company_ids": company.ids})
        today = date.today()
        started = time.perf_counter()
        content = aged_balance(rows, today)
        say(
            f"File: {rows} invoices, {len(content) / 1e6:.1f} MB .xlsx, written in "
            f"{time.perf_counter() - started:.1f} s (not timed below)"
        )
        Wizard = env["debt.recovery.import.wizard"]
        wizard = Wizard.create(
            {
                "import_kind": "receivable",
                "file_data": base64.b64encode(content),
                "file_name": "balance_agee.xlsx",
                "create_partners": True,
                "company_id": company.id,
            }
        )
        profiler = cProfile.Profile() if profile else None
        pg_cpu = backend_cpu(cr)
        queries = cr.sql_log_count
        cpu = time.process_time()
        started = time.perf_counter()
        wizard.action_load()
        loaded = time.perf_counter()
        if profiler:
            profiler.enable()
        wizard.action_import()
        env.flush_all()
        if profiler:
            profiler.disable()
        done = time.perf_counter()
        cpu = time.process_time() - cpu
        pg_cpu = None if pg_cpu is None else backend_cpu(cr) - pg_cpu
        if wizard.state != "done":
            say(wizard.error_summary)
            raise SystemExit("the import failed")
        invoices = wizard.invoice_ids
        cases = env["debt.recovery.case"].search_count([("invoice_ids", "in", invoices.ids)])
        total = done - started
        say(f"Read and map the columns: {loaded - started:.1f} s")
        say(f"Check, create and post: {done - loaded:.1f} s ({wizard.result_summary})")
        say(
            f"Total: {total:.1f} s for {len(invoices)} invoices: {len(invoices) / total:.0f} "
            f"invoices/s; {cr.sql_log_count - queries} queries; {cases} recovery cases; "
            f"peak RSS {peak_rss_mb():.0f} MB"
        )
        say(
            f"CPU time of this process: {cpu:.1f} s, of PostgreSQL: "
            + ("unknown (not local)" if pg_cpu is None else f"{pg_cpu:.1f} s")
            + f" (the rest is waiting); load average {os.getloadavg()[0]:.1f}"
        )
        say("Target: 10 000 rows in under 120 s and under 500 MB.")
        if profiler:
            stats = pstats.Stats(profiler)
            if os.environ.get("BENCH_PROFILE_FILE"):
                stats.dump_stats(os.environ["BENCH_PROFILE_FILE"])
            stats.sort_stats("cumulative").print_stats(
                "addons/(account|debt_recovery_fr|mail|base)|debt_recovery_fr/", 60
            )
        cr.rollback()


if __name__ == "__main__":
    main()
