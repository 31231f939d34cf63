import { registry } from "@web/core/registry";

// account_reconcile_oca's screen (only on a database with the OCA addons): an imported CFONB
// line paying two instalments is reconciled with the plan's invoice.
registry.category("web_tour.tours").add("debt_recovery_oca_reconcile_tour", {
    steps: () => [
        {
            // "Reconcile 3 Items": the three lines of the imported statement (any language).
            content: "Open the bank journal's lines to reconcile from the dashboard",
            trigger:
                ".o_kanban_record:contains(Banque Tour Échéance) [name=bank_cash_buttons] button:contains(3)",
            run: "click",
        },
        {
            content: "Select the transfer bearing the first instalment's reference",
            trigger: ".o_kanban_record:contains(ECHEANCES 1 ET 2)",
            run: "click",
        },
        {
            content: "The line has the debtor, found by the reference",
            trigger:
                ".o_kanban_record_reconcile_oca_selected:contains(Atelier Tour Échéance)",
        },
        {
            // Not the debtor's other lines of the statement, also open on their account.
            content: "Pick the plan's invoice among the debtor's open items",
            trigger:
                ".o_field_widget[name=add_account_move_line_id] .o_data_row:contains(FACT-TOUR-1000) .o_data_cell:first",
            run: "click",
        },
        {
            content: "Validate",
            trigger: ".o_form_view button[name=reconcile_bank_line]:not(.disabled)",
            run: "click",
        },
        {
            content: "The line is reconciled",
            trigger: ".o_form_view button[name=unreconcile_bank_line]",
        },
    ],
});
