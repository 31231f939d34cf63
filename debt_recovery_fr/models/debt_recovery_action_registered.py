# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The registered letter of a step: its fields, which provider posts it, and following it
once handed over (proofs, acknowledgment of receipt, failures). Handing it over:
``debt_recovery_action_registered_handover.py``."""

import datetime
import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import format_date

from ..services.common import ServiceError
from ..services.registered_mail import (
    DELIVERED,
    FAILED,
    FINAL_STATES,
    NEGLIGENCE,
    REFUSED,
    SUBMITTED,
    UNDELIVERED,
    paris_date,
)
from ..utils import legal_message
from .debt_recovery_action import proof_file_writer
from .debt_recovery_registered_mail import EVENT_KINDS, PROVIDERS

_logger = logging.getLogger(__name__)

# Being handed to the provider: recorded, and committed by the scheduled action, before the
# provider is called, so that a run interrupted after the provider took the letter finds it
# again (``_debt_recovery_send_one_registered``) instead of sending it twice.
SENDING = "sending"
REGISTERED_STATES = [
    (SENDING, "Being Handed to the Provider"),
    (SUBMITTED, "Handed to the Provider"),
    ("deposited", "Posted"),
    (DELIVERED, "Received"),
    (UNDELIVERED, "Returned Undelivered"),
    (REFUSED, "Refused by the Debtor"),
    (NEGLIGENCE, "Not Accepted in Time"),
    (FAILED, "Rejected by the Provider"),
]
# Returns of a letter that was presented to the debtor (not claimed, refused): he was reached.
PRESENTED_CODES = ("N03", "N05")


class DebtRecoveryAction(models.Model):
    _inherit = "debt.recovery.action"  # pylint: disable=consider-merging-classes-inherited

    registered_provider = fields.Selection(
        [p for p in PROVIDERS if p[0] != "none"],
        string="Sent By",
        readonly=True,
        copy=False,
        help="The provider that posts this registered letter; empty, it is printed and posted "
        "by hand.",
    )
    registered_sending_ref = fields.Char(
        string="Provider Reference", readonly=True, copy=False, index="btree_not_null"
    )
    registered_recipient_ref = fields.Char(
        string="Provider Recipient Reference", readonly=True, copy=False
    )
    registered_state = fields.Selection(
        REGISTERED_STATES, string="Delivery", readonly=True, copy=False
    )
    registered_sending_date = fields.Datetime(
        string="Handed Over On",
        readonly=True,
        copy=False,
        help="When the letter was last handed to its provider.",
    )
    registered_event_ids = fields.One2many(
        "debt.recovery.registered.mail.event", "action_id", string="Provider Events"
    )
    registered_error = fields.Text(
        string="Provider Error",
        readonly=True,
        copy=False,
        help="Why the provider could not take or follow the letter; tried again at the next run.",
    )
    registered_next_action = fields.Text(string="Next Action", readonly=True, copy=False)

    # ------------------------------------------------------------------------------------------
    # Carrying out the step: through the company's provider when it has one
    # ------------------------------------------------------------------------------------------
    def _debt_recovery_step_values(self, case, channel, amounts):
        values = super()._debt_recovery_step_values(case, channel, amounts)
        if channel != "registered_letter" or values.get("state"):
            return values
        company = case.company_id
        provider = company.debt_recovery_registered_provider
        Channel = self.env["debt.recovery.registered.mail"]
        # Not configured: no call, the letter is printed and posted as before.
        if provider in ("maileva", "ar24") and Channel._debt_recovery_configured(provider, company):
            values = {
                **values,
                "registered_provider": provider,
                "note": self.env._(
                    "To send by %(provider)s once its letter is made.",
                    provider=dict(PROVIDERS)[provider],
                ),
            }
        return values

    def _debt_recovery_render_documents(self, batch_size=10):
        result = super()._debt_recovery_render_documents(batch_size)
        # Never handed to the provider with the batch that made the letter: if the batch
        # rolled back after the provider took it, the next run would send it again. The
        # registered-mail scheduled action sends each letter in a transaction of its own.
        if self._debt_recovery_registered_to_send():
            cron = self.env.ref(
                "debt_recovery_fr.ir_cron_debt_recovery_registered_mail", raise_if_not_found=False
            )
            if cron:
                # sudo: asking the scheduler to run soon, whoever made the letter.
                cron.sudo()._trigger()
        return result

    def _debt_recovery_registered_lre_check(self):
        """The provider of this step's letter: an LRE refused to a consumer who did not
        consent goes by paper (Maileva) or is printed (False)."""
        Channel = self.env["debt.recovery.registered.mail"]
        Event = self.env["debt.recovery.registered.mail.event"]
        company = self.case_id.company_id
        today = fields.Date.context_today(self)
        provider = self.registered_provider
        if provider != "ar24":
            return provider
        refusal = self.case_id.partner_id._debt_recovery_lre_refusal(company, today)
        if not refusal:
            return provider
        template, params = refusal
        params = {
            key: format_date(self.env, value) if isinstance(value, datetime.date) else value
            for key, value in params.items()
        }
        reason = legal_message(self.env, template, params)
        provider = "maileva" if Channel._debt_recovery_configured("maileva", company) else False
        Event.create(
            {
                "action_id": self.id,
                "provider": "ar24",
                "kind": "lre_refused",
                "event_date": today,
                "note": reason,
            }
        )
        self.write(
            {
                "registered_provider": provider,
                "note": reason
                if provider
                else self.env._(
                    "%(reason)s To print and send by registered letter with acknowledgment.",
                    reason=reason,
                ),
            }
        )
        return provider

    # ------------------------------------------------------------------------------------------
    # Following the letters: their proofs and the acknowledgment of receipt
    # ------------------------------------------------------------------------------------------
    @api.model
    def _debt_recovery_registered_to_track_domain(self):
        return Domain("registered_sending_ref", "!=", False) & Domain(
            "registered_state", "not in", (*FINAL_STATES, SENDING)
        )

    @proof_file_writer
    def _debt_recovery_track_registered(self, patient=False):
        """Ask the providers where these letters are; store each new proof as an event with its
        PDF, the acknowledgment date when the debtor received the letter, and for a letter that
        failed, why and what to do next."""
        Channel = self.env["debt.recovery.registered.mail"]
        clients = {}
        for action in self.filtered_domain(self._debt_recovery_registered_to_track_domain()):
            key = (action.registered_provider, action.case_id.company_id)
            try:
                if key not in clients:
                    clients[key] = Channel._debt_recovery_client(*key, patient=patient)
                client = clients[key]
                tracking = client.tracking(
                    action.registered_sending_ref, action.registered_recipient_ref
                )
                with self.env.cr.savepoint():
                    action._debt_recovery_apply_tracking(tracking, client)
            except psycopg2.OperationalError:
                raise
            except (ServiceError, UserError) as error:
                action.registered_error = Channel._debt_recovery_error_message(error)

    def _debt_recovery_apply_tracking(self, tracking, client):
        self.ensure_one()
        Event = self.env["debt.recovery.registered.mail.event"]
        kinds = dict(EVENT_KINDS)
        known = set(self.registered_event_ids.mapped("kind"))
        case = self.case_id
        base = {
            "action_id": self.id,
            "provider": self.registered_provider,
            "provider_ref": self.registered_sending_ref,
            "registered_number": tracking.registered_number or False,
        }
        events = []
        for proof in tracking.proofs:
            if proof.kind in known:
                continue
            # Downloaded before anything is written: a download that fails leaves it all.
            content = client.download(proof)
            events.append(
                {
                    **base,
                    "kind": proof.kind,
                    "event_date": paris_date(proof.date),
                    "code": tracking.failure_code if proof.kind == UNDELIVERED else False,
                    "note": legal_message(self.env, tracking.failure_label, {})
                    if proof.kind == UNDELIVERED and tracking.failure_label
                    else False,
                    "attachment_id": self.env["ir.attachment"]
                    .create(
                        {
                            "name": f"{kinds[proof.kind]} {case.name}.pdf",
                            "raw": content,
                            "mimetype": "application/pdf",
                            "res_model": self._name,
                            "res_id": self.id,
                        }
                    )
                    .id,
                }
            )
            known.add(proof.kind)
        failure = tracking.state in (UNDELIVERED, REFUSED, NEGLIGENCE, FAILED)
        failure_kind = {FAILED: "failed", UNDELIVERED: "undelivered", REFUSED: "refusal"}.get(
            tracking.state, tracking.state
        )
        if failure and failure_kind not in known:
            events.append(
                {
                    **base,
                    "kind": failure_kind,
                    "code": tracking.failure_code or False,
                    "note": legal_message(self.env, tracking.failure_label, {})
                    if tracking.failure_label
                    else False,
                }
            )
        Event.create(events)
        vals = {"registered_state": tracking.state, "registered_error": False}
        if tracking.registered_number and not self.registered_letter_number:
            vals["registered_letter_number"] = tracking.registered_number
        if tracking.cost and self.currency_id.compare_amounts(tracking.cost, self.cost):
            vals["cost"] = tracking.cost
        today = fields.Date.context_today(self)
        if tracking.state == DELIVERED and tracking.received_date and not self.acknowledgment_date:
            # The debtor's day, never after today (the provider's clock).
            vals["acknowledgment_date"] = min(tracking.received_date, today)
        if failure:
            vals["registered_next_action"] = self._debt_recovery_registered_next_action(tracking)
        self.write(vals)
        if failure:
            self._debt_recovery_registered_failure_activity(vals["registered_next_action"])

    def _debt_recovery_registered_next_action(self, tracking):
        reason = (
            legal_message(self.env, tracking.failure_label, {})
            if tracking.failure_label
            else dict(self._fields["registered_state"]._description_selection(self.env))[
                tracking.state
            ]
        )
        if tracking.state == FAILED:
            return self.env._(
                "The provider rejected the letter (%(reason)s): correct the debtor's address or "
                "the letter, then post it again.",
                reason=reason,
            )
        if tracking.state == UNDELIVERED and tracking.failure_code not in PRESENTED_CODES:
            return self.env._(
                "The letter came back (%(reason)s): check the debtor's address (Check the "
                "Public Register), then post it again; or have a commissaire de justice serve "
                "a summons to pay.",
                reason=reason,
            )
        return self.env._(
            "The letter was presented to the debtor but not received (%(reason)s): keep the "
            "returned letter as evidence; for a proof of receipt, have a commissaire de justice "
            "serve the formal notice (summons to pay).",
            reason=reason,
        )

    def _debt_recovery_registered_failure_activity(self, note):
        case = self.case_id
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            case._debt_recovery_activity_values(
                "mail.mail_activity_data_todo",
                case._debt_recovery_responsible(),
                summary=self.env._("Registered letter not received"),
                note=note,
            )
        )

    # ------------------------------------------------------------------------------------------
    # The scheduled action and the buttons (Send Now: with the hand-over)
    # ------------------------------------------------------------------------------------------
    @api.model
    def _cron_registered_mail(self, batch_size=50):
        """Send the registered letters waiting for their provider, then follow those sent."""
        Cron = self.env["ir.cron"]
        to_send = self._debt_recovery_registered_to_send_domain()
        to_track = self._debt_recovery_registered_to_track_domain()
        # Each letter handed to its provider in a transaction of its own, committed before
        # and while the provider is called (``_debt_recovery_send_one_registered``).
        for domain, method, limit, options in (
            (to_send, "_debt_recovery_send_registered", 1, {"commit": Cron._commit_progress}),
            (to_track, "_debt_recovery_track_registered", batch_size, {}),
        ):
            done = []
            while True:
                actions = self.search(
                    domain & Domain("id", "not in", done), limit=limit, order="id"
                ).try_lock_for_update()
                if not actions:
                    break
                getattr(actions, method)(patient=True, **options)
                done += actions.ids
                remaining = self.search_count(domain & Domain("id", "not in", done))
                if not Cron._commit_progress(len(actions), remaining=remaining):
                    return

    def action_registered_mail_check(self):
        """Ask the provider now where these letters are."""
        self._debt_recovery_track_registered()
        return True

    def action_debt_recovery_print_letters(self):
        # A registered letter chosen to print is posted by hand: its provider is left out (it
        # is never both printed and sent).
        self.filtered(
            lambda action: action.channel == "registered_letter" and action.registered_provider
        ).action_registered_mail_post_myself()
        return super().action_debt_recovery_print_letters()

    @proof_file_writer
    def action_registered_mail_post_myself(self):
        """Print and post by hand the letters not yet handed to their provider."""
        if any(action.state == "planned" and action.registered_state == SENDING for action in self):
            # Its provider may be sending it (or have sent it): never both sent and posted.
            raise UserError(self._debt_recovery_registered_being_sent_message())
        letters = self.filtered(
            lambda action: action.state == "planned" and not action.registered_sending_ref
        )
        letters.write(
            {
                "registered_provider": False,
                "registered_state": False,
                "registered_error": False,
                "note": self.env._("To print and send by registered letter with acknowledgment."),
            }
        )
        return True
