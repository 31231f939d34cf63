import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("debt_recovery_escalate_invoice_tour", {
    steps: () => [
        {
            content: "Escalate the overdue invoice from its form",
            trigger: ".o_form_view button[name=action_debt_recovery_escalate]",
            run: "click",
        },
        {
            content: "The wizard shows the debtor's situation",
            trigger: ".modal .o_field_widget[name=partner_id]:contains(Menuiserie Tour)",
        },
        {
            content: "The next level is proposed and nothing forbids it",
            trigger: ".modal:not(:has(.alert-danger:visible)) .o_field_widget[name=level_id] input",
        },
        {
            content: "Escalate",
            trigger: ".modal button[name=action_escalate]",
            run: "click",
        },
        {
            content: "The case opens with the step in its proof file",
            trigger:
                ".o_form_view .o_field_widget[name=action_ids] .o_data_row:contains(Friendly reminder)",
        },
    ],
});

registry.category("web_tour.tours").add("debt_recovery_kanban_tour", {
    steps: () => [
        {
            content: "The debtor's card is in the friendly reminder column",
            trigger:
                ".o_kanban_group:has(.o_column_title:contains(Friendly reminder)) .o_kanban_record:contains(Menuiserie Tour)",
        },
        {
            content: "Drag it straight to the commissaire: the law asks for a formal notice first",
            trigger: ".o_kanban_record:contains(Menuiserie Tour)",
            run: "drag_and_drop (.o_kanban_group:has(.o_column_title:contains(commissaire)))",
        },
        {
            content: "The refusal says why",
            trigger: ".modal:contains(formal notice) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The card stayed where it was",
            trigger:
                ".o_kanban_group:has(.o_column_title:contains(Friendly reminder)) .o_kanban_record:contains(Menuiserie Tour)",
        },
        {
            content: "Drag it to the formal notice",
            trigger: ".o_kanban_record:contains(Menuiserie Tour)",
            run: "drag_and_drop (.o_kanban_group:has(.o_column_title:contains(Formal notice)))",
        },
        {
            content: "The card is now in the formal notice column",
            trigger:
                ".o_kanban_group:has(.o_column_title:contains(Formal notice)) .o_kanban_record:contains(Menuiserie Tour)",
        },
    ],
});
