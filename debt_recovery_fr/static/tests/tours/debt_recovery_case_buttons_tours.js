import { registry } from "@web/core/registry";

// Whatever the language of the user: the tours read the names the test gives, not labels.
registry.category("web_tour.tours").add("debt_recovery_case_send_now_tour", {
    steps: () => [
        {
            content: "The case stands at its first level, its move in the proof file",
            trigger:
                ".o_form_view .o_field_widget[name=action_ids] .o_data_row:contains(Tour reminder 1)",
        },
        {
            content: "Send the reminder of the level now",
            trigger: ".o_form_view button[name=action_debt_recovery_send_now]",
            run: "click",
        },
        {
            content: "The level's step is in the proof file",
            trigger:
                ".o_form_view .o_field_widget[name=action_ids] .o_data_row:nth-child(2):contains(Tour reminder 1)",
        },
        {
            content: "The button is gone, and the form says why",
            trigger:
                ".o_form_view:not(:has(button[name=action_debt_recovery_send_now])) div[name=blocked_reasons] .o_field_widget[name=send_now_blocked_reason]",
        },
    ],
});

registry.category("web_tour.tours").add("debt_recovery_invoice_chatter_tour", {
    steps: () => [
        {
            content: "The invoice shows its recovery: status and level",
            trigger:
                ".o_form_view div[name=debt_recovery_status]:has(.o_field_widget[name=debt_recovery_state]):contains(Tour reminder 2)",
        },
        {
            content: "The first reminder is in the invoice's chatter, signed by who sent it",
            trigger:
                ".o-mail-Message:has(.o-mail-Message-author:contains(Claire Recouvrement)):contains(Tour reminder 1)",
        },
        {
            content: "The second one too",
            trigger:
                ".o-mail-Message:has(.o-mail-Message-author:contains(Claire Recouvrement)):contains(Tour reminder 2)",
        },
        {
            content: "Open the case from the invoice",
            trigger: ".o_form_view button[name=action_debt_recovery_open_case]",
            run: "click",
        },
        {
            content: "The case of the invoice",
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains(Menuiserie Tour)",
        },
    ],
});
