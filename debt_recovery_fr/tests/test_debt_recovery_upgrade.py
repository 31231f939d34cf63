# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

from ..data_refresh import (
    drop_obsolete_invoice_columns,
    fixed_fees_before_vat,
    refresh_mail_templates,
)

# What the first version of the module shipped (before issue 18): the mail came from the case's
# responsible or the company, and was signed without the responsible's function.
OLD_EMAIL_FROM = "{{ (object.user_id.email_formatted or object.company_id.email_formatted) }}"
OLD_BODY = (
    '<div style="margin: 0px; padding: 0px; font-size: 13px;">'
    "<p>Dear <t t-out=\"object.partner_id.name or ''\">Brandon Freeman</t>,</p>"
    "<p>Best regards,</p>"
    "<p><t t-out=\"object.user_id.name or ''\">Mitchell Admin</t></p></div>"
)


@tagged("post_install", "-at_install")
class TestDebtRecoveryUpgrade(TransactionCase):
    """A database installed by an earlier version gets the module's fixed mail templates on
    update (they are noupdate data), unless a user changed them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["debt_recovery_fr"], ["fr_FR"], True)

    def _as_installed_by_an_old_version(self, template):
        """The template as the first version wrote it, never changed since by a user."""
        template.with_context(lang="en_US").write(
            {"email_from": OLD_EMAIL_FROM, "body_html": OLD_BODY}
        )
        template.flush_recordset()
        # As created by the install: nobody wrote it after (what the update looks at).
        self.env.cr.execute(
            SQL("UPDATE mail_template SET write_date = create_date WHERE id = %s", template.id)
        )
        template.invalidate_recordset()

    def test_old_templates_reloaded_customised_ones_kept(self):
        friendly = self.env.ref("debt_recovery_fr.mail_template_reminder_friendly")
        second = self.env.ref("debt_recovery_fr.mail_template_reminder_second")
        notice = self.env.ref("debt_recovery_fr.mail_template_formal_notice")
        proposal = self.env.ref("debt_recovery_fr.mail_template_instalment_proposal")
        shipped_from = {template: template.email_from for template in friendly | second | proposal}
        self.assertEqual(shipped_from[friendly], "{{ object.recovery_email_from }}")
        shipped_body = friendly.with_context(lang="en_US").body_html
        shipped_fr = friendly.with_context(lang="fr_FR").body_html
        self.assertIn("Cordialement", shipped_fr)
        self.assertEqual(friendly.write_date, friendly.create_date, "untouched since installed")
        self._as_installed_by_an_old_version(friendly)
        self._as_installed_by_an_old_version(second)
        self._as_installed_by_an_old_version(proposal)
        self.assertEqual(friendly.email_from, OLD_EMAIL_FROM)
        # The company's own wording of the formal notice: a user's change, kept.
        notice.with_context(lang="en_US").write(
            {"email_from": OLD_EMAIL_FROM, "subject": "Our formal notice"}
        )
        notice.flush_recordset()

        with self.assertLogs("odoo.addons.debt_recovery_fr.data_refresh", "WARNING") as logs:
            refreshed = refresh_mail_templates(self.env)

        self.assertIn(friendly, refreshed)
        self.assertIn(second, refreshed)
        self.assertIn(proposal, refreshed)
        self.assertNotIn(notice, refreshed)
        self.assertIn("mail_template_formal_notice was changed by a user", logs.output[0])
        for template, email_from in shipped_from.items():
            self.assertEqual(template.email_from, email_from)
        self.assertEqual(friendly.with_context(lang="en_US").body_html, shipped_body)
        self.assertIn("object.user_id.function", friendly.body_html)
        # The French debtors get the French text again, not the old English one.
        self.assertEqual(friendly.with_context(lang="fr_FR").body_html, shipped_fr)
        self.assertIn(
            "Échéance en retard",
            self.env.ref("debt_recovery_fr.mail_template_instalment_reminder")
            .with_context(lang="fr_FR")
            .subject,
        )
        self.assertEqual(notice.subject, "Our formal notice")
        self.assertEqual(notice.email_from, OLD_EMAIL_FROM)
        # Reloaded by the module, not by a user: a later update may reload them again.
        self.assertEqual(friendly.write_date, friendly.create_date)
        # Nothing else of the data files is touched: the scheduled action keeps its settings.
        cron = self.env.ref("debt_recovery_fr.ir_cron_debt_recovery_instalment_check")
        self.assertTrue(cron.exists())

    def test_fixed_fee_entered_with_vat_is_now_before_vat(self):
        commissaire = self.env["res.partner"].create(
            {
                "name": "SCP Roussel, Commissaires de Justice",
                "is_company": True,
                "debt_recovery_is_commissaire": True,
                "debt_recovery_fee_fixed": 60,
                "debt_recovery_fee_threshold": 500,
                "debt_recovery_fee_percent": 15,
            }
        )
        other = self.env["res.partner"].create({"name": "Client", "debt_recovery_fee_fixed": 60})
        self.assertIn(commissaire, fixed_fees_before_vat(self.env))
        # 60 € with VAT charged before: 50 € before VAT, still 60 € charged below 500 €.
        self.assertEqual(commissaire.debt_recovery_fee_fixed, 50)
        agreement = commissaire._debt_recovery_fee_agreement()
        self.assertEqual(str(agreement.fixed_fee), "50.0")
        self.assertEqual(other.debt_recovery_fee_fixed, 60, "not a commissaire")

    def test_invoice_copies_of_the_case_no_longer_stored_are_dropped(self):
        """A database of 19.0.1.1.0 kept the invoices' stored level and state of their case:
        the update drops those two columns, and only them."""
        cr = self.env.cr
        for column in ("debt_recovery_level_id", "debt_recovery_case_state"):
            if not column_exists(cr, "account_move", column):
                create_column(cr, "account_move", column, "varchar")
        drop_obsolete_invoice_columns(self.env)
        self.assertFalse(column_exists(cr, "account_move", "debt_recovery_level_id"))
        self.assertFalse(column_exists(cr, "account_move", "debt_recovery_case_state"))
        self.assertTrue(column_exists(cr, "account_move", "debt_recovery_case_id"))
        self.assertTrue(column_exists(cr, "account_move", "debt_recovery_disputed"))
        # The ORM no longer uses those columns (a query on them would fail): it searches and
        # reads the fields through the case (their results: test_invoice_recovery_fields).
        moves = self.env["account.move"].search(
            [("debt_recovery_case_state", "=", False), ("debt_recovery_level_id", "=", False)],
            limit=1,
        )
        moves.invalidate_recordset()
        moves.read(["debt_recovery_case_state", "debt_recovery_level_id"])
