import { Component, onWillStart, onWillUpdateProps } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { kanbanView } from "@web/views/kanban/kanban_view";
import { KanbanRenderer } from "@web/views/kanban/kanban_renderer";

/** The recovery indicators, all read by one call to `retrieve_dashboard`. */
export class DebtRecoveryDashboard extends Component {
    static template = "debt_recovery_fr.DebtRecoveryDashboard";
    static props = { list: { type: Object, optional: true } };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        onWillStart(() => this.load());
        onWillUpdateProps(() => this.load());
    }

    async load() {
        this.data = await this.orm.call("debt.recovery.case", "retrieve_dashboard");
        this.maxMonth = Math.max(...this.data.months.map((m) => m.amount), 1);
        this.maxBucket = Math.max(...this.data.buckets.map((b) => Math.abs(b.amount)), 1);
    }

    barHeight(month) {
        return `${Math.round((100 * month.amount) / this.maxMonth)}%`;
    }

    bucketWidth(bucket) {
        return `${Math.round((100 * Math.abs(bucket.amount)) / this.maxBucket)}%`;
    }

    openProcedure(escalationId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "debt.recovery.escalation",
            res_id: escalationId,
            views: [[false, "form"]],
        });
    }

    openDebtor(debtor) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: debtor.name,
            res_model: "debt.recovery.case",
            domain: [["partner_id", "=", debtor.partner_id]],
            views: [
                [false, "list"],
                [false, "form"],
            ],
        });
    }
}

export class DebtRecoveryDashboardKanbanRenderer extends KanbanRenderer {
    static template = "debt_recovery_fr.DashboardKanbanRenderer";
    static components = { ...KanbanRenderer.components, DebtRecoveryDashboard };
}

export const debtRecoveryDashboardKanbanView = {
    ...kanbanView,
    Renderer: DebtRecoveryDashboardKanbanRenderer,
};

registry.category("views").add("debt_recovery_dashboard_kanban", debtRecoveryDashboardKanbanView);

/** The same dashboard on its own page, in the Reporting menu. */
export class DebtRecoveryDashboardAction extends Component {
    static template = "debt_recovery_fr.DashboardAction";
    static components = { DebtRecoveryDashboard, Layout };
    static props = { ...standardActionServiceProps };
}

registry.category("actions").add("debt_recovery_dashboard", DebtRecoveryDashboardAction);
