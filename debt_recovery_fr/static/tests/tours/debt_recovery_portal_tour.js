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

registry.category("web_tour.tours").add("debt_recovery_portal_debtor_tour", {
    steps: () => [
        {
            content: "The debtor, through the link of his letters, sees the total claimed",
            trigger: ".o_debt_recovery_claim .o_debt_recovery_total:contains(€)",
        },
        {
            content: "the bank account to pay it and the QR code of the transfer",
            trigger: ".o_debt_recovery_transfer img.o_debt_recovery_epc_qr",
        },
        {
            content: "and the letters he received",
            trigger: ".o_debt_recovery_letters a.o_debt_recovery_letter[href*='access_token']",
        },
        {
            content: "He contests one invoice",
            trigger: ".o_debt_recovery_dispute:first summary",
            run: "click",
        },
        {
            content: "saying why",
            trigger: ".o_debt_recovery_dispute:first textarea[name=reason]",
            run: "edit Four livré en panne",
        },
        {
            content: "and sends it",
            trigger: ".o_debt_recovery_dispute:first button.o_debt_recovery_dispute_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The dispute is recorded",
            trigger: ".alert-success:contains(dispute)",
        },
        {
            content: "He promises to pay in ten days",
            trigger: ".o_debt_recovery_promise_form input[name=promise_date]",
            run() {
                const day = new Date();
                day.setDate(day.getDate() + 10);
                this.anchor.value = day.toISOString().slice(0, 10);
            },
        },
        {
            content: "and records his promise",
            trigger: ".o_debt_recovery_promise_form button.o_debt_recovery_promise_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page says the recovery waits until that date",
            trigger: ".o_debt_recovery_promise:contains(You promised to pay by)",
        },
    ],
});
