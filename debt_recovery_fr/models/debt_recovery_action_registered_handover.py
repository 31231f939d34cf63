# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Handing a step's registered letter to its provider, never twice: the step is marked « Being
Handed to the Provider » and committed before the provider is called; a hand-over interrupted
is resolved by reading the sending back from the provider, or by a person (Send Now)."""

import datetime
import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import format_datetime

from ..services.common import ServiceError
from ..services.registered_mail import (
    SUBMITTED,
    InvalidLetterError,
    OutcomeUnknownError,
    Posted,
    paris_date,
)
from .debt_recovery_action import proof_file_writer
from .debt_recovery_action_registered import SENDING
from .debt_recovery_registered_mail import PROVIDERS

_logger = logging.getLogger(__name__)

# How long a sending may take (each call's time-out, 60 s by default, a few calls) before a
# step left « sending » is taken as interrupted.
SENDING_INTERRUPTED_AFTER = datetime.timedelta(minutes=15)
MANAGER_GROUP = "debt_recovery_fr.debt_recovery_group_manager"
# AR24's errors of ``GET /mail/`` for an id it does not give (source 1 of the fixtures' README:
# no valid mail id; a letter of an account that did not give this API access).
AR24_NO_SUCH_MAIL = ("missing_erm_id", "user_unavailable")


class DebtRecoveryAction(models.Model):
    _inherit = "debt.recovery.action"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------------------------------
    # Handing the letter to its provider
    # ------------------------------------------------------------------------------------------

    def _debt_recovery_registered_to_send(self):
        interrupted = fields.Datetime.now() - SENDING_INTERRUPTED_AFTER
        return self.filtered(
            lambda action: action.channel == "registered_letter"
            and action.state == "planned"
            and action.registered_provider
            and action.attachment_id.mimetype == "application/pdf"
            and (
                not (action.registered_sending_ref or action.registered_state)
                or (
                    action.registered_state == SENDING
                    and (action.registered_sending_date or interrupted) <= interrupted
                )
            )
        )

    @api.model
    def _debt_recovery_registered_to_send_domain(self):
        interrupted = fields.Datetime.now() - SENDING_INTERRUPTED_AFTER
        return (
            Domain("channel", "=", "registered_letter")
            & Domain("state", "=", "planned")
            & Domain("registered_provider", "!=", False)
            & Domain("attachment_id", "!=", False)
            & (
                (
                    Domain("registered_sending_ref", "=", False)
                    & Domain("registered_state", "=", False)
                )
                | (
                    Domain("registered_state", "=", SENDING)
                    & (
                        Domain("registered_sending_date", "=", False)
                        | Domain("registered_sending_date", "<=", interrupted)
                    )
                )
            )
        )

    @proof_file_writer
    def _debt_recovery_send_registered(self, patient=False, commit=None, again=False):
        """Hand these registered letters to their provider, one by one: a letter the provider
        refuses stays planned with the reason, the others go.

        ``commit`` (the scheduled action's): called once the step is marked as being sent and
        once the provider has given its ids, before the letter is posted, so that whatever
        happens next, the next run finds the sending instead of making another.
        ``again``: a person, having checked at the provider, asks to send a letter whose
        earlier sending was interrupted with no way to know if it went (AR24)."""
        sent = self.browse()
        for action in self:
            try:
                if action._debt_recovery_send_one_registered(patient, commit, again):
                    sent |= action
            except psycopg2.OperationalError:
                raise
            except (ServiceError, InvalidLetterError, UserError) as error:
                action._debt_recovery_registered_not_sent(error)
        return sent

    def _debt_recovery_registered_not_sent(self, error):
        message = self.env["debt.recovery.registered.mail"]._debt_recovery_error_message(error)
        _logger.info("Registered letter of step %s not sent: %s", self.id, message)
        values = {"registered_error": message}
        if isinstance(error, OutcomeUnknownError):
            # Perhaps sent: kept « being handed over » until someone checks.
            values["note"] = message
        else:
            # Nothing posted: as before the attempt.
            values.update(
                {
                    "registered_state": False,
                    "registered_sending_ref": False,
                    "registered_recipient_ref": False,
                    "note": self.env._(
                        "Not sent: %(error)s Tried again at the next run; or post it by "
                        "hand (Post It Myself).",
                        error=message,
                    ),
                }
            )
        self.write(values)

    def _debt_recovery_send_one_registered(self, patient=False, commit=None, again=False):
        """Send this step's letter; whether it went to a provider (else it is to print)."""
        self.ensure_one()
        provider = self.registered_provider
        if self.registered_state != SENDING:
            with self.env.cr.savepoint():
                provider = self._debt_recovery_registered_lre_check()
        if not provider:
            return False
        Channel = self.env["debt.recovery.registered.mail"]
        client = Channel._debt_recovery_client(provider, self.case_id.company_id, patient=patient)
        posted = None
        if self.registered_state == SENDING:
            # An earlier sending was interrupted: what became of it, before sending again.
            try:
                posted = client.resume(self.registered_sending_ref, self.registered_recipient_ref)
            except OutcomeUnknownError:
                if not again:
                    raise
            except ServiceError as error:
                # What became of it is not known yet: kept as it is, asked at the next run.
                raise OutcomeUnknownError(error.template, **error.params) from error
        if posted is None:
            letter = Channel._debt_recovery_letter(self)
            self.write(
                {
                    "registered_state": SENDING,
                    "registered_sending_date": fields.Datetime.now(),
                    "registered_sending_ref": False,
                    "registered_recipient_ref": False,
                }
            )
            if commit:
                commit()

            def progress(partial):
                self.write(
                    {
                        "registered_sending_ref": partial.sending_id,
                        "registered_recipient_ref": partial.recipient_id or False,
                    }
                )
                if commit:
                    commit()

            posted = client.send(letter, on_progress=progress)
        with self.env.cr.savepoint():
            self._debt_recovery_registered_sent(provider, posted)
        return True

    def _debt_recovery_registered_sent(self, provider, posted, sent_on=None, event_note=False):
        """Record that ``provider`` took this step's letter (``posted``): on ``sent_on`` (the
        provider's day), today by default; ``event_note`` on the event of the sending."""
        today = fields.Date.context_today(self)
        sent_on = min(sent_on, today) if sent_on else today
        self.write(
            {
                "state": "done",
                "date": sent_on,
                "registered_sending_ref": posted.sending_id,
                "registered_recipient_ref": posted.recipient_id or False,
                "registered_state": SUBMITTED,
                "registered_error": False,
                "registered_letter_number": posted.registered_number or False,
                "note": self.env._(
                    "Sent by %(provider)s (reference %(ref)s).",
                    provider=dict(PROVIDERS)[provider],
                    ref=posted.sending_id,
                ),
            }
        )
        self.env["debt.recovery.registered.mail.event"].create(
            {
                "action_id": self.id,
                "provider": provider,
                "kind": "sent",
                "event_date": sent_on,
                "provider_ref": posted.sending_id,
                "attachment_id": self.attachment_id.id,
                "note": event_note,
            }
        )

    @proof_file_writer
    def action_registered_mail_record_ar24(self, mail_id=None):
        """Record on this step the AR24 letter that a person found sent in AR24 after its
        hand-over was interrupted (AR24 did not answer): a Recovery Manager gives the id of
        the AR24 letter; it is read from AR24 (``GET /mail/``), must be addressed to the
        step's debtor and recorded on no other step; then it is followed as any letter sent.
        Without ``mail_id``, the dialog that asks for it."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a Recovery Manager can record an AR24 letter on a step.")
            )
        self.ensure_one()
        if not (
            self.channel == "registered_letter"
            and self.state == "planned"
            and self.registered_provider == "ar24"
            and self.registered_state == SENDING
        ):
            raise UserError(
                self.env._(
                    "Only a letter being handed to AR24 can be recorded from AR24: this step's "
                    "is not."
                )
            )
        if not self._debt_recovery_registered_to_send():
            raise UserError(self._debt_recovery_registered_being_sent_message())
        if mail_id is None:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Record the AR24 Letter"),
                "res_model": "debt.recovery.action.ar24.wizard",
                "view_mode": "form",
                "target": "new",
                "context": {"default_action_id": self.id},
            }
        mail_id = str(mail_id).strip()
        if not mail_id.isdigit():
            raise UserError(
                self.env._(
                    "« %(id)s » is not the id of an AR24 letter: it is a number, shown on the "
                    "letter in AR24.",
                    id=mail_id,
                )
            )
        company = self.case_id.company_id
        # sudo: a letter recorded on a step of the company that the user may not read is
        # still recorded; only its name is shown.
        other = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("id", "!=", self.id),
                "|",
                "&",
                ("registered_provider", "=", "ar24"),
                ("registered_sending_ref", "=", mail_id),
                (
                    "registered_event_ids",
                    "any",
                    [
                        ("provider", "=", "ar24"),
                        ("kind", "=", "sent"),
                        ("provider_ref", "=", mail_id),
                    ],
                ),
            ],
            limit=1,
        )
        if other:
            raise UserError(
                self.env._(
                    "The AR24 letter %(id)s is already recorded on the step %(step)s of the "
                    "case %(case)s: it is not recorded twice.",
                    id=mail_id,
                    step=other.display_name,
                    case=other.case_id.name,
                )
            )
        if not self.try_lock_for_update():
            raise UserError(self._debt_recovery_registered_being_sent_message())
        Channel = self.env["debt.recovery.registered.mail"]
        client = Channel._debt_recovery_client("ar24", company)
        try:
            mail = client.mail(mail_id)
        except ServiceError as error:
            if error.params.get("slug") in AR24_NO_SUCH_MAIL:
                raise UserError(
                    self.env._(
                        "AR24 has no letter %(id)s in this company's AR24 account (%(reason)s): "
                        "check the id of the letter in AR24.",
                        id=mail_id,
                        reason=Channel._debt_recovery_error_message(error),
                    )
                ) from None
            raise UserError(Channel._debt_recovery_error_message(error)) from None
        debtor = self.case_id.partner_id
        if not _ar24_mail_addressed_to(mail, debtor):
            raise UserError(
                self.env._(
                    "The AR24 letter %(id)s is addressed to %(recipient)s <%(email)s>, not to "
                    "the debtor of this step, %(debtor)s <%(debtor_email)s>: it is not recorded.",
                    id=mail_id,
                    recipient=" ".join(
                        str(mail.get(key) or "")
                        for key in ("to_company", "to_firstname", "to_lastname")
                    ).strip()
                    or "-",
                    email=mail.get("to_email") or "-",
                    debtor=debtor.name,
                    debtor_email=debtor.email or "-",
                )
            )
        self._debt_recovery_registered_sent(
            "ar24",
            Posted(sending_id=str(mail["id"])),
            sent_on=paris_date(mail.get("date")),
            event_note=self.env._(
                "Recorded by hand by %(user)s on %(date)s: the letter found in AR24 after its "
                "hand-over was interrupted.",
                user=self.env.user.name,
                date=format_datetime(self.env, fields.Datetime.now()),
            ),
        )
        return True

    # ------------------------------------------------------------------------------------------
    # The buttons
    # ------------------------------------------------------------------------------------------
    def action_registered_mail_send(self):
        """Send now the letters of these steps waiting for their provider."""
        to_send = self._debt_recovery_registered_to_send()
        if not to_send:
            if any(action.registered_state == SENDING for action in self):
                raise UserError(self._debt_recovery_registered_being_sent_message())
            raise UserError(
                self.env._("No registered letter of these steps waits for its provider.")
            )
        if any(
            action.registered_state == SENDING for action in to_send
        ) and not self.env.user.has_group(MANAGER_GROUP):
            # Its provider may have sent it already: sending it again is a second letter,
            # charged twice, on the word of whoever checked.
            raise AccessError(
                self.env._(
                    "Only a Recovery Manager can send again a letter whose hand-over to its "
                    "provider was interrupted: the provider may have sent it already."
                )
            )
        to_send._debt_recovery_send_registered(again=True)
        return True

    def _debt_recovery_registered_being_sent_message(self):
        return self.env._(
            "This letter is being handed to its provider: if that was interrupted, it can be "
            "sent again %(minutes)s minutes after it began.",
            minutes=int(SENDING_INTERRUPTED_AFTER.total_seconds() // 60),
        )


def _normalized(text):
    return " ".join(str(text or "").split()).casefold()


def _ar24_mail_addressed_to(mail, partner):
    """Whether the AR24 ``mail`` was sent to ``partner``: his e-mail, and his name as the
    recipient's company or first and last names."""
    if not partner.email or _normalized(mail.get("to_email")) != _normalized(partner.email):
        return False
    first, last = mail.get("to_firstname"), mail.get("to_lastname")
    names = {
        _normalized(mail.get("to_company")),
        _normalized(mail.get("to_name")),
        _normalized(f"{first or ''} {last or ''}"),
        _normalized(f"{last or ''} {first or ''}"),
    }
    return _normalized(partner.name) in names - {""}
