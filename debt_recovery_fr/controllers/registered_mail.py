# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import logging

from odoo import http
from odoo.fields import Domain
from odoo.http import request

_logger = logging.getLogger(__name__)


class RegisteredMailNotification(http.Controller):
    """Maileva's webhooks (``notification_center/v4``): a POST of ``{"resource_type",
    "resource_id", "event_type", ...}`` when a registered letter moves, to be answered 201.

    The notification is not trusted: it only says which letter to ask about again. Its news is
    read from Maileva's API with the company's account, as the scheduled action reads it.
    """

    @http.route(
        "/debt_recovery/maileva/notification",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def maileva_notification(self, **_kwargs):
        try:
            payload = json.loads(request.httprequest.get_data() or b"{}")
        except ValueError:
            payload = {}
        resource_id = payload.get("resource_id") if isinstance(payload, dict) else None
        if isinstance(resource_id, str) and resource_id.strip():
            # sudo: the caller is Maileva, not a user; all it gets is a new reading of the
            # letter it names, from Maileva itself, as the scheduled action would do.
            Action = request.env["debt.recovery.action"].sudo()
            actions = Action.search(
                Action._debt_recovery_registered_to_track_domain()
                & Domain("registered_provider", "=", "maileva")
                & (
                    Domain("registered_sending_ref", "=", resource_id.strip())
                    | Domain("registered_recipient_ref", "=", resource_id.strip())
                ),
                limit=5,
            )
            if actions:
                actions._debt_recovery_track_registered()
            else:
                _logger.info("Maileva notification for an unknown letter %s", resource_id)
        # 201, or Maileva calls again (up to 10 times).
        return request.make_response("", status=201)
