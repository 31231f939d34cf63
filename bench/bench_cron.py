# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the daily recovery scheduled action (see the README, section Benchmark).

Run by ``bench/run``, one step per process so that each peak memory figure is its own:

    python bench/bench_cron.py CONF DB build N M   # N debtors, M overdue invoices (ORM only)
    python bench/bench_cron.py CONF DB reset       # forget cases and actions: a real first run
    python bench/bench_cron.py CONF DB cron        # time the cron's decision work
    python bench/bench_cron.py CONF DB letters 100 # time the rendering of 100 formal notices
    python bench/bench_cron.py CONF DB letters 100 profile  # ... under cProfile (optional)
    python bench/bench_cron.py CONF DB scheduler   # the job run by Odoo's scheduler, in passes
    python bench/bench_cron.py CONF DB scheduler 0 1  # ... with a budget of 0 s and 1 call a pass
    python bench/bench_cron.py CONF DB profile     # cProfile of the decision work (optional)
    python bench/bench_cron.py CONF DB peer        # OCA account_credit_control's line generation
    python bench/bench_cron.py CONF DB enqueue     # the daily run queued (queue_job glue)
    python bench/bench_cron.py CONF DB jobs        # the jobs' span, states and duplicates
"""

import cProfile
import io
import os
import pstats
import random
import re
import resource
import sys
import threading
import time
from collections import Counter
from datetime import timedelta

from werkzeug.serving import make_server

import odoo
from odoo import SUPERUSER_ID, Command, api, fields
from odoo.fields import Domain
from odoo.modules.registry import Registry

PARTNER_REF = "BENCH-DEBTOR-"
INVOICE_REF = "BENCH-INVOICE"
PARTNER_BATCH = 1000
INVOICE_BATCH = 1000
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


def postgres_cpu():
    """CPU seconds (user + system) of every PostgreSQL process, from /proc (None if unreadable).

    PostgreSQL serves other databases on a shared machine: a difference of two readings is
    the CPU of the whole server meanwhile, an upper bound of this benchmark's part.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    try:
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    fields_ = stat.read().rsplit(")", 1)
                with open(f"/proc/{pid}/comm") as comm:
                    name = comm.read().strip()
            except OSError:
                continue
            if name.startswith("postgres") or name.startswith("postmaster"):
                values = fields_[1].split()
                # utime, stime, and those of the waited-for children (fields 14 to 17).
                total += sum(int(v) for v in values[11:15])
    except OSError:
        return None
    return total / ticks


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
    """Posted customer invoices, through the ORM but without what bench data does not need.

    Each invoice is written whole: its number (asking the sequence costs a search per invoice)
    and its income and receivable lines given (the invoice form's dynamic lines sync has nothing
    to add to one untaxed line); no chatter (no tracking, no creation message); INVOICE_BATCH at
    a time, one ``create`` and one ``_post`` each.
    """
    Move = env["account.move"].with_context(
        skip_invoice_sync=True,
        skip_invoice_line_sync=True,
        skip_analytic_sync=True,
        tracking_disable=True,
        mail_create_nolog=True,
        mail_create_nosubscribe=True,
        mail_notrack=True,
    )
    company = env.company
    currency = company.currency_id
    today = fields.Date.context_today(Move)
    partners = env["res.partner"].search_fetch(
        [("ref", "=like", PARTNER_REF + "%")], ["property_account_receivable_id"], order="ref"
    )[:debtors]
    receivable = {p.id: p.with_company(company).property_account_receivable_id.id for p in partners}
    partner_ids = partners.ids
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    income = journal.default_account_id.id
    have = Move.search_count([("ref", "=", INVOICE_REF), ("state", "=", "posted")])
    # Drafts left by an interrupted build are removed and made again.
    Move.search([("ref", "=", INVOICE_REF), ("state", "=", "draft")]).unlink()
    plan = invoice_plan(len(partner_ids), wanted, today)
    # The numbers are given, in the journal's yearly format and in the order of the dates, as
    # the sequence would give them: asking the sequence costs a search per invoice.
    names, counters = [], Counter()
    for _i, age in plan:
        year = (today - timedelta(days=age + 30)).year
        counters[year] += 1
        names.append(f"{journal.code}/{year}/{counters[year]:05d}")
    started = time.perf_counter()
    for start in range(have, wanted, INVOICE_BATCH):
        chunk = plan[start : start + INVOICE_BATCH]
        vals = []
        for n, (i, age) in enumerate(chunk, start=start):
            due = today - timedelta(days=age)
            amount = float(50 + (n * 37) % 4950)
            partner_id = partner_ids[i]
            common = {"partner_id": partner_id, "currency_id": currency.id}
            vals.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner_id,
                    "journal_id": journal.id,
                    "currency_id": currency.id,
                    "ref": INVOICE_REF,
                    "name": names[n],
                    "invoice_date": due - timedelta(days=30),
                    "date": due - timedelta(days=30),
                    "invoice_date_due": due,
                    "invoice_payment_term_id": False,
                    "fiscal_position_id": False,
                    "line_ids": [
                        Command.create(
                            {
                                **common,
                                "display_type": "product",
                                "name": f"Prestation {n}",
                                "account_id": income,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [],
                                "price_subtotal": amount,
                                "price_total": amount,
                                "analytic_distribution": False,
                                "amount_currency": -amount,
                                "balance": -amount,
                            }
                        ),
                        Command.create(
                            {
                                **common,
                                "display_type": "payment_term",
                                "name": False,
                                "account_id": receivable[partner_id],
                                "analytic_distribution": False,
                                "amount_currency": amount,
                                "balance": amount,
                                "date_maturity": due,
                            }
                        ),
                    ],
                }
            )
        moves = Move.create(vals)
        moves._post(soft=False)
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
        # The letters are rendered by the same call, after the decisions: measured apart by the
        # ``letters`` step (wkhtmltopdf), left out here.
        Action = type(env["debt.recovery.action"])
        render = Action._cron_render_documents
        Action._cron_render_documents = lambda self, *args, **kwargs: None
        queries = cr.sql_log_count
        started = time.perf_counter()
        cpu_started = time.process_time()
        pg_started = postgres_cpu()
        Case._cron_run(batch_size=batch_size)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        pg_cpu = postgres_cpu() - pg_started if pg_started is not None else None
        queries = cr.sql_log_count - queries
        restore()
        Action._cron_render_documents = render
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
        # _cron_run does is timed apart (the letters' rendering is left out, see ``letters``).
        decision = sync_time + batch_time + commit_time
        say(
            f"Decision work: {decision:.1f} s, {overdue / decision:.0f} invoices/s "
            f"(cron total {elapsed:.1f} s, {queries} queries; other steps "
            f"{elapsed - decision:.1f} s)"
        )
        # On a shared machine the wall-clock time grows with the load; the CPU time of this
        # process (Python, without PostgreSQL's) much less.
        say(
            f"  CPU time of the Odoo process: {cpu:.1f} s; of PostgreSQL (all its databases): "
            + (f"{pg_cpu:.1f} s" if pg_cpu is not None else "unknown")
            + f"; load average {os.getloadavg()[0]:.1f}"
        )
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
        pending = env["debt.recovery.action"].search_count(
            env["debt.recovery.action"]._debt_recovery_pending_documents_domain()
        )
        say(f"Letters left to render by the same call (not timed here): {pending} steps")
        # One line for bench/run --peer: invoices/s, queries per invoice, peak RSS (MB).
        say(f"RESULT ours {overdue / decision:.1f} {queries / max(overdue, 1):.3f} {peak:.0f}")


# ----------------------------------------------------------------------------------------------
# The peer: OCA account_credit_control's credit lines on the same data
# ----------------------------------------------------------------------------------------------
def cmd_peer(registry):
    """Time OCA ``account_credit_control``'s line generation as its users run it.

    Its set-up as a user makes it: the module's own three-reminder policy on the receivable
    account, as the company's policy. Then a credit control run for today and its button
    *Compute Credit Lines* (``generate_credit_lines``): what it does for every overdue invoice
    is what our decision work does (which invoices are due, at which level, the line or the
    step to take); neither renders nor sends anything.
    """
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Case = env["debt.recovery.case"]
        company = env.company
        today = fields.Date.context_today(Case)
        debtors, invoices = count_data(env)
        overdue = env["account.move"].search_count(Case._get_overdue_invoice_domain(company, today))
        if env["credit.control.line"].search_count([]):
            sys.exit("Credit lines exist: run the peer on a fresh copy (bench/run does)")
        policy = env.ref("account_credit_control.credit_control_3_time")
        policy.account_ids = env["account.account"].search(
            [("account_type", "=", "asset_receivable")]
        )
        company.credit_policy_id = policy
        run = env["credit.control.run"].create({"date": today})
        cr.commit()
        rss_before = peak_rss_mb()
        queries = cr.sql_log_count
        started = time.perf_counter()
        cpu_started = time.process_time()
        pg_started = postgres_cpu()
        run.generate_credit_lines()
        env.flush_all()
        cr.commit()
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        pg_cpu = postgres_cpu() - pg_started if pg_started is not None else None
        queries = cr.sql_log_count - queries
        peak = peak_rss_mb()
        lines = env["credit.control.line"].search_count([])
        say("")
        say(f"Debtors: {debtors}   invoices: {invoices}   overdue today: {overdue}")
        say(f"OCA account_credit_control: {lines} credit lines ({run.state})")
        say(
            f"Line generation: {elapsed:.1f} s, {overdue / elapsed:.0f} invoices/s, "
            f"{queries} queries, {queries / max(overdue, 1):.2f} per invoice"
        )
        say(
            f"  CPU time of the Odoo process: {cpu:.1f} s; of PostgreSQL (all its databases): "
            + (f"{pg_cpu:.1f} s" if pg_cpu is not None else "unknown")
            + f"; load average {os.getloadavg()[0]:.1f}"
        )
        say(f"Peak RSS: {peak:.0f} MB (registry loaded: {rss_before:.0f} MB)")
        say(f"RESULT peer {overdue / elapsed:.1f} {queries / max(overdue, 1):.3f} {peak:.0f}")


# ----------------------------------------------------------------------------------------------
# The letters
# ----------------------------------------------------------------------------------------------
def serve_http(db):
    """Serve Odoo over HTTP from a thread of this process, for wkhtmltopdf: ``base url``.

    wkhtmltopdf loads the letters' style sheets from the ``report.url`` (else
    ``web.base.url``) of the database, as it would from the running server.
    """
    odoo.tools.config["dbfilter"] = f"^{re.escape(db)}$"
    server = make_server("127.0.0.1", 0, odoo.http.root, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def count_calls(cls, name, calls):
    """Count the calls of ``cls.name`` and their time into ``calls`` ([count, seconds])."""
    original = getattr(cls, name)

    def wrapper(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            calls[0] += 1
            calls[1] += time.perf_counter() - started

    setattr(cls, name, wrapper)
    return lambda: setattr(cls, name, original)


def cmd_letters(registry, db, count, profile=False):
    """Time the rendering of ``count`` formal notices as the scheduled action renders them.

    ``count`` open cases get the steps of the formal notice level (the registered letter and the
    e-mail that carries it), as a manager's validation gives them; then
    ``debt.recovery.action._cron_render_documents`` runs, exactly as at the end of the cron:
    batches of 10 cases, one wkhtmltopdf call each, the e-mails queued, a commit per batch.
    ``profile``: under cProfile, whose top entries are printed (the times then include its
    overhead); ``BENCH_PROFILE_FILE`` saves it.
    """
    server, base_url = serve_http(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Action = env["debt.recovery.action"]
        Param = env["ir.config_parameter"]
        # The letters the cron step left to render (reminders): removed, so that the call
        # timed below renders the formal notices only.
        left = Action.search(Action._debt_recovery_pending_documents_domain())
        if left:
            say(f"Removing the {len(left)} steps the cron step left waiting for their letter")
            left.unlink()
        level = env.ref("debt_recovery_fr.debt_recovery_level_formal_notice")
        cases = env["debt.recovery.case"].search([("state", "=", "open")], limit=count, order="id")
        if len(cases) < count:
            sys.exit(f"Only {len(cases)} open cases: run the cron step first (bench/run does)")
        old_url = Param.get_param("report.url")
        Param.set_param("report.url", base_url)
        cr.commit()
        try:
            # The style sheets of the letters, built once on a new database: not timed.
            started = time.perf_counter()
            Action._debt_recovery_render_letters(level.letter_report_id, cases[:1])
            warm_up = time.perf_counter() - started
            cr.rollback()
            Action.create(
                [
                    {
                        "case_id": case.id,
                        "level_id": level.id,
                        "channel": channel,
                        "level_visit": case.level_visit + 1,
                        "state": "planned",
                        "amount": case.amount_overdue,
                    }
                    for case in cases
                    for channel in ("registered_letter", "email")
                ]
            )
            cr.commit()
            Report = type(env["ir.actions.report"])
            wkhtmltopdf, html = [0, 0.0], [0, 0.0]
            restore = [
                count_calls(Report, "_run_wkhtmltopdf", wkhtmltopdf),
                count_calls(Report, "_render_qweb_html", html),
            ]
            started = time.perf_counter()
            cpu_started = time.process_time()
            pg_started = postgres_cpu()
            profiler = cProfile.Profile() if profile else None
            if profiler:
                profiler.enable()
            Action._cron_render_documents()
            if profiler:
                profiler.disable()
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            pg_cpu = postgres_cpu() - pg_started if pg_started is not None else None
            for undo in restore:
                undo()
            peak = peak_rss_mb()
            steps = Action.search([("level_id", "=", level.id), ("case_id", "in", cases.ids)])
            letters = steps.filtered(lambda a: a.channel == "registered_letter")
            pdfs = letters.attachment_id.filtered(lambda a: a.mimetype == "application/pdf")
            mails = steps.filtered(lambda a: a.channel == "email" and a.mail_message_id)
            say("")
            say(
                f"Letters: {len(pdfs)} formal notices rendered (PDF) of {count}, "
                f"{len(mails)} e-mails queued with them, in {elapsed:.1f} s "
                f"({elapsed / max(len(pdfs), 1):.2f} s per letter)"
            )
            say(
                f"  wkhtmltopdf: {wkhtmltopdf[0]} calls, {wkhtmltopdf[1]:.1f} s; HTML (QWeb) "
                f"rendering: {html[1]:.1f} s; the rest (split, attachments, e-mails, commits): "
                f"{elapsed - wkhtmltopdf[1] - html[1]:.1f} s"
            )
            say(
                f"  CPU time of the Odoo process: {cpu:.1f} s (wkhtmltopdf runs apart); of "
                "PostgreSQL: "
                + (f"{pg_cpu:.1f} s" if pg_cpu is not None else "unknown")
                + f"; load average {os.getloadavg()[0]:.1f}"
            )
            say(f"  first letter before (style sheets built, not timed): {warm_up:.1f} s")
            say(
                f"  PDF sizes: {sum(len(a.raw) for a in pdfs) / max(len(pdfs), 1) / 1024:.0f} kB "
                f"per letter; peak RSS {peak:.0f} MB"
            )
            if profiler:
                print_profile_everywhere("the letters", profiler)
        finally:
            cr.rollback()
            # What this step made goes, so that it can run again on the same database.
            steps = Action.search([("level_id", "=", level.id), ("case_id", "in", cases.ids)])
            env["mail.mail"].search([("mail_message_id", "in", steps.mail_message_id.ids)]).unlink()
            steps.attachment_id.unlink()
            steps.unlink()
            Param.set_param("report.url", old_url or False)
            cr.commit()
            server.shutdown()


# ----------------------------------------------------------------------------------------------
# The scheduled action as Odoo's scheduler runs it: passes with a time budget
# ----------------------------------------------------------------------------------------------
def cmd_scheduler(registry, db, budget=None, runs=None):
    """Run the daily job exactly as Odoo's scheduler does, then check the day's letters.

    Pass after pass, ``ir.cron``'s ``_acquire_one_job`` then ``_process_job`` (which calls the
    job through ``_run_job``: at least ``MIN_RUNS_PER_JOB`` calls and ``MIN_TIME_PER_JOB``
    seconds a pass, ``_commit_progress`` saying how much of it is left), as a cron worker does,
    until the job is done for the day (no longer ready: its next call tomorrow). ``budget`` and
    ``runs`` replace Odoo's 10 s and 10 calls per pass (``0 1``: every commit ends a pass).
    Then every step of the day waiting for a letter must have it, every e-mail that carries one
    must be queued with it; the exit status says whether they are.
    """
    # Imported once Odoo's configuration is read, as the registry imports it.
    from odoo.addons.base.models import ir_cron

    if budget is not None:
        ir_cron.MIN_TIME_PER_JOB = budget
    if runs is not None:
        ir_cron.MIN_RUNS_PER_JOB = runs
    server, base_url = serve_http(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Case = env["debt.recovery.case"]
        Param = env["ir.config_parameter"]
        if Case.search_count([]):
            sys.exit("Cases exist: run the reset step first (bench/run does)")
        cron = env.ref("debt_recovery_fr.ir_cron_debt_recovery_run")
        cron_id = cron.id
        # Due now, as every morning.
        cron.write({"active": True, "nextcall": fields.Datetime.now() - timedelta(minutes=1)})
        env["ir.cron.trigger"].search([("cron_id", "=", cron_id)]).unlink()
        old_url = Param.get_param("report.url")
        Param.set_param("report.url", base_url)
        debtors, invoices = count_data(env)
        overdue = env["account.move"].search_count(
            Case._get_overdue_invoice_domain(env.company, fields.Date.context_today(Case))
        )
        cr.commit()
    IrCron = registry["ir.cron"]
    Progress = registry["ir.cron.progress"]
    calls = [0]
    create = Progress.create

    def count_progress(self, vals_list):
        # ``_run_job`` makes one progress record per call of the job.
        calls[0] += 1
        return create(self, vals_list)

    Progress.create = count_progress
    passes = []
    started = time.perf_counter()
    cpu_started = time.process_time()
    try:
        while True:
            with registry.cursor() as cron_cr:
                job = IrCron._acquire_one_job(cron_cr, cron_id)
                if not job:
                    break
                pass_started = time.perf_counter()
                calls_before = calls[0]
                IrCron._process_job(cron_cr, job)
                cron_cr.commit()
                passes.append((time.perf_counter() - pass_started, calls[0] - calls_before))
            if len(passes) >= 1000:
                sys.exit("The job still reports work left after 1000 passes")
    finally:
        Progress.create = create
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak = peak_rss_mb()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Action = env["debt.recovery.action"]
        cron = env.ref("debt_recovery_fr.ir_cron_debt_recovery_run")
        today = fields.Date.context_today(Action)
        with_letter = Domain("level_id.letter_report_id", "!=", False) & Domain(
            "state", "!=", "cancelled"
        )
        letters = Action.search(
            with_letter & Domain("channel", "in", ("letter", "registered_letter"))
        )
        emails = Action.search(with_letter & Domain("channel", "=", "email"))
        mails = env["mail.mail"].search([("mail_message_id", "in", emails.mail_message_id.ids)])
        mail_of = {mail.mail_message_id.id: mail for mail in mails}
        missing_letters = letters.filtered(lambda step: not step.attachment_id)
        missing_mails = emails.filtered(
            lambda step: step.state != "done"
            or not step.attachment_id
            or step.attachment_id
            not in mail_of.get(step.mail_message_id.id, env["mail.mail"]).attachment_ids
        )
        failed = Action.search_count(with_letter & Domain("render_error", "!=", False))
        cases = env["debt.recovery.case"].search_count([])
        run = env["debt.recovery.case"].search_count([("last_run_date", "=", today)])
        done_for_the_day = cron.nextcall > fields.Datetime.now() and not env[
            "ir.cron.trigger"
        ].search_count([("cron_id", "=", cron.id)])
        say("")
        say(f"Debtors: {debtors}   invoices: {invoices}   overdue today: {overdue}")
        say(
            f"Odoo's scheduler: {len(passes)} passes of the job ({ir_cron.MIN_TIME_PER_JOB} s "
            f"and at least {ir_cron.MIN_RUNS_PER_JOB} calls each), {calls[0]} calls, "
            f"{elapsed:.1f} s in all (CPU of the Odoo process {cpu:.1f} s, load average "
            f"{os.getloadavg()[0]:.1f}), {overdue / elapsed:.0f} invoices/s with the letters"
        )
        say(
            "  passes: "
            + ", ".join(f"{secs:.1f} s / {n} calls" for secs, n in passes[:12])
            + (" ..." if len(passes) > 12 else "")
        )
        say(
            f"  done for the day: {'yes' if done_for_the_day else 'NO'} (next call "
            f"{cron.nextcall} UTC); cases {cases}, run today {run}"
        )
        say(
            f"Letters of the day: {len(letters) - len(missing_letters)} of {len(letters)} made; "
            f"e-mails carrying them queued with their letter: {len(emails) - len(missing_mails)} "
            f"of {len(emails)}; letters that could not be made: {failed}"
        )
        say(f"Peak RSS: {peak:.0f} MB")
        Param = env["ir.config_parameter"]
        Param.set_param("report.url", old_url or False)
        cr.commit()
    server.shutdown()
    if missing_letters or missing_mails or not done_for_the_day or run != cases:
        sys.exit(
            f"FAILED: {len(missing_letters)} letters and {len(missing_mails)} e-mails of the day "
            "missing, or the job not done for the day"
        )
    say("Every letter of the day made, every e-mail carrying one queued with it.")


def print_profile(title, profiler):
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    # Only the module's own functions (the Odoo source may sit under a debt_recovery_fr folder).
    module_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    stats.print_stats(re.escape(os.path.join(module_dir, "debt_recovery_fr")), 25)
    say(f"--- cProfile, {title}: top cumulative entries under debt_recovery_fr")
    say(out.getvalue().split("\n\n", 1)[-1].strip())


def print_profile_everywhere(title, profiler):
    """The module's top cumulative entries, then everyone's by cumulative and by own time."""
    if os.environ.get("BENCH_PROFILE_FILE"):
        profiler.dump_stats(os.environ["BENCH_PROFILE_FILE"])
    print_profile(title, profiler)
    for order, name in (("cumulative", "cumulative"), ("tottime", "own time")):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(30)
        say(f"--- cProfile, {title}: top {name}, everywhere")
        say(out.getvalue().split("\n\n", 1)[-1].strip())


def cmd_profile(registry, batch_size):
    """cProfile of the whole decision work (the sync, every batch, the commits)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Case = env["debt.recovery.case"]
        if Case.search_count([]):
            sys.exit("Cases exist: run the reset step first (bench/run does)")
        Action = type(env["debt.recovery.action"])
        render = Action._cron_render_documents
        Action._cron_render_documents = lambda self, *args, **kwargs: None
        profiler = cProfile.Profile()
        profiler.enable()
        Case._cron_run(batch_size=batch_size)
        profiler.disable()
        Action._cron_render_documents = render
        if os.environ.get("BENCH_PROFILE_FILE"):
            profiler.dump_stats(os.environ["BENCH_PROFILE_FILE"])
        print_profile("the decision work", profiler)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
        say("--- cProfile, the decision work: top own time, everywhere")
        say(out.getvalue().split("\n\n", 1)[-1].strip())


# ----------------------------------------------------------------------------------------------
# The daily run in queue jobs (debt_recovery_fr_queue_job), see bench/run_queue_job
# ----------------------------------------------------------------------------------------------
def cmd_enqueue(registry):
    """The scheduled action with the queue_job glue installed: the sync, then the jobs queued."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Case = env["debt.recovery.case"]
        if "_debt_recovery_job_run_batch" not in dir(Case):
            sys.exit("debt_recovery_fr_queue_job is not installed on this database")
        if Case.search_count([]):
            sys.exit("Cases exist: run the reset step first")
        cr.commit()
        started = time.perf_counter()
        Case._cron_run()
        elapsed = time.perf_counter() - started
        jobs = env["queue.job"].search_count([("channel", "=", "root.debt_recovery")])
        say(f"Scheduled action: sync and {jobs} jobs queued in {elapsed:.1f} s")


def cmd_jobs(registry):
    """The jobs' span (first start to last end), their states, and the duplicates (must be 0)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Job = env["queue.job"]
        jobs = Job.search([("channel", "=", "root.debt_recovery")])
        states = Counter(jobs.mapped("state"))
        by_method = Counter(jobs.mapped("method_name"))
        started = min(jobs.mapped("date_started") or [None]) if jobs else None
        done = max(jobs.mapped("date_done") or [None]) if jobs else None
        Case = env["debt.recovery.case"]
        Action = env["debt.recovery.action"]
        today = fields.Date.context_today(Case)
        cases = Case.search_count([])
        run = Case.search_count([("last_run_date", "=", today)])
        # A step is unique per case, level, stay and channel: a duplicate would be a second
        # one; and an e-mail step has exactly one mail.
        groups = Action._read_group(
            [("channel", "!=", "level_change")],
            ["case_id", "level_id", "channel"],
            ["__count"],
        )
        twice = sum(1 for *_key, count in groups if count > 1)
        emails = Action.search_count([("channel", "=", "email"), ("state", "=", "done")])
        mails = env["mail.mail"].search_count([("model", "=", "debt.recovery.case")])
        letters = Action.search_count([("attachment_id", "!=", False)])
        attachments = env["ir.attachment"].search_count(
            [("res_model", "=", "debt.recovery.case"), ("mimetype", "=", "application/pdf")]
        )
        say(f"Jobs: {dict(states)} ({dict(by_method)})")
        if started and done:
            span = (done - started).total_seconds()
            say(f"From the first job started to the last done: {span:.1f} s")
        say(f"Cases: {cases}, run today: {run}")
        say(
            f"Steps twice for the same case, level and channel: {twice}; e-mail steps done: "
            f"{emails}, their mails: {mails}; steps with a letter: {letters}, letters: "
            f"{attachments}"
        )


def summary(path):
    """The RESULT lines of the alternated runs of ``bench/run --peer``, and the ratio."""
    runs = {"ours": [], "peer": []}
    with open(path) as results:
        for line in results:
            if line.startswith("RESULT "):
                _result, side, speed, queries, peak = line.split()
                runs[side].append((float(speed), float(queries), float(peak)))
    say(f"{'':6} {'invoices/s':>12} {'queries/invoice':>16} {'peak RSS MB':>12}")
    for side, name in (("ours", "ours"), ("peer", "OCA")):
        for n, (speed, queries, peak) in enumerate(runs[side], start=1):
            say(f"{name + str(n):6} {speed:12.0f} {queries:16.3f} {peak:12.0f}")
    if runs["ours"] and runs["peer"]:
        ratios = [ours[0] / peer[0] for ours, peer in zip(runs["ours"], runs["peer"], strict=False)]
        say(
            "Ratio ours / OCA (invoices/s), round by round: "
            + ", ".join(f"{r:.2f}" for r in ratios)
        )
        best = max(o[0] for o in runs["ours"]) / max(p[0] for p in runs["peer"])
        say(f"Ratio of the best runs: {best:.2f}")


def main(argv):
    if argv[:1] == ["summary"]:
        summary(argv[1])
        return
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
    elif command == "letters":
        cmd_letters(registry, db, int(argv[3]), profile=argv[4:5] == ["profile"])
    elif command == "scheduler":
        budget = [float(argv[3]), int(argv[4])] if len(argv) > 4 else []
        cmd_scheduler(registry, db, *budget)
    elif command == "profile":
        cmd_profile(registry, batch_size)
    elif command == "peer":
        cmd_peer(registry)
    elif command == "enqueue":
        cmd_enqueue(registry)
    elif command == "jobs":
        cmd_jobs(registry)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
