import { registry } from "@web/core/registry";

// Whatever the language of the user: the tour reads the names the test gives, not labels.
registry.category("web_tour.tours").add("debt_recovery_start_payment_order_tour", {
    steps: () => [
        {
            content: "The case of a claim over 5 000 €, its formal notice sent",
            trigger: ".o_breadcrumb:contains(Menuiserie Grosse Commande)",
        },
        {
            content: "Start a procedure from the case",
            trigger: ".o_form_view button[name=action_debt_recovery_open_procedure]",
            run: "click",
        },
        {
            content: "The wizard lists the procedures open for the claim",
            trigger: ".modal .o_field_widget[name=procedures_html] table",
        },
        {
            content: "No procédure simplifiée over 5 000 €: start the injonction de payer",
            trigger:
                ".modal:not(:has(button[name=action_start_simplified_procedure])) button[name=action_start_payment_order]",
            run: "click",
        },
        {
            content: "The procedure is opened on the case, as a draft to send",
            trigger: ".o_form_view button[name=action_send_to_commissaire]",
        },
        {
            content: "Named after the case",
            trigger: ".o_breadcrumb:contains(Menuiserie Grosse Commande)",
        },
    ],
});
