# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models


class DebtRecoveryRunWizard(models.TransientModel):
    """A manager's view of what the scheduled action does next, and the run on demand."""

    _name = "debt.recovery.run.wizard"
    _description = "Run the Debt Recovery Now"

    preview_html = fields.Html(string="Next Steps", compute="_compute_preview", sanitize=False)
    step_count = fields.Integer(compute="_compute_preview")

    def _companies(self):
        """The selected companies that enabled the recovery."""
        return self.env.companies.filtered("debt_recovery_enabled")

    def _cases(self):
        return self.env["debt.recovery.case"].search(
            [("company_id", "in", self._companies().ids), ("state", "=", "open")]
        )

    @api.depends_context("allowed_company_ids")
    def _compute_preview(self):
        today = fields.Date.context_today(self)
        plan = self._cases()._debt_recovery_plan(today)
        channels = dict(
            self.env["debt.recovery.action"]._fields["channel"]._description_selection(self.env)
        )
        kinds = {
            "validation": self.env._("Ask a manager to validate"),
            "move": self.env._("Move to the level"),
        }
        rows = Markup().join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
            % (
                case.partner_id.name,
                level.name,
                channels[channel] if channel else kinds[kind],
                case.currency_id.format(case.amount_overdue),
            )
            for case, kind, level, channel in plan
        )
        header = Markup("<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>") % (
            self.env._("Debtor"),
            self.env._("Level"),
            self.env._("Step"),
            self.env._("Overdue"),
        )
        for wizard in self:
            wizard.step_count = len(plan)
            wizard.preview_html = (
                Markup('<table class="table table-sm"><thead>%s</thead><tbody>%s</tbody></table>')
                % (header, rows)
                if plan
                else False
            )

    def action_run(self):
        """Run now what the scheduled action would run today, for the selected companies."""
        Case = self.env["debt.recovery.case"]
        for company in self._companies():
            Case.with_company(company)._sync_cases_from_invoices(company)
        cases = self._cases()
        cases._debt_recovery_run(fields.Date.context_today(self))
        cases.action_ids.filtered_domain(
            self.env["debt.recovery.action"]._debt_recovery_pending_documents_domain()
        )._debt_recovery_render_documents()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "debt_recovery_fr.debt_recovery_case_action"
        )
