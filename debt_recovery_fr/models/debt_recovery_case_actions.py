# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from .debt_recovery_case import ACTIVE_STATES, PROCEDURE_PHASES

MANAGER_GROUP = "debt_recovery_fr.debt_recovery_group_manager"
# The buttons of the case form: each has ``can_<key>`` and ``<key>_blocked_reason``.
BUTTONS = (
    "send_now",
    "send_letter",
    "next_level",
    "dispute",
    "write_off",
    "open_procedure",
)


class DebtRecoveryCase(models.Model):
    """The accountant's buttons on a case: each goes through the paths the scheduled action
    and the escalation wizard use, and is shown only when it may act, with the reason why not."""

    _inherit = "debt.recovery.case"  # pylint: disable=consider-merging-classes-inherited

    can_send_now = fields.Boolean(compute="_compute_buttons")
    send_now_blocked_reason = fields.Char(compute="_compute_buttons")
    can_send_letter = fields.Boolean(compute="_compute_buttons")
    send_letter_blocked_reason = fields.Char(compute="_compute_buttons")
    can_next_level = fields.Boolean(compute="_compute_buttons")
    next_level_blocked_reason = fields.Char(compute="_compute_buttons")
    can_dispute = fields.Boolean(compute="_compute_buttons")
    dispute_blocked_reason = fields.Char(compute="_compute_buttons")
    can_write_off = fields.Boolean(compute="_compute_buttons")
    write_off_blocked_reason = fields.Char(compute="_compute_buttons")
    can_open_procedure = fields.Boolean(compute="_compute_buttons")
    open_procedure_blocked_reason = fields.Char(compute="_compute_buttons")

    @api.depends_context("uid", "company")
    @api.depends(
        "state",
        "level_id",
        "level_visit",
        "amount_overdue",
        "action_ids.state",
        "invoice_ids.debt_recovery_disputed",
    )
    def _compute_buttons(self):
        for case in self:
            for key in BUTTONS:
                reason = case._debt_recovery_button_refusal(key) if case._origin.id else ""
                case[f"can_{key}"] = bool(case._origin.id) and not reason
                case[f"{key}_blocked_reason"] = reason or False

    # ------------------------------------------------------------------------------------------
    # Why a button may not act: one translated sentence, empty when it may
    # ------------------------------------------------------------------------------------------
    def _debt_recovery_button_refusal(self, key):
        self.ensure_one()
        return getattr(self, f"_debt_recovery_refusal_{key}")()

    def _debt_recovery_check_button(self, key):
        """Refuse, with the reason, what the form does not offer (a call over RPC)."""
        self.ensure_one()
        reason = self._debt_recovery_button_refusal(key)
        if reason:
            raise UserError(reason)

    def _debt_recovery_refusal_active(self):
        """Why nothing more is sent to the debtor: the case is not open, or claims nothing."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        if self.state != "open":
            return self.env._(
                "The case is %(state)s: reminders are sent only on an open case.",
                state=labels[self.state],
            )
        if not self.level_id:
            return self.env._(
                "The case has no level yet: move it to a level first (Move to Next Level)."
            )
        if not self.overdue_invoice_ids:
            return self.env._(
                "%(debtor)s has no overdue invoice to recover.", debtor=self.partner_id.name
            )
        return ""

    def _debt_recovery_pending_channels(self):
        """The channels of the current level not carried out yet during this stay (as the
        scheduled action sees them)."""
        self.ensure_one()
        done = {
            action.channel
            for action in self.action_ids
            if action.state != "cancelled"
            and action.level_id == self.level_id
            and action.level_visit == self.level_visit
        }
        return [c for c in self.level_id._debt_recovery_channels() if c not in done]

    def _debt_recovery_refusal_send_now(self):
        reason = self._debt_recovery_refusal_active()
        if reason:
            return reason
        if not self._debt_recovery_pending_channels():
            return self.env._(
                "Every step of %(level)s was already carried out: move the case to the next level.",
                level=self.level_id.name,
            )
        return ""

    def _debt_recovery_letter_channel(self):
        """The channel the level's letter goes by: registered if the level sends it so."""
        self.ensure_one()
        return "registered_letter" if self.level_id.channel_registered_letter else "letter"

    def _debt_recovery_level_letter_step(self):
        """The step of the level's letter during this stay, if one was taken."""
        self.ensure_one()
        channel = self._debt_recovery_letter_channel()
        return self.action_ids.filtered(
            lambda action: action.state != "cancelled"
            and action.channel == channel
            and action.level_id == self.level_id
            and action.level_visit == self.level_visit
        )[:1]

    def _debt_recovery_refusal_send_letter(self):
        reason = self._debt_recovery_refusal_active()
        if reason:
            return reason
        if not self.level_id.letter_report_id:
            return self.env._("The level %(level)s has no letter.", level=self.level_id.name)
        step = self._debt_recovery_level_letter_step()
        if step.state == "done":
            return self.env._(
                "The letter of %(level)s was already sent on %(date)s.",
                level=self.level_id.name,
                date=format_date(self.env, step.date),
            )
        return ""

    def _debt_recovery_next_level_for_button(self):
        self.ensure_one()
        levels = self.env["debt.recovery.level"].search([("company_id", "=", self.company_id.id)])
        return self._debt_recovery_next_level(levels)

    def _debt_recovery_refusal_next_level(self):
        level = self._debt_recovery_next_level_for_button()
        if not level:
            return self.env._("The case is at the last level.")
        # The checks of the wizard, the kanban and the scheduled action (_move_to_level).
        return " ".join(self._debt_recovery_escalation_refusals(level))

    def _debt_recovery_refusal_dispute(self):
        if self.state not in ACTIVE_STATES:
            return self.env._("The case is closed: there is nothing left to dispute.")
        if not self.overdue_invoice_ids:
            return self.env._(
                "No overdue invoice of %(debtor)s is left to dispute.",
                debtor=self.partner_id.name,
            )
        return ""

    def _debt_recovery_refusal_write_off(self):
        if self.state not in ACTIVE_STATES:
            return self.env._("The case is closed: there is nothing left to write off.")
        if not self.env.user.has_group(MANAGER_GROUP):
            return self.env._("Only a Recovery Manager can write off a claim.")
        return ""

    def _debt_recovery_refusal_open_procedure(self):
        if self.state not in ("open", "escalated"):
            labels = dict(self._fields["state"]._description_selection(self.env))
            return self.env._(
                "The case is %(state)s: a procedure is started on an open case.",
                state=labels[self.state],
            )
        if not self.overdue_invoice_ids:
            return self.env._(
                "%(debtor)s has no overdue invoice to recover.", debtor=self.partner_id.name
            )
        return ""

    # ------------------------------------------------------------------------------------------
    # The buttons
    # ------------------------------------------------------------------------------------------
    def action_debt_recovery_send_now(self):
        """Carry out now the steps of the case's level not carried out yet, as the scheduled
        action would today: the e-mail with its letter, the SMS, the letter to post, the call."""
        self.ensure_one()
        self._debt_recovery_check_button("send_now")
        self._recompute_amounts()
        steps = [(self, channel) for channel in self._debt_recovery_pending_channels()]
        actions = self._debt_recovery_carry_out_steps(steps)
        # Their letters now, and the e-mails that carry them (the mail queue sends them).
        actions._debt_recovery_render_documents()
        self.with_context(mail_notrack=True).next_action_date = fields.Date.context_today(
            self
        ) + timedelta(days=self.company_id.debt_recovery_contact_interval_days)
        return True

    def action_debt_recovery_send_letter(self):
        """Print the letter of the case's level to post it: the level's postal step, taken now
        if the scheduled action has not taken it yet."""
        self.ensure_one()
        self._debt_recovery_check_button("send_letter")
        step = self._debt_recovery_level_letter_step()
        if not step:
            self._recompute_amounts()
            step = self._debt_recovery_carry_out_steps(
                [(self, self._debt_recovery_letter_channel())]
            )
        return step.action_debt_recovery_print_letters()

    def action_debt_recovery_next_level(self):
        """Move the case to its next level, with the checks of the escalation wizard."""
        self.ensure_one()
        self._debt_recovery_check_button("next_level")
        self._recompute_amounts()
        self._move_to_level(self._debt_recovery_next_level_for_button())
        return True

    def action_debt_recovery_dispute(self, reason=None, invoices=None):
        """The debtor disputes his overdue invoices (or ``invoices``): they leave the recovery
        until the dispute is settled; without ``reason``, the dialog that asks it."""
        self.ensure_one()
        self._debt_recovery_check_button("dispute")
        if not reason or not str(reason).strip():
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Dispute"),
                "res_model": "debt.recovery.case.dispute.wizard",
                "view_mode": "form",
                "target": "new",
                "context": {"default_case_id": self.id},
            }
        if invoices is None:
            invoices = self.overdue_invoice_ids
        elif not isinstance(invoices, models.BaseModel):
            # Over RPC: their ids.
            invoices = self.env["account.move"].browse(invoices)
        if not invoices or invoices - self.overdue_invoice_ids:
            raise UserError(
                self.env._(
                    "Only the overdue invoices of %(debtor)s not disputed yet can be disputed "
                    "from this case.",
                    debtor=self.partner_id.name,
                )
            )
        self._debt_recovery_dispute_invoices(invoices, str(reason).strip(), self.env.user.name)
        return True

    def _debt_recovery_dispute_invoices(self, invoices, reason, by_name):
        """Mark ``invoices`` (checked by the caller) disputed for ``reason``, said by
        ``by_name`` (the user, or the debtor on his portal page)."""
        self.ensure_one()
        invoices.write({"debt_recovery_disputed": True, "debt_recovery_dispute_reason": reason})
        self._recompute_amounts()
        self._message_log(
            body=self.env._(
                "Disputed by %(user)s: %(invoices)s. Reason: %(reason)s",
                user=by_name,
                invoices=", ".join(invoices.mapped("name")),
                reason=reason,
            )
        )
        return True

    def action_write_off(self, reason=None):
        for case in self:
            case._debt_recovery_check_button("write_off")
        return super().action_write_off(reason)

    def action_debt_recovery_open_procedure(self):
        """The escalation wizard, on the case's oldest overdue invoice, a procedure proposed."""
        self.ensure_one()
        self._debt_recovery_check_button("open_procedure")
        invoice = self.overdue_invoice_ids.sorted(lambda inv: (inv.invoice_date_due, inv.id))[:1]
        context = {"default_invoice_id": invoice.id}
        procedures = self.env["debt.recovery.level"].search(
            [("company_id", "=", self.company_id.id), ("phase", "in", PROCEDURE_PHASES)]
        )
        procedure = next(
            (
                level
                for level in procedures
                if self._debt_recovery_is_escalation(level)
                and not self._debt_recovery_escalation_refusals(level)
            ),
            procedures.filtered(self._debt_recovery_is_escalation)[:1],
        )
        if procedure:
            context["default_level_id"] = procedure.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Start a Procedure"),
            "res_model": "debt.recovery.escalate.wizard",
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    def action_debt_recovery_print_claim_declaration(self):
        """The claim declaration: only once a collective proceeding is open against the debtor."""
        self.ensure_one()
        if self.state != "collective_proceeding":
            raise UserError(
                self.env._(
                    "The claim is declared to the mandataire judiciaire once a collective "
                    "proceeding is open against %(debtor)s.",
                    debtor=self.partner_id.name,
                )
            )
        publication = self._debt_recovery_collective_publication()
        if publication and not self.collective_declared_date:
            # R622-24, L622-26 C. com.: past the relevé de forclusion's time, nothing to declare.
            self._debt_recovery_check_declaration_day(publication, fields.Date.context_today(self))
        return self.env.ref("debt_recovery_fr.report_claim_declaration").report_action(self)
