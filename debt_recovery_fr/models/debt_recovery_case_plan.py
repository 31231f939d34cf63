# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class DebtRecoveryCase(models.Model):
    """The instalment plans of a case and the debtor's access to it on the portal."""

    _name = "debt.recovery.case"
    _inherit = ["debt.recovery.case", "portal.mixin"]

    instalment_plan_ids = fields.One2many(
        "debt.recovery.instalment.plan", "case_id", string="Instalment Plans"
    )
    instalment_plan_count = fields.Integer(compute="_compute_instalment_plan")
    active_plan_id = fields.Many2one(
        "debt.recovery.instalment.plan",
        string="Active Instalment Plan",
        compute="_compute_instalment_plan",
    )
    has_active_plan = fields.Boolean(
        string="Under Instalment Plan", compute="_compute_instalment_plan"
    )

    @api.depends("instalment_plan_ids.state")
    def _compute_instalment_plan(self):
        for case in self:
            case.instalment_plan_count = len(case.instalment_plan_ids)
            case.active_plan_id = case.instalment_plan_ids.filtered(
                lambda plan: plan.state == "active"
            )[:1]
            case.has_active_plan = bool(case.active_plan_id)

    def _compute_access_url(self):
        for case in self:
            case.access_url = f"/my/recovery/{case.id}"

    def action_preview_portal(self):
        """The debtor's page, as the link of the letters opens it."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.get_portal_url(), "target": "new"}

    def action_propose_instalment_plan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Propose an Instalment Plan"),
            "res_model": "debt.recovery.instalment.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def action_open_instalment_plans(self):
        self.ensure_one()
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Instalment Plans"),
            "res_model": "debt.recovery.instalment.plan",
            "view_mode": "list,form",
            "domain": [("case_id", "=", self.id)],
            "context": {"create": False},
        }
        if self.instalment_plan_count == 1:
            action.update(view_mode="form", res_id=self.instalment_plan_ids.id)
        return action
