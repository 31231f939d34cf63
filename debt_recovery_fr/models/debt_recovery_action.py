# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

import psycopg2

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_amount, format_date, split_every
from odoo.tools.pdf import merge_pdf
from odoo.tools.safe_eval import safe_eval

from ..legal.errors import InvalidPhoneError
from ..legal.phone import normalize_mobile
from ..utils import legal_error_message

_logger = logging.getLogger(__name__)

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
    # Not check_company: the steps cover their own case's invoices, written by the code (the
    # field is read-only in the views); the check, per step and invoice in Python, took a
    # sixth of the scheduled action's time.
    invoice_ids = fields.Many2many("account.move", string="Invoices Covered", copy=False)
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
    render_error = fields.Text(
        string="Letter Error",
        readonly=True,
        copy=False,
        help="Why the letter of this step could not be made. The scheduled action tries again "
        "at its next run.",
    )

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
        to_send = self.browse()
        for action in self:
            case = action.case_id
            if not action.level_id.mail_template_id:
                action._fail(
                    self.env._(
                        "The level %(level)s has no e-mail template.", level=action.level_id.name
                    )
                )
            elif not case.partner_id.email:
                action._fail(
                    self.env._("%(debtor)s has no e-mail address.", debtor=case.partner_id.name)
                )
            elif action.level_id.letter_report_id and not action.attachment_id:
                # It goes with its letter, rendered with the other letters of the run.
                action.note = self.env._("Waiting for its letter.")
            else:
                to_send |= action
        to_send._debt_recovery_send_email()

    def _debt_recovery_send_email(self):
        """Queue the levels' e-mails, each with its letter attached when there is one."""
        for template, actions in self.grouped(lambda a: a.level_id.mail_template_id).items():
            # The mail queue sends them: never force_send from the scheduled action.
            mails = template.send_mail_batch([a.case_id.id for a in actions], force_send=False)
            for action, mail in zip(actions, mails, strict=True):
                if action.attachment_id:
                    mail.attachment_ids = [Command.link(action.attachment_id.id)]
                action.write(
                    {"state": "done", "mail_message_id": mail.mail_message_id.id, "note": False}
                )

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
        # The calls of the day are on the responsible's activities: no notification (an e-mail)
        # per call, which on a first run made thousands.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(activities)

    def _debt_recovery_do_letter(self):
        # The letter joins the print batch of the accountant once rendered.
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
    def _cron_render_documents(self, batch_size=10):
        """Render the pending letters in batches (one wkhtmltopdf call each), then e-mail them.

        Resumable like the decisions: a step that has its document is never rendered again, an
        e-mail step that has its message is never sent again.
        """
        Cron = self.env["ir.cron"]
        domain = self._debt_recovery_pending_documents_domain()
        done = []
        while True:
            # A step still pending after its turn (its e-mail could not go) waits for tomorrow.
            domain &= Domain("id", "not in", done)
            # A batch holds the steps of at most ``batch_size`` cases (the e-mail and the
            # registered letter of a case share their letter).
            cases = (self.search(domain, order="case_id, id", limit=batch_size * 3).case_id)[
                :batch_size
            ]
            actions = self.search(domain & Domain("case_id", "in", cases.ids)).try_lock_for_update()
            if not actions:
                Cron._commit_progress(remaining=0)
                return
            actions._debt_recovery_render_documents(batch_size)
            done += actions.ids
            remaining = self.search_count(domain & Domain("id", "not in", done))
            if not Cron._commit_progress(len(actions), remaining=remaining) or not remaining:
                return

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

    def action_debt_recovery_print_letters(self):
        """One PDF with the letters to post: the selected ones, or all the planned ones.

        The plain letters printed are taken as posted; a registered letter is posted when its
        number is entered.
        """
        letters = self.filtered(lambda action: action.channel in ("letter", "registered_letter"))
        if not self:
            letters = self.search(
                [
                    ("channel", "in", ("letter", "registered_letter")),
                    ("state", "=", "planned"),
                    ("company_id", "in", self.env.companies.ids),
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
