# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from ..legal.escalation import simplified_reply_deadline
from ..legal.payment_order import opposition_deadline, service_deadline
from ..models.debt_recovery_case_dashboard import dso_countback
from .common import DebtRecoveryCommon

FRENCH_MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
)
REPLY_DUE = "Procédure simplifiée: debtor's answer due"


@tagged("post_install", "-at_install")
class TestDebtRecoveryDashboard(DebtRecoveryCommon):
    """The dashboard's indicators on a known history of three cases.

    Debtor A owes 1 000 (due 100 days ago): reminder 95 days ago, formal notice 60 days ago;
    pays 400 at the reminder (80 days ago) and 300 at the formal notice (30 days ago).
    Debtor B owes 500 (due 10 days ago): pays 200 eight days ago, before the reminder sent 5
    days ago. Debtor C owes 2 000 (due 200 days ago) and 100 not due yet: reminder 190 days
    ago, payment order 20 days ago, pays 500 at the payment order 2 days ago; its case is in
    procedure with a deadline in a week.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_reminder = cls._create_level("reminder", 10, 5)
        cls.level_notice = cls._create_level("notice", 20)
        cls.level_order = cls._create_level("payment_order", 30)
        cls.levels = cls.level_reminder | cls.level_notice | cls.level_order
        Partner = cls.env["res.partner"]
        cls.debtor_a = Partner.create({"name": "Menuiserie Martin SARL", "is_company": True})
        cls.debtor_b = Partner.create({"name": "Boulangerie Petit SAS", "is_company": True})
        cls.debtor_c = Partner.create({"name": "Garage Leroy SA", "is_company": True})
        cls.case_a = cls._case(cls.debtor_a, [(1000, 100)], cls.level_notice)
        cls.case_b = cls._case(cls.debtor_b, [(500, 10)], cls.level_reminder)
        cls.case_c = cls._case(
            cls.debtor_c,
            [(2000, 200), (100, -10)],
            cls.level_order,
            state="escalated",
            next_action_date=cls.today + timedelta(days=7),
        )
        cls._level_change(cls.case_a, cls.level_reminder, 95, 1000)
        cls._level_change(cls.case_a, cls.level_notice, 60, 600)
        cls._level_change(cls.case_b, cls.level_reminder, 5, 500)
        cls._level_change(cls.case_c, cls.level_reminder, 190, 2000)
        cls._level_change(cls.case_c, cls.level_order, 20, 2000)
        cls._pay(cls.case_a.invoice_ids, 400, 80)
        cls._pay(cls.case_a.invoice_ids, 300, 30)
        cls._pay(cls.case_b.invoice_ids, 200, 8)
        cls._pay(cls.case_c.invoice_ids.sorted("invoice_date_due")[0], 500, 2)
        Action = cls.env["debt.recovery.action"]
        for case, level, channel, cost, state in (
            (cls.case_a, cls.level_notice, "registered_letter", 8.5, "done"),
            (cls.case_c, cls.level_order, "commissaire", 150.0, "done"),
            (cls.case_c, cls.level_order, "letter", 99.0, "cancelled"),
        ):
            with Action._debt_recovery_internal():
                Action.create(
                    {
                        "case_id": case.id,
                        "level_id": level.id,
                        "channel": channel,
                        "cost": cost,
                        "state": state,
                        "date": cls.today - timedelta(days=10),
                    }
                )

    @classmethod
    def _case(cls, partner, invoices, level, company=None, **vals):
        company = company or cls.company
        state = vals.pop("state", None)
        case = cls.env["debt.recovery.case"].create(
            {"partner_id": partner.id, "company_id": company.id, **vals}
        )
        case._place_at_level(level)
        if state:
            case._change_state(state, event=True)
        for amount, days in invoices:
            cls._overdue_invoice(
                partner, amount, days, company=company
            ).debt_recovery_case_id = case
        return case

    @classmethod
    def _level_change(cls, case, level, days_ago, amount):
        Action = cls.env["debt.recovery.action"]
        # The history of the case, as the recovery wrote it.
        with Action._debt_recovery_internal():
            Action.create(
                {
                    "case_id": case.id,
                    "level_id": level.id,
                    "channel": "level_change",
                    "amount": amount,
                    "date": cls.today - timedelta(days=days_ago),
                }
            )

    @classmethod
    def _pay(cls, invoice, amount, days_ago):
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {"amount": amount, "payment_date": cls.today - timedelta(days=days_ago)}
        )._create_payments()

    def _levels(self, data):
        return {row["id"]: row for row in data["levels"]}

    def test_overdue_by_level_and_age(self):
        data = self.Case.retrieve_dashboard()
        levels = self._levels(data)
        self.assertEqual(
            [
                (row["name"], row["cases"], row["overdue"])
                for row in data["levels"]
                if row["id"] in (False, *self.levels.ids)
            ],
            [
                ("Before the first level", 0, 0.0),
                ("Reminder", 1, 300.0),
                ("Formal notice", 1, 300.0),
                ("Payment order", 1, 1500.0),
            ],
        )
        self.assertEqual(levels[self.level_order.id]["overdue_fmt"], "1,500.00\N{NO-BREAK SPACE}€")
        self.assertEqual(data["overdue"], 2100.0)
        self.assertEqual(data["case_count"], 3)
        self.assertEqual(
            {bucket["key"]: bucket["amount"] for bucket in data["buckets"]},
            {
                "not_due": 100.0,
                "1_30": 300.0,
                "31_60": 0.0,
                "61_90": 0.0,
                "91_180": 300.0,
                "180_plus": 1500.0,
            },
        )

    def test_recovery_rate_per_level(self):
        levels = self._levels(self.Case.retrieve_dashboard())
        # Paid at the level the case was at on the payment date, over what it owed on arrival.
        reminder = levels[self.level_reminder.id]
        self.assertEqual(reminder["recovered"], 400.0)
        self.assertEqual(reminder["entered"], 3500.0)
        self.assertEqual(reminder["rate"], 11.4)
        self.assertEqual(reminder["avg_days"], 20)
        notice = levels[self.level_notice.id]
        self.assertEqual(
            (notice["recovered"], notice["rate"], notice["avg_days"]), (300.0, 50.0, 70)
        )
        order = levels[self.level_order.id]
        self.assertEqual((order["recovered"], order["rate"], order["avg_days"]), (500.0, 25.0, 198))
        # B paid before its first reminder: recovered, but by no step.
        no_level = levels[False]
        self.assertEqual(
            (no_level["recovered"], no_level["rate"], no_level["avg_days"]), (200.0, None, 2)
        )
        # Moving A back to the reminder before its second payment moves that payment there.
        self._level_change(self.case_a, self.level_reminder, 40, 600)
        levels = self._levels(self.Case.retrieve_dashboard())
        self.assertEqual(levels[self.level_reminder.id]["recovered"], 700.0)
        self.assertEqual(levels[self.level_notice.id]["recovered"], 0.0)
        self.assertIsNone(levels[self.level_notice.id]["avg_days"])

    def test_payments_report_rows(self):
        rows = self.env["debt.recovery.payment.report"].search(
            [("case_id", "=", self.case_a.id)], order="date"
        )
        self.assertEqual(
            [(row.date, row.amount, row.level_id, row.days_to_recover) for row in rows],
            [
                (self.today - timedelta(days=80), 400.0, self.level_reminder, 20),
                (self.today - timedelta(days=30), 300.0, self.level_notice, 70),
            ],
        )

    def test_payment_received_before_the_case(self):
        # Paid in part, then overdue: the daily sync puts the invoice in a case (in SQL).
        debtor = self.env["res.partner"].create({"name": "Plâtrerie Roux SARL", "is_company": True})
        invoice = self._overdue_invoice(debtor, 800, 40)
        self._pay(invoice, 300, 20)
        Report = self.env["debt.recovery.payment.report"]
        self.assertFalse(Report.search([("invoice_id", "=", invoice.id)]))
        case = self.Case._debt_recovery_case_for_partner(debtor, self.company)
        self.assertEqual(invoice.debt_recovery_case_id, case)
        rows = Report.search([("invoice_id", "=", invoice.id)])
        self.assertEqual(
            [(row.case_id, row.amount, row.level_id, row.days_to_recover) for row in rows],
            [(case, 300.0, self.env["debt.recovery.level"], 20)],
        )
        self.assertEqual(self._levels(self.Case.retrieve_dashboard())[False]["recovered"], 500.0)

    def test_recovered_per_month_costs_and_net(self):
        data = self.Case.retrieve_dashboard()
        self.assertEqual(len(data["months"]), 12)
        expected = {}
        for amount, days in ((400, 80), (300, 30), (200, 8), (500, 2)):
            month = (self.today - timedelta(days=days)).replace(day=1)
            expected[str(month)] = expected.get(str(month), 0.0) + amount
        self.assertEqual(
            {month["month"]: month["amount"] for month in data["months"] if month["amount"]},
            expected,
        )
        self.assertEqual(data["months"][-1]["month"], str(self.today.replace(day=1)))
        self.assertEqual(data["recovered_month"], expected.get(str(self.today.replace(day=1)), 0.0))
        self.assertEqual(data["recovered"], 1400.0)
        # The cancelled letter cost nothing.
        self.assertEqual(data["costs"], 158.5)
        self.assertEqual(data["net"], 1241.5)
        self.assertEqual(self._levels(data)[self.level_order.id]["costs"], 150.0)

    def test_dso_procedures_and_top_debtors(self):
        data = self.Case.retrieve_dashboard()
        # The countback of the 2 200 open over this year's sales (see test_dso_countback).
        self.assertEqual(data["dso"], self.Case._debt_recovery_dashboard_dso(self.today))
        self.assertEqual(data["dso_fmt"], f"{data['dso']} days")
        self.assertEqual(data["procedure_count"], 1)
        # The case's own next action date is no legal deadline: no procedure, no deadline.
        self.assertEqual(data["deadlines"], [])
        # A procedure under way on a case not escalated (yet) puts it in procedure, until closed.
        procedure = self._procedure(self.case_a, "payment_order")
        self.assertEqual(self.Case.retrieve_dashboard()["procedure_count"], 2)
        procedure.outcome = "abandoned"
        procedure.action_close()
        self.assertEqual(self.Case.retrieve_dashboard()["procedure_count"], 1)
        top = data["top_debtors"]
        self.assertEqual(top[0]["partner_id"], self.debtor_c.id)
        self.assertEqual(top[0]["amount"], 1500.0)
        self.assertEqual({d["partner_id"] for d in top[1:]}, {self.debtor_a.id, self.debtor_b.id})

    def _procedure(self, case, kind, **dates):
        if not case._debt_recovery_formal_notice_done():
            self._send_formal_notice(case, self.level_notice)
        for evidence in ("contract", "delivery_proof"):
            self.env["debt.recovery.evidence"].create(
                {
                    "case_id": case.id,
                    "kind": evidence,
                    "name": evidence,
                    "attachment_ids": [
                        Command.create({"name": f"{evidence}.pdf", "raw": b"%PDF-1.4"})
                    ],
                }
            )
        return self.env["debt.recovery.escalation"].create(
            {"case_id": case.id, "kind": kind, **dates}
        )

    def _deadlines(self):
        return [
            (d["case_id"], d["name"], d["label"], d["date"], d["late"])
            for d in self.Case.retrieve_dashboard()["deadlines"]
        ]

    def test_dso_countback(self):
        # 3 000 open; sales of 1 200 this month (20 days so far), 1 000 the month before (30
        # days), 2 000 before (31 days): 20 + 30 days, then 800 of 2 000 = 12.4 of 31 days.
        self.assertEqual(dso_countback(3000, [(1200, 20), (1000, 30), (2000, 31)]), 62)
        # Covered by this month's sales alone: its share of this month's days.
        self.assertEqual(dso_countback(600, [(1200, 20), (1000, 30)]), 10)
        # A month without sales counts whole; beyond the months read, the oldest pace.
        self.assertEqual(dso_countback(1500, [(0, 20), (1000, 30)]), 20 + 30 + 15)
        self.assertEqual(dso_countback(0, [(1000, 30)]), 0)
        self.assertIsNone(dso_countback(100, [(0, 30)]))
        # On the books of a company of its own, at fixed dates, on 20 March 2026: 600 invoiced
        # in March, 2 000 in February, 1 000 in January, all open (3 600): March's 20 days,
        # February's 28, and all of January's 31 (its 1 000 exactly what is left): 79 days,
        # where the average method would say 3 600 / 3 600 × 365 = 365.
        company = self.setup_other_company(name="Ébénisterie Blanc SAS")["company"]
        debtor = self.env["res.partner"].create({"name": "Café Moreau", "is_company": True})
        for amount, date in ((1000, "2026-01-15"), (2000, "2026-02-10"), (600, "2026-03-05")):
            self.init_invoice(
                "out_invoice",
                partner=debtor,
                invoice_date=date,
                amounts=[amount],
                taxes=[],
                company=company,
                post=True,
            )
        Case = self.Case.with_company(company).with_context(allowed_company_ids=company.ids)
        self.assertEqual(Case._debt_recovery_dashboard_dso(fields.Date.to_date("2026-03-20")), 79)
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["debt_recovery_fr"], ["fr_FR"])
        data = Case.with_context(lang="fr_FR").retrieve_dashboard()
        self.assertEqual(data["dso_fmt"], f"{data['dso']} jours")

    def test_rate_and_costs_without_history(self):
        # A case placed at a level with no level change on record (an imported case): it
        # entered the level with what was recovered at it and what is still overdue there.
        debtor = self.env["res.partner"].create({"name": "Imprimerie Faure", "is_company": True})
        level = self.env["debt.recovery.level"].create({"name": "Imported", "sequence": 15})
        case = self._case(debtor, [(1000, 50)], level)
        self.assertEqual(self._levels(self.Case.retrieve_dashboard())[level.id]["rate"], 0.0)
        self.assertEqual(self.Case._debt_recovery_dashboard_rate(250.0, 0.0, 750.0), 25.0)
        self.assertEqual(self.Case._debt_recovery_dashboard_rate(250.0, 500.0, 750.0), 50.0)
        self.assertIsNone(self.Case._debt_recovery_dashboard_rate(0.0, 0.0, 0.0))
        # A cost booked on a procedure carries no level: it counts at the case's level, not
        # under « before the first level ».
        procedure = self._procedure(case, "payment_order")
        before = self._levels(self.Case.retrieve_dashboard())
        procedure._debt_recovery_book_cost(35.0, "Greffe")
        after = self._levels(self.Case.retrieve_dashboard())
        self.assertEqual(after[case.level_id.id]["costs"] - before[case.level_id.id]["costs"], 35.0)
        self.assertEqual(after[False]["costs"], before[False]["costs"])

    def test_deadlines_of_procedures(self):
        today = self.today
        order = self._procedure(
            self.case_c, "payment_order", date_ordonnance=today - timedelta(days=10)
        )
        # Art. 1411 CPC: the ordonnance must be served.
        service = service_deadline(today - timedelta(days=10))
        self.assertEqual((order.next_deadline, order.next_deadline_kind), (service, "service"))
        name = self.case_c.name
        self.assertEqual(
            self._deadlines(),
            [(self.case_c.id, name, "Serve the payment order", str(service), False)],
        )
        # R125-2 CPCE: a procédure simplifiée whose month to answer is over comes first, late.
        simplified = self._procedure(
            self.case_c, "simplified_procedure", date_sent=today - timedelta(days=40)
        )
        reply = simplified_reply_deadline(today - timedelta(days=40))
        self.assertLess(reply, today)
        self.assertEqual(
            self._deadlines(),
            [
                (self.case_c.id, name, REPLY_DUE, str(reply), True),
                (self.case_c.id, name, "Serve the payment order", str(service), False),
            ],
        )
        # Served: next comes the end of the opposition window (art. 1416 CPC).
        order.date_service = today - timedelta(days=3)
        # A closed procedure has no deadline left.
        simplified.outcome = "abandoned"
        simplified.action_close()
        self.assertFalse(simplified.next_deadline)
        self.assertEqual(
            self._deadlines(),
            [
                (
                    self.case_c.id,
                    name,
                    "Opposition window ends",
                    str(opposition_deadline(today - timedelta(days=3))),
                    False,
                )
            ],
        )
        # Enforceable title: the 10 years to enforce it (L111-4 CPCE), until the outcome.
        order.date_title = today
        self.assertEqual(order.next_deadline_kind, "title_expiry")
        self.assertGreater(order.next_deadline, today + timedelta(days=3650))
        # The title obtained, its expiry stays ahead (enforcement comes next); once paid, nothing.
        order.outcome = "title"
        self.assertEqual(order.next_deadline_kind, "title_expiry")
        order.outcome = "paid"
        self.assertEqual(self._deadlines(), [])

    def test_french_formats(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        levels = self._levels(self.Case.retrieve_dashboard())
        self.assertEqual(levels[self.level_reminder.id]["rate_fmt"], "11.4%")
        self.assertEqual(levels[False]["rate_fmt"], "")
        data = self.Case.with_context(lang="fr_FR").retrieve_dashboard()
        levels = self._levels(data)
        self.assertEqual(levels[self.level_reminder.id]["rate_fmt"], "11,4\N{NO-BREAK SPACE}%")
        self.assertEqual(levels[self.level_notice.id]["rate_fmt"], "50,0\N{NO-BREAK SPACE}%")
        nbsp = "\N{NO-BREAK SPACE}"
        self.assertEqual(levels[self.level_order.id]["overdue_fmt"], f"1{nbsp}500,00{nbsp}€")
        self.assertEqual(data["formatted"]["net"], f"1{nbsp}241,50{nbsp}€")
        month = FRENCH_MONTHS[self.today.month - 1]
        self.assertEqual(data["months"][-1]["label"], f"{month} {self.today.year}")

    def test_only_allowed_companies(self):
        company_b = self.setup_other_company(name="Company B")["company"]
        partner = self.env["res.partner"].create(
            {"name": "Transports Morel SAS", "is_company": True}
        )
        level_b = self.env["debt.recovery.level"].create(
            {"name": "Relance B", "company_id": company_b.id}
        )
        case_b = self._case(partner, [(7000, 50)], level_b, company=company_b)
        self._level_change(case_b, level_b, 45, 7000)
        self._pay(case_b.invoice_ids, 1000, 5)
        user = new_test_user(
            self.env,
            login="recovery_dashboard",
            groups="debt_recovery_fr.debt_recovery_group_user",
            company_id=self.company.id,
            company_ids=[Command.set((self.company | company_b).ids)],
        )
        data = self.Case.with_user(user).with_company(self.company).retrieve_dashboard()
        self.assertEqual(data["overdue"], 2100.0)
        self.assertEqual(data["recovered"], 1400.0)
        self.assertNotIn(level_b.id, self._levels(data))
        self.assertNotIn(partner.id, [d["partner_id"] for d in data["top_debtors"]])
        self.assertEqual(data["buckets"][-2]["amount"], 300.0)
        both = self.Case.with_user(user).with_context(
            allowed_company_ids=(self.company | company_b).ids
        )
        data = both.retrieve_dashboard()
        self.assertEqual(data["overdue"], 8100.0)
        self.assertEqual(data["recovered"], 2400.0)
        self.assertEqual(self._levels(data)[level_b.id]["rate"], round(100 * 1000 / 7000, 1))
        self.assertEqual(data["buckets"][3]["amount"], 0.0)
        self.assertEqual(data["buckets"][2]["amount"], 6000.0)


@tagged("post_install", "-at_install")
class TestDebtRecoveryDashboardUi(HttpCase):
    """The dashboard as the manager sees it: rates and deadlines rendered, links working."""

    def test_dashboard_tour(self):
        today = fields.Date.context_today(self.env.user)
        debtor = self.env["res.partner"].create(
            {"name": "Ébénisterie Tour SARL", "is_company": True}
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": debtor.id,
                "invoice_date": today - timedelta(days=90),
                "invoice_date_due": today - timedelta(days=60),
                "invoice_line_ids": [
                    Command.create({"name": "Agencement", "price_unit": 1000, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        case = self.env["debt.recovery.case"]._debt_recovery_case_for_partner(
            debtor, self.env.company
        )
        notice = self.env.ref("debt_recovery_fr.debt_recovery_level_formal_notice")
        Action = self.env["debt.recovery.action"]
        # The case's history as the recovery wrote it: moved to the formal notice, sent.
        with Action._debt_recovery_internal():
            Action.create(
                [
                    {
                        "case_id": case.id,
                        "level_id": notice.id,
                        "channel": channel,
                        "amount": 1000,
                        "date": today - timedelta(days=30),
                    }
                    for channel in ("level_change", "registered_letter")
                ]
            )
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 250, "payment_date": today - timedelta(days=10)})._create_payments()
        for kind in ("contract", "delivery_proof"):
            self.env["debt.recovery.evidence"].create(
                {
                    "case_id": case.id,
                    "kind": kind,
                    "name": kind,
                    "attachment_ids": [Command.create({"name": f"{kind}.pdf", "raw": b"%PDF-1.4"})],
                }
            )
        self.env["debt.recovery.escalation"].create(
            {"case_id": case.id, "kind": "payment_order", "date_ordonnance": today}
        )
        self.start_tour(
            "/odoo/action-debt_recovery_fr.debt_recovery_dashboard_action",
            "debt_recovery_dashboard_tour",
            login="admin",
        )
