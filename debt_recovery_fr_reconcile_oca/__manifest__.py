# Copyright 2026 debt_recovery_fr contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "French Debt Recovery - OCA Bank Reconciliation",
    "summary": "Bank statement lines paying an instalment plan matched with its invoices in "
    "the OCA reconciliation screen",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/debt-recovery-fr/debt_recovery_fr",
    "author": "debt_recovery_fr contributors",
    "maintainers": ["debt-recovery-fr"],
    "license": "AGPL-3",
    "application": False,
    "auto_install": True,
    "depends": ["debt_recovery_fr", "account_reconcile_oca"],
    "assets": {
        "web.assets_tests": [
            "debt_recovery_fr_reconcile_oca/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
