# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The debtor's page through the token link of his letters (issue 18): the claim's total, the
letters he received, the IBAN and the EPC QR code, online payment only when it is possible,
contest an invoice, promise to pay by a date."""

import html
import re
from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.http import Request
from odoo.tests import HttpCase, freeze_time, tagged
from odoo.tools import format_amount, format_date, formatLang

from .common import DebtRecoveryCommon, pdf_text

# A one-pixel PNG: a company's own logo.
PNG_PIXEL = (
    b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJ"
    b"RU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestDebtRecoveryPortalDebtor(DebtRecoveryCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_reminder = cls._create_friendly_reminder()
        cls.officer = cls._create_officer("claire_portail")
        cls.company.write(
            {"debt_recovery_officer_id": cls.officer.id, "debt_recovery_enabled": True}
        )
        cls.env["res.partner.bank"].create(
            {"acc_number": "FR7630006000011234567890189", "partner_id": cls.company.partner_id.id}
        )
        cls.debtor = cls.env["res.partner"].create(
            {"name": "Menuiserie Portail SARL", "is_company": True, "email": "c@portail.example"}
        )
        cls.invoice_old = cls._overdue_invoice(cls.debtor, 1000, 40)
        cls.invoice_recent = cls._overdue_invoice(cls.debtor, 500, 20)
        cls.case = cls.Case._debt_recovery_case_for_partner(cls.debtor, cls.company)
        cls.case._recompute_amounts()
        cls.Action = cls.env["debt.recovery.action"]

    def _page(self):
        response = self.url_open(self.case.get_portal_url())
        self.assertEqual(response.status_code, 200)
        return response.text

    def _post(self, path, data):
        token = self.case._portal_ensure_token()
        self.authenticate(None, None)  # a visitor's session, for the CSRF token of the form
        return self.url_open(
            f"/my/recovery/{self.case.id}/{path}",
            data={**data, "access_token": token, "csrf_token": Request.csrf_token(self)},
        )

    def _total(self):
        claim, _warning = self.case._debt_recovery_claim_today()
        return float(claim.total)

    def test_the_page_shows_the_claim_the_bank_account_and_the_qr_code(self):
        page = self._page()
        total = self._total()
        # Penalties and indemnities on top of the invoices: the claim, not the invoices' total.
        self.assertGreater(total, 1500)
        self.assertIn(f'<span class="oe_currency_value">{formatLang(self.env, total)}</span>', page)
        self.assertIn("FR76 3000 6000 0112 3456 7890 189", page)
        self.assertIn(self.case._debt_recovery_letter_reference(), page)
        qr = re.search(r'class="o_debt_recovery_epc_qr"[^>]* src="([^"]+)"', page)
        self.assertTrue(qr)
        self.assertIn(f"EUR{total:.2f}", html.unescape(qr.group(1)).replace("%0A", "\n"))
        response = self.url_open(html.unescape(qr.group(1)))
        self.assertEqual(response.headers["Content-Type"], "image/png")
        # No provider enabled: no pay button (never a payment page with no way to pay).
        self.assertNotIn("o_debt_recovery_pay_all", page)

    def test_the_page_is_the_creditors(self):
        """The header shows the company of the case (its logo and name), not the company of
        the visitor's session; the breadcrumb names the file, in French for a French visitor."""
        self.assertNotEqual(self.company, self.env.ref("base.public_user").sudo().company_id)
        # No logo of its own: its name, never Odoo's placeholder logo.
        page = self._page()
        self.assertNotIn("/logo.png", page)
        self.company.logo = PNG_PIXEL
        page = self._page()
        self.assertIn(f'src="/logo.png?company={self.company.id}"', page)
        brand = re.search(r'class="[^"]*o_debt_recovery_brand[^"]*">([^<]*)<', page)
        self.assertEqual(html.unescape(brand.group(1)), self.company.name)
        footer = re.search(r"Copyright (?:&copy;|©) <span[^>]*>([^<]*)</span>", page)
        self.assertEqual(html.unescape(footer.group(1)), self.company.name)
        reference = self.case._debt_recovery_letter_reference()
        crumbs = re.search(r'<ol class="o_portal_submenu.*?</ol>', page, re.S).group(0)
        self.assertEqual(
            re.findall(r'breadcrumb-item[^"]*"[^>]*>\s*([^<]*?)\s*<', crumbs),
            ["", f"Recovery file no. {reference}"],
        )
        # The invoices of the file are not the page's subject.
        self.assertNotIn(self.invoice_old.name, crumbs)
        french = self.url_open(f"/fr{self.case.get_portal_url()}").text
        self.assertIn(f"Dossier n° {reference}", french)

    def test_pay_online_when_a_provider_is_enabled(self):
        self.assertNotIn("o_debt_recovery_pay_all", self._page())
        method = self.env.ref("payment.payment_method_unknown")
        provider = self.env["payment.provider"].search(
            [("name", "=", "Wire Transfer"), ("company_id", "=", self.company.id)], limit=1
        ) or self.env["payment.provider"].create(
            {"name": "Wire Transfer", "code": "none", "company_id": self.company.id}
        )
        provider.write(
            {
                "state": "enabled",
                "is_published": True,
                "payment_method_ids": [Command.set(method.ids)],
            }
        )
        method.active = True
        page = self._page()
        link = re.search(r'class="btn btn-primary o_debt_recovery_pay_all" href="([^"]+)"', page)
        self.assertTrue(link)
        url = html.unescape(link.group(1))
        self.assertIn(f"amount={self.case.currency_id.round(self._total())}", url)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("No payment method", response.text)

    def test_the_debtor_downloads_a_letter(self):
        pdf = self._render_pdf("report_reminder_friendly", self.case)
        attachment = self.env["ir.attachment"].create(
            {
                "name": "Relance.pdf",
                "raw": pdf,
                "res_model": "debt.recovery.case",
                "res_id": self.case.id,
            }
        )
        with self.Action._debt_recovery_internal():
            sent, planned = self.Action.create(
                [
                    {
                        "case_id": self.case.id,
                        "level_id": self.level_reminder.id,
                        "channel": channel,
                        "state": state,
                        "attachment_id": attachment.id,
                        "level_visit": visit,
                    }
                    for channel, state, visit in (("letter", "done", 1), ("letter", "planned", 2))
                ]
            )
        page = self._page()
        links = [
            html.unescape(url)
            for url in re.findall(r'class="o_debt_recovery_letter" href="([^"]+)"', page)
        ]
        self.assertEqual(len(links), 1)
        self.assertIn(f"/letter/{sent.id}?access_token=", links[0])
        response = self.url_open(links[0])
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertIn("Menuiserie Portail SARL", pdf_text(response.content))
        # A letter not sent yet, or without the token: not found.
        self.assertEqual(
            self.url_open(links[0].replace(str(sent.id), str(planned.id))).status_code, 404
        )
        self.assertEqual(self.url_open(links[0].split("?")[0]).status_code, 404)

    def test_the_debtor_contests_an_invoice(self):
        response = self._post("dispute", {"invoice_id": self.invoice_old.id, "reason": " "})
        self.assertIn("message=dispute_reason", response.url)
        self.assertFalse(self.invoice_old.debt_recovery_disputed)
        response = self._post(
            "dispute", {"invoice_id": self.invoice_old.id, "reason": "Four livré en panne"}
        )
        self.assertIn("message=disputed", response.url)
        self.assertTrue(self.invoice_old.debt_recovery_disputed)
        self.assertEqual(self.invoice_old.debt_recovery_dispute_reason, "Four livré en panne")
        self.assertFalse(self.invoice_recent.debt_recovery_disputed)
        self.assertEqual(self.case.overdue_invoice_ids, self.invoice_recent)
        todo = self.case.activity_ids.filtered(
            lambda activity: self.invoice_old.name in (activity.summary or "")
        )
        self.assertEqual(todo.user_id, self.officer)
        self.assertIn("Four livré en panne", str(todo.note))
        self.assertTrue(
            self.case.message_ids.filtered(
                lambda message: "Disputed by Menuiserie Portail SARL" in str(message.body)
            )
        )

    def test_the_debtor_promises_a_date_and_does_not_keep_it(self):
        with self.Action._debt_recovery_internal():
            planned = self.Action.create(
                {
                    "case_id": self.case.id,
                    "level_id": self.level_reminder.id,
                    "channel": "letter",
                    "state": "planned",
                    "level_visit": 1,
                }
            )
        too_late = self.today + timedelta(days=61)
        response = self._post("promise", {"promise_date": too_late.isoformat()})
        self.assertIn("message=promise_date", response.url)
        self.assertFalse(self.case.promise_date)
        promised = self.today + timedelta(days=10)
        response = self._post("promise", {"promise_date": promised.isoformat()})
        self.assertIn("message=promised", response.url)
        self.assertEqual(self.case.promise_date, promised)
        self.assertEqual(self.case.promise_partner_id, self.debtor)
        self.assertEqual(planned.state, "cancelled")
        self.assertIn("promised to pay", planned.cancel_reason)
        self.assertIn("o_debt_recovery_promise", self._page())
        # Nobody writes a promise by hand.
        with self.assertRaises(UserError):
            self.case.with_user(self.officer).write({"promise_date": self.today})
        # The recovery waits until the date...
        self._run(self.today + timedelta(days=3))
        self.assertFalse(self.case.action_ids.filtered(lambda a: a.state != "cancelled"))
        # ... in which the debtor pays one invoice of two: the promise is not kept.
        self._pay(self.invoice_old, promised - timedelta(days=2))
        # The day after it, the recovery resumes: a step of the case says the promise was not
        # kept, in the name of its responsible, who gets a to-do; once, however many runs.
        lapsed = promised + timedelta(days=1)
        for day in (lapsed, lapsed, lapsed + timedelta(days=1)):
            self._run(day)
        # Even a run of the case itself again (the scheduled action killed and started again).
        self.case._debt_recovery_run(lapsed)
        self.assertFalse(self.case.promise_date)
        self.assertEqual(self.case.state, "open")
        broken = self.case.action_ids.filtered(lambda a: a.channel == "promise")
        self.assertEqual(len(broken), 1)
        self.assertEqual(broken.state, "done")
        self.assertEqual(broken.date, lapsed)
        self.assertEqual(broken.user_id, self.officer)
        still_due = format_amount(self.env, 500, self.case.currency_id)
        self.assertEqual(
            broken.note,
            f"Promise to pay by {format_date(self.env, promised)} not kept: {still_due} still "
            "due, the recovery resumes.",
        )
        self.assertEqual(broken.amount, 500)
        todo = self.case.activity_ids.filtered(lambda a: a.summary == "Promise to pay not kept")
        self.assertEqual(len(todo), 1)
        self.assertEqual(todo.user_id, self.officer)
        self.assertIn(still_due, html.unescape(str(todo.note)))
        logged = self.case.message_ids.filtered(lambda message: "not kept" in str(message.body))
        self.assertEqual(len(logged), 1)
        self.assertEqual(logged.author_id, self.officer.partner_id)
        # The recovery took its steps again: the level's e-mail, in the responsible's name.
        resumed = self.case.action_ids.filtered(
            lambda a: a.channel == "email" and a.state != "cancelled"
        )
        self.assertEqual(resumed.date, lapsed)
        self.assertEqual(resumed.user_id, self.officer)

    def test_a_payment_during_the_promise_keeps_it(self):
        """The invoices overdue when he promised paid by the date: the promise is kept, even if
        another invoice fell due meanwhile (its recovery follows its own course)."""
        promised = self.today + timedelta(days=10)
        self.case._debt_recovery_portal_promise(promised, self.debtor)
        later = self._overdue_invoice(self.debtor, 300, -5)
        self._pay(self.invoice_old | self.invoice_recent, self.today + timedelta(days=4))
        self._run(promised + timedelta(days=1))
        self.assertIn(later, self.case.invoice_ids)
        self.assertEqual(self.case.state, "open")
        self.assertFalse(self.case.promise_date)
        self.assertFalse(self.case.action_ids.filtered(lambda a: a.channel == "promise"))
        self.assertFalse(
            self.case.activity_ids.filtered(lambda a: a.summary == "Promise to pay not kept")
        )
        kept = self.case.message_ids.filtered(lambda message: "kept." in str(message.body))
        self.assertEqual(len(kept), 1)
        self.assertEqual(kept.author_id, self.officer.partner_id)

    def _pay(self, invoices, day):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices.ids
        ).create({"payment_date": day, "group_payment": True})._create_payments()

    def test_a_promise_ends_when_the_recovery_stops(self):
        promised = self.today + timedelta(days=5)
        with self.assertRaisesRegex(UserError, "60 days at most"):
            self.case._debt_recovery_portal_promise(self.today + timedelta(days=61), self.debtor)
        self.assertFalse(self.case.promise_date)
        self.case._debt_recovery_portal_promise(promised, self.debtor)
        self.assertEqual(self.case.promise_date, promised)
        with self.assertRaisesRegex(UserError, "already promised"):
            self.case._debt_recovery_portal_promise(promised + timedelta(days=1), self.debtor)
        self.case._change_state("paused")
        self.assertFalse(self.case.promise_date)
        self.assertFalse(self.case.promise_partner_id)
        with self.assertRaisesRegex(UserError, "only while the recovery is running"):
            self.case._debt_recovery_portal_promise(promised, self.debtor)

    def test_tour_as_the_debtor(self):
        """Through the token link: the total, a letter, contest an invoice, promise a date."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": "Relance.pdf",
                "raw": b"%PDF-1.4 letter",
                "res_model": "debt.recovery.case",
                "res_id": self.case.id,
            }
        )
        with self.Action._debt_recovery_internal():
            self.Action.create(
                [
                    {
                        "case_id": self.case.id,
                        "level_id": self.level_reminder.id,
                        "channel": "letter",
                        "state": state,
                        "attachment_id": attachment.id if state == "done" else False,
                        "level_visit": visit,
                    }
                    for state, visit in (("done", 1), ("planned", 2))
                ]
            )
        planned = self.case.action_ids.filtered(lambda step: step.state == "planned")
        self.start_tour(self.case.get_portal_url(), "debt_recovery_portal_debtor_tour")
        disputed = self.case.invoice_ids.filtered("debt_recovery_disputed")
        self.assertEqual(len(disputed), 1)
        self.assertEqual(disputed.debt_recovery_dispute_reason, "Four livré en panne")
        todo = self.case.activity_ids.filtered(lambda a: disputed.name in (a.summary or ""))
        self.assertEqual(todo.user_id, self.officer)
        self.assertEqual(self.case.promise_date, self.today + timedelta(days=10))
        self.assertEqual(self.case.state, "open")
        self.assertEqual(planned.state, "cancelled")

    def test_tour_the_debtor_accepts_a_plan(self):
        """Through the token link, the debtor accepts the plan offered: the plan runs, the case
        pauses, its planned registered letter is cancelled (kept in the history with the reason,
        never printed) and the responsible has a to-do."""
        Action = self.Action
        level_notice = self.env["debt.recovery.level"].create(
            {
                "company_id": self.company.id,
                "name": "Mise en demeure",
                "sequence": 40,
                "delay_days": 30,
                "phase": "formal_notice",
                "channel_registered_letter": True,
                "letter_report_id": self.env.ref("debt_recovery_fr.report_formal_notice").id,
            }
        )
        with Action._debt_recovery_internal():
            letter = Action.create(
                {
                    "case_id": self.case.id,
                    "level_id": level_notice.id,
                    "channel": "registered_letter",
                    "state": "planned",
                    "level_visit": 1,
                }
            )
        to_print = [
            ("channel", "in", ("letter", "registered_letter")),
            ("state", "=", "planned"),
            ("company_id", "=", self.company.id),
        ]
        self.assertEqual(Action.search(to_print), letter)
        wizard = self.env["debt.recovery.instalment.wizard"].create(
            {"case_id": self.case.id, "count": 3, "first_date": self.today + timedelta(days=15)}
        )
        plan = self.env["debt.recovery.instalment.plan"].browse(
            wizard.action_create_plan()["res_id"]
        )
        plan.action_propose()
        self.start_tour(self.case.get_portal_url(), "debt_recovery_portal_accept_plan_tour")
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.accepted_by_id, self.debtor)
        self.assertEqual(self.case.state, "paused")
        self.assertIn(letter, self.case.action_ids)
        self.assertEqual(letter.state, "cancelled")
        self.assertIn(f"accepted the instalment plan {plan.name}", letter.cancel_reason)
        self.assertFalse(Action.search(to_print))
        with self.assertRaisesRegex(UserError, "no letter to print"):
            Action.with_user(self.officer).action_debt_recovery_print_letters()
        todo = self.case.activity_ids.filtered(
            lambda a: a.summary == f"Instalment plan {plan.name} accepted"
        )
        self.assertEqual(todo.user_id, self.officer)
        first = plan.instalment_ids.sorted("date_due")[0]
        self.assertIn(format_date(self.env, first.date_due), str(todo.note))

    def _run(self, day):
        """The scheduled action on ``day`` (an HttpCase's registry is in test mode already)."""
        with freeze_time(day):
            # sudo: starting a job needs the administrator's right, which a test drops.
            self.env.ref(
                "debt_recovery_fr.ir_cron_debt_recovery_run"
            ).sudo().method_direct_trigger()
        self.env.invalidate_all()
