# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Cases and the public registers: register check before a procedure, BODACC judgments."""

from datetime import timedelta

from odoo import fields, models
from odoo.tools import format_date

from ..legal.collective import declaration_deadline
from ..services.common import ServiceError
from ..utils import legal_error_message
from .debt_recovery_case import PROCEDURE_PHASES

# A register check younger than this is not repeated before an escalation.
REGISTER_CHECK_FRESHNESS = timedelta(days=1)


class DebtRecoveryCase(models.Model):
    _inherit = "debt.recovery.case"  # pylint: disable=consider-merging-classes-inherited

    solvency_score = fields.Integer(related="partner_id.debt_recovery_solvency_score")
    solvency_html = fields.Html(related="partner_id.debt_recovery_solvency_html")
    admin_status = fields.Selection(related="partner_id.debt_recovery_admin_status")
    collective_date = fields.Date(
        related="partner_id.debt_recovery_collective_date", string="Published in the BODACC On"
    )
    claim_declaration_deadline = fields.Date(
        readonly=True,
        copy=False,
        help="Last day to declare the claim to the mandataire judiciaire: 2 months from the "
        "BODACC publication of the opening judgment, 4 for a creditor outside metropolitan "
        "France (R622-24 C. com.).",
    )

    def _debt_recovery_escalate(self, level):
        self._debt_recovery_check_register(level)
        return super()._debt_recovery_escalate(level)

    def _debt_recovery_check_register(self, level):
        """Before a procedure: refresh the debtor from the public register when the company
        wants it, and say on the case if he has ceased. Never blocks: a failing service only
        means the check could not be made."""
        self.ensure_one()
        partner = self.partner_id
        if (
            level.phase not in PROCEDURE_PHASES
            or not self.company_id.debt_recovery_register_lookup
            or not partner.debt_recovery_siren
            or not self._debt_recovery_is_escalation(level)
        ):
            return
        last = partner.debt_recovery_register_date
        if not last or fields.Datetime.now() - last > REGISTER_CHECK_FRESHNESS:
            try:
                partner._debt_recovery_register_refresh()
            except ServiceError as error:
                self.message_post(
                    body=self.env._(
                        "The public register could not be checked before %(level)s: %(reason)s",
                        level=level.name,
                        reason=legal_error_message(self.env, error),
                    )
                )
                return
        if partner.debt_recovery_admin_status == "ceased":
            self.message_post(
                body=self.env._(
                    "Warning: %(debtor)s has ceased its activity (%(date)s, public register). "
                    "A procedure may cost more than it recovers.",
                    debtor=partner.name,
                    date=format_date(self.env, partner.debt_recovery_closing_date)
                    or self.env._("date unknown"),
                )
            )

    def _debt_recovery_enter_collective_proceeding(self, notice):
        """A judgment opening collective proceedings was published: no more reminders, and
        the manager declares the claim before the deadline."""
        self.ensure_one()
        outside = (self.company_id.country_id.code or "FR") != "FR"
        deadline = declaration_deadline(notice.publication_date, outside)
        self.write(
            {
                "state": "collective_proceeding",
                "next_action_date": False,
                "claim_declaration_deadline": deadline,
            }
        )
        # L622-21 C. com.: no more steps to collect: what was planned or awaits validation goes.
        self.action_ids.filtered(lambda a: a.state in ("to_validate", "planned")).write(
            {"state": "cancelled"}
        )
        self.activity_unlink(
            ["debt_recovery_fr.mail_activity_type_validate", "mail.mail_activity_data_call"]
        )
        kind = dict(
            self.env["res.partner"]
            ._fields["debt_recovery_collective_kind"]
            ._description_selection(self.env)
        ).get(notice.kind, notice.nature)
        self.activity_schedule(
            "debt_recovery_fr.mail_activity_type_claim_declaration",
            date_deadline=deadline,
            user_id=self._debt_recovery_manager().id,
            summary=self.env._(
                "Declare the claim before %(date)s", date=format_date(self.env, deadline)
            ),
            note=self.env._(
                "%(debtor)s: %(kind)s published in the BODACC on %(published)s (%(tribunal)s). "
                "Reminders are stopped. Declare the claim to the mandataire judiciaire before "
                "%(deadline)s (R622-24 C. com.), with the claim declaration letter of the case.",
                debtor=self.partner_id.name,
                kind=kind,
                published=format_date(self.env, notice.publication_date),
                tribunal=notice.tribunal or "-",
                deadline=format_date(self.env, deadline),
            ),
        )
        self.message_post(
            body=self.env._(
                "Collective proceeding: %(kind)s published in the BODACC on %(published)s "
                "(notice %(notice)s). The claim must be declared before %(deadline)s.",
                kind=kind,
                published=format_date(self.env, notice.publication_date),
                notice=notice.id or "-",
                deadline=format_date(self.env, deadline),
            )
        )
