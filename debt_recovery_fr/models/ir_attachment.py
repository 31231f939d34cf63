# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError
from odoo.fields import Domain

# What makes a file what it is, and the record it belongs to.
PROTECTED_FIELDS = {
    "name",
    "datas",
    "raw",
    "db_datas",
    "store_fname",
    "url",
    "type",
    "mimetype",
    "res_model",
    "res_id",
    "res_field",
}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _debt_recovery_proof_files(self):
        """Those of these files that are part of a proof file: the document of a step carried
        out (its letter, the files of its e-mail), a piece of evidence, what was sent to a
        commissaire."""
        if not self.ids:
            return self.browse()
        # sudo: the rule holds whoever asks, even for a step or a piece he cannot read.
        Action = self.env["debt.recovery.action"].sudo()
        steps = Action.search(
            Domain("state", "!=", "planned")
            & (
                Domain("attachment_id", "in", self.ids)
                | Domain(
                    "id",
                    "in",
                    [a.res_id for a in self.sudo() if a.res_model == Action._name and a.res_id],
                )
            )
        )
        evidence = (
            self.env["debt.recovery.evidence"]
            .sudo()
            .with_context(active_test=False)
            .search([("attachment_ids", "in", self.ids)])
        )
        procedures = (
            self.env["debt.recovery.escalation"]
            .sudo()
            .search([("sent_attachment_ids", "in", self.ids)])
        )
        # The files of the e-mail of a step (its letter, what its template attached).
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("attachment_ids", "in", self.ids)])
            ._debt_recovery_proof_messages()
        )
        # The proofs a provider gave of a registered letter.
        provider_proofs = (
            self.env["debt.recovery.registered.mail.event"]
            .sudo()
            .search([("attachment_id", "in", self.ids)])
        )
        protected = (
            steps.attachment_id
            | provider_proofs.attachment_id
            | messages.attachment_ids
            | evidence.attachment_ids
            | procedures.sent_attachment_ids
            | self.sudo().filtered(
                lambda attachment: (
                    attachment.res_model == Action._name and attachment.res_id in steps.ids
                )
                or (attachment.res_model == "debt.recovery.evidence" and attachment.res_id)
            )
        )
        return self & protected.with_env(self.env)

    def _debt_recovery_check_proof_files(self):
        if self.env["debt.recovery.action"]._debt_recovery_is_internal():
            return
        protected = self._debt_recovery_proof_files()
        if protected:
            raise UserError(
                self.env._(
                    "%(files)s belong to a proof file (the letter of a step carried out, a piece "
                    "of evidence, a file sent to a commissaire): they are never changed nor "
                    "deleted.",
                    files=", ".join(protected.sudo().mapped("name")),
                )
            )

    def write(self, vals):
        if PROTECTED_FIELDS & set(vals):
            self._debt_recovery_check_proof_files()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_debt_recovery_proof_file(self):
        self._debt_recovery_check_proof_files()
