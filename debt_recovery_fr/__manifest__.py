# Copyright 2026 debt_recovery_fr contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "French Debt Recovery",
    "summary": "Recover unpaid invoices under French law: reminders, formal notice, "
    "commissaires de justice, instalment plans",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/debt-recovery-fr/debt_recovery_fr",
    "author": "debt_recovery_fr contributors",
    "maintainers": ["debt-recovery-fr"],
    "license": "AGPL-3",
    "application": False,
    "depends": ["account", "mail", "sms", "portal"],
    "external_dependencies": {
        "python": ["phonenumbers", "num2words", "xlrd", "requests"],
    },
    "data": [
        "security/debt_recovery_security.xml",
        "security/ir.model.access.csv",
        "data/debt.recovery.departement.csv",
        "data/debt_recovery_rate_data.xml",
        "data/mail_template_data.xml",
        "reports/debt_recovery_letter_templates.xml",
        "reports/debt_recovery_letters.xml",
        "reports/debt_recovery_escalation_reports.xml",
        "data/debt_recovery_level_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "views/debt_recovery_menus.xml",
        "views/debt_recovery_case_views.xml",
        "views/debt_recovery_action_views.xml",
        "views/debt_recovery_escalation_views.xml",
        "views/debt_recovery_level_views.xml",
        "views/debt_recovery_departement_views.xml",
        "views/debt_recovery_rate_views.xml",
        "views/res_partner_views.xml",
        "views/account_move_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/debt_recovery_escalate_wizard_views.xml",
        "wizards/debt_recovery_run_wizard_views.xml",
        "wizards/debt_recovery_recovery_wizard_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "debt_recovery_fr/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/debt_recovery_demo.xml",
    ],
}
