# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the daily recovery scheduled action (see the README, section Benchmark).

Run by ``bench/run``, one step per process so that each peak memory figure is its own:

    python bench/bench_cron.py CONF DB build N M   # N debtors, M overdue invoices (ORM only)
    python bench/bench_cron.py CONF DB reset       # forget cases and actions: a real first run
    python bench/bench_cron.py CONF DB cron        # time the cron's decision work
    python bench/bench_cron.py CONF DB profile     # cProfile of one batch (optional)
"""

import cProfile
import io
import os
import pstats
import random
import re
import resource
import sys
import time
from collections import Counter
from datetime import timedelta

import odoo
from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.registry import Registry

PARTNER_REF = "BENCH-DEBTOR-"
INVOICE_REF = "BENCH-INVOICE"
PARTNER_BATCH = 1000
INVOICE_BATCH = 500
CITIES = [
    ("75002", "Paris"),
    ("69002", "Lyon"),
    ("13001", "Marseille"),
    ("31000", "Toulouse"),
    ("33000", "Bordeaux"),
    ("59000", "Lille"),
    ("44000", "Nantes"),
    ("67000", "Strasbourg"),
    ("35000", "Rennes"),
    ("06000", "Nice"),
]


def say(*args):
    print(*args, flush=True)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def open_env(conf, db):
    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level", "warn"])
    registry = Registry(db)
    return registry


# ----------------------------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------------------------
def count_data(env):
    debtors = env["res.partner"].search_count([("ref", "=like", PARTNER_REF + "%")])
    invoices = env["account.move"].search_count(
        [("ref", "=", INVOICE_REF), ("state", "=", "posted")]
    )
    return debtors, invoices


def build_partners(env, wanted):
    Partner = env["res.partner"].with_context(tracking_disable=True)
    france = env.ref("base.fr")
    have = Partner.search_count([("ref", "=like", PARTNER_REF + "%")])
    for start in range(have, wanted, PARTNER_BATCH):
        stop = min(start + PARTNER_BATCH, wanted)
        vals = []
        for i in range(start, stop):
            zip_code, city = CITIES[i % len(CITIES)]
            vals.append(
                {
                    "name": f"Débiteur {i:05d} SARL",
                    "is_company": True,
                    "ref": f"{PARTNER_REF}{i:05d}",
                    "street": f"{1 + i % 120} rue de la République",
                    "zip": zip_code,
                    "city": city,
                    "country_id": france.id,
                    "email": f"compta.{i:05d}@debiteur-bench.example",
                    # Every other debtor has a mobile phone (SMS), the others a landline.
                    "phone": f"+33 {6 if i % 2 == 0 else 1} {10 + i % 80:02d} "
                    f"{i % 100:02d} {i // 100 % 100:02d} 00",
                }
            )
        Partner.create(vals)
        env.cr.commit()
        say(f"  debtors {stop}/{wanted}")


def invoice_plan(debtors, wanted, today):
    """(partner index, days overdue) of every invoice, oldest due date first.

    Debtor ``i`` owes invoices due 1 to ``max_age(i)`` days ago, ``max_age`` spread over
    5..400, so the debts have every age and the cases land on every automatic level.
    """
    rng = random.Random(42)
    plan = []
    for n in range(wanted):
        i = n % debtors
        max_age = 5 + (i * 7919) % 396
        plan.append((i, rng.randint(1, max_age)))
    plan.sort(key=lambda item: -item[1])
    return plan


def build_invoices(env, debtors, wanted):
    Move = env["account.move"].with_context(tracking_disable=True, check_move_validity=True)
    today = fields.Date.context_today(Move)
    partners = (
        env["res.partner"].search([("ref", "=like", PARTNER_REF + "%")], order="ref").ids[:debtors]
    )
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1
    )
    have = Move.search_count([("ref", "=", INVOICE_REF), ("state", "=", "posted")])
    # Drafts left by an interrupted build are removed and made again.
    Move.search([("ref", "=", INVOICE_REF), ("state", "=", "draft")]).unlink()
    plan = invoice_plan(len(partners), wanted, today)
    started = time.perf_counter()
    for start in range(have, wanted, INVOICE_BATCH):
        chunk = plan[start : start + INVOICE_BATCH]
        vals = []
        for n, (i, age) in enumerate(chunk, start=start):
            due = today - timedelta(days=age)
            vals.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": partners[i],
                    "journal_id": journal.id,
                    "ref": INVOICE_REF,
                    "invoice_date": due - timedelta(days=30),
                    "invoice_date_due": due,
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": f"Prestation {n}",
                                "quantity": 1,
                                "price_unit": 50 + (n * 37) % 4950,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        moves = Move.create(vals)
        moves.action_post()
        env.cr.commit()
        env.invalidate_all()
        done = start + len(chunk)
        elapsed = time.perf_counter() - started
        rate = (done - have) / elapsed
        say(
            f"  invoices {done}/{wanted} ({rate:.0f}/s, about "
            f"{(wanted - done) / rate / 60:.1f} min left)"
        )


def cmd_build(registry, debtors, invoices):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        have_debtors, have_invoices = count_data(env)
        if have_debtors >= debtors and have_invoices >= invoices:
            say(f"Data already there: {have_debtors} debtors, {have_invoices} invoices")
            return
        if (
            have_debtors > debtors
            or have_invoices > invoices
            or (have_invoices and have_debtors != debtors)
        ):
            sys.exit(
                f"The database holds {have_debtors} debtors and {have_invoices} invoices, "
                f"not the {debtors} and {invoices} asked for: use --rebuild"
            )
        say(f"Building {debtors} debtors and {invoices} overdue invoices (ORM, batches)")
        started = time.perf_counter()
        build_partners(env, debtors)
        after_partners = time.perf_counter()
        build_invoices(env, debtors, invoices)
        done = time.perf_counter()
        say(
            f"Build: debtors {after_partners - started:.1f} s, invoices "
            f"{done - after_partners:.1f} s, total {done - started:.1f} s, "
            f"peak RSS {peak_rss_mb():.0f} MB"
        )


# ----------------------------------------------------------------------------------------------
# Reset: the next run is a real first run
# ----------------------------------------------------------------------------------------------
def cmd_reset(registry):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        Case = env["debt.recovery.case"].with_context(active_test=False)
        cases = Case.search([])
        mails = env["mail.mail"].search([("model", "=", "debt.recovery.case")])
        sms = env["sms.sms"].search([])
        activities = env["mail.activity"].search([("res_model", "=", "debt.recovery.case")])
        messages = env["mail.message"].search([("model", "=", "debt.recovery.case")])
        n_cases = len(cases)
        mails.unlink()
        sms.unlink()
        activities.unlink()
        env["debt.recovery.action"].search([]).unlink()
        cases.unlink()
        messages.exists().unlink()
        env["res.company"].search([]).write({"debt_recovery_last_sync_date": False})
        cr.commit()
        say(
            f"Reset: {n_cases} cases, their actions, mails, SMS and activities removed in "
            f"{time.perf_counter() - started:.1f} s (not timed)"
        )


# ----------------------------------------------------------------------------------------------
# The cron
# ----------------------------------------------------------------------------------------------
def instrument(env, log):
    """Record time and queries of the sync and of each batch, around the cron's own methods."""
    cls = type(env["debt.recovery.case"])
    cr = env.cr
    originals = {}

    def wrap(name, kind):
        original = getattr(cls, name)
        originals[name] = original

        def wrapper(self, *args, **kwargs):
            queries = cr.sql_log_count
            started = time.perf_counter()
            result = original(self, *args, **kwargs)
            log.append(
                (
                    kind,
                    len(self) if kind == "batch" else 0,
                    time.perf_counter() - started,
                    cr.sql_log_count - queries,
                )
            )
            return result

        setattr(cls, name, wrapper)

    wrap("_sync_cases_from_invoices", "sync")
    wrap("_debt_recovery_run", "batch")
    # Committing flushes what the sync and the batches left to write and recompute.
    cron_cls = type(env["ir.cron"])
    commit = cron_cls._commit_progress

    def commit_wrapper(self, *args, **kwargs):
        queries = cr.sql_log_count
        started = time.perf_counter()
        result = commit(self, *args, **kwargs)
        log.append(("commit", 0, time.perf_counter() - started, cr.sql_log_count - queries))
        return result

    cron_cls._commit_progress = commit_wrapper

    def restore():
        for name, method in originals.items():
            setattr(cls, name, method)
        cron_cls._commit_progress = commit

    return restore


def cmd_cron(registry, batch_size):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Case = env["debt.recovery.case"]
        today = fields.Date.context_today(Case)
        debtors, invoices = count_data(env)
        overdue = env["account.move"].search_count(
            Case._get_overdue_invoice_domain(env.company, today)
        )
        if Case.search_count([]):
            sys.exit("Cases exist: run the reset step first (bench/run does)")
        cr.commit()
        rss_before = peak_rss_mb()
        log = []
        restore = instrument(env, log)
        queries = cr.sql_log_count
        started = time.perf_counter()
        cpu_started = time.process_time()
        Case._cron_run(batch_size=batch_size)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        queries = cr.sql_log_count - queries
        restore()
        peak = peak_rss_mb()

        cases = Case.search_count([])
        actions = env["debt.recovery.action"]._read_group([], ["channel"], ["__count"])
        by_channel = Counter(dict(actions))
        mails = env["mail.mail"].search_count([("model", "=", "debt.recovery.case")])
        sync = [entry for entry in log if entry[0] == "sync"]
        batches = [entry for entry in log if entry[0] == "batch"]
        sync_time = sum(entry[2] for entry in sync)
        sync_queries = sum(entry[3] for entry in sync)
        batch_time = sum(entry[2] for entry in batches)
        batch_queries = sum(entry[3] for entry in batches)

        say("")
        say(f"Debtors: {debtors}   invoices: {invoices}   overdue today: {overdue}")
        say(f"Cases: {cases}   batches: {len(batches)} of up to {batch_size} cases")
        say(
            f"Actions created: {sum(by_channel.values())} ("
            + ", ".join(f"{k} {v}" for k, v in sorted(by_channel.items()))
            + f"); mails queued: {mails}"
        )
        commits = [entry for entry in log if entry[0] == "commit"]
        commit_time = sum(entry[2] for entry in commits)
        # The decision work: what the sync, the batches and their commits take. Anything else
        # _cron_run does (the rendering of the PDF letters, when it lands) is timed apart.
        decision = sync_time + batch_time + commit_time
        say(
            f"Decision work: {decision:.1f} s, {overdue / decision:.0f} invoices/s "
            f"(cron total {elapsed:.1f} s, {queries} queries; other steps "
            f"{elapsed - decision:.1f} s)"
        )
        # On a shared machine the wall-clock time grows with the load; the CPU time of this
        # process (Python, without PostgreSQL's) much less.
        say(f"  CPU time of the Odoo process: {cpu:.1f} s; load average {os.getloadavg()[0]:.1f}")
        say(f"  sync: {sync_time:.1f} s, {sync_queries} queries")
        if batches:
            say(
                f"  batches: {batch_time:.1f} s, {batch_queries} queries, "
                f"{batch_queries / len(batches):.0f} queries per batch on average, "
                f"{batch_queries / max(cases, 1):.1f} queries per case"
            )
        if commits:
            say(
                f"  commits (flush of pending writes and recomputations): {len(commits)}, "
                f"{sum(e[2] for e in commits):.1f} s, {sum(e[3] for e in commits)} queries; "
                f"the first one, after the sync: {commits[0][2]:.1f} s, {commits[0][3]} queries"
            )
        say(f"  queries per case (whole run): {queries / max(cases, 1):.1f}")
        if batches:
            per_batch = [nq for _kind, _size, _secs, nq in batches]
            say(f"  queries per batch: {min(per_batch)} to {max(per_batch)}")
        for n, (_kind, size, secs, nq) in enumerate(batches[:5], start=1):
            say(f"  batch {n}: {size} cases, {secs:.2f} s, {nq} queries")
        if len(batches) > 5:
            _kind, size, secs, nq = batches[-1]
            say(f"  batch {len(batches)} (last): {size} cases, {secs:.2f} s, {nq} queries")
        say(f"Peak RSS: {peak:.0f} MB (registry loaded: {rss_before:.0f} MB)")
        # TODO (letters): time the PDF rendering of 100 letters apart, as a command of its own.
        say("PDF letters: not measured here (rendering of 100 letters: separate measure)")


def print_profile(title, profiler):
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    # Only the module's own functions (the Odoo source may sit under a debt_recovery_fr folder).
    module_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    stats.print_stats(re.escape(os.path.join(module_dir, "debt_recovery_fr")), 12)
    say(f"--- cProfile, {title}: top cumulative entries under debt_recovery_fr")
    say(out.getvalue().split("\n\n", 1)[-1].strip())


def cmd_profile(registry, batch_size):
    """cProfile of the sync (committed), then of one batch of the cron (rolled back)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Case = env["debt.recovery.case"]
        today = fields.Date.context_today(Case)
        if Case.search_count([]):
            sys.exit("Cases exist: run the reset step first (bench/run does)")
        profiler = cProfile.Profile()
        profiler.enable()
        Case._sync_cases_from_invoices(env.company, recompute=False)
        cr.commit()
        profiler.disable()
        print_profile("sync", profiler)
        cases = Case.search(Case._debt_recovery_run_domain(today), limit=batch_size, order="id")
        profiler = cProfile.Profile()
        profiler.enable()
        cases._debt_recovery_run(today)
        cr.flush()
        profiler.disable()
        cr.rollback()
        print_profile(f"one batch of {len(cases)} cases", profiler)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    conf, db, command = argv[:3]
    registry = open_env(conf, db)
    batch_size = 200
    if command == "build":
        cmd_build(registry, int(argv[3]), int(argv[4]))
    elif command == "reset":
        cmd_reset(registry)
    elif command == "cron":
        cmd_cron(registry, batch_size)
    elif command == "profile":
        cmd_profile(registry, batch_size)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
