# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import datetime
import email
import email.policy
import json
from datetime import timedelta
from unittest.mock import patch
from urllib.parse import parse_qs

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from ..services import ar24
from ..services.maileva import MailevaClient
from .common import DebtRecoveryCommon, pdf_text
from .replay_server import ReplayServerCase, Reply, fixture

SENDING = "110e8400-e29b-11d4-a716-446655440000"
RECIPIENT = "d905a65e-aa46-4f37-8480-260c4600c810"
API = "/registered_mail/v4"
TOKEN = "/auth/realms/services/protocol/openid-connect/token"
RECIPIENT_PATH = f"{API}/sendings/{SENDING}/recipients/{RECIPIENT}"
FIXTURES = "registered_mail"
# The client's time-out in these tests; the slow answers take longer.
TIMEOUT = 0.5
AR24 = "/ar24/api"
AR24_KEY = "ar24-private-key"
# The test's own OTP secret of the AR24 sender (base32).
AR24_OTP_SECRET = "JBSWY3DPEHPK3PXP"
# What AR24's POST /mail/ takes, as the published clients send it (fixtures' README).
AR24_MAIL_FIELDS = {
    "token", "date", "id_user", "eidas", "otp", "to_firstname", "to_lastname", "to_company",
    "to_email", "dest_statut", "ref_client", "ref_dossier", "ref_facturation", "content",
    "attachment[]",
}  # fmt: skip


class WorkerDied(Exception):
    """What stops a worker in the middle of its transaction (killed, out of time, a bug)."""


def stand_in_pdf(text):
    """A one-page PDF saying ``text``: the replay's stand-in for a provider's proof (the
    providers publish no sample of their proofs; see the fixtures' README)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = [b"%PDF-1.4\n"], []
    for number, body in enumerate(objects, start=1):
        offsets.append(sum(len(part) for part in out))
        out.append(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = sum(len(part) for part in out)
    out.append(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.extend(b"%010d 00000 n \n" % offset for offset in offsets)
    out.append(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return b"".join(out)


def multipart_parts(received):
    """``{name: (content type, bytes)}`` of a multipart/form-data request."""
    message = email.message_from_bytes(
        b"Content-Type: " + received.headers["Content-Type"].encode() + b"\r\n\r\n" + received.body,
        policy=email.policy.HTTP,
    )
    return {
        part.get_param("name", header="content-disposition"): (
            part.get_content_type(),
            part.get_payload(decode=True),
        )
        for part in message.iter_parts()
    }


@tagged("post_install", "-at_install")
class TestRegisteredMail(ReplayServerCase, DebtRecoveryCommon, HttpCase):
    """A formal notice sent by registered letter through the providers, against a local replay
    of the answers their documentation publishes (``fixtures/registered_mail/README.md``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        set_param = cls.env["ir.config_parameter"].sudo().set_param
        set_param("debt_recovery_fr.maileva_url", f"{cls.server.url}{API}")
        set_param("debt_recovery_fr.maileva_auth_url", cls.server.url)
        set_param("debt_recovery_fr.ar24_url", f"{cls.server.url}/ar24/api")
        set_param("debt_recovery_fr.registered_mail_timeout", TIMEOUT)
        set_param("debt_recovery_fr.http_retries", 1)
        set_param("debt_recovery_fr.http_backoff", 0)
        cls.Action = cls.env["debt.recovery.action"].with_context(force_report_rendering=True)
        cls.Event = cls.env["debt.recovery.registered.mail.event"]
        cls.company.write(
            {
                "name": "Atelier Ébène Martin",
                "street": "8 rue du Faubourg Saint-Antoine",
                "zip": "75012",
                "city": "Paris",
                "debt_recovery_signatory_name": "Claire Martin",
            }
        )
        fr = cls.env.ref("base.fr")
        Partner = cls.env["res.partner"]
        cls.debtor = Partner.create(
            {
                "name": "Menuiserie Dupont SARL",
                "is_company": True,
                "street": "12 rue des Lilas",
                "zip": "75011",
                "city": "Paris",
                "country_id": fr.id,
                "email": "compta@menuiserie-dupont.example",
                "company_registry": "55203253400646",
            }
        )
        cls.consumer = Partner.create(
            {
                "name": "Jean Petit",
                "street": "3 allée des Tilleuls",
                "zip": "69003",
                "city": "Lyon",
                "country_id": fr.id,
                "email": "jean.petit@example.fr",
                "debt_recovery_debtor_type": "b2c",
            }
        )
        cls._overdue_invoice(cls.debtor, 12000, 60)
        cls._overdue_invoice(cls.consumer, 800, 60)
        Level = cls.env["debt.recovery.level"]
        cls.level_notice = Level.create(
            {
                "company_id": cls.company.id,
                "name": "Mise en demeure",
                "sequence": 40,
                "delay_days": 35,
                "phase": "formal_notice",
                "channel_registered_letter": True,
                "letter_report_id": cls.env.ref("debt_recovery_fr.report_formal_notice").id,
                "cost_amount": 7.5,
            }
        )
        cls.level_last = Level.create(
            {
                "company_id": cls.company.id,
                "name": "Dernier avis",
                "sequence": 45,
                "phase": "formal_notice",
                "delay_days": 8,
                "delay_from_acknowledgment": True,
                "channel_phone": True,
            }
        )
        cls.case = cls.Case._debt_recovery_case_for_partner(cls.debtor, cls.company)
        cls.consumer_case = cls.Case._debt_recovery_case_for_partner(cls.consumer, cls.company)
        (cls.case | cls.consumer_case)._place_at_level(cls.level_notice)

    # -- helpers ---------------------------------------------------------------------------
    def _configure(self, provider, maileva=True):
        self.company.debt_recovery_registered_provider = provider
        set_param = self.env["ir.config_parameter"].sudo().set_param
        if maileva:
            for name, value in (
                ("maileva_client_id", "odoo-client"),
                ("maileva_client_secret", "client-secret"),
                ("maileva_login", "jean.dupont"),
                ("maileva_password", "test123"),
            ):
                set_param(f"debt_recovery_fr.{name}.{self.company.id}", value)
        if provider == "ar24":
            for name, value in (
                ("ar24_token", "ar24-token"),
                ("ar24_private_key", AR24_KEY),
                ("ar24_user_id", "123"),
                ("ar24_otp_secret", AR24_OTP_SECRET),
            ):
                set_param(f"debt_recovery_fr.{name}.{self.company.id}", value)

    def _dated(self, name, deposit=None, received=None):
        """A fixture whose example dates are moved to the test's days (the documentation's
        examples are of March 2018): 14 March to ``deposit``, 15 March to ``received``."""
        text = fixture(f"{FIXTURES}/{name}").decode()
        deposit = deposit or self.today
        received = received or self.today
        text = text.replace("2018-03-14", deposit.isoformat()).replace(
            "2018-03-15", received.isoformat()
        )
        return text.encode()

    def _maileva_accepts(self):
        server = self.server
        token = fixture(f"{FIXTURES}/maileva_token.DOC-BUILT.json")
        server.add(TOKEN, Reply(200, token), method="POST")
        server.add(
            f"{API}/sendings",
            Reply(201, fixture(f"{FIXTURES}/maileva_sending_201.DOC-EXAMPLE.json")),
            method="POST",
        )
        server.add(
            f"{API}/sendings/{SENDING}/documents",
            Reply(201, fixture(f"{FIXTURES}/maileva_document_201.DOC-EXAMPLE.json")),
            method="POST",
        )
        server.add(
            f"{API}/sendings/{SENDING}/recipients",
            Reply(201, fixture(f"{FIXTURES}/maileva_recipient_201.DOC-EXAMPLE.json")),
            method="POST",
        )
        server.add(f"{API}/sendings/{SENDING}/submit", Reply(200, b""), method="POST")
        server.add(f"{API}/sendings/{SENDING}", Reply(204, b""), method="DELETE")

    def _maileva_proofs(self):
        for kind in (
            "download_deposit_proof",
            "download_acknowledgement_of_receipt",
            "download_undelivered_mail",
        ):
            self.server.add(
                f"{RECIPIENT_PATH}/{kind}",
                Reply(200, stand_in_pdf(f"Stand-in {kind}"), content_type="application/pdf"),
            )

    def _ar24_dated(self, name, received=None):
        """An AR24 fixture (clear JSON) with the example's days moved to the test's: 15
        November 2017 (sent, accepted, bounced) to today, 18 and 30 November (refused, not
        accepted) to ``received``; its proof links moved to the replay server."""
        text = fixture(f"{FIXTURES}/{name}").decode()
        received = (received or self.today).isoformat()
        for day, new in (
            ("2017-11-15", self.today.isoformat()),
            ("2017-11-18", received),
            ("2017-11-30", received),
        ):
            text = text.replace(day, new)
        return text.replace("https://sandbox.ar24.fr", self.server.url)

    @staticmethod
    def _ar24_form(received):
        """The form fields of a request to AR24: ``{name: text}`` (files apart)."""
        if received.method == "GET":
            return dict(received.query)
        if received.headers["Content-Type"].startswith("multipart/"):
            return {
                name: content.decode()
                for name, (kind, content) in multipart_parts(received).items()
                if kind != "application/pdf"
            }
        form = parse_qs(received.body.decode(), keep_blank_values=True)
        return {name: values[0] for name, values in form.items()}

    def _ar24_reply(self, text):
        """AR24's answer ``text`` encrypted, as AR24 does, with the date of the request."""

        def answer(received):
            date = self._ar24_form(received)["date"]
            return ar24.encrypt_answer(text, date, AR24_KEY).encode()

        return Reply(200, answer, content_type="text/html; charset=UTF-8")

    def _ar24_accepts(self):
        self.server.add(
            f"{AR24}/attachment/",
            self._ar24_reply(self._ar24_dated("ar24_attachment.CLIENT-BUILT.json")),
            method="POST",
        )
        self.server.add(
            f"{AR24}/mail/",
            self._ar24_reply(self._ar24_dated("ar24_mail_sent.CLIENT-EXAMPLE.json")),
            method="POST",
        )
        for proof in ("ev", "ar", "rf", "ng", "bc"):
            self.server.add(
                f"/get/proof/{proof}-123",
                Reply(
                    200,
                    stand_in_pdf(f"Stand-in AR24 proof {proof}"),
                    content_type="application/pdf",
                ),
            )

    def _ar24_status(self, *names, received=None):
        """``GET /mail/`` answers ``names`` in turn."""
        self.server.add(
            f"{AR24}/mail/",
            [self._ar24_reply(self._ar24_dated(name, received)) for name in names],
        )

    def _send_notice(self, case):
        """The scheduled action's steps for ``case`` at its formal notice: the registered
        letter decided, its letter made, then handed to the provider (by the registered-mail
        scheduled action, which the making of the letter triggers)."""
        case._debt_recovery_run(self.today)
        letter = case.action_ids.filtered(lambda a: a.channel == "registered_letter")
        self.Action.browse(letter.ids)._debt_recovery_render_documents()
        self.Action.browse(letter.ids)._debt_recovery_send_registered()
        return letter

    def _run_registered_mail_cron(self):
        """The registered-mail scheduled action in a transaction of its own, as a cron worker
        runs it: what it commits stays, a failure rolls back to its last commit."""
        self.env.flush_all()
        try:
            with self.env.registry.cursor() as cr:
                self.env(cr=cr)["debt.recovery.action"]._cron_registered_mail()
        finally:
            self.env.invalidate_all()

    def _run_registered_mail_cron_dying(self):
        """The same run, its worker dying (``WorkerDied`` raised by a patch of the test):
        what it committed stays. (Not ``assertRaises``: Odoo's undoes what its block wrote.)"""
        try:
            self._run_registered_mail_cron()
        except WorkerDied:
            return
        self.fail("The worker did not die.")

    def _assert_not_received_followed_no_more(self, letter, activities):
        """A letter not received: a to-do on the case, the next level waiting whatever the
        days, the letter asked about no more."""
        todo = self.case.activity_ids - activities
        self.assertEqual(todo.summary, "Registered letter not received")
        self.case.write({"last_run_date": self.today - timedelta(days=1)})
        self.case._debt_recovery_run(self.today + timedelta(days=60))
        self.assertEqual(self.case.level_id, self.level_notice)
        self.server.reset()
        letter.action_registered_mail_check()
        self.assertFalse(self.server.received)

    def _received(self, method, path):
        return [r for r in self.server.received if r.method == method and r.path == path]

    # -- without a provider ------------------------------------------------------------------
    def _assert_next_level_waits_8_days(self):
        """The level after the notice runs 8 days after the acknowledgment date, not before."""
        self.case.write({"last_run_date": self.today - timedelta(days=1)})
        self.case._debt_recovery_run(self.today + timedelta(days=7))
        self.assertEqual(self.case.level_id, self.level_notice)
        self.case.write({"last_run_date": self.today, "next_action_date": False})
        self.case._debt_recovery_run(self.today + timedelta(days=8))
        self.assertEqual(self.case.level_id, self.level_last)

    def test_unconfigured_the_letter_is_printed_and_nothing_is_called(self):
        # A provider chosen, but its account not entered: as without one.
        self.company.debt_recovery_registered_provider = "maileva"
        letter = self._send_notice(self.case)
        self.assertEqual(letter.state, "planned")
        self.assertFalse(letter.registered_provider)
        self.assertEqual(letter.note, "To print and send by registered letter with acknowledgment.")
        self.assertFalse(self.server.received)
        printed = self.env["debt.recovery.action"].action_debt_recovery_print_letters()
        self.assertEqual(printed["type"], "ir.actions.act_url")

    # -- Maileva, end to end -------------------------------------------------------------------
    def test_formal_notice_by_maileva_end_to_end(self):
        self._configure("maileva")
        self._maileva_accepts()
        letter = self._send_notice(self.case)
        self.assertIn("MISE EN DEMEURE", pdf_text(letter.attachment_id.raw))
        # Handed to Maileva: the step is done, with Maileva's reference.
        self.assertEqual(letter.state, "done")
        self.assertEqual(letter.registered_provider, "maileva")
        self.assertEqual(letter.registered_sending_ref, SENDING)
        self.assertEqual(letter.registered_recipient_ref, RECIPIENT)
        self.assertEqual(letter.registered_state, "submitted")
        self.assertEqual(
            letter.note, f"Sent by Maileva (paper registered letter) (reference {SENDING})."
        )
        self.assertEqual(letter.registered_event_ids.mapped("kind"), ["sent"])
        self.assertEqual(letter.registered_event_ids.attachment_id, letter.attachment_id)
        # Not among the letters to print.
        with self.assertRaisesRegex(UserError, "There is no letter to print"):
            self.env["debt.recovery.action"].action_debt_recovery_print_letters()

        # What Maileva received: the OAuth2 password grant, then the documented calls in order.
        calls = [(r.method, r.path) for r in self.server.received]
        self.assertEqual(
            calls,
            [
                ("POST", TOKEN),
                ("POST", f"{API}/sendings"),
                ("POST", f"{API}/sendings/{SENDING}/documents"),
                ("POST", f"{API}/sendings/{SENDING}/recipients"),
                ("POST", f"{API}/sendings/{SENDING}/submit"),
            ],
        )
        token = self._received("POST", TOKEN)[0]
        self.assertEqual(
            parse_qs(token.body.decode()),
            {"grant_type": ["password"], "username": ["jean.dupont"], "password": ["test123"]},
        )
        self.assertEqual(
            token.headers["Authorization"],
            "Basic " + base64.b64encode(b"odoo-client:client-secret").decode(),
        )
        sending = self._received("POST", f"{API}/sendings")[0]
        self.assertEqual(sending.headers["Authorization"], "Bearer access-token-of-the-replay")
        body = json.loads(sending.body)
        self.assertEqual(
            {key: body[key] for key in ("acknowledgement_of_receipt", "archiving_duration")},
            {"acknowledgement_of_receipt": True, "archiving_duration": 6},
        )
        self.assertEqual(body["name"], f"Mise en demeure {self.case.name}")
        self.assertEqual(body["sender_address_line_1"], "Atelier Ébène Martin")
        self.assertEqual(body["sender_address_line_4"], "8 rue du Faubourg Saint-Antoine")
        self.assertEqual(body["sender_address_line_6"], "75012 Paris")
        # Only fields of the documented schema ``sending_creation``.
        self.assertLessEqual(
            set(body),
            {
                "name", "custom_id", "custom_data", "acknowledgement_of_receipt",
                "expected_date", "color_printing", "duplex_printing", "optional_address_sheet",
                "notification_email", "notification_types", "reference_to_print_enabled",
                "print_sender_address", "returned_mail_scanning", "sender_address_line_1",
                "sender_address_line_2", "sender_address_line_3", "sender_address_line_4",
                "sender_address_line_5", "sender_address_line_6", "sender_country_code",
                "archiving_duration", "postage_type", "return_envelope",
            },
        )  # fmt: skip
        parts = multipart_parts(self._received("POST", f"{API}/sendings/{SENDING}/documents")[0])
        self.assertEqual(sorted(parts), ["document", "metadata"])
        self.assertEqual(parts["document"][0], "application/pdf")
        self.assertEqual(parts["document"][1], letter.attachment_id.raw)
        self.assertEqual(
            json.loads(parts["metadata"][1]),
            {"priority": 1, "name": "Mise en demeure - Menuiserie Dupont SARL.pdf"},
        )
        recipients = self._received("POST", f"{API}/sendings/{SENDING}/recipients")
        recipient = json.loads(recipients[0].body)
        self.assertEqual(
            recipient,
            {
                "custom_id": f"{self.case.name}-{letter.id}",
                "country_code": "FR",
                "address_line_1": "Menuiserie Dupont SARL",
                "address_line_4": "12 rue des Lilas",
                "address_line_6": "75011 Paris",
            },
        )

        # Posted, then received: the proofs are pulled back, the acknowledgment date set.
        self.server.reset()
        self._maileva_accepts()
        self._maileva_proofs()
        delivered = self._dated("maileva_recipient_delivered.DOC-EXAMPLE.json")
        self.server.add(RECIPIENT_PATH, Reply(200, delivered))
        letter.action_registered_mail_check()
        self.assertEqual(letter.registered_state, "delivered")
        self.assertEqual(letter.acknowledgment_date, self.today)
        self.assertEqual(letter.registered_letter_number, "1E3232323")
        events = letter.registered_event_ids.sorted("id")
        self.assertEqual(events.mapped("kind"), ["sent", "deposit", "acknowledgment"])
        deposit, receipt = events[1:]
        self.assertEqual(deposit.attachment_id.name, f"Deposit Proof {self.case.name}.pdf")
        self.assertIn("Stand-in download_deposit_proof", pdf_text(deposit.attachment_id.raw))
        self.assertIn(
            "Stand-in download_acknowledgement_of_receipt", pdf_text(receipt.attachment_id.raw)
        )
        self.assertEqual(receipt.event_date, self.today)
        self.assertEqual(deposit.registered_number, "1E3232323")
        # The cost stays the level's: the documentation gives no example of ``postage_price``.
        self.assertEqual(letter.cost, 7.5)
        # Asked again: nothing new, nothing downloaded twice.
        letter.action_registered_mail_check()
        self.assertEqual(len(letter.registered_event_ids), 3)
        # The proofs are part of the proof file: never changed nor deleted.
        with self.assertRaisesRegex(UserError, "never changed"):
            deposit.note = "edited"
        with self.assertRaisesRegex(UserError, "never deleted|belong to a proof file"):
            deposit.attachment_id.unlink()
        # (The users have no right to delete one; the superuser neither.)
        with self.assertRaises(UserError):
            deposit.unlink()
        with self.assertRaisesRegex(UserError, "never deleted"):
            deposit.sudo().unlink()

        # The next level runs from the acknowledgment of receipt: it waits 8 days.
        self._assert_next_level_waits_8_days()

    def test_maileva_undelivered_letter(self):
        self._configure("maileva")
        self._maileva_accepts()
        letter = self._send_notice(self.case)
        self._maileva_proofs()
        returned = self._dated("maileva_recipient_undelivered.DOC-EXAMPLE.json")
        self.server.add(RECIPIENT_PATH, Reply(200, returned))
        activities = self.case.activity_ids
        self.Action.browse(letter.ids)._debt_recovery_track_registered()
        self.assertEqual(letter.registered_state, "undelivered")
        self.assertFalse(letter.acknowledgment_date)
        returned = letter.registered_event_ids.filtered(lambda e: e.kind == "undelivered")
        self.assertEqual(returned.code, "N02")
        self.assertEqual(returned.note, "Recipient unknown at the address")
        self.assertIn("Stand-in download_undelivered_mail", pdf_text(returned.attachment_id.raw))
        self.assertEqual(
            letter.registered_next_action,
            "The letter came back (Recipient unknown at the address): check the debtor's "
            "address (Check the Public Register), then post it again; or have a commissaire de "
            "justice serve a summons to pay.",
        )
        self._assert_not_received_followed_no_more(letter, activities)

    def test_scheduled_action_sends_and_follows(self):
        self._configure("maileva")
        self.server.add(TOKEN, Reply(401, b""), method="POST")
        letter = self._send_notice(self.case)
        self.assertEqual(letter.state, "planned")
        self.server.reset()
        self._maileva_accepts()
        self._maileva_proofs()
        delivered = self._dated("maileva_recipient_delivered.DOC-EXAMPLE.json")
        self.server.add(RECIPIENT_PATH, Reply(200, delivered))
        cron = self.env.ref("debt_recovery_fr.ir_cron_debt_recovery_registered_mail")
        # As Odoo's cron worker runs it (an HttpCase is in the registry's test mode already).
        cron.method_direct_trigger()
        self.env.invalidate_all()
        # Sent, then followed in the same run: received.
        self.assertEqual(letter.state, "done")
        self.assertFalse(letter.registered_error)
        self.assertEqual(letter.registered_state, "delivered")
        self.assertEqual(letter.acknowledgment_date, self.today)
        self.assertEqual(len(self._received("POST", f"{API}/sendings/{SENDING}/submit")), 1)

    def test_maileva_webhook_reads_the_letter_again(self):
        self._configure("maileva")
        self._maileva_accepts()
        letter = self._send_notice(self.case)
        self._maileva_proofs()
        self.server.add(
            RECIPIENT_PATH, Reply(200, self._dated("maileva_recipient_delivered.DOC-EXAMPLE.json"))
        )
        # The notification as notification_center documents it, for this letter's recipient;
        # its own contents (the date, the event) are not what is recorded.
        notification = {
            "source": "api.maileva.com",
            "user_id": "12345678-c014-4923-9bb9-497addd5e901",
            "client_id": "f5e22e36-c014-4923-9bb9-497addd5e901",
            "event_type": "ON_MAIN_DELIVERY_STATUS_DELIVERED",
            "resource_type": "registered_mail/v4/recipients",
            "event_date": "2017-10-02T10:23:31.137Z",
            "event_location": "FR",
            "resource_id": RECIPIENT,
        }
        response = self.url_open(
            "/debt_recovery/maileva/notification",
            data=json.dumps(notification),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 201)
        letter.invalidate_recordset()
        self.assertEqual(letter.registered_state, "delivered")
        self.assertEqual(letter.acknowledgment_date, self.today)
        self.assertEqual(
            letter.registered_event_ids.mapped("kind"), ["sent", "deposit", "acknowledgment"]
        )
        # An unknown letter: answered, nothing done.
        response = self.url_open(
            "/debt_recovery/maileva/notification",
            data=json.dumps({**notification, "resource_id": "unknown"}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 201)

    # -- errors: nothing half-written ------------------------------------------------------
    def test_maileva_refuses_the_address_and_the_draft_is_deleted(self):
        self._configure("maileva")
        self._maileva_accepts()
        self.server.add(
            f"{API}/sendings/{SENDING}/recipients",
            Reply(400, fixture(f"{FIXTURES}/maileva_400_address_line_6.DOC-BUILT.json")),
            method="POST",
        )
        letter = self._send_notice(self.case)
        self.assertEqual(letter.state, "planned")
        self.assertFalse(letter.registered_sending_ref)
        self.assertFalse(letter.registered_event_ids)
        self.assertIn(
            "Maileva refused the letter (HTTP 400): INVALID_ADDRESS_LINE_6",
            letter.registered_error,
        )
        # The draft was deleted at Maileva: nothing left half-made there either.
        self.assertEqual(len(self._received("DELETE", f"{API}/sendings/{SENDING}")), 1)
        self.assertFalse(self._received("POST", f"{API}/sendings/{SENDING}/submit"))
        # Posted by hand instead: it joins the letters to print.
        letter.action_registered_mail_post_myself()
        self.assertFalse(letter.registered_provider)
        printed = self.env["debt.recovery.action"].action_debt_recovery_print_letters()
        self.assertEqual(printed["type"], "ir.actions.act_url")

    def test_maileva_401_and_timeout(self):
        self._configure("maileva")
        self.server.add(TOKEN, Reply(401, b""), method="POST")
        letter = self._send_notice(self.case)
        self.assertEqual(letter.state, "planned")
        self.assertEqual(
            letter.registered_error,
            "Maileva refused the connection (HTTP 401): check the client id, client secret, "
            "login and password in the Settings.",
        )
        self.assertFalse(self._received("POST", f"{API}/sendings"))
        # Maileva does not answer in time: the letter waits for the next run, nothing sent twice.
        self.server.reset()
        self._maileva_accepts()
        self.server.add(
            f"{API}/sendings",
            Reply(201, fixture(f"{FIXTURES}/maileva_sending_201.DOC-EXAMPLE.json"), delay=1.5),
            method="POST",
        )
        self.Action.browse(letter.ids)._debt_recovery_send_registered()
        self.assertEqual(letter.state, "planned")
        self.assertEqual(
            letter.registered_error, f"Maileva did not answer within {TIMEOUT} seconds."
        )
        self.assertEqual(len(self._received("POST", f"{API}/sendings")), 1)
        self.assertFalse(letter.registered_event_ids)
        # Chosen among the steps to print: posted by hand, never sent by Maileva too.
        other = self._send_notice(self.consumer_case)
        self.assertEqual(other.registered_provider, "maileva")
        self.assertEqual(other.state, "planned")
        other.action_debt_recovery_print_letters()
        self.assertFalse(other.registered_provider)
        self.assertFalse(other.registered_sending_ref)
        # The next run sends it.
        self.server.reset()
        self._maileva_accepts()
        letter.action_registered_mail_send()
        self.assertEqual(letter.state, "done")
        self.assertFalse(letter.registered_error)

    # -- never sent twice ------------------------------------------------------------------
    def test_interrupted_after_maileva_accepted_the_letter_is_sent_once(self):
        self._configure("maileva")
        self._maileva_accepts()
        self.case._debt_recovery_run(self.today)
        letter = self.case.action_ids.filtered(lambda a: a.channel == "registered_letter")
        # The batch that makes the letter rolls back: it had not handed it to Maileva.
        with self.assertRaises(WorkerDied), self.env.cr.savepoint():
            self.Action.browse(letter.ids)._debt_recovery_render_documents()
            self.assertTrue(letter.attachment_id)
            raise WorkerDied
        self.env.invalidate_all()
        self.assertFalse(letter.attachment_id)
        self.assertFalse(self.server.received)
        # Made again, the letter asks the registered-mail scheduled action to run now.
        cron = self.env.ref("debt_recovery_fr.ir_cron_debt_recovery_registered_mail")
        Trigger = self.env["ir.cron.trigger"].sudo()
        triggers = Trigger.search_count([("cron_id", "=", cron.id)])
        self.Action.browse(letter.ids)._debt_recovery_render_documents()
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), triggers + 1)
        self.assertEqual(letter.state, "planned")
        self.assertFalse(self.server.received)

        # The scheduled action's transaction dies once Maileva has accepted the letter.
        self._maileva_proofs()
        delivered = self._dated("maileva_recipient_delivered.DOC-EXAMPLE.json")
        self.server.add(RECIPIENT_PATH, Reply(200, delivered))
        Action = type(self.env["debt.recovery.action"])
        with patch.object(Action, "_debt_recovery_registered_sent", side_effect=WorkerDied):
            self._run_registered_mail_cron_dying()
        self.assertEqual(len(self._received("POST", f"{API}/sendings/{SENDING}/submit")), 1)
        # What it committed before calling Maileva stays: the sending being made, its ids.
        self.assertEqual(letter.state, "planned")
        self.assertEqual(letter.registered_state, "sending")
        self.assertEqual(letter.registered_sending_ref, SENDING)
        self.assertEqual(letter.registered_recipient_ref, RECIPIENT)
        # A run within the time a sending may take leaves it alone (it may be under way), and
        # so does Send Now.
        self._run_registered_mail_cron()
        with self.assertRaisesRegex(UserError, "being handed to its provider"):
            letter.action_registered_mail_send()
        self.assertEqual(len(self._received("POST", f"{API}/sendings")), 1)
        self.assertFalse(self._received("GET", f"{API}/sendings/{SENDING}"))
        # Later, the next run asks Maileva what became of it: submitted, so it is recorded,
        # not sent again.
        letter.sudo().registered_sending_date = fields.Datetime.now() - timedelta(minutes=20)
        self.server.add(
            f"{API}/sendings/{SENDING}",
            Reply(200, fixture(f"{FIXTURES}/maileva_sending_accepted.DOC-EXAMPLE.json")),
        )
        self._run_registered_mail_cron()
        self.assertEqual(len(self._received("GET", f"{API}/sendings/{SENDING}")), 1)
        self.assertEqual(len(self._received("POST", f"{API}/sendings")), 1)
        self.assertEqual(len(self._received("POST", f"{API}/sendings/{SENDING}/submit")), 1)
        self.assertEqual(letter.state, "done")
        self.assertFalse(letter.registered_error)
        self.assertEqual(letter.registered_sending_ref, SENDING)
        # Followed in the same run: received.
        self.assertEqual(letter.registered_state, "delivered")
        self.assertEqual(
            letter.registered_event_ids.mapped("kind"), ["sent", "deposit", "acknowledgment"]
        )

    def test_interrupted_before_the_submission_the_draft_is_deleted_and_sent(self):
        self._configure("maileva")
        self._maileva_accepts()
        self.case._debt_recovery_run(self.today)
        letter = self.case.action_ids.filtered(lambda a: a.channel == "registered_letter")
        self.Action.browse(letter.ids)._debt_recovery_render_documents()
        # The worker dies after the draft and its recipient are made, before the submission.
        with patch.object(MailevaClient, "_call", autospec=True, side_effect=self._die_on_submit()):
            self._run_registered_mail_cron_dying()
        self.assertEqual(letter.registered_state, "sending")
        self.assertEqual(letter.registered_sending_ref, SENDING)
        self.assertFalse(self._received("POST", f"{API}/sendings/{SENDING}/submit"))
        # Later: Maileva has it as a draft, never posted: deleted, and the letter sent.
        letter.sudo().registered_sending_date = fields.Datetime.now() - timedelta(minutes=20)
        self.server.reset()
        self._maileva_accepts()
        self.server.add(
            f"{API}/sendings/{SENDING}",
            Reply(200, fixture(f"{FIXTURES}/maileva_sending_201.DOC-EXAMPLE.json")),
        )
        self.Action.browse(letter.ids).action_registered_mail_send()
        calls = [(r.method, r.path) for r in self.server.received if r.path != TOKEN]
        self.assertEqual(
            calls,
            [
                ("GET", f"{API}/sendings/{SENDING}"),
                ("DELETE", f"{API}/sendings/{SENDING}"),
                ("POST", f"{API}/sendings"),
                ("POST", f"{API}/sendings/{SENDING}/documents"),
                ("POST", f"{API}/sendings/{SENDING}/recipients"),
                ("POST", f"{API}/sendings/{SENDING}/submit"),
            ],
        )
        self.assertEqual(letter.state, "done")
        self.assertEqual(letter.registered_state, "submitted")

    @staticmethod
    def _die_on_submit():
        original = MailevaClient._call

        def call(client, method, path, *args, **kwargs):
            if path.endswith("/submit"):
                raise WorkerDied
            return original(client, method, path, *args, **kwargs)

        return call

    def test_ar24_no_answer_to_the_sending_is_not_sent_again_alone(self):
        self._configure("ar24")
        self._ar24_accepts()
        self.server.add(f"{AR24}/mail/", Reply(200, b"", delay=1.5), method="POST")
        letter = self._send_notice(self.case)
        self.assertEqual(len(self._received("POST", f"{AR24}/mail/")), 1)
        self.assertEqual(letter.state, "planned")
        self.assertEqual(letter.registered_state, "sending")
        self.assertEqual(
            letter.registered_error,
            "AR24 did not answer the sending of the letter: it may have sent it. Check among "
            f"the letters sent in AR24 (reference {self.case.name}-{letter.id}): if it is not "
            "there, Send Now; if it is, it was sent: do not send it again.",
        )
        # The scheduled action, even much later, does not send it again by itself: AR24
        # publishes no way to find a letter by its reference.
        letter.sudo().registered_sending_date = fields.Datetime.now() - timedelta(hours=5)
        self.server.reset()
        self._ar24_accepts()
        self._run_registered_mail_cron()
        self.assertFalse(self.server.received)
        self.assertEqual(letter.state, "planned")
        self.assertEqual(letter.registered_state, "sending")
        self.assertIn("AR24 may have sent the letter", letter.registered_error)
        # Its provider may have sent it: a Recovery User may neither send it again nor post it
        # himself (JSON-RPC calls the same methods).
        clerk = self._create_user("resend_clerk", name="Paul Commis")
        with self.assertRaisesRegex(AccessError, "Only a Recovery Manager can send again"):
            letter.with_user(clerk).action_registered_mail_send()
        with self.assertRaisesRegex(UserError, "being handed to its provider"):
            letter.with_user(clerk).action_registered_mail_post_myself()
        self.assertFalse(self.server.received)
        self.assertEqual(letter.registered_state, "sending")
        self.assertEqual(letter.registered_provider, "ar24")
        # Nor fake what AR24 would have said.
        with self.assertRaisesRegex(AccessError, "never entered by hand"):
            self.env["debt.recovery.registered.mail.event"].with_user(clerk).create(
                {"action_id": letter.id, "provider": "ar24", "kind": "sent"}
            )
        # A manager checked in AR24, it is not there: sent again on his word.
        letter.action_registered_mail_send()
        self.assertEqual(len(self._received("POST", f"{AR24}/mail/")), 1)
        self.assertEqual(letter.state, "done")
        self.assertEqual(letter.registered_state, "submitted")
        self.assertEqual(letter.registered_sending_ref, "123")

    # -- AR24: a letter found sent in AR24 after its hand-over was interrupted ---------------
    def _ar24_interrupted(self, case):
        """``case``'s letter handed to AR24, which did not answer the ``POST /mail/``: left
        « being handed over », long enough ago to be taken as interrupted."""
        self._configure("ar24")
        self._ar24_accepts()
        self.server.add(f"{AR24}/mail/", Reply(200, b"", delay=1.5), method="POST")
        letter = self._send_notice(case)
        self.assertEqual(letter.registered_state, "sending")
        letter.sudo().registered_sending_date = fields.Datetime.now() - timedelta(hours=5)
        self.server.reset()
        return letter

    def _assert_still_being_handed_over(self, letter):
        self.assertEqual(letter.state, "planned")
        self.assertEqual(letter.registered_state, "sending")
        self.assertFalse(letter.registered_sending_ref)
        self.assertFalse(letter.registered_event_ids)

    def test_ar24_letter_found_in_ar24_is_recorded_on_the_step(self):
        # The debtor to whom AR24's example letter (ar24_mail_sent, mail 123) is addressed.
        self.debtor.write({"name": "Doe Corp", "email": "john.doe@example.com"})
        letter = self._ar24_interrupted(self.case)
        # A Recovery User may not: the rule is the model's, whatever the view shows.
        clerk = self._create_user("ar24_clerk", name="Paul Commis")
        with self.assertRaisesRegex(
            AccessError, "Only a Recovery Manager can record an AR24 letter on a step."
        ):
            letter.with_user(clerk).action_registered_mail_record_ar24("123")
        self._assert_still_being_handed_over(letter)
        self.assertFalse(self.server.received)
        # The button opens the dialog that asks for the id; not a number: refused at once.
        dialog = letter.action_registered_mail_record_ar24()
        self.assertEqual(dialog["res_model"], "debt.recovery.action.ar24.wizard")
        wizard = self.env["debt.recovery.action.ar24.wizard"].create(
            {"action_id": letter.id, "mail_id": "AR-123"}
        )
        with self.assertRaisesRegex(UserError, "« AR-123 » is not the id of an AR24 letter"):
            wizard.action_confirm()
        # An id AR24 does not give.
        self.server.add(
            f"{AR24}/mail/",
            Reply(200, fixture(f"{FIXTURES}/ar24_error_missing_erm_id.CLIENT-BUILT.json")),
        )
        with self.assertRaisesRegex(
            UserError,
            "AR24 has no letter 999 in this company's AR24 account \\(AR24 refused the request: "
            "Please provide a valid mail ID \\(missing_erm_id\\)\\): check the id",
        ):
            letter.action_registered_mail_record_ar24("999")
        self.assertEqual(self._received("GET", f"{AR24}/mail/")[0].query["id"], "999")
        self._assert_still_being_handed_over(letter)

        # The letter AR24 sent: recorded on the step as a sending, who recorded it said.
        self.server.reset()
        self._ar24_accepts()
        self._ar24_status("ar24_mail_sent.CLIENT-EXAMPLE.json")
        wizard.mail_id = " 123 "
        wizard.action_confirm()
        self.assertEqual(
            [(r.method, r.path, r.query.get("id")) for r in self.server.received],
            [("GET", f"{AR24}/mail/", "123")],
        )
        self.assertEqual(letter.state, "done")
        self.assertEqual(letter.date, self.today)
        self.assertEqual(letter.registered_state, "submitted")
        self.assertEqual(letter.registered_sending_ref, "123")
        self.assertFalse(letter.registered_error)
        self.assertEqual(
            letter.note, "Sent by AR24 (electronic registered letter, eIDAS) (reference 123)."
        )
        sent = letter.registered_event_ids
        self.assertEqual(sent.kind, "sent")
        self.assertEqual(sent.provider_ref, "123")
        self.assertEqual(sent.event_date, self.today)
        self.assertEqual(sent.attachment_id, letter.attachment_id)
        self.assertEqual(sent.create_uid, self.env.user)
        self.assertRegex(
            sent.note,
            f"^Recorded by hand by {self.env.user.name} on .+: the letter found in AR24 after "
            "its hand-over was interrupted.$",
        )
        with self.assertRaisesRegex(UserError, "never changed"):
            sent.note = "edited"
        with self.assertRaisesRegex(UserError, "this step's is not"):
            letter.action_registered_mail_record_ar24("123")

        # The same AR24 letter is never recorded on a second step.
        establishment = self.env["res.partner"].create(
            {
                "name": "Doe Corp",
                "is_company": True,
                "email": "john.doe@example.com",
                "street": "2 rue des Lilas",
                "zip": "75011",
                "city": "Paris",
                "country_id": self.env.ref("base.fr").id,
            }
        )
        self._overdue_invoice(establishment, 3000, 60)
        other_case = self.Case._debt_recovery_case_for_partner(establishment, self.company)
        other_case._place_at_level(self.level_notice)
        other = self._ar24_interrupted(other_case)
        self._ar24_status("ar24_mail_sent.CLIENT-EXAMPLE.json")
        with self.assertRaisesRegex(
            UserError,
            f"The AR24 letter 123 is already recorded on the step .+ of the case "
            f"{self.case.name}: it is not recorded twice.",
        ):
            other.action_registered_mail_record_ar24("123")
        self._assert_still_being_handed_over(other)
        self.assertFalse(self.server.received)

        # From then on, followed as any letter sent: accepted by the debtor.
        self.server.reset()
        self._ar24_accepts()
        self._ar24_status("ar24_mail_accepted.CLIENT-EXAMPLE.json")
        self._run_registered_mail_cron()
        self.assertEqual(letter.registered_state, "delivered")
        self.assertEqual(letter.acknowledgment_date, self.today)
        self.assertEqual(
            letter.registered_event_ids.sorted("id").mapped("kind"),
            ["sent", "deposit", "acknowledgment"],
        )
        self.assertFalse(self._received("POST", f"{AR24}/mail/"))

    def test_ar24_letter_of_another_recipient_is_not_recorded(self):
        letter = self._ar24_interrupted(self.case)
        # Within the 15 minutes of a hand-over, it may still be under way.
        letter.sudo().registered_sending_date = fields.Datetime.now()
        with self.assertRaisesRegex(UserError, "can be sent again 15 minutes after it began"):
            letter.action_registered_mail_record_ar24("123")
        self.assertFalse(self.server.received)
        letter.sudo().registered_sending_date = fields.Datetime.now() - timedelta(hours=5)
        # AR24's example letter 123 is addressed to Doe Corp, not to this debtor.
        self._ar24_status("ar24_mail_sent.CLIENT-EXAMPLE.json")
        with self.assertRaisesRegex(
            UserError,
            "^The AR24 letter 123 is addressed to Doe Corp John Doe <john.doe@example.com>, "
            "not to the debtor of this step, Menuiserie Dupont SARL "
            "<compta@menuiserie-dupont.example>: it is not recorded.$",
        ):
            letter.action_registered_mail_record_ar24("123")
        self._assert_still_being_handed_over(letter)
        # Send Now stays the way to send it when it is not in AR24.
        self._ar24_accepts()
        letter.action_registered_mail_send()
        self.assertEqual(letter.registered_sending_ref, "123")
        self.assertEqual(letter.state, "done")

    # -- AR24: the sender's account read from AR24 -----------------------------------------
    def test_ar24_check_the_connection(self):
        self._configure("ar24")
        id_key = f"debt_recovery_fr.ar24_user_id.{self.company.id}"
        get_param = self.env["ir.config_parameter"].sudo().get_param
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.ar24_user_id, "123")
        settings.ar24_user_email = "example@example.com"
        self.server.add(
            f"{AR24}/user/",
            [
                self._ar24_reply(fixture(f"{FIXTURES}/ar24_user.CLIENT-EXAMPLE.json").decode()),
                Reply(200, fixture(f"{FIXTURES}/ar24_error_token_invalid.CLIENT-BUILT.json")),
                Reply(200, fixture(f"{FIXTURES}/ar24_error_user_not_exist.CLIENT-BUILT.json")),
            ],
        )
        action = settings.action_debt_recovery_ar24_check()
        self.assertEqual(
            action["params"]["message"],
            "Connected to AR24: the sender's account is Hugo Dupont (id 50956).",
        )
        self.assertEqual(get_param(id_key), "50956")
        (request,) = self.server.received
        self.assertEqual((request.method, request.path), ("GET", f"{AR24}/user/"))
        form = self._ar24_form(request)
        self.assertEqual(form["email"], "example@example.com")
        self.assertEqual(form["token"], "ar24-token")
        self.assertEqual(request.headers["signature"], ar24.signature(form["date"], AR24_KEY))
        # The settings shown again (the button reloads them): the id read from AR24.
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.ar24_user_id, "50956")
        self.assertEqual(settings.ar24_user_email, "example@example.com")
        # AR24 answers HTTP 200 with the error's slug (no 401).
        with self.assertRaisesRegex(
            UserError,
            r"^AR24 refused the token \(token_invalid\): check the token and the private key\.$",
        ):
            settings.action_debt_recovery_ar24_check()
        with self.assertRaisesRegex(
            UserError,
            r"^AR24 has no account with the e-mail example@example.com: enter the e-mail of "
            r"the sender's AR24 account\.$",
        ):
            settings.action_debt_recovery_ar24_check()
        self.assertEqual(get_param(id_key), "50956")
        # Nothing to ask with: said, nothing called.
        self.server.reset()
        settings.ar24_user_email = False
        with self.assertRaisesRegex(UserError, "e-mail of the sender's AR24 account first"):
            settings.action_debt_recovery_ar24_check()
        self.assertFalse(self.server.received)

    # -- AR24: a consumer without consent gets a paper letter ------------------------------
    def test_consumer_without_consent_is_refused_lre_and_sent_lrar(self):
        self._configure("ar24")
        self._maileva_accepts()
        letter = self._send_notice(self.consumer_case)
        refusal = letter.registered_event_ids.filtered(lambda e: e.kind == "lre_refused")
        self.assertEqual(refusal.provider, "ar24")
        self.assertEqual(
            refusal.note,
            "The debtor is a consumer who never consented to receive electronic registered "
            "letters (art. L100 CPCE): the letter goes by paper registered letter.",
        )
        # No call to AR24; posted by Maileva instead.
        self.assertFalse([r for r in self.server.received if r.path.startswith("/ar24")])
        self.assertEqual(letter.registered_provider, "maileva")
        self.assertEqual(letter.state, "done")
        self.assertEqual(letter.registered_sending_ref, SENDING)

    def test_consumer_consent_register(self):
        Consent = self.env["debt.recovery.lre.consent"]
        consent = Consent.create(
            {
                "partner_id": self.consumer.id,
                "date": self.today - timedelta(days=30),
                "method": "signed_form",
                "email": "jean.petit@example.fr",
                "evidence": "Formulaire signé le jour de la commande",
            }
        )
        self.assertIsNone(self.consumer._debt_recovery_lre_refusal(self.company, self.today))
        # Recorded by who entered it, whatever the client says; its evidence only grows.
        clerk = self._create_user("consent_clerk", name="Paul Commis")
        by_clerk = Consent.with_user(clerk).create(
            {
                "partner_id": self.consumer.id,
                "date": self.today - timedelta(days=3),
                "method": "email",
                "email": "jean.petit@example.fr",
                "user_id": self.env.ref("base.user_root").id,
            }
        )
        self.assertEqual(by_clerk.user_id, clerk)
        scan = (
            self.env["ir.attachment"]
            .with_user(clerk)
            .create({"name": "formulaire.pdf", "raw": b"%PDF-1.4"})
        )
        by_clerk.with_user(clerk).attachment_ids = [Command.link(scan.id)]
        self.assertEqual(by_clerk.attachment_ids, scan)
        for command in (Command.unlink(scan.id), Command.clear(), Command.set([])):
            with self.assertRaisesRegex(UserError, "added, never removed"):
                by_clerk.with_user(clerk).write({"attachment_ids": [command]})
        self.assertEqual(by_clerk.attachment_ids, scan)
        by_clerk.withdrawn_date = self.today
        # Consent for another address: not for this one.
        self.consumer.email = "j.petit@example.fr"
        self.assertTrue(self.consumer._debt_recovery_lre_refusal(self.company, self.today))
        self.consumer.email = "jean.petit@example.fr"
        with self.assertRaisesRegex(UserError, "only its withdrawal is entered"):
            consent.method = "email"
        with self.assertRaises(UserError):
            consent.unlink()
        with self.assertRaisesRegex(UserError, "never deleted"):
            consent.sudo().unlink()
        consent.withdrawn_date = self.today
        template, _params = self.consumer._debt_recovery_lre_refusal(self.company, self.today)
        self.assertIn("withdrew his consent", template)
        with self.assertRaisesRegex(UserError, "only its withdrawal is entered"):
            consent.withdrawn_date = self.today - timedelta(days=1)
        # Recorded as given tomorrow: refused.
        with self.assertRaisesRegex(ValidationError, "on or before today"):
            Consent.create(
                {
                    "partner_id": self.consumer.id,
                    "date": self.today + timedelta(days=1),
                    "method": "email",
                    "email": "jean.petit@example.fr",
                }
            )

    # -- AR24, end to end ----------------------------------------------------------------------
    def test_formal_notice_by_ar24_end_to_end(self):
        self._configure("ar24")
        self._ar24_accepts()
        letter = self._send_notice(self.case)
        # Handed to AR24 as a qualified electronic registered letter.
        self.assertEqual(letter.state, "done")
        self.assertEqual(letter.registered_provider, "ar24")
        self.assertEqual(letter.registered_sending_ref, "123")
        self.assertEqual(letter.registered_state, "submitted")
        self.assertEqual(
            letter.note,
            "Sent by AR24 (electronic registered letter, eIDAS) (reference 123).",
        )
        self.assertEqual(letter.registered_event_ids.mapped("kind"), ["sent"])
        self.assertEqual(letter.registered_event_ids.attachment_id, letter.attachment_id)
        # What AR24 received: the letter uploaded, then the mail sent with it, each signed.
        calls = [(r.method, r.path) for r in self.server.received]
        self.assertEqual(calls, [("POST", f"{AR24}/attachment/"), ("POST", f"{AR24}/mail/")])
        upload, mail = self.server.received
        for request in (upload, mail):
            form = self._ar24_form(request)
            self.assertEqual(form["token"], "ar24-token")
            self.assertRegex(form["date"], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
            self.assertEqual(request.headers["signature"], ar24.signature(form["date"], AR24_KEY))
        parts = multipart_parts(upload)
        self.assertEqual(sorted(parts), ["date", "file", "id_user", "token"])
        self.assertEqual(parts["file"], ("application/pdf", letter.attachment_id.raw))
        self.assertEqual(parts["id_user"][1], b"123")
        form = self._ar24_form(mail)
        self.assertLessEqual(set(form), AR24_MAIL_FIELDS)
        self.assertRegex(form.pop("otp"), r"^\d{6}$")
        form.pop("token")
        form.pop("date")
        self.assertEqual(
            form,
            {
                "id_user": "123",
                "eidas": "1",
                "to_firstname": "",
                "to_lastname": "Menuiserie Dupont SARL",
                "to_company": "Menuiserie Dupont SARL",
                "to_email": "compta@menuiserie-dupont.example",
                "dest_statut": "professionnel",
                "ref_client": f"{self.case.name}-{letter.id}",
                "attachment[]": "51",
            },
        )

        # Followed: first still waiting for the debtor, then accepted by him.
        self.server.reset()
        self._ar24_accepts()
        self._ar24_status(
            "ar24_mail_sent.CLIENT-EXAMPLE.json", "ar24_mail_accepted.CLIENT-EXAMPLE.json"
        )
        letter.action_registered_mail_check()
        self.assertEqual(letter.registered_state, "submitted")
        self.assertFalse(letter.acknowledgment_date)
        self.assertEqual(letter.registered_event_ids.mapped("kind"), ["sent"])
        letter.action_registered_mail_check()
        self.assertEqual(letter.registered_state, "delivered")
        self.assertEqual(letter.acknowledgment_date, self.today)
        polls = self._received("GET", f"{AR24}/mail/")
        self.assertEqual(len(polls), 2)
        self.assertEqual(polls[0].query["id"], "123")
        self.assertEqual(
            polls[0].headers["signature"], ar24.signature(polls[0].query["date"], AR24_KEY)
        )
        events = letter.registered_event_ids.sorted("id")
        self.assertEqual(events.mapped("kind"), ["sent", "deposit", "acknowledgment"])
        deposit, receipt = events[1:]
        self.assertEqual(deposit.provider, "ar24")
        self.assertEqual(deposit.provider_ref, "123")
        self.assertIn("Stand-in AR24 proof ev", pdf_text(deposit.attachment_id.raw))
        self.assertIn("Stand-in AR24 proof ar", pdf_text(receipt.attachment_id.raw))
        self.assertEqual(receipt.event_date, self.today)
        self.assertEqual(
            receipt.attachment_id.name, f"Acknowledgment of Receipt {self.case.name}.pdf"
        )
        # ``price_ht`` is 0 in the example: the level's cost stays.
        self.assertEqual(letter.cost, 7.5)
        # Asked again: nothing new, nothing downloaded twice.
        letter.action_registered_mail_check()
        self.assertEqual(len(letter.registered_event_ids), 3)
        self.assertEqual(len(self._received("GET", "/get/proof/ar-123")), 1)
        with self.assertRaisesRegex(UserError, "never changed"):
            receipt.note = "edited"
        with self.assertRaisesRegex(UserError, "never deleted"):
            receipt.sudo().unlink()

        # The next level runs from the acceptance: it waits 8 days.
        self._assert_next_level_waits_8_days()

    def test_ar24_letter_refused_by_the_debtor(self):
        self._configure("ar24")
        self._ar24_accepts()
        letter = self._send_notice(self.case)
        self._ar24_status("ar24_mail_refused.CLIENT-EXAMPLE.json")
        activities = self.case.activity_ids
        letter.action_registered_mail_check()
        self.assertEqual(letter.registered_state, "refused")
        self.assertFalse(letter.acknowledgment_date)
        self.assertEqual(
            letter.registered_event_ids.sorted("id").mapped("kind"), ["sent", "deposit", "refusal"]
        )
        refusal = letter.registered_event_ids.filtered(lambda e: e.kind == "refusal")
        self.assertIn("Stand-in AR24 proof rf", pdf_text(refusal.attachment_id.raw))
        self.assertEqual(refusal.event_date, self.today)
        self.assertEqual(
            letter.registered_next_action,
            "The letter was presented to the debtor but not received (Refused by the Debtor): "
            "keep the returned letter as evidence; for a proof of receipt, have a commissaire "
            "de justice serve the formal notice (summons to pay).",
        )
        self._assert_not_received_followed_no_more(letter, activities)

    def test_ar24_letter_bounced(self):
        self._configure("ar24")
        self._ar24_accepts()
        letter = self._send_notice(self.case)
        self._ar24_status("ar24_mail_bounced.CLIENT-EXAMPLE.json")
        letter.action_registered_mail_check()
        self.assertEqual(letter.registered_state, "undelivered")
        self.assertFalse(letter.acknowledgment_date)
        returned = letter.registered_event_ids.filtered(lambda e: e.kind == "undelivered")
        self.assertEqual(returned.code, "bounced")
        self.assertEqual(returned.note, "the debtor's e-mail address rejected the letter")
        self.assertIn("Stand-in AR24 proof bc", pdf_text(returned.attachment_id.raw))
        self.assertEqual(
            letter.registered_next_action,
            "The letter came back (the debtor's e-mail address rejected the letter): check the "
            "debtor's address (Check the Public Register), then post it again; or have a "
            "commissaire de justice serve a summons to pay.",
        )

    def test_ar24_not_accepted_in_time(self):
        self._configure("ar24")
        self._ar24_accepts()
        letter = self._send_notice(self.case)
        self._ar24_status("ar24_mail_negligence.CLIENT-EXAMPLE.json")
        letter.action_registered_mail_check()
        self.assertEqual(letter.registered_state, "negligence")
        self.assertFalse(letter.acknowledgment_date)
        self.assertEqual(
            letter.registered_event_ids.sorted("id").mapped("kind"),
            ["sent", "deposit", "negligence"],
        )
        negligence = letter.registered_event_ids.filtered(lambda e: e.kind == "negligence")
        self.assertIn("Stand-in AR24 proof ng", pdf_text(negligence.attachment_id.raw))
        self.assertEqual(
            letter.registered_next_action,
            "The letter was presented to the debtor but not received (Not Accepted in Time): "
            "keep the returned letter as evidence; for a proof of receipt, have a commissaire "
            "de justice serve the formal notice (summons to pay).",
        )

    def test_ar24_refuses_the_request(self):
        # AR24 answers an error in clear (HTTP 200): the step stays planned, with the reason.
        self._configure("ar24")
        self._ar24_accepts()
        self.server.add(
            f"{AR24}/mail/",
            Reply(200, fixture(f"{FIXTURES}/ar24_error_authentication_missing.CLIENT-BUILT.json")),
            method="POST",
        )
        letter = self._send_notice(self.case)
        self.assertEqual(letter.state, "planned")
        self.assertFalse(letter.registered_sending_ref)
        self.assertFalse(letter.registered_event_ids)
        self.assertEqual(
            letter.registered_error,
            "AR24 refused the request: Invalid eidas identification (ssl or otp) "
            "(authentication_missing)",
        )
        # AR24 does not answer in time: the letter waits for the next run.
        self.server.reset()
        self._ar24_accepts()
        self.server.add(
            f"{AR24}/attachment/",
            Reply(200, b"", delay=1.5),
            method="POST",
        )
        self.Action.browse(letter.ids)._debt_recovery_send_registered()
        self.assertEqual(letter.state, "planned")
        self.assertEqual(letter.registered_error, f"AR24 did not answer within {TIMEOUT} seconds.")
        self.assertFalse(self._received("POST", f"{AR24}/mail/"))

    def test_ar24_totp(self):
        # RFC 6238, appendix B: the secret "12345678901234567890", at 59 s, SHA-1: 94287082
        # (the 6 last digits are the code).
        secret = base64.b32encode(b"12345678901234567890").decode()
        moment = datetime.datetime.fromtimestamp(59, tz=datetime.UTC)
        self.assertEqual(ar24.totp(secret, moment), "287082")
        moment = datetime.datetime.fromtimestamp(1111111109, tz=datetime.UTC)
        self.assertEqual(ar24.totp(secret, moment), "081804")

    def test_ar24_signature(self):
        # The signature is the date encrypted (AES-256-CBC) with the hashed private key, and
        # an answer encrypted with the date decrypts back.
        date = "2026-12-03 10:30:00"
        self.assertEqual(ar24.signature(date, "key"), ar24.signature(date, "key"))
        self.assertNotEqual(ar24.signature(date, "key"), ar24.signature(date, "other"))
        text = '{"status": "SUCCESS", "result": {"id": 123}}'
        self.assertEqual(
            ar24.decrypt_answer(ar24.encrypt_answer(text, date, "key"), date, "key"), text
        )
