# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError

# What makes an e-mail what it is: what was sent, to whom, when, about what, with which files
# (not its Message-Id, which the mail queue writes when it sends it).
PROTECTED_FIELDS = {
    "attachment_ids",
    "author_guest_id",
    "author_id",
    "body",
    "date",
    "email_from",
    "message_type",
    "model",
    "parent_id",
    "partner_ids",
    "record_name",
    "reply_to",
    "res_id",
    "subject",
    "subtype_id",
    "tracking_value_ids",
}


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _debt_recovery_proof_messages(self):
        """Those of these messages that are the e-mail of a recovery step."""
        if not self.ids:
            return self.browse()
        # sudo: the rule holds whoever asks, even for a step he cannot read.
        steps = (
            self.env["debt.recovery.action"].sudo().search([("mail_message_id", "in", self.ids)])
        )
        return self & steps.mail_message_id.with_env(self.env)

    def _debt_recovery_check_proof_messages(self):
        if self.env["debt.recovery.action"]._debt_recovery_is_internal():
            return
        protected = self._debt_recovery_proof_messages()
        if protected:
            raise UserError(
                self.env._(
                    "%(messages)s: the e-mail of a recovery step belongs to the proof file; it "
                    "is never changed nor deleted.",
                    messages=", ".join(
                        message.subject or message.record_name or str(message.id)
                        for message in protected.sudo()
                    ),
                )
            )

    def write(self, vals):
        if PROTECTED_FIELDS & set(vals):
            self._debt_recovery_check_proof_messages()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_debt_recovery_proof_message(self):
        self._debt_recovery_check_proof_messages()


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_debt_recovery_proof_mail(self):
        # Before anything is deleted: the mail goes with its message (mail.mail.unlink).
        self.mail_message_id._debt_recovery_check_proof_messages()
