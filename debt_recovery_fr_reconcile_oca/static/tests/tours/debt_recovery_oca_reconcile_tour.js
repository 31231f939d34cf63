import { registry } from "@web/core/registry";

// account_reconcile_oca's screen (only on a database with the OCA addons): an imported CFONB
// line paying two instalments, the plan's invoice proposed for it, is reconciled with it.
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
            // The plan's reconciliation model: the invoice proposed for the line's amount.
            content: "The plan's invoice is proposed",
            trigger:
                ".o_form_view [name=reconcile_data_info]:contains(FACT-TOUR-1000)",
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
