# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.debt_recovery_case import ACTIVE_STATES


class DebtRecoveryPortal(CustomerPortal):
    """The debtor's page: what is claimed, online payment, the plan offered and its schedule."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "debt_recovery_case_count" in counters:
            Case = request.env["debt.recovery.case"]
            values["debt_recovery_case_count"] = (
                Case.search_count([("state", "in", ACTIVE_STATES)])
                # The entry is the debtor's: the recovery team works the cases in the back-office.
                if request.env.user.share and Case.has_access("read")
                else 0
            )
        return values

    @http.route("/my/recovery", type="http", auth="user", website=True)
    def portal_my_recovery(self, **kw):
        case = request.env["debt.recovery.case"].search(
            [("state", "in", ACTIVE_STATES)], order="id desc", limit=1
        )
        if not case:
            return request.redirect("/my")
        return request.redirect(case.access_url)

    def _debt_recovery_case(self, case_id, access_token):
        """The case, sudoed, if the visitor is its debtor or holds its token; else 404."""
        try:
            return self._document_check_access("debt.recovery.case", case_id, access_token)
        except (AccessError, MissingError):
            return None

    @http.route("/my/recovery/<int:case_id>", type="http", auth="public", website=True)
    def portal_my_recovery_case(self, case_id, access_token=None, message=None, **kw):
        case_sudo = self._debt_recovery_case(case_id, access_token)
        if case_sudo is None:
            raise request.not_found()
        invoices = case_sudo.overdue_invoice_ids
        plans = case_sudo.instalment_plan_ids.filtered(
            lambda plan: plan.state in ("proposed", "active", "completed", "broken")
        )
        values = self._get_page_view_values(
            case_sudo,
            access_token,
            {
                "page_name": "debt_recovery_case",
                "case": case_sudo,
                "invoices": invoices,
                "proposed_plans": plans.filtered(lambda plan: plan.state == "proposed"),
                "current_plan": plans.filtered(lambda plan: plan.state != "proposed")[:1],
                "message": message,
                "can_pay_online": "payment.provider" in request.env
                and not request.env.user._is_public(),
            },
            "my_debt_recovery_history",
            False,
            **kw,
        )
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
        partner = case_sudo.partner_id if user._is_public() else user.partner_id
        try:
            plan_sudo._debt_recovery_accept(partner, request.httprequest.remote_addr)
        except UserError:
            return request.redirect(f"{url}{separator}message=refused")
        return request.redirect(f"{url}{separator}message=accepted")
