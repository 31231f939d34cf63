# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import html
import re

from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DebtRecoveryBuilders


@tagged("post_install", "-at_install")
class TestDebtRecoveryPortal(DebtRecoveryBuilders, HttpCase):
    """The debtor accepts the plan offered on his portal; nobody else can open his case."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtor = cls.env["res.partner"].create(
            {"name": "Boulangerie Portail SARL", "is_company": True, "email": "b@portail.fr"}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Jeanne Portail", "parent_id": cls.debtor.id, "email": "jeanne@portail.fr"}
        )
        new_test_user(
            cls.env, login="debtor_portal", groups="base.group_portal", partner_id=cls.contact.id
        )
        cls.stranger = cls.env["res.partner"].create(
            {"name": "Autre Client SAS", "is_company": True, "email": "x@autre.fr"}
        )
        new_test_user(
            cls.env, login="stranger_portal", groups="base.group_portal", partner_id=cls.stranger.id
        )
        cls.plan = cls._create_plan(cls.debtor, "Four à pain")
        cls.case = cls.plan.case_id
        cls.plan.action_propose()

    def test_the_debtor_accepts_the_plan(self):
        self.start_tour(
            f"/my/recovery/{self.case.id}",
            "debt_recovery_portal_accept_plan_tour",
            login="debtor_portal",
        )
        self.assertEqual(self.plan.state, "active")
        self.assertEqual(self.plan.accepted_by_id, self.contact)
        self.assertTrue(self.plan.accepted_ip)
        self.assertTrue(self.plan.accepted_date)
        self.assertEqual(self.case.state, "paused")
        # Each instalment is paid online on the invoice's own portal page, for its amount.
        self.authenticate("debtor_portal", "debtor_portal")
        page = self.url_open(self.case.access_url).text
        links = re.findall(r'class="[^"]*o_debt_recovery_pay_instalment[^"]*" href="([^"]+)"', page)
        self.assertEqual(len(links), 3)
        pay_url = html.unescape(links[0])
        self.assertIn("amount=300.00", pay_url)
        response = self.url_open(pay_url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"/my/invoices/{self.plan.invoice_ids.id}", response.url)

    def test_another_debtor_cannot_open_the_case(self):
        url = f"/my/recovery/{self.case.id}"
        self.authenticate("stranger_portal", "stranger_portal")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Boulangerie Portail", response.text)
        response = self.url_open(
            f"{url}/plan/{self.plan.id}/accept",
            data={"accept_terms": "1", "csrf_token": Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.plan.state, "proposed")
        # The debtor himself, and the link of the letters (its token), open it.
        self.authenticate("debtor_portal", "debtor_portal")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Boulangerie Portail", response.text)
        self.authenticate(None, None)
        self.assertEqual(self.url_open(url).status_code, 404)
        response = self.url_open(self.case.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.plan.name, response.text)
