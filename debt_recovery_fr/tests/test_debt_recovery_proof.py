# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import DebtRecoveryCommon


class ProofFileCommon(DebtRecoveryCommon):
    """A case after its formal notice, with its letter and its proof file, and a Recovery User
    and a Recovery Manager of the company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Action = cls.env["debt.recovery.action"]
        cls.Evidence = cls.env["debt.recovery.evidence"]
        cls.Escalation = cls.env["debt.recovery.escalation"]
        cls.level_notice = cls._create_level("notice", 20)
        cls.user = cls._recovery_user("proof_user", "debt_recovery_fr.debt_recovery_group_user")
        cls.manager = cls._recovery_user(
            "proof_manager", "debt_recovery_fr.debt_recovery_group_manager"
        )
        cls.debtor = cls._create_paris_debtor(city="Paris")
        fr = cls.env.ref("base.fr")
        cls.other_debtor = cls.env["res.partner"].create(
            {"name": "Transports Lyonnais", "is_company": True, "zip": "69007", "country_id": fr.id}
        )
        cls.case = cls._notified_case(cls.debtor)
        cls.letter = cls.case.action_ids.filtered(lambda a: a.channel == "registered_letter")
        with cls.Action._debt_recovery_internal():
            cls.letter.write(
                {
                    "attachment_id": cls.env["ir.attachment"]
                    .create(
                        {
                            "name": "Mise en demeure.pdf",
                            "raw": b"%PDF-1.4 mise en demeure",
                            "res_model": "debt.recovery.case",
                            "res_id": cls.case.id,
                        }
                    )
                    .id,
                    "registered_letter_number": "1A 234 567 8901 2",
                    "cost": 8.5,
                    "note": "Posted at the counter.",
                }
            )
        cls.contract, cls.delivery = (
            cls._evidence(cls.case, kind) for kind in ("contract", "delivery_proof")
        )

    @classmethod
    def _recovery_user(cls, login, group):
        return cls._create_user(login, f"base.group_user,{group}")

    @classmethod
    def _notified_case(cls, partner):
        cls._overdue_invoice(partner, 1200, 60)
        case = cls.Case._debt_recovery_case_for_partner(partner, cls.company)
        case._recompute_amounts()
        case._move_to_level(cls.level_notice)
        cls._send_formal_notice(case)
        return case

    @classmethod
    def _evidence(cls, case, kind):
        attachment = cls.env["ir.attachment"].create(
            {"name": f"{kind}.pdf", "raw": b"%PDF-1.4 " + kind.encode()}
        )
        return cls.Evidence.create(
            {
                "case_id": case.id,
                "kind": kind,
                "name": kind.replace("_", " "),
                "attachment_ids": [Command.set(attachment.ids)],
            }
        )


@tagged("post_install", "-at_install")
class TestProofFile(ProofFileCommon):
    """As a Recovery User (the ORM, as a client would): the proof file is append-only."""

    def test_evidence_is_archived_by_a_manager_never_deleted(self):
        with self.assertRaises(AccessError):
            self.contract.with_user(self.user).unlink()
        with self.assertRaisesRegex(UserError, "never deleted"):
            self.contract.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "only a Recovery Manager archives"):
            self.contract.with_user(self.user).action_archive()
        self.assertTrue(self.contract.exists())
        self.assertTrue(self.contract.active)
        self.contract.with_user(self.manager).action_archive()
        self.assertFalse(self.contract.active)
        self.assertTrue(self.contract.attachment_ids, "archived with its documents")
        self.assertNotIn(self.contract, self.case.debt_recovery_evidence_ids)

    def test_evidence_documents_cannot_be_removed_or_changed(self):
        document = self.contract.attachment_ids
        evidence = self.contract.with_user(self.user)
        for commands in (
            [Command.unlink(document.id)],
            [Command.delete(document.id)],
            [Command.clear()],
            [Command.set([])],
        ):
            with self.assertRaisesRegex(UserError, "documents cannot be removed"):
                evidence.write({"attachment_ids": commands})
        for vals in ({"kind": "other"}, {"case_id": self._notified_case(self.other_debtor).id}):
            with self.assertRaisesRegex(UserError, "part of the proof file"):
                evidence.write(vals)
        with self.assertRaisesRegex(UserError, "never changed nor deleted"):
            document.with_user(self.user).unlink()
        with self.assertRaisesRegex(UserError, "never changed nor deleted"):
            document.with_user(self.user).write({"raw": b"forged"})
        self.assertRecordValues(
            self.contract, [{"kind": "contract", "case_id": self.case.id, "active": True}]
        )
        self.assertEqual(self.contract.attachment_ids, document)
        self.assertEqual(document.raw, b"%PDF-1.4 contract")
        # More documents may come.
        added = (
            self.env["ir.attachment"]
            .with_user(self.user)
            .create({"name": "annexe.pdf", "raw": b"%PDF-1.4 a"})
        )
        evidence.write({"attachment_ids": [Command.link(added.id)]})
        self.assertEqual(self.contract.attachment_ids, document | added)

    def test_letter_of_a_step_done_cannot_be_deleted(self):
        letter_pdf = self.letter.attachment_id
        with self.assertRaisesRegex(UserError, "never changed nor deleted"):
            letter_pdf.with_user(self.user).unlink()
        with self.assertRaisesRegex(UserError, "never changed nor deleted"):
            letter_pdf.with_user(self.manager).unlink()
        for vals in ({"raw": b"%PDF-1.4 another letter"}, {"res_id": 0}, {"name": "x.pdf"}):
            with self.assertRaisesRegex(UserError, "never changed nor deleted"):
                letter_pdf.with_user(self.user).write(vals)
        self.assertEqual(letter_pdf.raw, b"%PDF-1.4 mise en demeure")
        self.assertEqual(self.letter.attachment_id, letter_pdf)

    def test_no_step_done_created_by_hand(self):
        Action = self.Action.with_user(self.user)
        steps = self.case.action_ids
        # A registered letter of the formal notice, done, dated 2024: legal interest would run
        # from then for a consumer.
        for vals in (
            {
                "channel": "registered_letter",
                "state": "done",
                "date": date(2024, 1, 15),
                "level_id": self.level_notice.id,
            },
            {"channel": "registered_letter", "state": "done"},
            {"channel": "email", "state": "done"},
            {"channel": "letter", "state": "done", "date": date(2024, 1, 15)},
            {"channel": "phone", "state": "done", "user_id": self.manager.id},
            {"channel": "letter", "state": "done", "level_id": self.level_notice.id},
            {"channel": "phone", "state": "failed"},
            # Planned, it would join the letters to print, without a letter.
            {"channel": "letter", "state": "planned"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "cannot be recorded"):
                Action.create({"case_id": self.case.id, **vals})
        # Not through a default of the context either.
        with self.assertRaisesRegex(UserError, "cannot be recorded"):
            Action.with_context(default_date="2024-01-15").create(
                {"case_id": self.case.id, "channel": "letter"}
            )
        self.assertEqual(self.case.action_ids, steps, "nothing was recorded")
        # A call noted today, in his name, is his to record.
        call = Action.create({"case_id": self.case.id, "channel": "phone", "note": "Will pay."})
        self.assertRecordValues(
            call, [{"state": "done", "date": self.today, "user_id": self.user.id}]
        )

    def test_step_done_cannot_be_rewritten(self):
        letter = self.letter.with_user(self.user)
        other_case = self._notified_case(self.other_debtor)
        before = self.letter.read(
            ["date", "cost", "note", "invoice_ids", "amount", "channel", "level_id", "case_id"]
        )
        for vals in (
            {"date": date(2024, 1, 15)},
            {"cost": 0},
            {"note": "Never posted."},
            {"invoice_ids": [Command.clear()]},
            {"amount": 1},
            {"channel": "letter"},
            {"level_id": False},
            {"case_id": other_case.id},
            {"state": "cancelled"},
            {"registered_letter_number": "2C 000"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "part of the proof"):
                letter.write(vals)
        self.assertEqual(self.letter.read(list(before[0]))[0], before[0])
        self.assertEqual(self.letter.state, "done")
        # Its acknowledgment of receipt comes back once; it is not rewritten.
        letter.acknowledgment_date = self.today
        with self.assertRaisesRegex(UserError, "part of the proof"):
            letter.acknowledgment_date = self.letter.date
        self.assertEqual(self.letter.acknowledgment_date, self.today)

    def test_steps_are_never_deleted(self):
        with self.assertRaises(AccessError):
            self.letter.with_user(self.user).unlink()
        with self.assertRaisesRegex(UserError, "never deleted"):
            self.letter.with_user(self.manager).unlink()
        # Nor with their case.
        with self.assertRaisesRegex(UserError, "a case with a history is never deleted"):
            self.case.with_user(self.manager).unlink()
        self.assertTrue(self.letter.exists())
        self.assertTrue(self.contract.exists())

    @contextmanager
    def _refused(self, exception, regex):
        """``assertRaisesRegex`` in a savepoint (as Odoo's ``assertRaises``): what a refused
        call wrote before raising is rolled back, as the RPC call's transaction would be."""
        with self.assertRaises(exception) as catcher:
            yield
        self.assertRegex(str(catcher.exception), regex)

    def _emailed_step(self):
        """An e-mail step carried out by the recovery: its e-mail queued with its letter."""
        level = self.env["debt.recovery.level"].create(
            {
                "company_id": self.company.id,
                "name": "E-mail reminder",
                "sequence": 30,
                "channel_email": True,
                "mail_template_id": self.env.ref(
                    "debt_recovery_fr.mail_template_reminder_friendly"
                ).id,
            }
        )
        self.debtor.email = "compta@menuiserie-martin.example"
        letter = self.env["ir.attachment"].create(
            {
                "name": "Relance.pdf",
                "raw": b"%PDF-1.4 relance",
                "res_model": "debt.recovery.case",
                "res_id": self.case.id,
            }
        )
        with self.Action._debt_recovery_internal():
            step = self.Action.create(
                {
                    "case_id": self.case.id,
                    "level_id": level.id,
                    "channel": "email",
                    "level_visit": self.case.level_visit,
                    "state": "planned",
                    "attachment_id": letter.id,
                }
            )
        step._debt_recovery_send_email()
        self.assertEqual(step.state, "done")
        self.assertTrue(step.mail_message_id)
        return step

    def _email_proof(self, step):
        """What a refused attempt must leave as it was."""
        # The tracking messages are written at the end of the transaction.
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        message = step.mail_message_id
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        return {
            "message": message.exists(),
            "body": message.body,
            "subject": message.subject,
            "files": message.attachment_ids,
            "letter": step.attachment_id.exists() and step.attachment_id.raw,
            "mail": mail,
            "case messages": self.case.message_ids.ids,
            "steps": self.case.action_ids.ids,
        }

    def test_email_of_a_step_done_is_never_changed_nor_deleted(self):
        step = self._emailed_step()
        message = step.mail_message_id
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.attachment_ids, step.attachment_id)
        self.assertFalse(mail.auto_delete, "the mail queue keeps it once sent")
        before = self._email_proof(step)
        self.assertTrue(before["body"])
        admin = new_test_user(
            self.env,
            login="proof_admin",
            groups="base.group_system",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        for user in (self.user, self.manager, admin):
            message_as = message.with_user(user)
            for vals in (
                {"body": "<p>Nothing was ever sent.</p>"},
                {"subject": "Something else"},
                {"attachment_ids": [Command.clear()]},
                {"date": "2024-01-02 10:00:00"},
            ):
                with (
                    self.subTest(user=user.login, vals=vals),
                    self._refused(UserError, "never changed nor deleted"),
                ):
                    message_as.write(vals)
            with (
                self.subTest(user=user.login, unlink="message"),
                self._refused(UserError, "never changed nor deleted"),
            ):
                message_as.unlink()
            with self.subTest(user=user.login, unlink="letter"), self.assertRaises(UserError):
                step.attachment_id.with_user(user).unlink()
            self.assertEqual(self._email_proof(step), before, "the refusal changed nothing")
        # The mail itself: a Recovery User or Manager has no access to it; an administrator
        # deleting it would delete its message, which is refused.
        for user in (self.user, self.manager):
            with self.subTest(user=user.login, unlink="mail"), self.assertRaises(AccessError):
                mail.with_user(user).unlink()
        with self._refused(UserError, "never changed nor deleted"):
            mail.with_user(admin).unlink()
        self.assertEqual(self._email_proof(step), before, "the refusals changed nothing")
        # Sending it still works, even started by an administrator ("Send Now"): what the
        # mail queue writes once the e-mail is sent (mail.mail._send), and the mail is kept.
        mail.with_user(admin).write(
            {"state": "sent", "message_id": "<relance-1@example.com>", "failure_reason": False}
        )
        mail.with_user(admin)._postprocess_sent_message(success_pids=self.debtor, success_emails=[])
        self.assertEqual(mail.state, "sent")
        self.assertEqual(self._email_proof(step), before)
        # The other messages of the case are not concerned: a note is edited by its author.
        note = self.case.with_user(self.user).message_post(body="Called, no answer.")
        note.with_user(self.user).write({"body": "<p>Called twice, no answer.</p>"})
        self.assertIn("Called twice", str(note.body))

    def test_only_a_manager_cancels_with_a_reason(self):
        with self.assertRaisesRegex(AccessError, "Only a Recovery Manager can cancel"):
            self.letter.with_user(self.user).action_cancel("Never posted.")
        self.assertEqual(self.letter.state, "done")
        # Without a reason, the dialog that asks for it.
        action = self.letter.with_user(self.manager).action_cancel()
        self.assertEqual(action["res_model"], "debt.recovery.action.cancel.wizard")
        self.assertEqual(self.letter.state, "done")
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({"reason": "Returned by La Poste: wrong address."})
        )
        wizard.action_confirm()
        self.assertRecordValues(
            self.letter,
            [
                {
                    "state": "cancelled",
                    "cancel_reason": "Returned by La Poste: wrong address.",
                    "cancel_user_id": self.manager.id,
                }
            ],
        )
        self.assertTrue(self.letter.cancel_date)
        self.assertIn("Returned by La Poste: wrong address.", self.case.message_ids[0].body)
        self.assertFalse(self.case._debt_recovery_formal_notice_done())

    def test_a_correction_is_a_new_step(self):
        Action = self.Action.with_user(self.user)
        action = self.letter.with_user(self.user).action_correct()
        self.assertEqual(action["context"]["default_corrects_id"], self.letter.id)
        correction = Action.with_context(**action["context"]).create(
            {"note": "The letter cost 9.10, not 8.50.", "cost": 0.6}
        )
        self.assertRecordValues(
            correction,
            [
                {
                    "corrects_id": self.letter.id,
                    "case_id": self.case.id,
                    "channel": "registered_letter",
                    "state": "done",
                    "date": self.today,
                    "user_id": self.user.id,
                    "level_id": False,
                }
            ],
        )
        self.assertEqual(self.letter.correction_ids, correction)
        self.assertEqual(self.letter.cost, 8.5, "the step corrected stays as it was")
        with self.assertRaisesRegex(UserError, "says what it corrects"):
            Action.with_context(**action["context"]).create({"note": " "})
        with self.assertRaisesRegex(UserError, "keeps the channel"):
            Action.with_context(**action["context"]).create({"note": "x", "channel": "phone"})

    def test_formal_notice_is_a_notice_sent(self):
        self.assertTrue(self.case._debt_recovery_formal_notice_done())
        case = self._notified_case(self.other_debtor)
        notice = case.action_ids.filtered(lambda a: a.channel == "registered_letter")
        with self.Action._debt_recovery_internal():
            notice.state = "planned"
        # At the level of the formal notice, with its letter still to post: not sent.
        self.assertEqual(case.level_id.phase, "formal_notice")
        self.assertFalse(case._debt_recovery_formal_notice_done())
        with self.assertRaisesRegex(UserError, "Send a formal notice"):
            self.Escalation.create({"case_id": case.id, "kind": "payment_order"})
        # A letter noted by hand is no formal notice of the recovery.
        self.Action.with_user(self.user).create({"case_id": case.id, "channel": "letter"})
        self.assertFalse(case._debt_recovery_formal_notice_done())
        # Posted (its number entered): sent.
        notice.with_user(self.user).registered_letter_number = "1A 999"
        self.assertEqual(notice.state, "done")
        self.assertTrue(case._debt_recovery_formal_notice_done())

    def test_files_of_a_new_piece_are_seen_by_the_manager(self):
        case = self._notified_case(self.other_debtor)
        # The form uploads the files of a new line before the line is saved (res_id 0).
        Attachment = self.env["ir.attachment"].with_user(self.user)
        uploads = [
            Attachment.create(
                {
                    "name": f"{kind}.pdf",
                    "raw": b"%PDF-1.4 " + kind.encode(),
                    "res_model": "debt.recovery.evidence",
                    "res_id": 0,
                }
            )
            for kind in ("contract", "delivery_proof")
        ]
        case.with_user(self.user).write(
            {
                "debt_recovery_evidence_ids": [
                    Command.create(
                        {"kind": kind, "name": kind, "attachment_ids": [Command.set(upload.ids)]}
                    )
                    for kind, upload in zip(("contract", "delivery_proof"), uploads, strict=True)
                ]
            }
        )
        for evidence, upload in zip(case.debt_recovery_evidence_ids, uploads, strict=True):
            self.assertRecordValues(
                upload, [{"res_model": "debt.recovery.evidence", "res_id": evidence.id}]
            )
            self.assertEqual(evidence.with_user(self.manager).attachment_ids, upload)
        self.assertFalse(case.with_user(self.manager)._debt_recovery_missing_evidence())
        escalation = self.Escalation.with_user(self.manager).create(
            {"case_id": case.id, "kind": "payment_order"}
        )
        self.assertEqual(escalation.case_id, case)

    def test_procedure_state_moves_by_its_buttons(self):
        with self.assertRaisesRegex(UserError, "opens as a draft"):
            self.Escalation.with_user(self.user).create(
                {
                    "case_id": self.case.id,
                    "kind": "payment_order",
                    "state": "closed",
                    "outcome": "title",
                }
            )
        self.assertFalse(self.case.debt_recovery_escalation_ids)
        escalation = self.Escalation.create({"case_id": self.case.id, "kind": "payment_order"})
        procedure = escalation.with_user(self.user)
        with self.assertRaisesRegex(UserError, "stays on the case"):
            procedure.write({"case_id": self._notified_case(self.other_debtor).id})
        with self.assertRaisesRegex(UserError, "stays on the case"):
            procedure.write({"kind": "summary_proceedings"})
        for vals in ({"state": "closed"}, {"state": "in_progress"}, {"date_closed": self.today}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "Close button"):
                procedure.write({**vals, "outcome": "abandoned"})
        self.assertRecordValues(
            escalation,
            [
                {
                    "case_id": self.case.id,
                    "kind": "payment_order",
                    "state": "draft",
                    "outcome": False,
                    "date_closed": False,
                }
            ],
        )
        with self.assertRaisesRegex(UserError, "outcome of the procedure first"):
            procedure.action_close()
        procedure.outcome = "abandoned"
        procedure.action_close()
        self.assertRecordValues(
            escalation, [{"state": "closed", "date_closed": self.today, "outcome": "abandoned"}]
        )
        self.assertIn("Abandoned", escalation.message_ids[0].body)
        self.assertIn(self.user.name, escalation.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "is closed"):
            procedure.outcome = "title"
        with self.assertRaisesRegex(UserError, "cannot go from Closed"):
            escalation._change_state("in_progress", "reopened")
        with self.assertRaisesRegex(UserError, "stays in the file"):
            escalation.with_user(self.manager).unlink()
        self.assertTrue(escalation.exists())


@tagged("post_install", "-at_install")
class TestProcedureRpc(ProofFileCommon, HttpCase):
    """Over JSON-RPC, as a Recovery User: a procedure stays what it was opened as."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.escalation = cls.Escalation.create({"case_id": cls.case.id, "kind": "payment_order"})
        cls.other_case = cls._notified_case(cls.other_debtor)

    def _call_kw(self, method, args, kwargs=None):
        """The answer of ``/web/dataset/call_kw`` as the client gets it: result or error."""
        response = self.opener.post(
            f"{self.base_url()}/web/dataset/call_kw",
            json={
                "id": 0,
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": "debt.recovery.escalation",
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            },
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def _assert_refused(self, answer, message):
        self.assertIn("error", answer, "the write was refused")
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.UserError")
        self.assertIn(message, answer["error"]["data"]["message"])

    def _history(self):
        """What a refused attempt must leave as it was."""
        # The tracking messages are written at the end of the transaction (here, of the
        # test's requests).
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        return {
            "steps": self.Action.search([("case_id", "in", (self.case | self.other_case).ids)]).ids,
            "messages": self.env["mail.message"]
            .search(
                [
                    "|",
                    "&",
                    ("model", "=", "debt.recovery.case"),
                    ("res_id", "in", (self.case | self.other_case).ids),
                    "&",
                    ("model", "=", "debt.recovery.escalation"),
                    ("res_id", "=", self.escalation.id),
                ]
            )
            .ids,
            "procedures": self.Escalation.search([]).ids,
        }

    @mute_logger("odoo.http")
    def test_procedure_moved_changed_or_closed_over_rpc_is_refused(self):
        self.authenticate("proof_user", "proof_user")
        ids = self.escalation.ids
        before = self._history()
        self._assert_refused(
            self._call_kw("write", [ids, {"case_id": self.other_case.id}]), "stays on the case"
        )
        self._assert_refused(
            self._call_kw("write", [ids, {"kind": "summary_proceedings"}]), "stays on the case"
        )
        self._assert_refused(
            self._call_kw(
                "web_save", [ids, {"kind": "summary_proceedings"}], {"specification": {}}
            ),
            "stays on the case",
        )
        self._assert_refused(
            self._call_kw("write", [ids, {"state": "closed", "outcome": "abandoned"}]),
            "Close button",
        )
        self.escalation.invalidate_recordset()
        self.assertRecordValues(
            self.escalation,
            [
                {
                    "case_id": self.case.id,
                    "kind": "payment_order",
                    "state": "draft",
                    "outcome": False,
                }
            ],
        )
        self.assertFalse(self.other_case.debt_recovery_escalation_ids)
        self.assertEqual(self._history(), before, "no step, no message, no procedure")
        # What the form does still works: the outcome, then the Close button.
        self.assertNotIn(
            "error",
            self._call_kw("web_save", [ids, {"outcome": "abandoned"}], {"specification": {}}),
        )
        self.assertNotIn("error", self._call_kw("action_close", [ids]))
        self.escalation.invalidate_recordset()
        self.assertEqual(self.escalation.state, "closed")
