# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import DebtRecoveryCommon


class CaseGuardFixtures(DebtRecoveryCommon):
    """Levels up to an "Injonction de payer", a Recovery User, a prescribed consumer case and a
    case under collective proceeding, both at the formal notice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_reminder = cls._create_level("reminder", 10, 5)
        cls.level_second = cls._create_level("second", 15, 10)
        cls.level_notice = cls._create_level("notice", 20, 35, manual_validation=True)
        # No manual validation: what refuses the move is the law, not the user's group.
        cls.level_order = cls._create_level("payment_order", 40, 80, name="Injonction de payer")
        cls.user = cls._create_user("guard_recovery_user")
        Partner = cls.env["res.partner"]
        fr = cls.env.ref("base.fr")
        cls.debtor = cls._create_paris_debtor()
        cls.bankrupt = Partner.create(
            {"name": "Scierie en Redressement SAS", "is_company": True, "country_id": fr.id}
        )
        cls.consumer = Partner.create(
            {"name": "Jeanne Durand", "zip": "75020", "country_id": fr.id}
        )
        # L218-2 C. conso.: two years for a professional's claim on a consumer.
        cls._overdue_invoice(cls.consumer, 800, 800)
        cls._overdue_invoice(cls.bankrupt, 2500, 60)
        cls.prescribed_case = cls._placed_case(cls.consumer, cls.level_notice)
        cls.collective_case = cls._placed_case(cls.bankrupt, cls.level_notice)
        cls.collective_case._change_state("collective_proceeding", event=True)

    @classmethod
    def _placed_case(cls, partner, level):
        case = cls.Case._debt_recovery_case_for_partner(partner, cls.company)
        case._place_at_level(level)
        case._recompute_amounts()
        return case

    def _snapshot(self, case):
        """What a refused attempt must leave as it was."""
        case.invalidate_recordset()
        return {
            "level": case.level_id,
            "state": case.state,
            "visit": case.level_visit,
            "actions": self.env["debt.recovery.action"].search_count([("case_id", "=", case.id)]),
            "messages": self.env["mail.message"].search_count(
                [("model", "=", case._name), ("res_id", "=", case.id)]
            ),
        }


@tagged("post_install", "-at_install")
class TestCaseGuard(CaseGuardFixtures):
    # ------------------------------------------------------------------------------------------
    # Findings 1 and 2: a context key authorises nothing; one path moves a case
    # ------------------------------------------------------------------------------------------
    def test_context_key_does_not_skip_the_checks(self):
        for case, rule in (
            (self.prescribed_case, "prescribed"),
            (self.collective_case, "mandataire judiciaire"),
        ):
            with self.subTest(case=case.name):
                before = self._snapshot(case)
                as_user = case.with_user(self.user).with_context(
                    debt_recovery_escalation_checked=True
                )
                with self.assertRaisesRegex(UserError, rule):
                    as_user.write({"level_id": self.level_order.id})
                self.assertEqual(self._snapshot(case), before, "the refusal changed nothing")

    def test_every_path_writes_the_same_step(self):
        """The wizard, the kanban, the scheduled action and a manager's validation: the same
        ``level_change`` step and chatter line, through ``_move_to_level``."""
        paths = {}
        for name in ("wizard", "kanban", "cron", "validation"):
            partner = self.env["res.partner"].create(
                {"name": f"Debiteur {name}", "is_company": True}
            )
            invoice = self._overdue_invoice(partner, 1000, 40)
            paths[name] = (self._placed_case(partner, self.level_reminder), invoice)
        # The wizard of the invoice, as a Recovery User.
        wizard = (
            self.env["debt.recovery.escalate.wizard"]
            .with_user(self.user)
            .create({"invoice_id": paths["wizard"][1].id, "level_id": self.level_second.id})
        )
        wizard.action_escalate()
        # The kanban drag: a write of the level, as a Recovery User.
        paths["kanban"][0].with_user(self.user).write({"level_id": self.level_second.id})
        # The scheduled action: the reminder has no channel, the second one's delay passed.
        paths["cron"][0]._debt_recovery_run(self.today)
        # A manager validates the move asked for.
        case = paths["validation"][0]
        case._debt_recovery_ask_validation(self.level_second).action_validate()
        for name, (case, invoice) in paths.items():
            with self.subTest(path=name):
                self.assertEqual(case.level_id, self.level_second)
                self.assertEqual(case.level_visit, 2)
                step = case.action_ids.filtered(lambda a: a.channel == "level_change")
                self.assertRecordValues(
                    step,
                    [
                        {
                            "level_id": self.level_second.id,
                            "state": "done",
                            "amount": 1000,
                            "level_visit": 2,
                            "note": "From Reminder to Second reminder.",
                        }
                    ],
                )
                self.assertEqual(step.invoice_ids, invoice)
                lines = case.message_ids.mapped("preview")
                self.assertTrue(
                    any("Escalated from Reminder to Second reminder by" in line for line in lines),
                    lines,
                )

    def test_kanban_drag_back_down_is_a_step_too(self):
        case = self._placed_case(self.debtor, self.level_second)
        self._overdue_invoice(self.debtor, 500, 40)
        case.with_user(self.user).write({"level_id": self.level_reminder.id})
        self.assertEqual(case.level_id, self.level_reminder)
        step = case.action_ids.filtered(lambda a: a.channel == "level_change")
        self.assertEqual(step.note, "From Second reminder to Reminder.")
        self.assertIn("Moved back from Second reminder to Reminder", case.message_ids[0].preview)

    def test_level_visit_and_new_cases_are_not_written_by_hand(self):
        case = self._placed_case(self.debtor, self.level_reminder)
        before = self._snapshot(case)
        with self.assertRaisesRegex(UserError, "counted by the moves"):
            case.with_user(self.user).write({"level_visit": 0})
        self.assertEqual(self._snapshot(case), before)
        partner = self.env["res.partner"].create({"name": "Nouveau", "is_company": True})
        with self.assertRaisesRegex(UserError, "starts open, at no level"):
            self.Case.with_user(self.user).create(
                {"partner_id": partner.id, "level_id": self.level_order.id}
            )
        with self.assertRaisesRegex(UserError, "starts open, at no level"):
            self.Case.with_user(self.user).create({"partner_id": partner.id, "state": "paid"})

    # ------------------------------------------------------------------------------------------
    # Finding 3: the collective proceeding holds; a case that claims nothing says why
    # ------------------------------------------------------------------------------------------
    def test_collective_proceeding_is_not_undone_by_a_write(self):
        case = self.collective_case
        before = self._snapshot(case)
        with self.assertRaisesRegex(UserError, "Only a Recovery Manager"):
            case.with_user(self.user).with_context(debt_recovery_escalation_checked=True).write(
                {"state": "open"}
            )
        with self.assertRaisesRegex(UserError, "Give the reason"):
            case.write({"state": "open"})
        self.assertEqual(self._snapshot(case), before)
        # A Recovery Manager resumes the recovery when the judgment is reversed, saying so.
        action = case.action_end_collective_proceeding()
        self.assertEqual(action["res_model"], "debt.recovery.case.state.wizard")
        with Form(self.env[action["res_model"]].with_context(**action["context"])) as form:
            form.reason = "Jugement d'ouverture infirmé en appel"
        form.record.action_confirm()
        self.assertEqual(case.state, "open")
        self.assertIn("Jugement d'ouverture infirmé en appel", case.message_ids[0].preview)
        self.assertIn("Collective Proceeding to Open", case.message_ids[0].preview)

    def test_all_invoices_disputed_gives_the_reason(self):
        case = self._placed_case(self.debtor, self.level_notice)
        self._overdue_invoice(self.debtor, 1200, 60)
        case = self.Case._debt_recovery_case_for_partner(self.debtor, self.company)
        case.invoice_ids.write(
            {"debt_recovery_disputed": True, "debt_recovery_dispute_reason": "Livré abîmé"}
        )
        case._recompute_amounts()
        self.assertEqual(case.amount_overdue, 0)
        options = case._debt_recovery_procedure_options()
        self.assertFalse(any(option.allowed for option in options))
        before = self._snapshot(case)
        with self.assertRaisesRegex(UserError, "Nothing is claimed: every invoice"):
            case.write({"level_id": self.level_order.id})
        self.assertEqual(self._snapshot(case), before)
        # The same under collective proceeding: the reason, not an InvalidAmountError.
        case._change_state("collective_proceeding", event=True)
        with self.assertRaisesRegex(UserError, "Nothing is claimed"):
            case.write({"level_id": self.level_order.id})
        wizard = self.env["debt.recovery.escalate.wizard"].create(
            {"invoice_id": case.invoice_ids[0].id, "level_id": self.level_order.id}
        )
        self.assertIn("Nothing is claimed", wizard.procedures_html)

    # ------------------------------------------------------------------------------------------
    # Finding 4: paid follows the invoices; a write-off is a manager's, with a reason
    # ------------------------------------------------------------------------------------------
    def test_user_cannot_close_a_case_by_hand(self):
        case = self._placed_case(self.debtor, self.level_reminder)
        self._overdue_invoice(self.debtor, 1200, 60)
        before = self._snapshot(case)
        as_user = case.with_user(self.user)
        with self.assertRaisesRegex(UserError, "a case is paid when its invoices are"):
            as_user.write({"state": "paid"})
        with self.assertRaisesRegex(UserError, "a case is paid when its invoices are"):
            case.write({"state": "paid"})
        with self.assertRaisesRegex(UserError, "Only a Recovery Manager"):
            as_user.write({"state": "written_off"})
        with self.assertRaisesRegex(UserError, "Only a Recovery Manager"):
            as_user.action_write_off(reason="Débiteur introuvable")
        with self.assertRaisesRegex(UserError, "escalated by the procedure"):
            case.write({"state": "escalated"})
        with self.assertRaisesRegex(UserError, "Give the reason"):
            case.write({"state": "written_off"})
        self.assertEqual(self._snapshot(case), before)
        # A Recovery Manager writes it off, and the history says who and why.
        case.action_write_off(reason="Débiteur radié, créance irrécouvrable")
        self.assertRecordValues(case, [{"state": "written_off", "next_action_date": False}])
        self.assertIn("Débiteur radié, créance irrécouvrable", case.message_ids[0].preview)
        with self.assertRaisesRegex(UserError, "the case is closed"):
            case.write({"level_id": self.level_second.id})

    # ------------------------------------------------------------------------------------------
    # Finding 7: commissaires and companies
    # ------------------------------------------------------------------------------------------
    def test_commissaire_of_another_company_is_refused(self):
        company_b = self.setup_other_company(name="Company B")["company"]
        paris = self.env["debt.recovery.departement"].search([("code", "=", "75")])
        Partner = self.env["res.partner"]
        values = {
            "is_company": True,
            "debt_recovery_is_commissaire": True,
            "debt_recovery_covered_departement_ids": [Command.set(paris.ids)],
        }
        # Only the commissaires of the test (a database with demo data has its own).
        Partner.search([("debt_recovery_is_commissaire", "=", True)]).write(
            {"debt_recovery_is_commissaire": False}
        )
        # Company B's own commissaire comes first by id: the old search, on every company of
        # the user, picked it for a case of company A.
        reserved = Partner.create({**values, "name": "SCP Réservée B", "company_id": company_b.id})
        shared = Partner.create({**values, "name": "SCP Partagée"})
        self.env.user.company_ids += company_b
        both = self.env["res.partner"].with_context(
            allowed_company_ids=[self.company.id, company_b.id]
        )
        self.assertEqual(
            both.browse(self.debtor.id)._debt_recovery_find_commissaire(self.company), shared
        )
        case = self._placed_case(self.debtor, self.level_reminder)
        with self.assertRaisesRegex(UserError, "company inconsistencies"):
            case.with_context(allowed_company_ids=[self.company.id, company_b.id]).write(
                {"commissaire_id": reserved.id}
            )
        case.commissaire_id = shared
        self.assertEqual(case.commissaire_id, shared)

    def test_cron_opens_cases_only_where_recovery_is_enabled(self):
        company_b = self.setup_other_company(name="Company B")["company"]
        self.assertTrue(self.company.debt_recovery_enabled, "it has recovery levels")
        self.assertFalse(company_b.debt_recovery_enabled)
        self._overdue_invoice(self.debtor, 700, 40, company=company_b)
        cron = self.env.ref("debt_recovery_fr.ir_cron_debt_recovery_run")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()
        self.assertFalse(self.Case.search([("company_id", "=", company_b.id)]))
        self.assertTrue(self.Case.search([("company_id", "=", self.company.id)]))
        # Nor does "Run Now" in company B.
        self.env.user.company_ids += company_b
        self.env["debt.recovery.run.wizard"].with_context(
            allowed_company_ids=[company_b.id]
        ).create({}).action_run()
        self.assertFalse(self.Case.search([("company_id", "=", company_b.id)]))
        # Company B sets up its recovery: the next run opens its case.
        self.env["debt.recovery.level"].create(
            {"company_id": company_b.id, "name": "Relance B", "delay_days": 5}
        )
        self.assertTrue(company_b.debt_recovery_enabled)
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()
        self.assertTrue(self.Case.search([("company_id", "=", company_b.id)]))

    def test_a_company_turned_off_stays_off_when_its_levels_change(self):
        company_b = self.setup_other_company(name="Company B")["company"]
        self._overdue_invoice(self.debtor, 700, 40, company=company_b)
        manager_b = new_test_user(
            self.env,
            login="guard_manager_b",
            groups="debt_recovery_fr.debt_recovery_group_manager",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        Level = self.env["debt.recovery.level"].with_user(manager_b)
        # Its first levels, set up by a Recovery Manager, turn its recovery on.
        first = Level.create({"company_id": company_b.id, "name": "Relance B", "delay_days": 5})
        self.assertTrue(company_b.debt_recovery_enabled)
        # The administrator turns it off in the settings.
        self.env.user.company_ids += company_b
        settings = (
            self.env["res.config.settings"]
            .with_context(allowed_company_ids=company_b.ids)
            .create({"debt_recovery_enabled": False})
        )
        self.assertEqual(settings.company_id, company_b)
        settings.execute()
        self.assertFalse(company_b.debt_recovery_enabled)
        # The manager goes on setting up the levels: the choice holds.
        second = Level.create(
            {"company_id": company_b.id, "name": "Mise en demeure B", "delay_days": 30}
        )
        first.write({"name": "Première relance B", "delay_days": 8})
        second.action_archive()
        second.action_unarchive()
        self.assertFalse(company_b.debt_recovery_enabled)
        cron = self.env.ref("debt_recovery_fr.ir_cron_debt_recovery_run")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()
        self.assertFalse(self.Case.search([("company_id", "=", company_b.id)]))
        self.assertTrue(self.company.debt_recovery_enabled, "the other company is not concerned")
        # Turned on again, it works.
        settings = (
            self.env["res.config.settings"]
            .with_context(allowed_company_ids=company_b.ids)
            .create({"debt_recovery_enabled": True})
        )
        settings.execute()
        self.assertTrue(company_b.debt_recovery_enabled)
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()
        self.assertTrue(self.Case.search([("company_id", "=", company_b.id)]))


@tagged("post_install", "-at_install")
class TestCaseGuardRpc(CaseGuardFixtures, HttpCase):
    """The attack as it came: JSON-RPC from a Recovery User's session."""

    def _call(self, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "debt.recovery.case",
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        )

    def test_context_key_over_json_rpc_is_refused(self):
        self.authenticate(self.user.login, self.user.login)
        context = {"debt_recovery_escalation_checked": True}
        for case in (self.prescribed_case, self.collective_case):
            before = self._snapshot(case)
            for method, args, kwargs in (
                ("write", [[case.id], {"level_id": self.level_order.id}], {"context": context}),
                (
                    "web_save",
                    [[case.id], {"level_id": self.level_order.id}],
                    {"specification": {"level_id": {}}, "context": context},
                ),
                ("write", [[case.id], {"state": "paid"}], {"context": context}),
                ("write", [[case.id], {"state": "written_off"}], {"context": context}),
                ("write", [[case.id], {"state": "paused"}], {"context": context}),
                ("action_write_off", [[case.id]], {"reason": "Abandon", "context": context}),
            ):
                with (
                    self.subTest(case=case.name, method=method, args=args[1:]),
                    mute_logger("odoo.http"),
                    self.assertRaisesRegex(JsonRpcException, "UserError"),
                ):
                    self._call(method, args, kwargs)
                self.assertEqual(self._snapshot(case), before, "the refusal changed nothing")
        # Nor is the collective proceeding undone.
        before = self._snapshot(self.collective_case)
        with mute_logger("odoo.http"), self.assertRaisesRegex(JsonRpcException, "UserError"):
            self._call(
                "write", [[self.collective_case.id], {"state": "open"}], {"context": context}
            )
        self.assertEqual(self._snapshot(self.collective_case), before)
        # Private paths are not reachable over RPC.
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._call("_move_to_level", [[self.collective_case.id], self.level_order.id])

    def test_kanban_drag_over_json_rpc_writes_the_step(self):
        self._overdue_invoice(self.debtor, 900, 40)
        case = self._placed_case(self.debtor, self.level_reminder)
        self.authenticate(self.user.login, self.user.login)
        result = self._call(
            "web_save",
            [[case.id], {"level_id": self.level_second.id}],
            {"specification": {"level_id": {"fields": {"display_name": {}}}}},
        )
        self.assertEqual(result[0]["level_id"]["id"], self.level_second.id)
        case.invalidate_recordset()
        self.assertEqual(case.level_id, self.level_second)
        step = case.action_ids.filtered(lambda a: a.channel == "level_change")
        self.assertRecordValues(
            step,
            [{"level_id": self.level_second.id, "note": "From Reminder to Second reminder."}],
        )
        self.assertEqual(step.user_id, self.user)
