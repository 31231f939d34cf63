# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, format_date

from ..legal.errors import InvalidPhoneError
from ..legal.phone import normalize_mobile
from ..utils import legal_error_message

# The channels carried out for many actions at once (the others, action by action).
BATCHED_CHANNELS = ("email", "sms", "phone")


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
        ],
        required=True,
    )
    level_visit = fields.Integer(
        copy=False, help="The stay of the case at its level during which this step was taken."
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    invoice_ids = fields.Many2many(
        "account.move", string="Invoices Covered", check_company=True, copy=False
    )
    amount = fields.Monetary(string="Amount Covered")
    attachment_id = fields.Many2one("ir.attachment", string="Document", copy=False)
    mail_message_id = fields.Many2one("mail.message", string="E-mail", copy=False)
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

    # One step per channel and stay at a level: what keeps the scheduled action from doing
    # the same thing twice, even when killed and run again.
    _step_uniq = models.UniqueIndex(
        "(case_id, level_id, channel, level_visit) WHERE state != 'cancelled' "
        "AND channel != 'level_change'",
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

    @api.depends("case_id", "channel", "date")
    def _compute_display_name(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for action in self:
            action.display_name = f"{action.case_id.name} - {channels.get(action.channel)}"

    # ------------------------------------------------------------------------------------------
    # Carrying out a step (called by the scheduled action on a freshly written action)
    # ------------------------------------------------------------------------------------------
    def write(self, vals):
        if vals.get("registered_letter_number"):
            # Entering its number is what says the registered letter was posted.
            posted = self.filtered(
                lambda a: a.channel == "registered_letter" and a.state == "planned"
            )
            if posted and "state" not in vals:
                super(DebtRecoveryAction, posted).write({"state": "done"})
        return super().write(vals)

    def _debt_recovery_do(self):
        """Carry out these freshly written actions, channel after channel.

        In the order of the levels' channels, as when each case is carried out alone; the
        channels that write records (e-mails, SMS, activities) do it for all the actions at once.
        """
        for channel in self.env["debt.recovery.level"].CHANNELS:
            actions = self.filtered(lambda a, channel=channel: a.channel == channel)
            if not actions:
                continue
            if channel in BATCHED_CHANNELS:
                getattr(actions, f"_debt_recovery_do_{channel}")()
            else:
                for action in actions:
                    getattr(action, f"_debt_recovery_do_{channel}")()

    def _debt_recovery_do_email(self):
        # Batched: one rendering and one creation of mails per template.
        by_template = defaultdict(list)
        for action in self:
            case = action.case_id
            template = action.level_id.mail_template_id
            if not template:
                action._fail(
                    self.env._(
                        "The level %(level)s has no e-mail template.", level=action.level_id.name
                    )
                )
            elif not case.partner_id.email:
                action._fail(
                    self.env._("%(debtor)s has no e-mail address.", debtor=case.partner_id.name)
                )
            else:
                by_template[template].append(action)
        for template, actions in by_template.items():
            # The mail queue sends them: never force_send from the scheduled action.
            mails = template.send_mail_batch([a.case_id.id for a in actions], force_send=False)
            for action, mail in zip(actions, mails, strict=True):
                action.write({"state": "done", "mail_message_id": mail.mail_message_id.id})

    def _debt_recovery_do_sms(self):
        # Batched: the SMS of all these actions are created at once.
        to_send = []
        for action in self:
            partner = action.case_id.partner_id
            raw = partner.debt_recovery_mobile or partner.phone
            if not raw:
                action._fail(self.env._("%(debtor)s has no phone number.", debtor=partner.name))
                continue
            try:
                number = normalize_mobile(raw, partner._debt_recovery_phone_region())
            except InvalidPhoneError as error:
                action._fail(legal_error_message(self.env, error))
                continue
            case = action.case_id.with_context(lang=partner.lang or self.env.lang)
            body = case.env._(
                "%(company)s: %(amount)s remain unpaid since %(date)s. Please pay, or call us at "
                "%(phone)s.",
                company=case.company_id.name,
                amount=format_amount(case.env, case.amount_total_claimed, case.currency_id),
                date=format_date(case.env, case.oldest_due_date),
                phone=case.company_id.phone or "",
            )
            to_send.append((action, {"number": number, "body": body, "partner_id": partner.id}))
        all_sms = self.env["sms.sms"].create([vals for _action, vals in to_send])
        for (action, vals), sms in zip(to_send, all_sms, strict=True):
            action.write({"state": "done", "sms_id": sms.id, "note": vals["body"]})

    def _debt_recovery_do_phone(self):
        # Batched: the activities of all these calls are created at once.
        activities = []
        for action in self:
            case = action.case_id
            partner = case.partner_id
            note = self.env._(
                "Call %(debtor)s (%(phone)s): %(amount)s overdue for %(days)s days. Ask when the "
                "payment will be made, note the promise or the dispute on the case.",
                debtor=partner.name,
                phone=", ".join(filter(None, {partner.phone, partner.debt_recovery_mobile}))
                or self.env._("no number"),
                amount=format_amount(self.env, case.amount_overdue, case.currency_id),
                days=case.days_overdue,
            )
            activities.append(
                case._debt_recovery_activity_values(
                    "mail.mail_activity_data_call",
                    case.user_id or self.env.user,
                    summary=self.env._("Recovery call"),
                    note=note,
                )
            )
            action.write({"state": "planned", "note": note})
        self.env["mail.activity"].create(activities)

    def _debt_recovery_do_letter(self):
        # The letter joins the print batch of the accountant.
        self.ensure_one()
        self.note = self.env._("To print and post.")

    def _debt_recovery_do_registered_letter(self):
        # Its number and acknowledgment date are entered when the accountant posts it.
        self.ensure_one()
        self.note = self.env._("To print and send by registered letter with acknowledgment.")

    def _debt_recovery_do_commissaire(self):
        self.ensure_one()
        self.write({"state": "to_validate"})

    def _fail(self, reason):
        self.write({"state": "failed", "note": reason})

    def action_validate(self):
        """A manager validates a step: the case moves to its level, which is then carried out."""
        if not self.env.user.has_group("debt_recovery_fr.debt_recovery_group_manager"):
            raise UserError(self.env._("Only a Recovery Manager can validate a recovery step."))
        for action in self.filtered(lambda a: a.state == "to_validate"):
            case = action.case_id
            if action.channel == "validation":
                case._debt_recovery_escalate(action.level_id)
            action.state = "done"
        return True
