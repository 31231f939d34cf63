# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo data: the recovery team of the demo company and the history of its cases, as its
officer and its manager made it over the past weeks (never all today, never by OdooBot)."""

from contextlib import contextmanager
from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models

# What the debtors said on the phone, by the officer's notes (French, as the demo users write).
DEMO_CALL_NOTES = [
    "Appel : le comptable annonce un virement sous quinzaine.",
    "Appel : messagerie, message laissé avec le montant dû.",
    "Appel : le gérant conteste le délai, rappel des conditions de paiement de la facture.",
    "Appel : promesse de règlement en fin de mois.",
]
# The hour the team works the cases of a day (UTC, as stored).
DEMO_HOUR = time(8, 30)


class DebtRecoveryDemo(models.AbstractModel):
    _name = "debt.recovery.demo"
    _description = "Debt Recovery Demo Data"

    @api.model
    def _debt_recovery_demo_team(self):
        """``(officer, manager)``: Claire Martin, who works the cases, and Élise Dupont, who
        validates the formal notices and procedures (empty without their demo records)."""
        Users = self.env["res.users"]
        officer = self.env.ref("debt_recovery_fr.demo_user_claire_martin", raise_if_not_found=False)
        manager = self.env.ref("debt_recovery_fr.demo_user_elise_dupont", raise_if_not_found=False)
        return officer or Users, manager or Users

    @api.model
    def _debt_recovery_load_demo_team(self, company_ids):
        """The team works in the demo company; Claire Martin is its recovery officer (the
        debtors hear from her), Élise Dupont, its president, signs the letters."""
        company = self.env["res.company"].browse(company_ids)
        officer, manager = self._debt_recovery_demo_team()
        team = officer | manager
        team.write({"company_ids": [Command.link(company.id)], "company_id": company.id})
        if officer:
            company.debt_recovery_officer_id = officer
        if manager:
            company.write(
                {
                    "debt_recovery_signatory_name": manager.name,
                    "debt_recovery_signatory_function": manager.function or "Présidente",
                }
            )
        # No SMS account in a demo database: the second reminder goes by e-mail only (an SMS
        # would fail at every step of the demo).
        self.env["debt.recovery.level"].search(
            [("company_id", "=", company.id), ("channel_sms", "=", True)]
        ).channel_sms = False

    @api.model
    def _debt_recovery_load_demo_payment(self, company_ids):
        """A wire-transfer payment provider (« Virement bancaire ») enabled for the demo
        company, when ``payment_custom`` is installed (``tools/run`` installs it with the demo):
        the debtors' portal then offers to pay. Nothing without it."""
        if "payment.provider" not in self.env:
            return
        company = self.env["res.company"].browse(company_ids)
        Provider = self.env["payment.provider"].with_context(lang="fr_FR")
        if "custom_mode" not in Provider._fields:
            return
        provider = Provider.search(
            [
                ("company_id", "=", company.id),
                ("code", "=", "custom"),
                ("custom_mode", "=", "wire_transfer"),
            ],
            limit=1,
        )
        if not provider:
            template = self.env.ref("payment.payment_provider_transfer", raise_if_not_found=False)
            if not template or template.code != "custom":
                return
            provider = template.with_context(lang="fr_FR").copy({"company_id": company.id})
        provider.write({"state": "enabled", "is_published": True, "name": "Virement bancaire"})
        provider._transfer_ensure_pending_msg_is_set()

    @api.model
    def _debt_recovery_pay_foreign_demo_invoices(self, company, debtor_ids):
        """Odoo's own demo invoices of the demo company (Deco Addict, Azure Interior...) were
        paid: only the French debtors of the recovery demo owe money."""
        invoices = self.env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("commercial_partner_id", "not in", debtor_ids),
            ]
        )
        today = fields.Date.context_today(self)
        for invoice in invoices:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create(
                {"payment_date": min(invoice.invoice_date_due or today, today)}
            )._create_payments()
        self._debt_recovery_demo_date_payments(invoices)

    @api.model
    def _debt_recovery_demo_date_invoices(self, invoices):
        """The demo invoices were made by the officer on their invoice date, not by OdooBot
        today."""
        officer, _manager = self._debt_recovery_demo_team()
        for invoice in invoices:
            vals = {"date": datetime.combine(invoice.invoice_date, DEMO_HOUR)}
            if officer:
                vals["author_id"] = officer.partner_id.id
            # sudo: only the demo data rewrites the date and author of a message (its past).
            invoice.message_ids.sudo().write(vals)
        self._debt_recovery_demo_date_payments(invoices)

    @api.model
    def _debt_recovery_demo_date_payments(self, invoices):
        """The payments of the demo invoices were registered by the officer on their date."""
        officer, _manager = self._debt_recovery_demo_team()
        for payment in invoices._get_reconciled_payments():
            vals = {"date": datetime.combine(payment.date, DEMO_HOUR)}
            if officer:
                vals["author_id"] = officer.partner_id.id
            # sudo: only the demo data rewrites the date and author of a message (its past).
            (payment.message_ids | payment.move_id.message_ids).sudo().write(vals)

    # ------------------------------------------------------------------------------------------
    # The history of the cases
    # ------------------------------------------------------------------------------------------
    @contextmanager
    def _debt_recovery_demo_dated(self, day):
        """What is written inside (the steps, their messages on the case and its invoices) is
        dated ``day``, as if done then."""
        # sudo: only the demo data rewrites the date of messages (its past), whoever they are.
        Message = self.env["mail.message"].sudo()
        last = Message.search([], order="id desc", limit=1).id
        yield
        # What is written at the commit (the notes of the steps on their invoices, the tracking
        # of the fields), written now.
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.flush_all()
        moment = datetime.combine(day, DEMO_HOUR)
        Message.search([("id", ">", last)]).write({"date": moment})

    @api.model
    def _debt_recovery_demo_step(self, case, level, channel, day, user, note=None):
        """The step ``channel`` of ``level`` done on ``day`` by ``user``: an e-mail with its
        message to the debtor, a call with what was said, a registered letter with its number."""
        vals = {
            "case_id": case.id,
            "level_id": level.id,
            "channel": channel,
            "level_visit": max(case.level_visit, 1),
            "state": "done",
            "date": day,
            "user_id": user.id,
            "amount": case.amount_overdue,
            "cost": level._debt_recovery_channel_cost(channel),
            "invoice_ids": [Command.set(case.overdue_invoice_ids.ids)],
            "note": note,
        }
        if channel == "email" and level.mail_template_id:
            template = level.mail_template_id.with_context(lang=case.partner_id.lang or "fr_FR")
            # sudo: the e-mail of a past step is written as it was sent, without sending it.
            vals["mail_message_id"] = (
                self.env["mail.message"]
                .sudo()
                .create(
                    {
                        "model": case._name,
                        "res_id": case.id,
                        "message_type": "email_outgoing",
                        "subtype_id": self.env.ref("mail.mt_comment").id,
                        "author_id": user.partner_id.id,
                        "email_from": case.recovery_email_from,
                        "partner_ids": [Command.set(case.partner_id.ids)],
                        "subject": template._render_field("subject", case.ids, compute_lang=True)[
                            case.id
                        ],
                        "body": template._render_field("body_html", case.ids, compute_lang=True)[
                            case.id
                        ],
                    }
                )
                .id
            )
        elif channel == "registered_letter":
            vals["registered_letter_number"] = f"1A {200000000 + case.id * 7919:011d}"
            vals["acknowledgment_date"] = min(day + timedelta(days=3), fields.Date.today())
        with self.env["debt.recovery.action"]._debt_recovery_internal():
            return self.env["debt.recovery.action"].create(vals)

    @api.model
    def _debt_recovery_demo_level_change(self, case, previous, level, day, user):
        """The move of ``case`` from ``previous`` to ``level`` on ``day`` by ``user``, as the
        scheduled action records it (a step and a line in the chatter)."""
        with self.env["debt.recovery.action"]._debt_recovery_internal():
            self.env["debt.recovery.action"].create(
                {
                    "case_id": case.id,
                    "level_id": level.id,
                    "channel": "level_change",
                    "level_visit": max(case.level_visit, 1),
                    "date": day,
                    "user_id": user.id,
                    "amount": case.amount_overdue,
                    "invoice_ids": [Command.set(case.overdue_invoice_ids.ids)],
                    "note": self.env._(
                        "From %(previous)s to %(level)s.", previous=previous.name, level=level.name
                    ),
                }
            )
        case._message_log(
            body=self.env._(
                "Escalated from %(previous)s to %(level)s by %(user)s.",
                previous=previous.name,
                level=level.name,
                user=user.name,
            ),
            author_id=user.partner_id.id,
        )

    @api.model
    def _debt_recovery_load_demo_history(self, company):
        """The past of the demo cases: each reminder level's steps done by the officer on the
        day its delay passed, then, for the debts old enough, the formal notice validated by the
        manager and sent the next day by registered letter and e-mail. Procedures come only
        after a formal notice (``debt.recovery.escalation._debt_recovery_load_demo``)."""
        self = self.with_context(lang=self.env["res.company"]._debt_recovery_demo_lang())
        officer, manager = self._debt_recovery_demo_team()
        if not officer or not manager:
            return
        today = fields.Date.context_today(self)
        levels = self.env["debt.recovery.level"].search(
            [("company_id", "=", company.id)], order="sequence, id"
        )
        reminders = levels.filtered(lambda level: level.phase == "amicable")
        notice = levels.filtered(lambda level: level.phase == "formal_notice")[:1]
        cases = self.env["debt.recovery.case"].search(
            [("company_id", "=", company.id), ("state", "=", "open"), ("level_id", "!=", False)],
            order="id",
        )
        for index, case in enumerate(cases):
            start = case.oldest_due_date
            previous = levels.browse()
            reached = reminders.filtered(lambda lvl, case=case: lvl.delay_days <= case.days_overdue)
            for level in reached:
                day = min(start + timedelta(days=level.delay_days), today - timedelta(days=1))
                with self._debt_recovery_demo_dated(day):
                    if previous:
                        self._debt_recovery_demo_level_change(case, previous, level, day, officer)
                    for channel in level._debt_recovery_channels():
                        note = None
                        if channel == "phone":
                            note = DEMO_CALL_NOTES[index % len(DEMO_CALL_NOTES)]
                        self._debt_recovery_demo_step(case, level, channel, day, officer, note)
                previous = level
            case.with_context(mail_notrack=True).next_action_date = today
            if (
                not notice
                or case.days_overdue < notice.delay_days
                or case._debt_recovery_escalation_refusals(notice)
            ):
                continue
            # Validated by the manager on the day the delay passed, posted the next day.
            day = start + timedelta(days=notice.delay_days)
            with self._debt_recovery_demo_dated(day):
                case.with_user(manager)._move_to_level(notice)
                moves = case.action_ids.filtered(
                    lambda action, notice=notice: action.channel == "level_change"
                    and action.level_id == notice
                )
                with self.env["debt.recovery.action"]._debt_recovery_internal():
                    moves.write({"date": day})
            sent = min(day + timedelta(days=1), today)
            with self._debt_recovery_demo_dated(sent):
                for channel in notice._debt_recovery_channels():
                    self._debt_recovery_demo_step(case, notice, channel, sent, officer)
            case.with_context(mail_notrack=True).next_action_date = today
