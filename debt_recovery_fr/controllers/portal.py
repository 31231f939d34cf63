# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import urlencode

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.debt_recovery_case import ACTIVE_STATES
from ..models.debt_recovery_case_letter import normalize_short_code


class DebtRecoveryPortal(CustomerPortal):
    """The debtor's page: what is claimed, online payment, the plan offered and its schedule.

    Portal users have no access right on the recovery models: over JSON-RPC a debtor would read
    every field of his case (its responsible, costs, procedures...). These pages read the case
    with ``sudo()`` once they checked that the visitor is its debtor or holds its token, and
    show only what the templates show.
    """

    def _debt_recovery_own_cases_sudo(self):
        """The open cases of the logged-in debtor, sudoed; none for the back-office users."""
        user = request.env.user
        if not user.share or user._is_public():
            # The entry is the debtor's: the recovery team works the cases in the back-office.
            return request.env["debt.recovery.case"]
        # sudo: the debtor has no access right on the cases; the domain limits them to his own.
        return (
            request.env["debt.recovery.case"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", user.partner_id.commercial_partner_id.id),
                    ("state", "in", ACTIVE_STATES),
                ],
                order="id desc",
            )
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "debt_recovery_case_count" in counters:
            values["debt_recovery_case_count"] = len(self._debt_recovery_own_cases_sudo())
        return values

    @http.route("/my/recovery", type="http", auth="user", website=True)
    def portal_my_recovery(self, **kw):
        case = self._debt_recovery_own_cases_sudo()[:1]
        if not case:
            return request.redirect("/my")
        return request.redirect(case.access_url)

    @http.route("/r/<string:code>", type="http", auth="public", website=True, sitemap=False)
    def portal_recovery_short_link(self, code, **kw):
        """The short link of the letters on paper: the debtor's page, with its token."""
        code = normalize_short_code(code)
        if not code:
            raise request.not_found()
        # sudo: the code, printed on the debtor's letters, stands for the case's token; the
        # visitor gets only the page the token opens.
        case_sudo = (
            request.env["debt.recovery.case"]
            .sudo()
            .search([("debt_recovery_short_code", "=", code)], limit=1)
        )
        if not case_sudo:
            raise request.not_found()
        return request.redirect(case_sudo.get_portal_url())

    def _debt_recovery_case(self, case_id, access_token):
        """The case, sudoed, if the visitor is its debtor or holds its token; else None (404)."""
        # sudo: read to check the visitor's right below; returned only if he has it.
        case_sudo = request.env["debt.recovery.case"].sudo().browse(case_id).exists()
        if not case_sudo:
            return None
        if access_token:
            if case_sudo.access_token and consteq(case_sudo.access_token, access_token):
                return case_sudo
            return None
        user = request.env.user
        if (
            user.share
            and not user._is_public()
            and case_sudo.partner_id == user.partner_id.commercial_partner_id
        ):
            return case_sudo
        return None

    @http.route("/my/recovery/<int:case_id>", type="http", auth="public", website=True)
    def portal_my_recovery_case(self, case_id, access_token=None, message=None, **kw):
        case_sudo = self._debt_recovery_case(case_id, access_token)
        if case_sudo is None:
            raise request.not_found()
        invoices = case_sudo.overdue_invoice_ids
        # The claim of today (legal/claim.py), as the letters state it: the page formats it.
        claim, _warning = case_sudo._debt_recovery_claim_today()
        plans = case_sudo.instalment_plan_ids.filtered(
            lambda plan: plan.state in ("proposed", "active", "completed", "broken")
        )
        if case_sudo.state not in ("open", "paused"):
            # An offer is accepted only on an open case: none is shown on another one.
            plans = plans.filtered(lambda plan: plan.state != "proposed")
        values = self._get_page_view_values(
            case_sudo,
            access_token,
            {
                "page_name": "debt_recovery_case",
                "case": case_sudo,
                "claim": {
                    "is_b2b": claim.debtor_type == "b2b",
                    "overdue": float(claim.principal),
                    "penalties": float(claim.late_interest),
                    "indemnities": float(claim.indemnities),
                    "costs": float(claim.costs_claimed),
                    "total": float(claim.total),
                },
                "invoices": invoices,
                "proposed_plans": plans.filtered(lambda plan: plan.state == "proposed"),
                "current_plan": plans.filtered(lambda plan: plan.state != "proposed")[:1],
                "message": message,
                # The creditor's page: the case's company in the header (logo and name), not
                # the company of the visitor's session.
                "res_company": case_sudo.company_id,
                "debt_recovery_brand": True,
            },
            "my_debt_recovery_history",
            False,
            **kw,
        )
        values.update(self._debt_recovery_portal_values(case_sudo, access_token, claim))
        return request.render("debt_recovery_fr.portal_debt_recovery_case", values)

    @http.route(
        "/my/recovery/<int:case_id>/plan/<int:plan_id>/accept",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_accept_plan(self, case_id, plan_id, access_token=None, accept_terms=None, **kw):
        case_sudo = self._debt_recovery_case(case_id, access_token)
        if case_sudo is None:
            raise request.not_found()
        plan_sudo = case_sudo.instalment_plan_ids.filtered(
            lambda plan: plan.id == plan_id and plan.state == "proposed"
        )
        if not plan_sudo:
            raise request.not_found()
        url = case_sudo.get_portal_url() if access_token else case_sudo.access_url
        separator = "&" if "?" in url else "?"
        if not accept_terms:
            return request.redirect(f"{url}{separator}message=terms")
        user = request.env.user
        partner = (
            user.partner_id
            if not user._is_public()
            and user.partner_id.commercial_partner_id == case_sudo.partner_id
            else case_sudo.partner_id
        )
        try:
            # All or nothing: a refused acceptance leaves the offer as it was.
            with request.env.cr.savepoint():
                plan_sudo._debt_recovery_accept(partner, request.httprequest.remote_addr)
        except UserError:
            return request.redirect(f"{url}{separator}message=refused")
        return request.redirect(f"{url}{separator}message=accepted")

    # ------------------------------------------------------------------------------------------
    # The letters received, how to pay, contest an invoice, promise a date
    # ------------------------------------------------------------------------------------------
    def _debt_recovery_portal_values(self, case_sudo, access_token, claim):
        """What the page shows beside the claim: the letters, the transfer, the online payment."""
        total = float(claim.total)
        transfer = case_sudo._debt_recovery_portal_transfer(total)
        if transfer and case_sudo.has_active_plan:
            # Under a plan, each instalment is paid with its own reference: no code for the total.
            transfer["qr_payload"] = ""
        query = f"?{urlencode({'access_token': access_token})}" if access_token else ""
        return {
            "letters": [
                (step, f"/my/recovery/{case_sudo.id}/letter/{step.id}{query}")
                for step in case_sudo._debt_recovery_portal_letters()
            ],
            "transfer": transfer,
            "transfer_qr_url": transfer.get("qr_payload")
            and "/report/barcode/?"
            + urlencode(
                {
                    "barcode_type": "QR",
                    "value": transfer["qr_payload"],
                    "width": 200,
                    "height": 200,
                    # EPC069-12: error correction level M.
                    "barLevel": "M",
                }
            ),
            "pay_url": self._debt_recovery_pay_url(case_sudo, total),
            "promise_max_date": case_sudo._debt_recovery_portal_promise_max_date(),
            "today": fields.Date.context_today(case_sudo),
        }

    def _debt_recovery_pay_url(self, case_sudo, total):
        """Odoo's payment page for the claim's total, when a payment provider of the company
        offers a way to pay it; else False (no button rather than a page with no way to pay)."""
        if "payment.provider" not in request.env or total <= 0 or case_sudo.state != "open":
            return False
        # Only when payment is installed (checked above); it is not a dependency.
        from odoo.addons.payment import utils as payment_utils

        partner = case_sudo.partner_id
        currency = case_sudo.currency_id
        amount = currency.round(total)
        # sudo: the providers are read as the payment page reads them (a debtor may be logged out).
        providers = (
            request.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(
                case_sudo.company_id.id, partner.id, amount, currency_id=currency.id
            )
        )
        methods = (
            request.env["payment.method"]
            .sudo()
            ._get_compatible_payment_methods(providers.ids, partner.id, currency_id=currency.id)
        )
        if not providers or not methods:
            return False
        params = {
            "reference": case_sudo._debt_recovery_letter_reference(),
            "amount": amount,
            "currency_id": currency.id,
            "partner_id": partner.id,
            "company_id": case_sudo.company_id.id,
            "access_token": payment_utils.generate_access_token(partner.id, amount, currency.id),
        }
        return f"/payment/pay?{urlencode(params)}"

    def _debt_recovery_back(self, case_sudo, access_token, message):
        url = case_sudo.get_portal_url() if access_token else case_sudo.access_url
        separator = "&" if "?" in url else "?"
        return request.redirect(f"{url}{separator}message={message}")

    def _debt_recovery_portal_partner(self, case_sudo):
        """Who acts: the logged-in contact of the debtor, else the debtor (a token link)."""
        user = request.env.user
        if not user._is_public() and user.partner_id.commercial_partner_id == case_sudo.partner_id:
            return user.partner_id
        return case_sudo.partner_id

    @http.route(
        "/my/recovery/<int:case_id>/letter/<int:step_id>",
        type="http",
        auth="public",
        website=True,
    )
    def portal_recovery_letter(self, case_id, step_id, access_token=None, **kw):
        """A letter the debtor received: only the document of a done letter step of his case."""
        case_sudo = self._debt_recovery_case(case_id, access_token)
        if case_sudo is None:
            raise request.not_found()
        step_sudo = case_sudo._debt_recovery_portal_letters().filtered(
            lambda step: step.id == step_id
        )
        if not step_sudo:
            raise request.not_found()
        # sudo (the case's, checked above): the attachment of the step is the debtor's letter.
        return (
            request.env["ir.binary"]
            ._get_stream_from(step_sudo.attachment_id)
            .get_response(as_attachment=True)
        )

    @http.route(
        "/my/recovery/<int:case_id>/dispute",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_recovery_dispute(
        self, case_id, invoice_id=None, reason=None, access_token=None, **kw
    ):
        case_sudo = self._debt_recovery_case(case_id, access_token)
        if case_sudo is None:
            raise request.not_found()
        invoice_sudo = case_sudo.overdue_invoice_ids.filtered(
            lambda invoice: str(invoice.id) == (invoice_id or "")
        )
        if not invoice_sudo:
            raise request.not_found()
        if not (reason or "").strip():
            return self._debt_recovery_back(case_sudo, access_token, "dispute_reason")
        partner = self._debt_recovery_portal_partner(case_sudo)
        try:
            # All or nothing: a refusal leaves the invoice as it was.
            with request.env.cr.savepoint():
                case_sudo._debt_recovery_portal_dispute(invoice_sudo, reason, partner)
        except UserError:
            return self._debt_recovery_back(case_sudo, access_token, "refused")
        return self._debt_recovery_back(case_sudo, access_token, "disputed")

    @http.route(
        "/my/recovery/<int:case_id>/promise",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_recovery_promise(self, case_id, promise_date=None, access_token=None, **kw):
        case_sudo = self._debt_recovery_case(case_id, access_token)
        if case_sudo is None:
            raise request.not_found()
        try:
            date = fields.Date.to_date(promise_date or None)
        except ValueError:
            date = None
        if not date or not (
            fields.Date.context_today(case_sudo)
            <= date
            <= case_sudo._debt_recovery_portal_promise_max_date()
        ):
            return self._debt_recovery_back(case_sudo, access_token, "promise_date")
        partner = self._debt_recovery_portal_partner(case_sudo)
        try:
            # All or nothing: a refused promise leaves the case as it was.
            with request.env.cr.savepoint():
                case_sudo._debt_recovery_portal_promise(date, partner)
        except UserError:
            return self._debt_recovery_back(case_sudo, access_token, "promise_refused")
        return self._debt_recovery_back(case_sudo, access_token, "promised")
