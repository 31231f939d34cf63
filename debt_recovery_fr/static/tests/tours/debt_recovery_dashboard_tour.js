import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("debt_recovery_dashboard_tour", {
    steps: () => [
        {
            content: "The recovery rate of the formal notice, formatted by the server",
            trigger: ".o_drf_levels tr:contains(Formal notice) .o_drf_rate:contains(25.0%)",
        },
        {
            content: "The procedure's next legal deadline, with what it is for",
            trigger: ".o_drf_deadline:contains(Serve the payment order) a:contains(Ébénisterie Tour)",
            run: "click",
        },
        {
            content: "The link opens the procedure",
            trigger: ".o_form_view .o_field_widget[name=kind]:contains(Payment Order)",
        },
    ],
});
