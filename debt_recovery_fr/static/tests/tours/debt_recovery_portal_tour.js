import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("debt_recovery_portal_accept_plan_tour", {
    steps: () => [
        {
            content: "The debtor sees what is claimed",
            trigger: ".o_debt_recovery_claim:contains(Total claimed)",
        },
        {
            content: "and the plan offered to him, with its schedule",
            trigger: ".o_debt_recovery_proposed_plan .o_debt_recovery_schedule tbody tr:eq(2)",
        },
        {
            content: "He accepts the terms",
            trigger: ".o_debt_recovery_proposed_plan input[name=accept_terms]",
            run: "click",
        },
        {
            content: "and the plan",
            trigger: ".o_debt_recovery_proposed_plan button.o_debt_recovery_accept",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The acceptance is confirmed",
            trigger: ".alert-success:contains(accepted)",
        },
        {
            content: "He now follows his schedule and its payment references",
            trigger: ".o_debt_recovery_current_plan .o_debt_recovery_schedule code:contains(RF)",
        },
    ],
});
