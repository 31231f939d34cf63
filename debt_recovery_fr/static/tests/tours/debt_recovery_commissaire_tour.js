import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("debt_recovery_commissaire_tour", {
    steps: () => [
        {
            content: "Open the partner commissaire from the configuration list",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains(SCP Tour Roussel)",
            run: "click",
        },
        {
            content: "The Debt Recovery tab lists the départements it covers",
            trigger: ".o_notebook a[name=debt_recovery]",
            run: "click",
        },
        {
            content: "Paris is covered",
            trigger: ".o_field_widget[name=debt_recovery_covered_departement_ids]:contains(75 - Paris)",
        },
    ],
});
