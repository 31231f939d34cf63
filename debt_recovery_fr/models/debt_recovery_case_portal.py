# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the debtor does on his portal page: contest an invoice, promise to pay by a date; and
what the page shows of the case (the letters he received, how to pay)."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date

from ..epc_qr import epc_qr_payload
from ..guard import internal_write, is_internal_write

# How far ahead a debtor may promise to pay: beyond, the creditor would wait too long without
# any commitment he can enforce (an instalment plan is the answer then).
PROMISE_MAX_DAYS = 60
# The fields of a promise: written only by ``_debt_recovery_promise`` and the scheduled action.
PROMISE_FIELDS = frozenset({"promise_date", "promise_partner_id", "promise_recorded_on"})
# The steps whose document reached the debtor on paper: the letters he finds on his page.
LETTER_CHANNELS = ("letter", "registered_letter")


class DebtRecoveryCase(models.Model):
    _inherit = "debt.recovery.case"  # pylint: disable=consider-merging-classes-inherited

    promise_date = fields.Date(
        string="Promised Payment Date",
        readonly=True,
        copy=False,
        help="The debtor promised on his portal to pay by this date: the recovery waits until "
        "then, and resumes the day after if the debt is still unpaid.",
    )
    promise_partner_id = fields.Many2one(
        "res.partner", string="Promised By", readonly=True, copy=False
    )
    promise_recorded_on = fields.Datetime(readonly=True, copy=False)

    def write(self, vals):
        if PROMISE_FIELDS.intersection(vals) and not is_internal_write(self):
            raise UserError(
                self.env._("A promise to pay is recorded by the debtor on his portal page.")
            )
        return super().write(vals)

    def _change_state(self, state, reason=None, *, event=False, values=None):
        result = super()._change_state(state, reason, event=event, values=values)
        # A promise holds only while the recovery runs: paid, paused or closed, it ends (a case
        # reopened later does not find an old promise "not kept").
        ended = self.filtered(lambda case: case.state != "open" and case.promise_date)
        if ended:
            with internal_write(ended):
                ended.write(dict.fromkeys(PROMISE_FIELDS, False))
        return result

    # ------------------------------------------------------------------------------------------
    # The debtor's actions (the portal calls them on the case it checked he may open)
    # ------------------------------------------------------------------------------------------
    def _debt_recovery_portal_dispute(self, invoice, reason, partner):
        """``partner`` (the debtor) contests ``invoice`` with ``reason``: the invoice is marked
        disputed and leaves the recovery (``action_debt_recovery_dispute``), the responsible
        gets a to-do to settle the dispute."""
        self.ensure_one()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why you contest the invoice."))
        if invoice not in self.overdue_invoice_ids:
            raise UserError(
                self.env._(
                    "Only an overdue invoice of this file not contested yet can be contested."
                )
            )
        # The checks of the case's button (a closed case has nothing left to dispute).
        self._debt_recovery_check_button("dispute")
        self._debt_recovery_dispute_invoices(invoice, reason, partner.name)
        responsible = self._debt_recovery_responsible()
        if responsible:
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                self._debt_recovery_activity_values(
                    "mail.mail_activity_data_todo",
                    responsible,
                    self.env._("Invoice %(invoice)s contested", invoice=invoice.name),
                    self.env._(
                        "%(partner)s contests the invoice %(invoice)s on the portal: %(reason)s",
                        partner=partner.name,
                        invoice=invoice.name,
                        reason=reason,
                    ),
                )
            )
        return True

    def _debt_recovery_portal_promise(self, date, partner):
        """``partner`` (the debtor) promises to pay the claim by ``date``: the recovery waits
        until then, its planned steps are cancelled as an accepted plan cancels them."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        date = fields.Date.to_date(date)
        if self.state != "open":
            raise UserError(
                self.env._("A promise to pay is recorded only while the recovery is running.")
            )
        if self.promise_date and self.promise_date >= today:
            raise UserError(
                self.env._(
                    "You already promised to pay by %(date)s.",
                    date=format_date(self.env, self.promise_date),
                )
            )
        if not date or date < today or date > today + timedelta(days=PROMISE_MAX_DAYS):
            raise UserError(
                self.env._(
                    "Choose a payment date between today and %(max)s (%(days)s days at most).",
                    max=format_date(self.env, today + timedelta(days=PROMISE_MAX_DAYS)),
                    days=PROMISE_MAX_DAYS,
                )
            )
        with internal_write(self):
            self.write(
                {
                    "promise_date": date,
                    "promise_partner_id": partner.id,
                    "promise_recorded_on": fields.Datetime.now(),
                    "next_action_date": date + timedelta(days=1),
                }
            )
        self._debt_recovery_stop_steps(
            self.env._(
                "The debtor promised to pay by %(date)s: the recovery waits until then.",
                date=format_date(self.env, date),
            )
        )
        responsible = self._debt_recovery_responsible()
        self.message_post(
            body=self.env._(
                "%(partner)s promised on the portal to pay %(amount)s by %(date)s: the recovery "
                "waits until then.",
                partner=partner.name,
                amount=self._debt_recovery_portal_total_label(),
                date=format_date(self.env, date),
            ),
            partner_ids=responsible.partner_id.ids,
            author_id=partner.id,
            subtype_xmlid="mail.mt_note",
        )
        return True

    # ------------------------------------------------------------------------------------------
    # The scheduled action: a promise kept waits, a promise broken resumes the recovery
    # ------------------------------------------------------------------------------------------
    def _debt_recovery_plan(self, today):
        waiting = self.filtered(lambda case: case.promise_date and case.promise_date >= today)
        return super(DebtRecoveryCase, self - waiting)._debt_recovery_plan(today)

    def _debt_recovery_run(self, today):
        lapsed = self.filtered(lambda case: case.promise_date and case.promise_date < today)
        lapsed._debt_recovery_promise_lapsed(today)
        return super()._debt_recovery_run(today)

    def _debt_recovery_promise_lapsed(self, today):
        """End the promises whose date passed (the day before ``today``).

        Kept when the invoices overdue on the day the debtor promised are paid (the payments
        reconciled in the meantime, bank statements included): the chatter says so. Not kept,
        the recovery resumes today: a step of the case says so in the name of its responsible
        (never the system), who gets a to-do. Once: the promise ends in the same transaction
        as its step is written, so a run again finds no promise to end.
        """
        steps = []
        activities = []
        for case in self:
            responsible = case._debt_recovery_responsible()
            if not case.company_id._debt_recovery_is_human(responsible):
                # Nobody to speak for the case: the run leaves it alone, the promise with it.
                continue
            # Written in the responsible's language: his history and to-do.
            env = case.with_context(lang=responsible.lang).env
            date = format_date(env, case.promise_date)
            unpaid = case._debt_recovery_promise_unpaid()
            with internal_write(case):
                case.write(
                    {
                        **dict.fromkeys(PROMISE_FIELDS, False),
                        **({"next_action_date": today} if unpaid else {}),
                    }
                )
            if not unpaid:
                case._message_log(
                    body=env._("Promise to pay by %(date)s kept.", date=date),
                    author_id=responsible.partner_id.id,
                )
                continue
            amount = sum(unpaid.mapped("amount_residual_signed"))
            note = env._(
                "Promise to pay by %(date)s not kept: %(amount)s still due, the recovery resumes.",
                date=date,
                amount=format_amount(env, amount, case.currency_id),
            )
            steps.append(
                {
                    "case_id": case.id,
                    "level_id": case.level_id.id,
                    "level_visit": case.level_visit,
                    "channel": "promise",
                    "state": "done",
                    "date": today,
                    "user_id": responsible.id,
                    "amount": amount,
                    "note": note,
                }
            )
            activities.append(
                case._debt_recovery_activity_values(
                    "mail.mail_activity_data_todo",
                    responsible,
                    env._("Promise to pay not kept"),
                    env._(
                        "%(debtor)s did not keep the promise to pay by %(date)s: %(amount)s "
                        "still due. The recovery resumes; call the debtor if need be.",
                        debtor=case.partner_id.name,
                        date=date,
                        amount=format_amount(env, amount, case.currency_id),
                    ),
                )
            )
            case._message_log(body=note, author_id=responsible.partner_id.id)
        Action = self.env["debt.recovery.action"]
        with Action._debt_recovery_internal():
            Action.create(steps)
        # In the responsible's to-dos, without an "assigned to you" e-mail the scheduled action
        # would send as OdooBot.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(activities)

    def _debt_recovery_promise_unpaid(self):
        """The invoices the debtor promised to pay that are still claimed: those overdue on the
        day he promised (an invoice fallen due since was not in his promise)."""
        self.ensure_one()
        promised_on = self.promise_recorded_on and self.promise_recorded_on.date()
        return self.overdue_invoice_ids.filtered(
            lambda invoice: not promised_on or invoice.invoice_date_due <= promised_on
        )

    # ------------------------------------------------------------------------------------------
    # What the portal page shows
    # ------------------------------------------------------------------------------------------
    def _debt_recovery_portal_total_label(self):
        self.ensure_one()
        claim, _warning = self._debt_recovery_claim_today()
        return format_amount(self.env, float(claim.total), self.currency_id)

    def _debt_recovery_portal_letters(self):
        """The letters the debtor received: the documents of the done letter steps."""
        self.ensure_one()
        return self.action_ids.filtered(
            lambda step: step.state == "done"
            and step.channel in LETTER_CHANNELS
            and step.attachment_id
        ).sorted(lambda step: (step.date, step.id))

    def _debt_recovery_portal_transfer(self, amount):
        """The company's bank account and the EPC QR payload of a transfer of ``amount``."""
        self.ensure_one()
        bank = self.company_id.partner_id.bank_ids[:1]
        if not bank:
            return {}
        reference = self._debt_recovery_letter_reference()
        payload = ""
        if self.currency_id.name == "EUR":
            payload = epc_qr_payload(
                self.company_id.name, bank.acc_number, amount, reference, bic=bank.bank_id.bic
            )
        return {
            "iban": bank.acc_number,
            "bic": bank.bank_id.bic or "",
            "holder": bank.partner_id.name or self.company_id.name,
            "reference": reference,
            "qr_payload": payload,
        }

    @api.model
    def _debt_recovery_portal_promise_max_date(self):
        return fields.Date.context_today(self) + timedelta(days=PROMISE_MAX_DAYS)
