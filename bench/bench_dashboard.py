# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the recovery dashboard (see the README, section Benchmark).

    python bench/bench_dashboard.py CONF DB build N   # N cases, each with an invoice paid in part
    python bench/bench_dashboard.py CONF DB time      # server time of retrieve_dashboard()

``build`` makes one case with the ORM (an invoice of 1 000, a payment of 400, two level
changes), then copies its rows N times in SQL with other debtors, levels, states and dates:
the dashboard reads stored rows only, so they need not be made one by one. Use a database of
your own with the module installed (never the demo or test databases).
"""

import statistics
import sys
import time
from datetime import timedelta

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry
from odoo.tools import SQL

STATES = ("open", "open", "open", "escalated", "paused", "paid")
# The stored computed fields of the rows copied or inserted in SQL.
PARTIAL_COMPUTED = ("debt_recovery_case_id", "debt_recovery_level_id", "debt_recovery_days")
ESCALATION_COMPUTED = (
    "name",
    "deadline_reply",
    "deadline_service",
    "deadline_opposition",
    "date_enforceable",
    "title_expiry",
    "next_deadline",
    "next_deadline_kind",
)


def say(*args):
    print(*args, flush=True)


def open_registry(conf, db):
    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level", "warn"])
    return Registry(db)


def next_id(cr, table):
    cr.execute(SQL("SELECT COALESCE(MAX(id), 0) + 1 FROM %s", SQL.identifier(table)))
    return cr.fetchone()[0]


def copy_rows(cr, table, where, count, overrides):
    """Insert ``count`` copies (n = 0 .. count-1) of the rows of ``table`` matching ``where``,
    each column of ``overrides`` (an SQL expression of ``src`` and ``n``) replacing the copy's.

    The record is built in a LATERAL join: ``(jsonb_populate_record(...)).*`` would build it
    once per column.
    """
    cr.execute(
        SQL(
            """
            INSERT INTO %(table)s
            SELECT copy.*
              FROM %(table)s src
        CROSS JOIN generate_series(0, %(last)s) n
        CROSS JOIN LATERAL jsonb_populate_record(
                       NULL::%(table)s, to_jsonb(src) || %(overrides)s
                   ) copy
             WHERE %(where)s
            """,
            table=SQL.identifier(table),
            overrides=SQL(
                "jsonb_build_object(%s)",
                SQL(", ").join(SQL("%s, %s", key, value) for key, value in overrides.items()),
            ),
            last=count - 1,
            where=where,
        )
    )
    cr.execute(
        SQL(
            "SELECT setval(%s, (SELECT MAX(id) FROM %s))",
            f"{table}_id_seq",
            SQL.identifier(table),
        )
    )


def build(env, count):
    today = fields.Date.context_today(env.user)
    company = env.company
    levels = env["debt.recovery.level"].search([("company_id", "=", company.id)])
    partner = env["res.partner"].create({"name": "Bench dashboard debtor", "is_company": True})
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": today - timedelta(days=90),
            "invoice_date_due": today - timedelta(days=60),
            "invoice_line_ids": [
                fields.Command.create({"name": "Bench", "price_unit": 1000, "tax_ids": []})
            ],
        }
    )
    invoice.action_post()
    case = env["debt.recovery.case"].create({"partner_id": partner.id, "level_id": levels[0].id})
    invoice.debt_recovery_case_id = case
    for level, days in ((levels[0], 55), (levels[1], 25)):
        env["debt.recovery.action"].create(
            {
                "case_id": case.id,
                "level_id": level.id,
                "channel": "level_change",
                "amount": 1000,
                "cost": 5,
                "date": today - timedelta(days=days),
            }
        )
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=invoice.ids
    ).create({"amount": 400, "payment_date": today - timedelta(days=10)})._create_payments()
    env.flush_all()
    cr = env.cr
    partial = env["account.partial.reconcile"].search([("debit_move_id.move_id", "=", invoice.id)])
    payment_move = partial.credit_move_id.move_id
    lines = (invoice | payment_move).line_ids.sorted("id")
    width = len(lines)
    base = {
        table: next_id(cr, table)
        for table in (
            "res_partner",
            "debt_recovery_case",
            "account_move",
            "account_move_line",
            "account_partial_reconcile",
            "debt_recovery_action",
        )
    }
    # Spread the copies over 400 days of due dates, the levels and the states.
    age = SQL("(n %% 400)")
    due = SQL("(%s::date - %s)", today, age)
    copy_rows(
        cr,
        "res_partner",
        SQL("src.id = %s", partner.id),
        count,
        {
            "id": SQL("%s + n", base["res_partner"]),
            "name": SQL("'Bench debtor ' || n"),
            "complete_name": SQL("'Bench debtor ' || n"),
        },
    )
    level_ids = levels.ids
    copy_rows(
        cr,
        "debt_recovery_case",
        SQL("src.id = %s", case.id),
        count,
        {
            "id": SQL("%s + n", base["debt_recovery_case"]),
            "partner_id": SQL("%s + n", base["res_partner"]),
            "name": SQL("'Bench debtor ' || n"),
            "level_id": SQL("(%s::int[])[1 + n %% %s]", level_ids, len(level_ids)),
            "state": SQL("(%s::varchar[])[1 + n %% %s]", list(STATES), len(STATES)),
            "next_action_date": SQL("%s::date + (n %% 60)", today),
            "oldest_due_date": due,
            "amount_overdue": SQL("600 + (n %% 97) * 10"),
        },
    )
    move_id = SQL(
        "%s + 2 * n + CASE WHEN src.id = %s THEN 0 ELSE 1 END", base["account_move"], invoice.id
    )
    copy_rows(
        cr,
        "account_move",
        SQL("src.id IN %s", (invoice.id, payment_move.id)),
        count,
        {
            "id": move_id,
            "name": SQL("src.name || '-B' || n"),
            "partner_id": SQL("%s + n", base["res_partner"]),
            "debt_recovery_case_id": SQL(
                "CASE WHEN src.id = %s THEN %s + n END", invoice.id, base["debt_recovery_case"]
            ),
            "invoice_date_due": SQL("CASE WHEN src.id = %s THEN %s END", invoice.id, due),
        },
    )
    line_index = SQL(
        "(array_position(%s::int[], src.id) - 1)",
        lines.ids,
    )
    copy_rows(
        cr,
        "account_move_line",
        SQL("src.id IN %s", tuple(lines.ids)),
        count,
        {
            "id": SQL("%s + n * %s + %s", base["account_move_line"], width, line_index),
            "move_id": SQL(
                "%s + 2 * n + CASE WHEN src.move_id = %s THEN 0 ELSE 1 END",
                base["account_move"],
                invoice.id,
            ),
            "move_name": SQL("src.move_name || '-B' || n"),
            "partner_id": SQL("%s + n", base["res_partner"]),
            "date_maturity": SQL("CASE WHEN src.move_id = %s THEN %s END", invoice.id, due),
        },
    )
    copy_rows(
        cr,
        "account_partial_reconcile",
        SQL("src.id = %s", partial.id),
        count,
        {
            "id": SQL("%s + n", base["account_partial_reconcile"]),
            "debit_move_id": SQL(
                "%s + n * %s + %s",
                base["account_move_line"],
                width,
                lines.ids.index(partial.debit_move_id.id),
            ),
            "credit_move_id": SQL(
                "%s + n * %s + %s",
                base["account_move_line"],
                width,
                lines.ids.index(partial.credit_move_id.id),
            ),
            "max_date": SQL("%s::date - (n %% 365)", today),
            "debt_recovery_case_id": SQL("%s + n", base["debt_recovery_case"]),
        },
    )
    actions = case.action_ids.sorted("id")
    copy_rows(
        cr,
        "debt_recovery_action",
        SQL("src.id IN %s", tuple(actions.ids)),
        count,
        {
            "id": SQL(
                "%s + 2 * n + CASE WHEN src.id = %s THEN 0 ELSE 1 END",
                base["debt_recovery_action"],
                actions[0].id,
            ),
            "case_id": SQL("%s + n", base["debt_recovery_case"]),
            "partner_id": SQL("%s + n", base["res_partner"]),
            "date": SQL("%s + CASE WHEN src.id = %s THEN 5 ELSE 35 END", due, actions[0].id),
        },
    )
    # A payment order under way on each case in procedure, its ordonnance over the last 90 days.
    cr.execute(
        SQL(
            """
            INSERT INTO debt_recovery_escalation
                   (case_id, company_id, partner_id, kind, state, served_in_person,
                    date_ordonnance, create_uid, create_date, write_uid, write_date)
            SELECT rcase.id, rcase.company_id, rcase.partner_id, 'payment_order', 'in_progress',
                   TRUE, %(today)s::date - (rcase.id %% 90), %(uid)s, NOW(), %(uid)s, NOW()
              FROM debt_recovery_case rcase
             WHERE rcase.id >= %(first)s AND rcase.state = 'escalated'
         RETURNING id
            """,
            today=today,
            uid=env.uid,
            first=base["debt_recovery_case"],
        )
    )
    escalations = env["debt.recovery.escalation"].browse(row[0] for row in cr.fetchall())
    # What the ORM stores when a payment is reconciled or a procedure dated: the level each
    # payment came at, the procedures' legal deadlines. Computed here as it would be.
    env.invalidate_all()
    Partial = env["account.partial.reconcile"]
    partials = Partial.browse(
        range(base["account_partial_reconcile"], base["account_partial_reconcile"] + count)
    )
    for records, names in ((partials, PARTIAL_COMPUTED), (escalations, ESCALATION_COMPUTED)):
        for name in names:
            env.add_to_compute(records._fields[name], records)
    env.flush_all()
    cr.execute("ANALYZE")
    say(f"built {count} cases and {len(escalations)} procedures on {env.cr.dbname}")


def time_dashboard(env, runs=5):
    Case = env["debt.recovery.case"].with_user(env.ref("base.user_admin"))
    cr = env.cr
    cr.execute("SELECT COUNT(*) FROM debt_recovery_case")
    cases = cr.fetchone()[0]
    cr.execute("SELECT COUNT(*) FROM debt_recovery_payment_report")
    payments = cr.fetchone()[0]
    durations = []
    for _run in range(runs):
        env.invalidate_all()
        queries = cr.sql_log_count
        start = time.perf_counter()
        data = Case.retrieve_dashboard()
        durations.append(time.perf_counter() - start)
        queries = cr.sql_log_count - queries
    say(
        f"dashboard: {cases} cases, {payments} payments, {len(data['levels'])} levels: "
        f"median {statistics.median(durations) * 1000:.0f} ms, "
        f"best {min(durations) * 1000:.0f} ms over {runs} runs, {queries} queries"
    )


def main(argv):
    conf, db, step, *args = argv
    registry = open_registry(conf, db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if step == "build":
            build(env, int(args[0]))
        elif step == "time":
            time_dashboard(env)
        else:
            raise SystemExit(f"unknown step {step}")


if __name__ == "__main__":
    main(sys.argv[1:])
