# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import time
from datetime import date, timedelta
from decimal import Decimal

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..legal.errors import MissingRateError
from ..services.common import ServiceError
from .common import DebtRecoveryCommon
from .replay_server import ReplayServerCase, Reply, fixture

SEARCH = "/search"
BODACC = "/api/explore/v2.1/catalog/datasets/annonces-commerciales/records"
ECB = "/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV"
ECB_CSV = "FM_B.U2.EUR.4F.KR.MRR_FR.LEV_rows-extracted-from-csvdata.DERIVED.csv"
# The client's time-out in these tests; the slow answers take longer.
TIMEOUT = 0.5


@tagged("post_install", "-at_install")
class TestPublicRegisters(ReplayServerCase, DebtRecoveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        set_param = cls.env["ir.config_parameter"].sudo().set_param
        set_param("debt_recovery_fr.recherche_entreprises_url", cls.server.url)
        set_param("debt_recovery_fr.bodacc_url", f"{cls.server.url}/api/explore/v2.1")
        set_param("debt_recovery_fr.ecb_url", f"{cls.server.url}/service")
        set_param("debt_recovery_fr.http_timeout", TIMEOUT)
        set_param("debt_recovery_fr.http_retries", 1)
        set_param("debt_recovery_fr.http_backoff", 0)
        set_param("debt_recovery_fr.ecb_rates", True)
        cls.company.debt_recovery_register_lookup = True
        cls.company.debt_recovery_bodacc_watch = True
        cls.fr = cls.env.ref("base.fr")
        cls.Partner = cls.env["res.partner"]
        cls.Rate = cls.env["debt.recovery.rate"]

    def _debtor(self, name, registry=False):
        return self.Partner.create(
            {
                "name": name,
                "is_company": True,
                "company_registry": registry,
                "country_id": self.fr.id,
                "email": "compta@debtor.example",
            }
        )

    def _register_fields(self, partner):
        return partner.read(
            [
                "name",
                "street",
                "zip",
                "city",
                "company_registry",
                "debt_recovery_admin_status",
                "debt_recovery_legal_form",
                "debt_recovery_creation_date",
                "debt_recovery_register_date",
            ]
        )

    # ------------------------------------------------------------------------------------------
    # API Recherche d'entreprises
    # ------------------------------------------------------------------------------------------
    def test_siren_lookup_fills_partner(self):
        self.server.add(SEARCH, Reply(body=fixture("search_q-552032534_active_DANONE.json")))
        partner = self._debtor("Danone (saisie)", "552032534")
        self._apply_register(partner)
        self.assertEqual(self.server.requests[0][0], SEARCH)
        self.assertEqual(self.server.requests[0][1]["q"], "552032534")
        self.assertEqual(partner.name, "DANONE")
        self.assertEqual(partner.street, "59 RUE LA FAYETTE")
        self.assertEqual((partner.zip, partner.city), ("75009", "PARIS"))
        self.assertEqual(partner.debt_recovery_legal_form, "SA à conseil d'administration")
        self.assertEqual(partner.debt_recovery_creation_date, date(1955, 1, 1))
        self.assertEqual(partner.debt_recovery_admin_status, "active")
        self.assertFalse(partner.debt_recovery_closing_date)
        self.assertTrue(partner.debt_recovery_register_date)
        # The SIREN typed by the user is kept, not replaced by the head office's SIRET.
        self.assertEqual(partner.company_registry, "552032534")

    def test_siret_lookup_fills_partner(self):
        self.server.add(
            SEARCH, Reply(body=fixture("search_q-41816609600069_siret_OCTO-TECHNOLOGY.json"))
        )
        partner = self._debtor("Octo", "41816609600069")
        self._apply_register(partner)
        self.assertEqual(self.server.requests[0][1]["q"], "41816609600069")
        self.assertEqual(partner.name, "OCTO-TECHNOLOGY")
        self.assertEqual(partner.street, "34 AVENUE DE L'OPERA")
        self.assertEqual(partner.debt_recovery_legal_form, "Société par actions simplifiée (SAS)")
        self.assertEqual(partner.debt_recovery_creation_date, date(1998, 4, 1))
        self.assertEqual(partner.debt_recovery_admin_status, "active")

    def _apply_register(self, partner):
        """Press the button, then apply every difference the register shows."""
        action = partner.action_debt_recovery_check_register()
        self.assertEqual(action["res_model"], "debt.recovery.register.update.wizard")
        self.env[action["res_model"]].browse(action["res_id"]).action_apply()

    def test_register_differences_wait_for_the_users_confirmation(self):
        self.server.add(SEARCH, Reply(body=fixture("search_q-552032534_active_DANONE.json")))
        partner = self._debtor("Danone (saisie)", "552032534")
        partner.write({"street": "1 rue du Client", "zip": "75011", "city": "Paris"})
        action = partner.action_debt_recovery_check_register()
        # The register's facts are recorded; the name and address the user typed are not.
        self.assertEqual(partner.debt_recovery_admin_status, "active")
        self.assertEqual(
            (partner.name, partner.street, partner.zip, partner.city),
            ("Danone (saisie)", "1 rue du Client", "75011", "Paris"),
        )
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        shown = {
            line.field_name: (line.current_value, line.register_value) for line in wizard.line_ids
        }
        self.assertEqual(
            shown,
            {
                "name": ("Danone (saisie)", "DANONE"),
                "street": ("1 rue du Client", "59 RUE LA FAYETTE"),
                "zip": ("75011", "75009"),
                "city": ("Paris", "PARIS"),
            },
        )
        # The user keeps his name and applies the address.
        wizard.line_ids.filtered(lambda line: line.field_name == "name").apply = False
        wizard.action_apply()
        self.assertEqual(
            (partner.name, partner.street, partner.zip, partner.city),
            ("Danone (saisie)", "59 RUE LA FAYETTE", "75009", "PARIS"),
        )
        # Nothing left to change: the button says so.
        partner.name = "DANONE"
        action = partner.action_debt_recovery_check_register()
        self.assertIn("is as the public register knows it", action["params"]["message"])

    def test_automatic_check_fills_only_empty_fields_and_logs_the_rest(self):
        self.server.add(SEARCH, Reply(body=fixture("search_q-552032534_active_DANONE.json")))
        typed = self._debtor("Danone (saisie)", "552032534")
        typed.write({"street": "1 rue du Client", "zip": "75011", "city": "Paris"})
        empty = self._debtor("Danone sans adresse", "552032534")
        typed._debt_recovery_register_refresh()
        empty._debt_recovery_register_refresh()
        self.assertEqual(
            (typed.name, typed.street, typed.zip, typed.city),
            ("Danone (saisie)", "1 rue du Client", "75011", "Paris"),
        )
        self.assertEqual(typed.debt_recovery_admin_status, "active")
        log = typed.message_ids[0].body
        self.assertIn("The public register gives other details", log)
        self.assertIn("DANONE", log)
        self.assertIn("59 RUE LA FAYETTE", log)
        self.assertIn("here: 1 rue du Client", log)
        # The empty address is filled, the name typed is kept.
        self.assertEqual(
            (empty.name, empty.street, empty.zip, empty.city),
            ("Danone sans adresse", "59 RUE LA FAYETTE", "75009", "PARIS"),
        )

    def test_a_slow_drip_answer_is_cut_at_the_deadline(self):
        """A server sending one byte at a time, each within the socket time-out, is cut when
        the time-out has passed for the whole answer."""
        danone = fixture("search_q-552032534_active_DANONE.json")
        self.server.add(SEARCH, Reply(body=danone, drip=TIMEOUT / 5))
        partner = self._debtor("Danone (saisie)", "552032534")
        before = self._register_fields(partner)
        started = time.monotonic()
        with self.assertRaisesRegex(UserError, "did not answer within 0.5 seconds"):
            partner.action_debt_recovery_check_register()
        # Two attempts (one retry) of 0.5 s each; the whole answer would take minutes.
        self.assertLess(time.monotonic() - started, 3 * TIMEOUT * 2)
        self.assertEqual(len(self.server.requests), 2)
        self.assertEqual(self._register_fields(partner), before)

    def test_a_long_retry_after_makes_a_user_wait_seconds_at_most(self):
        set_param = self.env["ir.config_parameter"].sudo().set_param
        set_param("debt_recovery_fr.http_backoff", 1)
        busy = fixture("bodacc_429_quota.DOC-EXAMPLE.json")
        self.server.add(SEARCH, Reply(429, busy, headers={"Retry-After": "1000"}))
        partner = self._debtor("Danone (saisie)", "552032534")
        before = self._register_fields(partner)
        started = time.monotonic()
        with self.assertRaisesRegex(UserError, "is busy .* asks to wait 1000 seconds"):
            partner.action_debt_recovery_check_register()
        self.assertLess(time.monotonic() - started, 5)
        self.assertEqual(len(self.server.requests), 1, "no second attempt")
        self.assertEqual(self._register_fields(partner), before)

    def test_the_cron_waits_longer_for_a_busy_service(self):
        """A wait beyond a user's few seconds (6 s) is refused to the button, and waited by
        the scheduled action, which then records the rate."""
        set_param = self.env["ir.config_parameter"].sudo().set_param
        set_param("debt_recovery_fr.http_backoff", 1)
        self.Rate.search([("kind", "=", "mro"), ("date_from", ">=", "2026-06-17")]).unlink()
        count = self.Rate.search_count([])
        self.server.add(ECB, Reply(429, b"", "text/plain", headers={"Retry-After": "6"}))
        with self.assertRaisesRegex(UserError, "is busy .* asks to wait 6 seconds"):
            self.Rate.action_debt_recovery_update_from_ecb()
        self.assertEqual(self.Rate.search_count([]), count)
        self.server.reset()
        self.server.add(
            ECB,
            [
                Reply(429, b"", "text/plain", headers={"Retry-After": "6"}),
                Reply(body=fixture(ECB_CSV), content_type="text/csv"),
            ],
        )
        started = time.monotonic()
        self._run_cron()
        self.assertGreaterEqual(time.monotonic() - started, 6)
        self.assertTrue(self.Rate.search([("kind", "=", "mro"), ("date_from", "=", "2026-06-17")]))

    def test_ceased_company_is_flagged(self):
        self.server.add(SEARCH, Reply(body=fixture("search_q-880878145_ceased_GANYMEDE.json")))
        partner = self._debtor("Ganymede", "880878145")
        self._apply_register(partner)
        self.assertEqual(partner.debt_recovery_admin_status, "ceased")
        self.assertEqual(partner.debt_recovery_closing_date, date(2022, 10, 22))
        self.assertEqual(partner.debt_recovery_legal_form, "Société par actions simplifiée (SAS)")
        # A ceased company is unlikely to pay: its score is capped.
        self.assertLessEqual(partner.debt_recovery_solvency_score, 10)
        self.assertIn("Ceased or in liquidation", partner.debt_recovery_solvency_html)

    def test_ambiguous_name_search_asks_for_the_siret(self):
        self.server.add(SEARCH, Reply(body=fixture("search_q-Ganymede_name-search.json")))
        partner = self._debtor("Ganymede")
        before = self._register_fields(partner)
        with self.assertRaisesRegex(UserError, "Several companies match Ganymede: GANYMEDE"):
            partner.action_debt_recovery_check_register()
        self.assertEqual(self.server.requests[0][1]["q"], "Ganymede")
        self.assertEqual(self._register_fields(partner), before)

    def test_lookup_failures_leave_partner_unchanged(self):
        partner = self._debtor("Danone (saisie)", "552032534")
        before = self._register_fields(partner)
        danone = fixture("search_q-552032534_active_DANONE.json")
        failures = [
            (
                Reply(429, b"Too Many Requests.", "text/plain", headers={"Retry-After": "3"}),
                "refuses more requests for now",
            ),
            (Reply(503, b"<html>Service Unavailable</html>", "text/html"), r"failed \(HTTP 503\)"),
            (Reply(body=danone, delay=TIMEOUT * 3), "did not answer within 0.5 seconds"),
            (Reply(body=danone[: len(danone) // 2]), "sent an answer that cannot be read"),
            (Reply(200, b"<html>maintenance</html>", "text/html"), "cannot be read"),
            (
                Reply(400, fixture("recherche_400_erreur.DOC-EXAMPLE.json")),
                "Veuillez indiquer au moins un paramètre de recherche",
            ),
            (
                Reply(body=fixture("search_q-12345678900003_empty.json")),
                "knows no company with the SIREN 552032534",
            ),
        ]
        for reply, message in failures:
            with self.subTest(status=reply.status, message=message):
                self.server.reset()
                self.server.add(SEARCH, reply)
                with self.assertRaisesRegex(UserError, message):
                    partner.action_debt_recovery_check_register()
                self.assertEqual(self._register_fields(partner), before)
        # 429 and 5xx are retried (here once), a bad request is not.
        self.server.reset()
        self.server.add(SEARCH, Reply(429, b"Too Many Requests."))
        with self.assertRaises(UserError):
            partner.action_debt_recovery_check_register()
        self.assertEqual(len(self.server.requests), 2)
        self.server.reset()
        self.server.add(SEARCH, Reply(400, fixture("recherche_400_erreur.DOC-EXAMPLE.json")))
        with self.assertRaises(UserError):
            partner.action_debt_recovery_check_register()
        self.assertEqual(len(self.server.requests), 1)

    def test_retry_after_a_server_error_succeeds(self):
        self.server.add(
            SEARCH,
            [
                Reply(502, b"Bad Gateway", "text/plain"),
                Reply(body=fixture("search_q-552032534_active_DANONE.json")),
            ],
        )
        partner = self._debtor("Danone (saisie)", "552032534")
        self._apply_register(partner)
        self.assertEqual(len(self.server.requests), 2)
        self.assertEqual(partner.name, "DANONE")

    def test_switched_off_lookup_makes_no_call(self):
        self.company.debt_recovery_register_lookup = False
        self.server.add(SEARCH, Reply(body=fixture("search_q-552032534_active_DANONE.json")))
        partner = self._debtor("Danone (saisie)", "552032534")
        with self.assertRaisesRegex(UserError, "switched off"):
            partner.action_debt_recovery_check_register()
        case = self.Case.create({"partner_id": partner.id})
        level = self._procedure_level()
        case._debt_recovery_check_register(level)
        self.assertEqual(self.server.requests, [])
        self.assertFalse(partner.debt_recovery_admin_status)

    # ------------------------------------------------------------------------------------------
    # Check before an escalation, escalation wizard
    # ------------------------------------------------------------------------------------------
    def _procedure_level(self):
        return self.env["debt.recovery.level"].create(
            {
                "company_id": self.company.id,
                "name": "Injonction de payer",
                "sequence": 90,
                "delay_days": 60,
                "phase": "payment_order",
            }
        )

    def test_check_before_escalation_warns_of_a_ceased_company(self):
        self.server.add(SEARCH, Reply(body=fixture("search_q-880878145_ceased_GANYMEDE.json")))
        partner = self._debtor("Ganymede", "880878145")
        invoice = self._overdue_invoice(partner, 1200, 70)
        case = self.Case._debt_recovery_case_for_partner(partner, self.company)
        level = self._procedure_level()
        case._debt_recovery_check_register(level)
        self.assertEqual(partner.debt_recovery_admin_status, "ceased")
        self.assertIn("has ceased its activity", case.message_ids[0].body)
        # A fresh check is not repeated on the next escalation attempt.
        case._debt_recovery_check_register(level)
        self.assertEqual(len(self.server.requests), 1)
        wizard = self.env["debt.recovery.escalate.wizard"].create(
            {"invoice_id": invoice.id, "level_id": level.id}
        )
        self.assertEqual(wizard.solvency_score, partner.debt_recovery_solvency_score)
        # The automatic check does not rename the debtor: the register's name is logged.
        self.assertEqual(partner.name, "Ganymede")
        self.assertIn("Ganymede has ceased its activity (10/22/2022", wizard.solvency_warning)
        self.assertIn("is unlikely to be paid back", wizard.solvency_warning)

    def test_failing_register_does_not_block_escalation(self):
        self.server.add(SEARCH, Reply(503, b"down", "text/plain"))
        partner = self._debtor("Danone (saisie)", "552032534")
        self._overdue_invoice(partner, 1200, 70)
        case = self.Case._debt_recovery_case_for_partner(partner, self.company)
        case._debt_recovery_check_register(self._procedure_level())
        self.assertIn("could not be checked", case.message_ids[0].body)
        self.assertFalse(partner.debt_recovery_admin_status)

    def test_escalation_goes_on_when_the_register_fails_or_says_ceased(self):
        Level = self.env["debt.recovery.level"]
        notice = Level.create(
            {
                "company_id": self.company.id,
                "name": "Mise en demeure",
                "sequence": 20,
                "delay_days": 30,
                "phase": "formal_notice",
            }
        )
        payment_order = self._procedure_level()
        for reply, message in (
            (Reply(503, b"down", "text/plain"), "could not be checked before Injonction"),
            (
                Reply(body=fixture("search_q-880878145_ceased_GANYMEDE.json")),
                "has ceased its activity",
            ),
        ):
            with self.subTest(message=message):
                self.server.reset()
                self.server.add(SEARCH, reply)
                registry = "552032534" if reply.status != 200 else "880878145"
                partner = self._debtor(f"Débiteur {registry}", registry)
                partner.write({"zip": "75011", "city": "Paris"})
                invoice = self._overdue_invoice(partner, 3000, 90)
                wizard = self.env["debt.recovery.escalate.wizard"]
                wizard.create({"invoice_id": invoice.id, "level_id": notice.id}).action_escalate()
                self.assertEqual(self.server.requests, [], "no check before a formal notice")
                self._send_formal_notice(self._case_of(partner), notice)
                # The proof file a procedure needs (art. 1353 C. civ.).
                for kind in ("contract", "delivery_proof"):
                    self.env["debt.recovery.evidence"].create(
                        {
                            "case_id": self._case_of(partner).id,
                            "kind": kind,
                            "name": kind,
                            "attachment_ids": [
                                Command.create({"name": f"{kind}.pdf", "raw": b"%PDF"})
                            ],
                        }
                    )
                wizard.create(
                    {"invoice_id": invoice.id, "level_id": payment_order.id}
                ).action_escalate()
                case = self._case_of(partner)
                self.assertEqual(len(self.server.requests), 2 if reply.status != 200 else 1)
                self.assertEqual(case.level_id, payment_order)
                self.assertEqual(case.state, "escalated")
                self.assertTrue(
                    any(message in body for body in case.message_ids.mapped("body")),
                    case.message_ids.mapped("body"),
                )

    # ------------------------------------------------------------------------------------------
    # BODACC
    # ------------------------------------------------------------------------------------------
    def test_bodacc_liquidation_pauses_the_case(self):
        self.server.add(
            BODACC, Reply(body=fixture("bodacc_records_collective_900000019.DOC-BUILT.json"))
        )
        partner = self._debtor("Exemple Menuiserie", "900000019")
        self._overdue_invoice(partner, 2500, 20)
        case = self.Case._debt_recovery_case_for_partner(partner, self.company)
        call_level = self.env["debt.recovery.level"].create(
            {"company_id": self.company.id, "name": "Appel", "delay_days": 10}
        )
        case._place_at_level(call_level)
        pending = case._debt_recovery_ask_validation(call_level)
        self.assertEqual(len(case.activity_ids), 1)
        partner._debt_recovery_bodacc_check()
        path, query = self.server.requests[0]
        self.assertEqual(path, BODACC)
        self.assertEqual(query["where"], 'familleavis="collective" and registre like "900000019"')
        self.assertEqual(query["order_by"], "dateparution desc")
        self.assertTrue(partner.debt_recovery_collective_proceeding)
        self.assertEqual(partner.debt_recovery_collective_kind, "liquidation")
        self.assertEqual(partner.debt_recovery_collective_date, date(2026, 10, 6))
        self.assertEqual(partner.debt_recovery_collective_judgment_date, date(2026, 9, 29))
        self.assertEqual(partner.debt_recovery_bodacc_date, self.today)
        self.assertEqual(case.state, "collective_proceeding")
        self.assertFalse(case.next_action_date)
        # R622-24 C. com.: 2 months from the publication of 6 October 2026.
        self.assertEqual(case.claim_declaration_deadline, date(2026, 12, 6))
        activity = case.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("debt_recovery_fr.mail_activity_type_claim_declaration")
        )
        self.assertEqual(activity.date_deadline, date(2026, 12, 6))
        self.assertIn("Liquidation judiciaire published in the BODACC", activity.note)
        # The reminders stop: what awaited validation is cancelled, the daily run plans nothing.
        self.assertEqual(pending.state, "cancelled")
        self.assertEqual(case.activity_ids, activity)
        self.assertEqual(case._debt_recovery_plan(self.today), [])
        self.assertEqual(partner.debt_recovery_solvency_score, 10)
        # A second check finds the same judgment: no second activity.
        partner.debt_recovery_bodacc_date = False
        partner._debt_recovery_bodacc_check()
        self.assertEqual(len(case.activity_ids), 1)

    def test_bodacc_without_judgment_changes_nothing_but_the_check_date(self):
        self.server.add(BODACC, Reply(body=fixture("bodacc_records_empty.DOC-BUILT.json")))
        partner = self._debtor("Exemple Menuiserie", "900000019")
        self._overdue_invoice(partner, 2500, 20)
        case = self.Case._debt_recovery_case_for_partner(partner, self.company)
        partner._debt_recovery_bodacc_check()
        self.assertFalse(partner.debt_recovery_collective_proceeding)
        self.assertEqual(partner.debt_recovery_bodacc_date, self.today)
        self.assertEqual(case.state, "open")

    def test_bodacc_failures_leave_data_unchanged(self):
        partner = self._debtor("Exemple Menuiserie", "900000019")
        self._overdue_invoice(partner, 2500, 20)
        case = self.Case._debt_recovery_case_for_partner(partner, self.company)
        failures = [
            (Reply(429, fixture("bodacc_429_quota.DOC-EXAMPLE.json")), "refuses more requests"),
            (Reply(500, b"Internal Server Error", "text/plain"), r"BODACC failed \(HTTP 500\)"),
            (Reply(400, fixture("bodacc_400_odsql.DOC-EXAMPLE.json")), "ODSQL query is malformed"),
            (Reply(body=b'{"total_count": 1, "results": {}}'), "BODACC sent an answer"),
            (
                Reply(body=fixture("bodacc_records_empty.DOC-BUILT.json"), delay=TIMEOUT * 3),
                "did not answer within",
            ),
        ]
        for reply, message in failures:
            with self.subTest(message=message):
                self.server.reset()
                self.server.add(BODACC, reply)
                with self.assertRaisesRegex(ServiceError, message):
                    partner._debt_recovery_bodacc_check()
                self.assertFalse(partner.debt_recovery_bodacc_date)
                self.assertFalse(partner.debt_recovery_collective_proceeding)
                self.assertEqual(case.state, "open")

    def _bodacc_answer(self, **changes):
        """The recorded collective notices of 900000019 with ``changes`` to each record."""
        body = json.loads(fixture("bodacc_records_collective_900000019.DOC-BUILT.json"))
        for record in body["results"]:
            record.update(changes)
        return json.dumps(body).encode()

    def test_bodacc_notice_with_an_impossible_date_is_refused(self):
        partner = self._debtor("Exemple Menuiserie", "900000019")
        self._overdue_invoice(partner, 2500, 20)
        case = self.Case._debt_recovery_case_for_partner(partner, self.company)
        judgment = json.dumps({"famille": "Jugement d'ouverture", "date": "9999-11-30"})
        for changes, message in (
            ({"dateparution": "9999-12-01"}, r"cannot be read \(dateparution 9999-12-01\)"),
            ({"dateparution": "1066-10-14"}, r"cannot be read \(dateparution 1066-10-14\)"),
            ({"jugement": judgment}, r"cannot be read \(jugement.date 9999-11-30\)"),
        ):
            with self.subTest(changes=changes):
                self.server.reset()
                self.server.add(BODACC, Reply(body=self._bodacc_answer(**changes)))
                with self.assertRaisesRegex(ServiceError, message):
                    partner._debt_recovery_bodacc_check()
                self.assertFalse(partner.debt_recovery_bodacc_date)
                self.assertFalse(partner.debt_recovery_collective_proceeding)
                self.assertEqual(case.state, "open")

    def test_one_bad_bodacc_answer_does_not_stop_the_watch(self):
        """The daily watch isolates each debtor: the impossible notice of the first is logged
        for him, the second is checked."""
        self.env["ir.config_parameter"].sudo().set_param("debt_recovery_fr.ecb_rates", False)
        bad = self._debtor("Exemple Menuiserie", "900000019")
        good = self._debtor("Danone", "552032534")
        cases = self.Case
        for partner in (bad, good):
            self._overdue_invoice(partner, 2500, 20)
            cases |= self.Case._debt_recovery_case_for_partner(partner, self.company)
        self.server.add(
            BODACC,
            Reply(body=self._bodacc_answer(dateparution="9999-12-01")),
            q='familleavis="collective" and registre like "900000019"',
        )
        self.server.add(BODACC, Reply(body=fixture("bodacc_records_empty.DOC-BUILT.json")))
        with self.assertLogs("odoo.addons.debt_recovery_fr", "WARNING") as logs:
            self._run_cron()
        self.assertEqual(len(logs.output), 1, logs.output)
        self.assertIn("BODACC watch of Exemple Menuiserie", logs.output[0])
        self.assertIn("dateparution 9999-12-01", logs.output[0])
        self.assertFalse(bad.debt_recovery_bodacc_date, "checked again tomorrow")
        self.assertFalse(bad.debt_recovery_collective_proceeding)
        self.assertEqual(good.debt_recovery_bodacc_date, self.today)
        self.assertEqual(set(cases.mapped("state")), {"open"})
        self.assertEqual(len(self.server.requests), 2, "each debtor asked once")

    def _run_cron(self):
        cron = self.env.ref("debt_recovery_fr.ir_cron_debt_recovery_registers")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()

    def test_cron_watches_bodacc_and_updates_rates(self):
        self.server.add(
            BODACC, Reply(body=fixture("bodacc_records_collective_900000019.DOC-BUILT.json"))
        )
        self.server.add(ECB, Reply(body=fixture(ECB_CSV), content_type="text/csv"))
        partner = self._debtor("Exemple Menuiserie", "900000019")
        self._overdue_invoice(partner, 2500, 20)
        case = self.Case._debt_recovery_case_for_partner(partner, self.company)
        other = self._debtor("Sans Dossier", "552032534")
        self._run_cron()
        self.assertEqual(case.state, "collective_proceeding")
        self.assertFalse(other.debt_recovery_bodacc_date, "no open case: not watched")
        self.assertEqual([path for path, _query in self.server.requests], [ECB, BODACC])
        # The next run the same day asks the BODACC nothing again.
        self.server.reset()
        self.server.add(ECB, Reply(body=fixture(ECB_CSV), content_type="text/csv"))
        self._run_cron()
        self.assertEqual([path for path, _query in self.server.requests], [ECB])

    def test_failing_services_never_fail_the_cron(self):
        self.server.add(BODACC, Reply(503, b"down", "text/plain"))
        self.server.add(ECB, Reply(body=b"", delay=TIMEOUT * 3))
        partner = self._debtor("Exemple Menuiserie", "900000019")
        self._overdue_invoice(partner, 2500, 20)
        case = self.Case._debt_recovery_case_for_partner(partner, self.company)
        rates = self.Rate.search_count([])
        with self.assertLogs("odoo.addons.debt_recovery_fr", "WARNING") as logs:
            self._run_cron()
        self.assertEqual(len(logs.output), 2)
        self.assertIn("ECB rate update skipped", logs.output[0])
        self.assertIn("BODACC watch stopped for today", logs.output[1])
        self.assertEqual(self.Rate.search_count([]), rates)
        self.assertEqual(case.state, "open")
        self.assertFalse(partner.debt_recovery_bodacc_date)

    def test_switched_off_bodacc_and_ecb_make_no_call(self):
        self.company.debt_recovery_bodacc_watch = False
        self.env["ir.config_parameter"].sudo().set_param("debt_recovery_fr.ecb_rates", False)
        partner = self._debtor("Exemple Menuiserie", "900000019")
        self._overdue_invoice(partner, 2500, 20)
        self.Case._debt_recovery_case_for_partner(partner, self.company)
        self._run_cron()
        self.assertEqual(self.server.requests, [])
        with self.assertRaisesRegex(UserError, "switched off"):
            self.Rate.action_debt_recovery_update_from_ecb()

    # ------------------------------------------------------------------------------------------
    # ECB
    # ------------------------------------------------------------------------------------------
    def test_ecb_update_adds_the_rate_and_the_half_year(self):
        self.Rate.search([("kind", "=", "mro"), ("date_from", ">=", "2026-06-17")]).unlink()
        with self.assertRaises(MissingRateError):
            self.Rate._get_rate_table().penalty_rate_b2b(date(2026, 8, 1))
        self.server.add(ECB, Reply(body=fixture(ECB_CSV), content_type="text/csv"))
        added = self.Rate._debt_recovery_update_from_ecb(today=date(2026, 7, 2))
        self.assertEqual(self.server.requests[0][1], {"detail": "full", "format": "csvdata"})
        self.assertEqual(
            [(rate.date_from, rate.rate) for rate in added],
            [(date(2026, 6, 17), 2.4), (date(2026, 7, 1), 2.4)],
        )
        self.assertTrue(all(added.mapped("confirmed")))
        # L441-10 C. com.: the rate of 1 July 2026 + 10 points for the second half of 2026.
        self.assertEqual(
            self.Rate._get_rate_table().penalty_rate_b2b(date(2026, 8, 1)), Decimal("12.40")
        )
        self.assertFalse(self.Rate._debt_recovery_update_from_ecb(today=date(2026, 7, 2)))

    def test_settings_update_now_stores_the_switch(self):
        self.env["ir.config_parameter"].sudo().set_param("debt_recovery_fr.ecb_rates", False)
        self.Rate.search([("kind", "=", "mro"), ("date_from", ">=", "2026-06-17")]).unlink()
        self.server.add(ECB, Reply(body=fixture(ECB_CSV), content_type="text/csv"))
        settings = self.env["res.config.settings"].sudo().create({"debt_recovery_ecb_rates": True})
        action = settings.action_debt_recovery_update_from_ecb()
        self.assertIn("2026-06-17 2.4 %", action["params"]["message"])
        self.assertTrue(self.Rate._debt_recovery_ecb_enabled())

    def test_ecb_failures_leave_rates_unchanged(self):
        self.Rate.search([("kind", "=", "mro"), ("date_from", ">=", "2026-06-17")]).unlink()
        count = self.Rate.search_count([])
        failures = [
            (Reply(503, b"Service Unavailable", "text/plain"), r"failed \(HTTP 503\)"),
            (Reply(429, b"", "text/plain"), "refuses more requests"),
            (Reply(body=fixture(ECB_CSV), delay=TIMEOUT * 3), "did not answer within"),
            # The recorded jsondata answer (no observation) where CSV is expected.
            (
                Reply(
                    body=fixture(
                        "FM_B.U2.EUR.4F.KR.DFR+MLFR+MRR_FR.LEV_detail-full_format-jsondata.json"
                    )
                ),
                "cannot be read",
            ),
            (Reply(body=fixture(ECB_CSV).replace(b",2.4,", b",n/a,")), "cannot be read"),
        ]
        for reply, message in failures:
            with self.subTest(message=message):
                self.server.reset()
                self.server.add(ECB, reply)
                with self.assertRaisesRegex(UserError, message):
                    self.Rate.action_debt_recovery_update_from_ecb()
                self.assertEqual(self.Rate.search_count([]), count)

    def test_ecb_rates_out_of_the_plausible_range_are_refused(self):
        self.Rate.search([("kind", "=", "mro"), ("date_from", ">=", "2026-06-17")]).unlink()
        # A provisional figure the ECB would confirm: it stays unconfirmed.
        provisional = self.Rate.create(
            {"kind": "mro", "date_from": date(2026, 6, 17), "rate": 2.4, "confirmed": False}
        )
        count = self.Rate.search_count([])
        for junk, shown in ((b",-0.50,", "-0.50"), (b",1000000,", "1000000")):
            with self.subTest(rate=shown):
                self.server.reset()
                body = fixture(ECB_CSV).replace(b",2.4,", junk)
                self.server.add(ECB, Reply(body=body, content_type="text/csv"))
                with self.assertRaisesRegex(
                    UserError,
                    f"gives a rate of {shown} % from 20..-..-.., outside the plausible range",
                ):
                    self.Rate.action_debt_recovery_update_from_ecb()
                self.assertEqual(self.Rate.search_count([]), count)
                self.assertFalse(provisional.confirmed)
                # The scheduled action logs it and records nothing either.
                with self.assertLogs("odoo.addons.debt_recovery_fr", "WARNING") as logs:
                    self._run_cron()
                self.assertIn("outside the plausible range", logs.output[0])
                self.assertEqual(self.Rate.search_count([]), count)
                self.assertFalse(provisional.confirmed)

    # ------------------------------------------------------------------------------------------
    # Solvency score
    # ------------------------------------------------------------------------------------------
    def test_score_breakdown_sums_to_the_score(self):
        partner = self._debtor("Payeur Lent")
        paid = self._overdue_invoice(partner, 1000, 60)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=paid.ids
        ).create({"payment_date": self.today - timedelta(days=40)})._create_payments()
        self._overdue_invoice(partner, 500, 10)
        result = partner._debt_recovery_solvency_scores()[partner.id]
        points = {line.code: line.points for line in result.lines}
        # Its registers never read: scored on its payments only (legal/solvency.py
        # BEHAVIOUR_WEIGHTS). 20 days late on average: 40 × 70/90 = 31.1 → 31; all paid late:
        # 0; 500 € overdue for 1 500 € of sales (2/3 of the 1/2 limit): 30 × 1/3 = 10.
        self.assertEqual(points, {"delay": 31, "late_share": 0, "overdue_ratio": 10})
        self.assertEqual(result.score, 41)
        self.assertEqual(sum(points.values()), result.score)
        self.assertEqual(partner.debt_recovery_solvency_score, 41)
        case = self.Case._debt_recovery_case_for_partner(partner, self.company)
        self.assertEqual(case.solvency_score, 41)
        self.assertIn("41 / 100", case.solvency_html)
        # Once the register said it is active, created 5 years ago: the full scale. Delay 20 ×
        # 70/90 = 15.6 → 16; late 0; overdue 15 × 1/3 = 5; active 20; no proceedings 20; age
        # 10 × 5/10 = 5: 66.
        partner.write(
            {
                "debt_recovery_admin_status": "active",
                "debt_recovery_creation_date": self.today - timedelta(days=round(5 * 365.25)),
            }
        )
        partner.invalidate_recordset()
        self.assertEqual(partner.debt_recovery_solvency_score, 66)

    def test_solvency_unknown_and_consumers(self):
        # Nothing paid, no register read: no score, « insufficient data », no warning.
        company = self._debtor("Inconnue SARL")
        self._overdue_invoice(company, 500, 10)
        self.assertFalse(company.debt_recovery_solvency_known)
        self.assertIn("Insufficient data", company.debt_recovery_solvency_html)
        # A consumer is never scored on company criteria, even a « ceased » status.
        consumer = self._debtor("Jean Martin")
        consumer.write({"is_company": False, "debt_recovery_debtor_type": "b2c"})
        paid = self._overdue_invoice(consumer, 300, 30)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=paid.ids
        ).create({"payment_date": self.today - timedelta(days=30)})._create_payments()
        result = consumer._debt_recovery_solvency_scores()[consumer.id]
        self.assertEqual(
            {line.code for line in result.lines}, {"delay", "late_share", "overdue_ratio"}
        )
        self.assertTrue(consumer.debt_recovery_solvency_known)
        self.assertNotIn("Company age", consumer.debt_recovery_solvency_html)
