# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import Request
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from .common import DebtRecoveryBuilders, DebtRecoveryCommon


def _force_case_state(case, state):
    """Put a case in ``state`` the way the module does when an event happens (a procedure
    opened on it): its one state-changing method."""
    case._change_state(state, event=True)


@tagged("post_install", "-at_install")
class TestPlanGuard(DebtRecoveryCommon):
    """The agreement, its schedule and the partners' legal data hold whatever the client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtor = cls.env["res.partner"].create(
            {"name": "Garde Échéance SARL", "is_company": True, "email": "g@echeance.fr"}
        )
        cls.invoice_a = cls._overdue_invoice(cls.debtor, 600.0, 40)
        cls.invoice_b = cls._overdue_invoice(cls.debtor, 400.0, 20)
        cls.recovery_user = cls._create_user(
            "guard_recovery_user",
            "debt_recovery_fr.debt_recovery_group_user,base.group_partner_manager",
        )
        cls.contact_user = cls._create_user(
            "guard_contact_user", "base.group_user,base.group_partner_manager"
        )
        cls.manager = cls._create_user(
            "guard_manager",
            "debt_recovery_fr.debt_recovery_group_manager,base.group_partner_manager",
        )

    def setUp(self):
        super().setUp()
        self.case = self.Case._debt_recovery_case_for_partner(self.debtor, self.company)
        self.case._recompute_amounts()

    @contextmanager
    def _refused(self, exception, regex):
        """``assertRaisesRegex`` in a savepoint (as Odoo's ``assertRaises``): what a refused
        call wrote before raising is rolled back, as the RPC call's transaction would be."""
        with self.assertRaises(exception) as catcher:
            yield
        self.assertRegex(str(catcher.exception), regex)

    def _plan(self, user=None, **vals):
        wizard = (
            self.env["debt.recovery.instalment.wizard"]
            .with_user(user or self.env.user)
            .create(
                {
                    "case_id": self.case.id,
                    "count": 4,
                    "frequency": "monthly",
                    "date_start": self.today,
                    "first_date": self.today + timedelta(days=10),
                    **vals,
                }
            )
        )
        return self.env["debt.recovery.instalment.plan"].browse(
            wizard.action_create_plan()["res_id"]
        )

    def _proposed_plan(self, **vals):
        plan = self._plan(**vals)
        plan.action_propose()
        return plan

    # ------------------------------------------------------------------------------------------
    # Finding 5: the acceptance is written by the acceptance only
    # ------------------------------------------------------------------------------------------
    def test_a_user_cannot_forge_the_acceptance(self):
        plan = self._proposed_plan().with_user(self.recovery_user)
        for vals in (
            {"accepted_date": fields.Datetime.now()},
            {"accepted_ip": "192.0.2.1"},
            {"accepted_by_id": self.debtor.id},
            {"state": "active"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(AccessError, "plan itself"):
                plan.write(vals)
        # Not even a manager.
        with self.assertRaises(AccessError):
            plan.with_user(self.manager).write({"state": "active"})
        plan.invalidate_recordset()
        self.assertEqual(plan.state, "proposed")
        self.assertFalse(plan.accepted_date or plan.accepted_ip or plan.accepted_by_id)
        self.assertEqual(self.case.state, "open")
        with self.assertRaisesRegex(AccessError, "created as a draft"):
            self.env["debt.recovery.instalment.plan"].with_user(self.recovery_user).create(
                {
                    "case_id": self.case.id,
                    "invoice_ids": [Command.set((self.invoice_a | self.invoice_b).ids)],
                    "amount_invoices": 1000.0,
                    "state": "active",
                    "accepted_date": fields.Datetime.now(),
                }
            )

    def test_the_amounts_of_an_active_plan_are_fixed(self):
        plan = self._proposed_plan()
        plan.action_accept()
        self.assertEqual(plan.state, "active")
        for vals in ({"amount_invoices": 1.0}, {"amount_extra": 5.0}, {"date_start": self.today}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                plan.with_user(self.recovery_user).write(vals)
        self.assertEqual(plan.amount_total, 1000.0)

    def test_the_instalments_of_an_accepted_plan_are_fixed(self):
        plan = self._proposed_plan()
        plan.action_accept()
        Instalment = self.env["debt.recovery.instalment"].with_user(self.recovery_user)
        instalment = plan.instalment_ids[:1].with_user(self.recovery_user)
        with self.assertRaisesRegex(UserError, "is agreed"):
            Instalment.create({"plan_id": plan.id, "date_due": self.today, "amount": 1.0})
        with self.assertRaisesRegex(UserError, "is agreed"):
            instalment.unlink()
        draft = self._plan(date_start=self.today + timedelta(days=1))
        with self.assertRaisesRegex(UserError, "another"):
            instalment.write({"plan_id": draft.id})
        with self.assertRaisesRegex(AccessError, "payment reference"):
            instalment.write({"payment_reference": "RF00 FAKE"})
        with self.assertRaisesRegex(UserError, "is agreed"):
            plan.with_user(self.recovery_user).write(
                {"instalment_ids": [Command.create({"date_due": self.today, "amount": 1.0})]}
            )
        self.assertEqual(len(plan.instalment_ids), 4)
        self.assertEqual(instalment.plan_id, plan)
        # An accepted plan is history: it is not deleted either.
        with self.assertRaisesRegex(UserError, "history"):
            plan.with_user(self.manager).unlink()

    def test_a_refused_acceptance_writes_nothing(self):
        plan = self._proposed_plan()
        _force_case_state(self.case, "escalated")
        messages = self.case.message_ids
        with self.assertRaisesRegex(UserError, "only start on an open case"):
            plan._debt_recovery_accept(self.debtor, "192.0.2.7")
        plan.invalidate_recordset()
        self.assertEqual(plan.state, "proposed")
        self.assertFalse(plan.accepted_date or plan.accepted_ip or plan.accepted_by_id)
        self.assertEqual(self.case.message_ids, messages)
        # The offer is not stuck: once the case is open again, the debtor accepts it.
        _force_case_state(self.case, "open")
        plan._debt_recovery_accept(self.debtor, "192.0.2.7")
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.accepted_ip, "192.0.2.7")

    def test_a_stranger_does_not_accept_for_the_debtor(self):
        plan = self._proposed_plan()
        with self.assertRaisesRegex(UserError, "Only the debtor"):
            plan._debt_recovery_accept(self.contact_user.partner_id, "192.0.2.7")
        self.assertFalse(plan.accepted_date)

    def test_a_new_agreement_replaces_the_running_plan(self):
        old = self._proposed_plan()
        old.action_accept()
        new = self._proposed_plan(count=6)
        self.assertEqual(new.replaces_id, old)
        self.assertEqual(old.state, "active")
        new.action_accept()
        self.assertEqual(old.state, "cancelled")
        self.assertEqual(new.state, "active")
        self.assertEqual(self.case.state, "paused")
        self.assertFalse(old.reconcile_model_id.active)
        self.assertTrue(new.reconcile_model_id.active)
        self.assertIn(new.name, old.message_ids[0].body)

    def _history(self, plan):
        """What a refused attempt must leave as it was."""
        # The tracking messages are written at the end of the transaction.
        self.env.flush_all()
        self.env.cr.precommit.run()
        plan.invalidate_recordset()
        self.case.invalidate_recordset()
        return {
            "plan": plan.read(
                [
                    "state",
                    "accepted_date",
                    "accepted_ip",
                    "accepted_by_id",
                    "accepted_user_id",
                    "cancel_reason",
                    "cancel_user_id",
                ]
            ),
            "case state": self.case.state,
            "plan messages": plan.message_ids.ids,
            "case messages": self.case.message_ids.ids,
            "case steps": self.case.action_ids.ids,
            "plan files": self.env["ir.attachment"].search(
                [("res_model", "=", plan._name), ("res_id", "=", plan.id)]
            ),
        }

    def test_a_paper_acceptance_goes_through_the_acceptance(self):
        plan = self._proposed_plan()
        # Refused by the acceptance's checks, as on the portal: nothing is written.
        _force_case_state(self.case, "escalated")
        before = self._history(plan)
        with self.assertRaisesRegex(UserError, "only start on an open case"):
            plan.with_user(self.recovery_user).action_accept()
        self.assertEqual(self._history(plan), before)
        _force_case_state(self.case, "open")
        # Neither a plain user with Contact Creation nor a user of another company records it.
        company_b = self.setup_other_company(name="Société Échéance B")["company"]
        user_b = new_test_user(
            self.env,
            login="guard_user_company_b",
            groups="debt_recovery_fr.debt_recovery_group_user",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        before = self._history(plan)
        for user in (self.contact_user, user_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                plan.with_user(user).action_accept()
        self.assertEqual(self._history(plan), before)
        # A Recovery User records the agreement signed on paper, in his name.
        plan.with_user(self.recovery_user).action_accept()
        self.assertRecordValues(
            plan,
            [
                {
                    "state": "active",
                    "accepted_by_id": self.debtor.id,
                    "accepted_ip": False,
                    "accepted_user_id": self.recovery_user.id,
                }
            ],
        )
        self.assertTrue(plan.accepted_date)
        self.assertEqual(self.case.state, "paused")
        recorded = plan.message_ids.filtered(lambda message: "signed on paper" in message.body)
        self.assertEqual(len(recorded), 1)
        self.assertIn(self.recovery_user.name, recorded.body)
        self.assertEqual(recorded.author_id, self.recovery_user.partner_id)
        # Who recorded it is the plan's own record.
        with self.assertRaisesRegex(AccessError, "plan itself"):
            plan.with_user(self.recovery_user).write({"accepted_user_id": self.manager.id})
        # Accepted once: not twice.
        with self.assertRaisesRegex(UserError, "not awaiting acceptance"):
            plan.with_user(self.recovery_user).action_accept()

    def test_only_a_manager_cancels_an_agreed_plan_with_a_reason(self):
        # An offer is withdrawn by a Recovery User.
        offer = self._proposed_plan()
        offer.with_user(self.recovery_user).action_cancel()
        self.assertEqual(offer.state, "cancelled")
        plan = self._proposed_plan()
        plan.with_user(self.recovery_user).action_accept()
        before = self._history(plan)
        with self.assertRaisesRegex(AccessError, "only a Recovery Manager"):
            plan.with_user(self.recovery_user).action_cancel("The debtor asked for it.")
        for vals in (
            {"state": "cancelled"},
            {"cancel_reason": "Forged"},
            {"cancel_user_id": self.manager.id},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(AccessError, "plan itself"):
                plan.with_user(self.recovery_user).write(vals)
        with self.assertRaises(AccessError):
            plan.with_user(self.contact_user).action_cancel("No access.")
        with self.assertRaises(AccessError):
            self.env["debt.recovery.instalment.plan.cancel.wizard"].with_user(
                self.recovery_user
            ).create({"plan_ids": [Command.set(plan.ids)], "reason": "Through the dialog."})
        # A manager without a reason gets the dialog that asks for it; a blank one is none.
        for reason in (None, "   "):
            action = plan.with_user(self.manager).action_cancel(reason)
            self.assertEqual(action["res_model"], "debt.recovery.instalment.plan.cancel.wizard")
        self.assertEqual(self._history(plan), before, "the refusals changed nothing")
        # The manager's dialog: the reason is kept on the plan and in the case's history.
        wizard = (
            self.env["debt.recovery.instalment.plan.cancel.wizard"]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({"reason": "The debtor sold his business."})
        )
        self.assertEqual(wizard.plan_ids, plan)
        wizard.action_confirm()
        self.assertRecordValues(
            plan,
            [
                {
                    "state": "cancelled",
                    "cancel_reason": "The debtor sold his business.",
                    "cancel_user_id": self.manager.id,
                }
            ],
        )
        self.assertTrue(plan.cancel_date)
        self.assertEqual(self.case.state, "open")
        for record in (plan, self.case):
            said = record.message_ids.filtered(
                lambda message: "The debtor sold his business." in message.body
            )
            self.assertEqual(len(said), 1, record._name)
            self.assertIn(self.manager.name, said.body)
            self.assertEqual(said.author_id, self.manager.partner_id)

    def test_every_state_change_goes_through_the_one_method(self):
        plan = self._plan()
        with self.assertRaisesRegex(UserError, "cannot go from"):
            plan._change_state("completed")
        self.assertEqual(plan.state, "draft")

    # ------------------------------------------------------------------------------------------
    # Finding 9: absurd inputs
    # ------------------------------------------------------------------------------------------
    def test_absurd_plans_are_refused(self):
        # As a Recovery User would send them (the wizard's values, the model's create).
        Plan = self.env["debt.recovery.instalment.plan"].with_user(self.recovery_user)
        before = Plan.search_count([])
        with self._refused(UserError, "already past"):
            self._plan(self.recovery_user, date_start=date(2000, 1, 1), first_date=date(2000, 2, 1))
        with self._refused(UserError, "at most 120 instalments"):
            self._plan(self.recovery_user, count=3_000_000, frequency="weekly")
        with self._refused(ValidationError, "not an amount"):
            self._plan(self.recovery_user, down_payment=1e308)
        with self._refused(UserError, "down payment"):
            self._plan(self.recovery_user, down_payment=-5)
        with self._refused(UserError, "months ahead"):
            self._plan(
                self.recovery_user,
                date_start=self.today + timedelta(days=800),
                first_date=self.today + timedelta(days=810),
            )
        with self._refused(UserError, "120 months"):
            self._plan(self.recovery_user, first_date=date(9999, 1, 1))
        # Through the model: the plan settles what the invoices owe, not a typed amount.
        with self._refused(ValidationError, "must settle"):
            Plan.create(
                {
                    "case_id": self.case.id,
                    "invoice_ids": [Command.set((self.invoice_a | self.invoice_b).ids)],
                    "amount_invoices": 99999.0,
                    "amount_baseline": 1000.0,
                }
            )
        with self._refused(ValidationError, "not an amount"):
            Plan.create(
                {
                    "case_id": self.case.id,
                    "invoice_ids": [Command.set((self.invoice_a | self.invoice_b).ids)],
                    "amount_invoices": 1000.0,
                    "amount_baseline": 1000.0,
                    "amount_extra": 1e308,
                }
            )
        self.assertEqual(Plan.search_count([]), before)
        plan = self._plan(self.recovery_user).with_user(self.recovery_user)
        with self._refused(ValidationError, "not an amount"):
            plan.instalment_ids[0].amount = 1e308
        plan.instalment_ids[0].amount = 5000.0
        with self._refused(ValidationError, "at most the plan amount"):
            plan.action_propose()
        self.assertEqual(plan.state, "draft")

    # ------------------------------------------------------------------------------------------
    # Finding 7: the plan's reconciliation model
    # ------------------------------------------------------------------------------------------
    def test_a_plan_never_touches_another_company_reconcile_model(self):
        other = self.env["res.company"].create({"name": "Société B"})
        transfers = (
            self.env["account.reconcile.model"]
            .sudo()
            .create({"name": "Internal Transfers", "company_id": other.id})
        )
        plan = self._plan()
        with self.assertRaises(AccessError):
            plan.with_user(self.recovery_user).write({"reconcile_model_id": transfers.id})
        plan.action_propose()
        plan.with_user(self.recovery_user).action_accept()
        plan.with_user(self.manager).action_cancel("The debtor sold his business.")
        self.assertTrue(transfers.active)
        self.assertFalse(plan.reconcile_model_id.active)
        self.assertEqual(plan.reconcile_model_id.company_id, self.company)

    # ------------------------------------------------------------------------------------------
    # Finding 6: the legal data of partners
    # ------------------------------------------------------------------------------------------
    def test_only_a_manager_sets_the_legal_data_of_partners(self):
        legal_vals = [
            {"debt_recovery_debtor_type": "b2c"},
            {"debt_recovery_collective_proceeding": True},
            {"debt_recovery_collective_judgment_date": self.today},
            {"debt_recovery_is_commissaire": True},
            {"debt_recovery_fee_fixed": 5000.0},
            {"debt_recovery_admin_status": "ceased"},
        ]
        for user in (self.contact_user, self.recovery_user):
            Partner = self.env["res.partner"].with_user(user)
            debtor = self.debtor.with_user(user)
            for vals in legal_vals:
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaisesRegex(AccessError, "Recovery Manager"):
                        debtor.write(vals)
                    with self.assertRaisesRegex(AccessError, "Recovery Manager"):
                        Partner.create({"name": "Forgé SARL", "is_company": True, **vals})
            with self.assertRaisesRegex(AccessError, "Recovery Manager"):
                Partner.with_context(default_debt_recovery_is_commissaire=True).create(
                    {"name": "Huissier Forgé"}
                )
            # The values the partner gets anyway are no change; the rest of the partner is free.
            partner = Partner.create(
                {"name": "Vrai Client SAS", "is_company": True, "debt_recovery_debtor_type": "b2b"}
            )
            self.assertEqual(partner.debt_recovery_debtor_type, "b2b")
            partner.write({"debt_recovery_debtor_type": "b2b", "email": "v@client.fr"})
        self.debtor.invalidate_recordset()
        self.assertEqual(self.debtor.debt_recovery_debtor_type, "b2b")
        self.assertFalse(self.debtor.debt_recovery_collective_proceeding)
        self.assertFalse(self.debtor.debt_recovery_is_commissaire)
        debtor = self.debtor.with_user(self.manager)
        debtor.write({"debt_recovery_debtor_type": "b2c", "debt_recovery_fee_fixed": 50.0})
        self.assertEqual(debtor.debt_recovery_debtor_type, "b2c")


@tagged("post_install", "-at_install")
class TestPlanGuardRpc(DebtRecoveryBuilders, HttpCase):
    """The attacks came over JSON-RPC: a forged acceptance, a debtor reading his whole case."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtor = cls.env["res.partner"].create(
            {"name": "Rpc Débiteur SARL", "is_company": True, "email": "d@rpc.fr"}
        )
        contact = cls.env["res.partner"].create(
            {"name": "Paul Rpc", "parent_id": cls.debtor.id, "email": "paul@rpc.fr"}
        )
        new_test_user(
            cls.env, login="rpc_debtor", groups="base.group_portal", partner_id=contact.id
        )
        new_test_user(
            cls.env, login="rpc_recovery_user", groups="debt_recovery_fr.debt_recovery_group_user"
        )
        cls.plan = cls._create_plan(cls.debtor, "Four")
        cls.case = cls.plan.case_id
        cls.plan.action_propose()

    def _call_kw(self, model, method, args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    @mute_logger("odoo.http")
    def test_a_forged_acceptance_is_refused(self):
        self.authenticate("rpc_recovery_user", "rpc_recovery_user")
        for vals in (
            {"accepted_date": "2026-01-02 10:00:00", "accepted_ip": "192.0.2.9"},
            {"state": "active"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self._call_kw("debt.recovery.instalment.plan", "write", [[self.plan.id], vals])
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.state, "proposed")
        self.assertFalse(self.plan.accepted_date or self.plan.accepted_ip)
        self.assertEqual(self.case.state, "open")

    def _history(self):
        """What a refused attempt must leave as it was."""
        # The tracking messages are written at the end of the transaction (here, of the
        # test's requests).
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.plan.invalidate_recordset()
        self.case.invalidate_recordset()
        return {
            "plan": self.plan.read(
                ["state", "accepted_date", "accepted_ip", "accepted_by_id", "accepted_user_id"]
            ),
            "case state": self.case.state,
            "plan messages": self.plan.message_ids.ids,
            "case messages": self.case.message_ids.ids,
            "case steps": self.case.action_ids.ids,
        }

    @mute_logger("odoo.http")
    def test_a_paper_acceptance_over_rpc_goes_through_the_acceptance(self):
        self.authenticate("rpc_recovery_user", "rpc_recovery_user")
        _force_case_state(self.case, "escalated")
        before = self._history()
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self._call_kw("debt.recovery.instalment.plan", "action_accept", [self.plan.ids])
        # The private acceptance, with a forged IP, is not reachable.
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "debt.recovery.instalment.plan",
                "_debt_recovery_accept",
                [self.plan.ids, self.debtor.id, "192.0.2.9"],
            )
        self.assertEqual(self._history(), before, "the refusal wrote nothing")
        _force_case_state(self.case, "open")
        self._call_kw("debt.recovery.instalment.plan", "action_accept", [self.plan.ids])
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.state, "active")
        self.assertEqual(self.plan.accepted_user_id.login, "rpc_recovery_user")
        self.assertFalse(self.plan.accepted_ip)
        # An agreed plan is not cancelled by a Recovery User, reason or not.
        before = self._history()
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call_kw(
                "debt.recovery.instalment.plan",
                "action_cancel",
                [self.plan.ids],
                reason="Over the phone.",
            )
        self.assertEqual(self._history(), before)

    @mute_logger("odoo.http")
    def test_a_refused_portal_acceptance_writes_nothing(self):
        self.authenticate("rpc_debtor", "rpc_debtor")
        _force_case_state(self.case, "escalated")
        before = self._history()
        response = self.url_open(
            f"/my/recovery/{self.case.id}/plan/{self.plan.id}/accept",
            data={"accept_terms": "1", "csrf_token": Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("message=refused", response.url)
        self.assertEqual(self._history(), before, "the refusal wrote nothing")

    @mute_logger("odoo.http")
    def test_the_debtor_reads_his_case_on_the_portal_only(self):
        self.authenticate("rpc_debtor", "rpc_debtor")
        for model, record in (
            ("debt.recovery.case", self.case),
            ("debt.recovery.instalment.plan", self.plan),
            ("debt.recovery.instalment", self.plan.instalment_ids[:1]),
        ):
            with self.subTest(model=model):
                with self.assertRaisesRegex(JsonRpcException, "AccessError"):
                    self._call_kw(model, "read", [record.ids], fields=["partner_id"])
                with self.assertRaisesRegex(JsonRpcException, "AccessError"):
                    self._call_kw(model, "search_read", [[]])
        # His page shows him what is claimed and the plan offered.
        response = self.url_open(f"/my/recovery/{self.case.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.plan.name, response.text)
        self.assertIn("Rpc Débiteur SARL", response.text)
