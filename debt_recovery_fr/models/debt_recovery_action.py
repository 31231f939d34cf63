# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict

import psycopg2

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date, html2plaintext, split_every
from odoo.tools.pdf import merge_pdf
from odoo.tools.safe_eval import safe_eval

from ..guard import internal_write, internal_writer, is_internal_write
from ..legal.claim import cost_kind
from ..legal.consumer import COST_ENFORCEMENT, check_claim_line_allowed, names_recovery_fee
from ..legal.errors import InvalidPhoneError, LegalError
from ..legal.phone import normalize_mobile
from ..utils import AmountFormatter, legal_error_message

_logger = logging.getLogger(__name__)

# Where the steps done in a transaction wait to be logged on their invoices (precommit data).
INVOICE_LOG_KEY = "debt_recovery_fr.invoice_log"
# The channels carried out for many actions at once (the others, action by action).
BATCHED_CHANNELS = ("email", "sms", "phone")
# The steps a user records by hand (the others are the module's): a call, a letter, a cost of
# a procedure (channel "commissaire", on its procedure).
MANUAL_CHANNELS = ("phone", "letter")
# What a user may give a step he records (dated today, in his name); the rest is the module's.
MANUAL_FIELDS = {
    "case_id",
    "channel",
    "state",
    "date",
    "user_id",
    "note",
    "cost",
    "escalation_id",
    "corrects_id",
}
# What the claim of a case reads of its steps done (``_debt_recovery_claim_costs``,
# ``_debt_recovery_formal_notice_dates``): a write of one of them recomputes its amounts.
CLAIM_FIELDS = frozenset(
    (
        "case_id",
        "state",
        "cost",
        "date",
        "acknowledgment_date",
        "registered_letter_number",
        "level_id",
        "channel",
        "note",
    )
)
# What a user may still enter on a planned step: what the posting of its letter says.
POSTING_FIELDS = {"registered_letter_number", "acknowledgment_date", "cost"}
# The module's own writes of the proof file (its steps, their documents, the evidence, the
# procedures' states): see ``guard.py``.
proof_file_writer = internal_writer("debt.recovery.action")


class DebtRecoveryAction(models.Model):
    """One step carried out on a case: the proof file of the recovery."""

    _name = "debt.recovery.action"
    _description = "Debt Recovery Action"
    _order = "date desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one(
        "debt.recovery.case", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="case_id.partner_id", store=True, string="Debtor")
    currency_id = fields.Many2one(related="company_id.currency_id")
    level_id = fields.Many2one("debt.recovery.level", index=True, check_company=True)
    channel = fields.Selection(
        [
            ("level_change", "Level Change"),
            ("email", "E-mail"),
            ("sms", "SMS"),
            ("letter", "Letter"),
            ("registered_letter", "Registered Letter"),
            ("phone", "Phone Call"),
            ("commissaire", "Commissaire de Justice"),
            ("validation", "Validation"),
            ("promise", "Promise to Pay"),
        ],
        required=True,
    )
    level_visit = fields.Integer(
        copy=False, help="The stay of the case at its level during which this step was taken."
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    # Not check_company: the steps cover their own case's invoices, written by the code (the
    # field is read-only in the views); the check, per step and invoice in Python, took a
    # sixth of the scheduled action's time.
    invoice_ids = fields.Many2many("account.move", string="Invoices Covered", copy=False)
    amount = fields.Monetary(string="Amount Covered")
    attachment_id = fields.Many2one(
        "ir.attachment", string="Document", copy=False, index="btree_not_null"
    )
    # Indexed: every change of a message asks whether it is the e-mail of a step.
    mail_message_id = fields.Many2one(
        "mail.message", string="E-mail", copy=False, index="btree_not_null"
    )
    registered_letter_number = fields.Char(copy=False)
    acknowledgment_date = fields.Date(
        string="Acknowledgment of Receipt", copy=False, help="Date the debtor received the letter."
    )
    cost = fields.Monetary(help="What this step cost the creditor.")
    state = fields.Selection(
        [
            ("to_validate", "To Validate"),
            ("planned", "Planned"),
            ("done", "Done"),
            ("failed", "Failed"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="done",
        index=True,
    )
    note = fields.Text(help="What was said or done, or why the step failed.")
    sms_id = fields.Many2one("sms.sms", string="SMS", copy=False)
    render_error = fields.Text(
        string="Letter Error",
        readonly=True,
        copy=False,
        help="Why the letter of this step could not be made. The scheduled action tries again "
        "at its next run.",
    )
    corrects_id = fields.Many2one(
        "debt.recovery.action",
        index="btree_not_null",
        check_company=True,
        readonly=True,
        copy=False,
        help="The step this one corrects: a step done is never rewritten, it is corrected.",
    )
    correction_ids = fields.One2many("debt.recovery.action", "corrects_id", string="Corrections")
    cancel_reason = fields.Text(readonly=True, copy=False)
    cancel_user_id = fields.Many2one("res.users", string="Cancelled By", readonly=True, copy=False)
    cancel_date = fields.Datetime(string="Cancelled On", readonly=True, copy=False)

    # One step per channel and stay at a level: what keeps the scheduled action from doing
    # the same thing twice, even when killed and run again. The debtor may break more than one
    # promise at a level: those steps are kept once each by the promise itself (its end).
    _step_uniq = models.UniqueIndex(
        "(case_id, level_id, channel, level_visit) WHERE state != 'cancelled' "
        "AND channel NOT IN ('level_change', 'promise')",
        "This step was already taken for this case at this level.",
    )

    @api.constrains("acknowledgment_date", "date")
    def _check_acknowledgment_date(self):
        today = fields.Date.context_today(self)
        for action in self.filtered("acknowledgment_date"):
            if action.acknowledgment_date < action.date or action.acknowledgment_date > today:
                raise ValidationError(
                    self.env._(
                        "The acknowledgment of receipt of %(action)s is dated %(ack)s: it must "
                        "fall between the day the letter was sent (%(date)s) and today.",
                        action=action.display_name,
                        ack=format_date(self.env, action.acknowledgment_date),
                        date=format_date(self.env, action.date),
                    )
                )

    # L111-8 al. 2 CPCE (legal_fr.md §19.4): a cost a consumer would be charged (enforcement
    # after the title) is never named « frais de relance », « frais de gestion »...
    @api.constrains("note", "cost", "level_id", "case_id", "date")
    def _check_consumer_fee_wording(self):
        today = fields.Date.context_today(self)
        for action in self:
            case = action.case_id
            label = action.note or action.level_id.name
            if not action.cost or case.debtor_type != "b2c" or not names_recovery_fee(label):
                continue
            title = case._debt_recovery_claim_title(today)
            kind = cost_kind(action.level_id.phase, action.date, title and title.date)
            if kind != COST_ENFORCEMENT or title is None:
                continue  # kept with the creditor: the claim never charges it
            try:
                check_claim_line_allowed("b2c", True, label)
            except LegalError as error:
                raise ValidationError(
                    self.env._(
                        "%(action)s: %(reason)s Name the cost as the enforcement act it is "
                        "(frais d'exécution).",
                        action=action.display_name,
                        reason=legal_error_message(self.env, error),
                    )
                ) from error

    @api.depends("case_id", "channel", "date")
    def _compute_display_name(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for action in self:
            action.display_name = f"{action.case_id.name} - {channels.get(action.channel)}"

    # ------------------------------------------------------------------------------------------
    # The proof file is append-only: what a user may record, what stays as it was done
    # ------------------------------------------------------------------------------------------
    def _debt_recovery_internal(self):
        """Let the module's own code write the proof file (its steps, their documents, the
        evidence, the procedures' states): the checks of the clients' writes are skipped inside
        (``guard.py``: no client reaches it)."""
        return internal_write(self.env["debt.recovery.action"])

    def _debt_recovery_is_internal(self):
        """Whether the module's code writes the proof file now (or server code in superuser
        mode)."""
        return self.env.su or is_internal_write(self.env["debt.recovery.action"])

    @api.model_create_multi
    def create(self, vals_list):
        if not self._debt_recovery_is_internal():
            # With the defaults, so that a default of the context cannot bring what the
            # values may not.
            vals_list = [self._add_missing_default_values(vals) for vals in vals_list]
            for vals in vals_list:
                self._debt_recovery_check_manual_step(vals)
        user = self.env.user
        if not user.active or user.share or user._is_superuser():
            # The system takes the step (the scheduled action as OdooBot, a debtor on the
            # portal): it is recorded in the name of the case's responsible.
            Case = self.env["debt.recovery.case"]
            for vals in vals_list:
                if not vals.get("user_id") and vals.get("case_id"):
                    responsible = Case.browse(vals["case_id"])._debt_recovery_responsible()
                    vals["user_id"] = responsible.id or False
        actions = super().create(vals_list)
        done = actions.filtered(lambda action: action.state == "done")
        done._debt_recovery_queue_invoice_log()
        done._debt_recovery_claim_changed()
        return actions

    @api.model
    def _debt_recovery_check_manual_step(self, vals):
        """A step recorded by hand: a call, a letter or a cost of a procedure, or the correction
        of a step done; done today, in the name of who records it. The other steps
        (with their level, document, e-mail...) are the module's, never recorded by hand."""
        today = fields.Date.context_today(self)
        case = self.env["debt.recovery.case"].browse(vals.get("case_id"))
        reasons = []
        extra = sorted(
            field for field, value in vals.items() if value and field not in MANUAL_FIELDS
        )
        if extra:
            reasons.append(
                self.env._(
                    "these fields are written by the recovery itself: %(fields)s",
                    fields=", ".join(self._debt_recovery_field_label(field) for field in extra),
                )
            )
        corrected = self.browse(vals.get("corrects_id"))
        channel = vals.get("channel")
        if corrected:
            if corrected.state != "done" or corrected.case_id != case:
                reasons.append(self.env._("only a step done on the same case can be corrected"))
            if channel != corrected.channel:
                reasons.append(self.env._("a correction keeps the channel of the step it corrects"))
            if not (vals.get("note") or "").strip():
                reasons.append(self.env._("a correction says what it corrects (note)"))
        elif channel == "commissaire":
            escalation = self.env["debt.recovery.escalation"].browse(vals.get("escalation_id"))
            if not escalation or escalation.case_id != case:
                reasons.append(self.env._("a cost is recorded on a procedure of the case"))
        elif channel not in MANUAL_CHANNELS:
            reasons.append(
                self.env._(
                    "only a call, a letter, a cost of a procedure or a correction is recorded "
                    "by hand"
                )
            )
        # Planned, a letter would join the letters to print without the letter of a level.
        if vals.get("state") != "done":
            reasons.append(self.env._("a step recorded by hand is one done"))
        if fields.Date.to_date(vals.get("date")) != today:
            reasons.append(
                self.env._(
                    "a step recorded by hand is dated the day it is recorded (%(today)s)",
                    today=format_date(self.env, today),
                )
            )
        if vals.get("user_id") != self.env.uid:
            reasons.append(self.env._("a step recorded by hand is in the name of who records it"))
        if reasons:
            raise UserError(
                self.env._(
                    "This step cannot be recorded on %(case)s:\n%(reasons)s",
                    case=case.display_name or "-",
                    reasons="\n".join(f"- {reason}" for reason in reasons),
                )
            )

    @api.model
    @proof_file_writer
    def _debt_recovery_demo_formal_notices(self, cases, day):
        """Demo data: the formal notice of each case (at its formal notice level) posted on
        ``day`` by registered letter, as if its number had been entered then."""
        for case in cases:
            letter = case.action_ids.filtered(
                lambda action, case=case: action.level_id == case.level_id
                and action.channel == "registered_letter"
                and action.level_visit == case.level_visit
                and action.state != "cancelled"
            )
            vals = {"state": "done", "date": day, "registered_letter_number": f"1A {case.id:011d}"}
            if letter:
                letter.write(vals)
            else:
                self.create(
                    {
                        **vals,
                        "case_id": case.id,
                        "level_id": case.level_id.id,
                        "channel": "registered_letter",
                        "level_visit": case.level_visit,
                        "amount": case.amount_overdue,
                        "invoice_ids": [Command.set(case.overdue_invoice_ids.ids)],
                    }
                )

    @api.model
    def _debt_recovery_field_label(self, field):
        return self._fields[field].string if field in self._fields else field

    def write(self, vals):
        if not self._debt_recovery_is_internal():
            self._debt_recovery_check_write(vals)
        undone = self.browse()
        if "state" in vals or vals.get("registered_letter_number"):
            undone = self.filtered(lambda a: a.state != "done")
        if vals.get("registered_letter_number"):
            # Entering its number is what says the registered letter was posted.
            posted = self.filtered(
                lambda a: a.channel == "registered_letter" and a.state == "planned"
            )
            if posted and "state" not in vals:
                super(DebtRecoveryAction, posted).write({"state": "done"})
        claim_read = not CLAIM_FIELDS.isdisjoint(vals)
        if claim_read:
            were_done = self.filtered(lambda a: a.state == "done")
        result = super().write(vals)
        undone.filtered(lambda a: a.state == "done")._debt_recovery_queue_invoice_log()
        if claim_read:
            (were_done | self.filtered(lambda a: a.state == "done"))._debt_recovery_claim_changed()
        return result

    def unlink(self):
        cases = self.filtered(lambda a: a.state == "done").case_id
        result = super().unlink()
        cases.exists()._debt_recovery_amounts_changed()
        return result

    def _debt_recovery_claim_changed(self):
        """These steps, done or undone, change what their cases claim (the costs incurred, the
        date a consumer received the formal notice): their amounts are recomputed at the next
        flush. A step planned, failed or cancelled is not in the claim: making one does not
        recompute it (the scheduled action makes thousands a batch)."""
        self.case_id._debt_recovery_amounts_changed()

    # ------------------------------------------------------------------------------------------
    # Each step done is told in the chatter of the invoices it covers
    # ------------------------------------------------------------------------------------------
    def _debt_recovery_queue_invoice_log(self):
        """Log these steps, just done, on their invoices: at the end of the transaction, all
        the steps of a batch of the scheduled action in one go (one message per invoice)."""
        if not self:
            return
        data = self.env.cr.precommit.data
        if INVOICE_LOG_KEY not in data:
            data[INVOICE_LOG_KEY] = set()
            self.env.cr.precommit.add(self.browse()._debt_recovery_flush_invoice_log)
        data[INVOICE_LOG_KEY].update(self.ids)

    def _debt_recovery_flush_invoice_log(self):
        ids = self.env.cr.precommit.data.pop(INVOICE_LOG_KEY, set())
        # Sudo: these steps were written by the module just now; what they did is logged on the
        # invoices they cover as a note (no notification), whoever ends the transaction.
        actions = (
            self.sudo()
            .browse(sorted(ids))
            .exists()
            .filtered(lambda action: action.state == "done" and action.invoice_ids)
        )
        notes = defaultdict(lambda: defaultdict(list))
        # The cases the scheduled action opened are OdooBot's: their manager, found once.
        managers = {}
        for action in actions.sorted("id"):
            author = action._debt_recovery_author(managers)
            note = action.with_context(lang=author.lang)._debt_recovery_invoice_note()
            for invoice in action.invoice_ids:
                notes[author][invoice.id].append(note)
        for author, by_invoice in notes.items():
            self.env["account.move"].browse(by_invoice)._message_log_batch(
                {invoice_id: " ".join(lines) for invoice_id, lines in by_invoice.items()},
                author_id=author.partner_id.id,
            )

    def _debt_recovery_author(self, managers=None):
        """Who did the step: its user, or for the scheduled action's steps the case's
        responsible (never OdooBot: nothing of the recovery is signed by the system).

        ``managers``: ``{(responsible, company): manager}``, kept by a caller of many steps.
        """
        self.ensure_one()
        case = self.case_id
        for user in (self.user_id, case.user_id):
            if user and user.active and not user.share and not user._is_superuser():
                return user
        managers = {} if managers is None else managers
        key = (case.user_id, case.company_id)
        if key not in managers:
            managers[key] = case._debt_recovery_manager()
        return managers[key]

    def _debt_recovery_invoice_note(self):
        """The short line an invoice's chatter shows for this step."""
        self.ensure_one()
        env = self.env
        if self.channel == "level_change":
            return env._(
                "Recovery: moved to %(level)s (case %(case)s).",
                level=self.level_id.name,
                case=self.case_id.name,
            )
        channels = dict(self._fields["channel"]._description_selection(env))
        return env._(
            "Recovery: %(step)s, %(level)s (case %(case)s).",
            step=channels.get(self.channel, self.channel),
            level=self.level_id.name or "-",
            case=self.case_id.name,
        )

    def _debt_recovery_check_write(self, vals):
        """A step done is a record of what happened: only its acknowledgment of receipt is
        entered, once; a planned step takes what its posting says; nothing else changes."""
        for action in self:
            allowed = set()
            if action.state == "planned":
                allowed = set(POSTING_FIELDS)
            elif (
                action.state == "done"
                and action.channel == "registered_letter"
                and not action.acknowledgment_date
                and vals.get("acknowledgment_date")
            ):
                allowed = {"acknowledgment_date"}
            changed = sorted(set(vals) - allowed)
            if changed:
                raise UserError(
                    self.env._(
                        "%(step)s is part of the proof file: %(fields)s cannot be changed "
                        "(%(state)s step). Record a correction instead: a new step saying what "
                        "it corrects.",
                        step=action.display_name,
                        fields=", ".join(
                            self._debt_recovery_field_label(field) for field in changed
                        ),
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            action.state
                        ],
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_proof_file(self):
        if not self._debt_recovery_is_internal():
            raise UserError(
                self.env._(
                    "A recovery step is never deleted: it is part of the proof file. A Recovery "
                    "Manager may cancel it, with the reason."
                )
            )

    def action_cancel(self, reason=None):
        """Cancel these steps (Recovery Manager), the reason kept on the step and the case.

        Without a reason, the dialog that asks for it.
        """
        if not self.env.user.has_group("debt_recovery_fr.debt_recovery_group_manager"):
            raise AccessError(self.env._("Only a Recovery Manager can cancel a recovery step."))
        if not reason or not str(reason).strip():
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Cancel Steps"),
                "res_model": "debt.recovery.action.cancel.wizard",
                "view_mode": "form",
                "target": "new",
                "context": {"default_action_ids": self.ids},
            }
        reason = str(reason).strip()
        cancelled = self.filtered(lambda action: action.state != "cancelled")
        with self._debt_recovery_internal():
            cancelled.write(
                {
                    "state": "cancelled",
                    "cancel_reason": reason,
                    "cancel_user_id": self.env.uid,
                    "cancel_date": fields.Datetime.now(),
                }
            )
        for case, actions in cancelled.grouped("case_id").items():
            case._message_log(
                body=self.env._(
                    "Step cancelled by %(user)s: %(steps)s. Reason: %(reason)s",
                    user=self.env.user.name,
                    steps=", ".join(
                        f"{action.display_name} ({format_date(self.env, action.date)})"
                        for action in actions
                    ),
                    reason=reason,
                )
            )
        return True

    def action_correct(self):
        """Record the correction of this step done: a new step, today, in the user's name."""
        self.ensure_one()
        if self.state != "done":
            raise UserError(self.env._("Only a step done is corrected; cancel the others."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct %(step)s", step=self.display_name),
            "res_model": self._name,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref("debt_recovery_fr.debt_recovery_action_view_form_correction").id,
                    "form",
                )
            ],
            "target": "new",
            "context": {
                "default_corrects_id": self.id,
                "default_case_id": self.case_id.id,
                "default_channel": self.channel,
                "default_escalation_id": self.escalation_id.id,
                "default_state": "done",
            },
        }

    # ------------------------------------------------------------------------------------------
    # Carrying out a step: written with what it says (``_debt_recovery_step_values``), then the
    # e-mails, SMS and activities of all the steps made at once (``_debt_recovery_do``)
    # ------------------------------------------------------------------------------------------
    @api.model
    def _debt_recovery_step_values(self, case, channel, amounts):
        """The note and state a new step of ``channel`` on ``case`` is written with: what the
        step will do, or why it cannot be done (``failed``), decided before it is written, so
        that the steps of a batch are written in one ``create``, none rewritten after it.

        ``amounts``: a ``utils.AmountFormatter`` in the user's language, shared by the batch.
        """
        level = case.level_id
        if channel == "email":
            if not level.mail_template_id:
                return self._debt_recovery_failure(
                    self.env._("The level %(level)s has no e-mail template.", level=level.name)
                )
            if not case.partner_id.email:
                return self._debt_recovery_failure(
                    self.env._("%(debtor)s has no e-mail address.", debtor=case.partner_id.name)
                )
            if level.letter_report_id:
                # It goes with its letter, rendered with the other letters of the run.
                return {"note": self.env._("Waiting for its letter.")}
            return {}
        if channel == "sms":
            _number, error = self._debt_recovery_sms_number(case.partner_id)
            return self._debt_recovery_failure(error) if error else {}
        if channel == "phone":
            partner = case.partner_id
            return {
                "note": self.env._(
                    "Call %(debtor)s (%(phone)s): %(amount)s overdue for %(days)s days. Ask when "
                    "the payment will be made, note the promise or the dispute on the case.",
                    debtor=partner.name,
                    phone=", ".join(filter(None, {partner.phone, partner.debt_recovery_mobile}))
                    or self.env._("no number"),
                    amount=amounts(case.amount_overdue, case.currency_id),
                    days=case.days_overdue,
                )
            }
        if channel == "letter":
            # The letter joins the print batch of the accountant once rendered.
            return {"note": self.env._("To print and post.")}
        if channel == "registered_letter":
            # Its number and acknowledgment date are entered when the accountant posts it.
            return {
                "note": self.env._("To print and send by registered letter with acknowledgment.")
            }
        if channel == "commissaire":
            return {"state": "to_validate"}
        return {}

    @api.model
    def _debt_recovery_failure(self, reason):
        return {"state": "failed", "note": reason}

    @api.model
    def _debt_recovery_sms_number(self, partner):
        """``(number, error)``: the debtor's mobile number in E.164, or why there is none."""
        raw = partner.debt_recovery_mobile or partner.phone
        if not raw:
            return None, self.env._("%(debtor)s has no phone number.", debtor=partner.name)
        try:
            return normalize_mobile(raw, partner._debt_recovery_phone_region()), None
        except InvalidPhoneError as error:
            return None, legal_error_message(self.env, error)

    @proof_file_writer
    def _debt_recovery_do(self):
        """Carry out these freshly written steps: the e-mails, SMS and call activities of all
        of them at once (one creation per kind of record). The other channels are done once
        written (``_debt_recovery_step_values``): a letter waits for its rendering, a
        procedure's step for its validation."""
        planned = self.filtered(lambda action: action.state == "planned")
        for channel in BATCHED_CHANNELS:
            actions = planned.filtered(lambda a, channel=channel: a.channel == channel)
            if actions:
                getattr(actions, f"_debt_recovery_do_{channel}")()

    def _debt_recovery_do_email(self):
        # Batched: one rendering and one creation of mails per template. The ones waiting for
        # their letter are sent with it (``_debt_recovery_render_documents``).
        self.filtered(
            lambda action: not action.level_id.letter_report_id or action.attachment_id
        )._debt_recovery_send_email()

    def _debt_recovery_fee_wording_refused(self):
        """The e-mails to consumers whose text names a recovery fee (« frais de relance »,
        « frais de gestion »...): L111-8 al. 2 CPCE (legal_fr.md §19.4) forbids charging them,
        so the step fails with the reason instead of sending. Returns the steps refused."""
        refused = self.browse()
        consumers = self.filtered(lambda a: a.case_id.debtor_type == "b2c")
        for template, actions in consumers.grouped(lambda a: a.level_id.mail_template_id).items():
            case_ids = actions.case_id.ids
            subjects = template._render_field("subject", case_ids, compute_lang=True)
            bodies = template._render_field("body_html", case_ids, compute_lang=True)
            for action in actions:
                text = f"{subjects.get(action.case_id.id) or ''} " + html2plaintext(
                    bodies.get(action.case_id.id) or ""
                )
                if names_recovery_fee(text):
                    refused |= action
                    action._fail(
                        self.env._(
                            "Not sent: the e-mail template %(template)s names a recovery fee "
                            "(frais de recouvrement, de relance, de gestion, administratifs...) "
                            "in an e-mail to a consumer, who never owes the costs of a recovery "
                            "begun without an enforceable title (art. L111-8 CPCE). Correct the "
                            "template of the level %(level)s.",
                            template=template.name,
                            level=action.level_id.name,
                        )
                    )
        return refused

    @proof_file_writer
    def _debt_recovery_send_email(self):
        """Queue the levels' e-mails, each with its letter attached when there is one; an
        e-mail to a consumer naming a recovery fee fails instead (§19.4)."""
        to_send = self - self._debt_recovery_fee_wording_refused()
        for (template, user), actions in to_send.grouped(
            lambda a: (a.level_id.mail_template_id, a.case_id._debt_recovery_responsible())
        ).items():
            if not user:
                actions._fail(
                    self.env._(
                        "Nobody to send it: choose the responsible of the case or the recovery "
                        "officer of the company."
                    )
                )
                continue
            # The mail queue sends them: never force_send from the scheduled action. Written
            # by the responsible, never by who runs the recovery (OdooBot for the cron); kept
            # once sent, whatever the template says: the e-mail is the proof of the step.
            mails = template.send_mail_batch(
                [a.case_id.id for a in actions],
                force_send=False,
                email_values={"author_id": user.partner_id.id, "auto_delete": False},
            )
            for action, mail in zip(actions, mails, strict=True):
                if action.attachment_id:
                    mail.attachment_ids = [Command.link(action.attachment_id.id)]
                action.write(
                    {"state": "done", "mail_message_id": mail.mail_message_id.id, "note": False}
                )

    def _debt_recovery_do_sms(self):
        # Batched: the SMS of all these steps are created at once; the number was checked
        # when the step was written.
        to_send = []
        amounts = {}
        for action in self:
            partner = action.case_id.partner_id
            number, error = self._debt_recovery_sms_number(partner)
            if error:
                action._fail(error)
                continue
            lang = partner.lang or self.env.lang
            case = action.case_id.with_context(lang=lang)
            if lang not in amounts:
                amounts[lang] = AmountFormatter(case.env)
            body = case.env._(
                "%(company)s: %(amount)s remain unpaid since %(date)s. Please pay, or call us at "
                "%(phone)s.",
                company=case.company_id.name,
                amount=amounts[lang](case.amount_total_claimed, case.currency_id),
                date=format_date(case.env, case.oldest_due_date),
                phone=case.company_id.phone or "",
            )
            to_send.append((action, {"number": number, "body": body, "partner_id": partner.id}))
        # Sudo: the SMS queue is written by the system only (Odoo's own SMS are created so);
        # whoever runs the recovery, the step that sends it is checked and recorded above.
        all_sms = self.env["sms.sms"].sudo().create([vals for _action, vals in to_send])
        for (action, vals), sms in zip(to_send, all_sms, strict=True):
            action.write({"state": "done", "sms_id": sms.id, "note": vals["body"]})

    def _debt_recovery_do_phone(self):
        # Batched: the activities of all these calls are created at once, their text the
        # step's note. The calls of the day are on the responsible's activities: no
        # notification (an e-mail) per call, which on a first run made thousands.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                action.case_id._debt_recovery_activity_values(
                    "mail.mail_activity_data_call",
                    action.case_id._debt_recovery_responsible(),
                    summary=self.env._("Recovery call"),
                    note=action.note,
                )
                for action in self
            ]
        )

    @proof_file_writer
    def _fail(self, reason):
        self.write({"state": "failed", "note": reason})

    # ------------------------------------------------------------------------------------------
    # The letters: rendered in batches after the decisions, then e-mailed or printed
    # ------------------------------------------------------------------------------------------
    @api.model
    def _debt_recovery_pending_documents_domain(self):
        """The steps waiting for their letter, or for the e-mail that carries it."""
        return (
            Domain("state", "=", "planned")
            & Domain("level_id.letter_report_id", "!=", False)
            & (
                (
                    Domain("channel", "in", ("letter", "registered_letter"))
                    & Domain("attachment_id", "=", False)
                )
                | (Domain("channel", "=", "email") & Domain("mail_message_id", "=", False))
            )
        )

    @api.model
    def _debt_recovery_letters_to_make_count(self):
        """How many steps wait for a letter not tried yet: the scheduled action's work left.

        A step whose letter could not be made (``render_error``) is not counted: it is tried
        again when there is time, and must not keep Odoo calling the job again all day.
        """
        return self.search_count(
            self._debt_recovery_pending_documents_domain() & Domain("render_error", "=", False)
        )

    @api.model
    def _cron_render_documents(self, batch_size=10):
        """Render the pending letters in batches (one wkhtmltopdf call each), then e-mail them.

        Resumable like the decisions: a step that has its document is never rendered again, an
        e-mail step that has its message is never sent again.

        The letters not tried yet come first, and are reported to Odoo's scheduler as remaining
        until they are made: a pass out of time is followed by another. Then the letters that
        could not be made are tried again while the pass has time, reported as nothing
        remaining: a letter that keeps failing never keeps the job running, the next day's run
        tries it again.
        """
        Cron = self.env["ir.cron"]
        pending = self._debt_recovery_pending_documents_domain()
        not_tried = pending & Domain("render_error", "=", False)
        # The cases whose letters were tried in this call: a step still pending after its turn
        # (its letter failed) waits for tomorrow. Each turn goes on from the last step looked
        # at (``id`` > ``after``), so no query carries the list of those done.
        tried = set()

        def following(after):
            return Domain("id", ">", after) if after else Domain.TRUE

        for first, counted in ((not_tried, True), (pending, False)):
            after = 0
            while True:
                found = self.search(first & following(after), order="id", limit=batch_size * 3)
                if not found:
                    break
                # A batch holds the steps of at most ``batch_size`` cases (the e-mail and the
                # registered letter of a case share their letter).
                case_ids = []
                for action in found:
                    after = action.id
                    if action.case_id.id not in tried and action.case_id.id not in case_ids:
                        case_ids.append(action.case_id.id)
                        if len(case_ids) == batch_size:
                            break
                if not case_ids:
                    continue
                # Those held by another worker are his.
                actions = self.search(
                    pending & Domain("case_id", "in", case_ids)
                ).try_lock_for_update()
                tried.update(case_ids)
                if not actions:
                    continue
                actions._debt_recovery_render_documents(batch_size)
                remaining = self.search_count(not_tried & following(after)) if counted else 0
                if not Cron._commit_progress(len(actions), remaining=remaining):
                    return
        Cron._commit_progress(remaining=0)

    @proof_file_writer
    def _debt_recovery_render_documents(self, batch_size=10):
        """Give these steps their letter (one rendering per case), then send their e-mails.

        A letter that cannot be rendered leaves its steps planned, with the reason in
        ``render_error``: the others go on, and the next run tries it again.
        """
        Case = self.env["debt.recovery.case"]
        for report, actions in (
            self.filtered(
                lambda action: not action.attachment_id and action.level_id.letter_report_id
            )
            .grouped(lambda action: action.level_id.letter_report_id)
            .items()
        ):
            for case_ids in split_every(batch_size, actions.case_id.ids):
                cases = Case.browse(case_ids)
                documents, errors = self._debt_recovery_render_letters_or_errors(report, cases)
                rendered = cases.browse([case.id for case in cases if case in documents])
                attachments = self.env["ir.attachment"].create(
                    [
                        {
                            "name": documents[case][1],
                            "raw": documents[case][0],
                            "res_model": "debt.recovery.case",
                            "res_id": case.id,
                            "type": "binary",
                        }
                        for case in rendered
                    ]
                )
                for case, attachment in zip(rendered, attachments, strict=True):
                    actions.filtered(lambda action, case=case: action.case_id == case).write(
                        {"attachment_id": attachment.id, "render_error": False}
                    )
                for case, error in errors.items():
                    actions.filtered(lambda action, case=case: action.case_id == case).write(
                        {
                            "render_error": self.env._(
                                "The letter %(letter)s could not be made: %(error)s. The "
                                "scheduled action tries again at its next run.",
                                letter=report.name,
                                error=error,
                            )
                        }
                    )
        # All at once: one rendering of each template for all its e-mails.
        self.filtered(
            lambda action: action.channel == "email"
            and action.state == "planned"
            and not action.mail_message_id
            # Never without its letter.
            and (action.attachment_id or not action.level_id.letter_report_id)
        )._debt_recovery_send_email()

    @api.model
    def _debt_recovery_render_letters_or_errors(self, report, cases):
        """``({case: (content, file name)}, {case: error})``: the letters that could be made.

        The batch is rendered at once; if that fails (a letter raises, wkhtmltopdf fails), each
        letter alone, so that one bad letter does not hold back the others.
        """
        try:
            with self.env.cr.savepoint():
                return self._debt_recovery_render_letters(report, cases), {}
        except psycopg2.OperationalError:
            # A lock or a serialization failure: the transaction is retried as a whole.
            raise
        except Exception as error:  # Any failure of a report: the step says why...
            if len(cases) == 1:
                _logger.warning(
                    "The letter %s of %s could not be rendered",
                    report.name,
                    cases.name,
                    exc_info=True,
                )
                return {}, {cases: self._debt_recovery_error_text(error)}
            _logger.info(
                "The letters %s of %s could not be rendered together (%s): one by one",
                report.name,
                ", ".join(cases.mapped("name")),
                error,
            )
        documents, errors = {}, {}
        for case in cases:
            case_documents, case_errors = self._debt_recovery_render_letters_or_errors(report, case)
            documents.update(case_documents)
            errors.update(case_errors)
        return documents, errors

    @api.model
    def _debt_recovery_error_text(self, error):
        """The reason of a failed rendering, short enough for the step's record."""
        # A template's error carries its QWeb information (see ir.qweb._render): its first line.
        qweb = getattr(error, "qweb", None)
        text = getattr(qweb, "error", None) or str(error) or type(error).__name__
        return text if len(text) <= 500 else f"{text[:499]}…"

    @api.model
    def _debt_recovery_render_letters(self, report, cases):
        """``{case: (content, file name)}``: the letter of each case, from one rendering.

        The whole batch goes through one wkhtmltopdf call, split per case afterwards (see
        ``ir.actions.report._render_qweb_pdf_prepare_streams``). While tests run, Odoo renders
        HTML instead, unless the context forces the PDF (``force_report_rendering``).
        """
        Report = self.env["ir.actions.report"]
        names = {
            case: safe_eval(report.print_report_name, {"object": case})
            if report.print_report_name
            else report.name
            for case in cases
        }
        rendered, kind = Report._pre_render_qweb_pdf(report, cases.ids)
        if kind == "pdf" and all(rendered.get(case.id, {}).get("stream") for case in cases):
            return {
                case: (rendered[case.id]["stream"].getvalue(), f"{names[case]}.pdf")
                for case in cases
            }
        documents = {}
        for case in cases:
            content, kind = Report._pre_render_qweb_pdf(report, case.ids)
            if kind == "pdf":
                content = content[case.id]["stream"].getvalue()
            documents[case] = (content, f"{names[case]}.{kind}")
        return documents

    @proof_file_writer
    def action_debt_recovery_print_letters(self):
        """One PDF with the letters to post: the selected ones, or all the planned ones.

        The plain letters printed are taken as posted; a registered letter is posted when its
        number is entered.
        """
        # A step cancelled (a plan accepted, a manager's decision) or failed is never posted.
        letters = self.filtered(
            lambda action: action.channel in ("letter", "registered_letter")
            and action.state in ("planned", "done")
        )
        if not self:
            letters = self.search(
                [
                    ("channel", "in", ("letter", "registered_letter")),
                    ("state", "=", "planned"),
                    ("company_id", "in", self.env.companies.ids),
                    # The registered letters a provider posts are not printed.
                    ("registered_provider", "=", False),
                ],
                order="case_id, id",
            )
        if not letters:
            raise UserError(self.env._("There is no letter to print."))
        missing = letters.filtered(lambda action: not action.level_id.letter_report_id)
        if missing:
            raise UserError(
                self.env._(
                    "Choose the letter of these levels first: %(levels)s.",
                    levels=", ".join(missing.level_id.mapped("name")),
                )
            )
        letters._debt_recovery_render_documents()
        pdfs = [
            attachment.raw
            for attachment in letters.attachment_id
            if attachment.mimetype == "application/pdf"
        ]
        content = merge_pdf(pdfs) if len(pdfs) > 1 else (pdfs or [b""])[0]
        if not letters.attachment_id:
            raise UserError(
                self.env._(
                    "No letter could be made: %(errors)s",
                    errors=" ".join(set(letters.filtered("render_error").mapped("render_error"))),
                )
            )
        # A letter that could not be made stays planned, with its error.
        letters.filtered(
            lambda action: action.channel == "letter"
            and action.state == "planned"
            and action.attachment_id
        ).state = "done"
        batch = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Letters to post %(date)s.pdf",
                    date=fields.Date.to_string(fields.Date.context_today(self)),
                ),
                "raw": content,
                "mimetype": "application/pdf",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{batch.id}?download=true",
            "target": "download",
        }

    @proof_file_writer
    def action_validate(self):
        """A manager validates a step: the case moves to its level, which is then carried out."""
        if not self.env.user.has_group("debt_recovery_fr.debt_recovery_group_manager"):
            raise UserError(self.env._("Only a Recovery Manager can validate a recovery step."))
        for action in self.filtered(lambda a: a.state == "to_validate"):
            case = action.case_id
            if action.channel == "validation":
                case._move_to_level(action.level_id)
            action.state = "done"
        return True
