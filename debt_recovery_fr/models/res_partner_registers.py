# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The public registers on the debtor: what an answer may write, and the daily watch.

A register answer never overwrites what the user typed without him seeing it: the button shows
the differences of name and address in a wizard where he applies them; the automatic check
(before a procedure) only fills the empty fields and logs the differences in the chatter. The
register's own facts (legal form, status, dates) are written as they come. The daily watch
isolates each debtor: a bad answer for one is logged for him, the others go on.
"""

import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import format_date

from ..services.bodacc import DEFAULT_URL as BODACC_URL
from ..services.bodacc import BodaccClient
from ..services.common import ServiceError, UnreadableAnswerError
from ..services.recherche_entreprises import DEFAULT_URL as RECHERCHE_URL
from ..services.recherche_entreprises import RechercheEntreprisesClient
from ..utils import service_client, service_error
from .res_partner import WATCHED_STATES, _judgment_date

_logger = logging.getLogger(__name__)

# The fields of the partner a register answer may propose, in the order shown.
REGISTER_FIELDS = ("name", "street", "street2", "zip", "city", "country_id", "company_registry")
_ADDRESS = ("street", "street2", "zip", "city", "country_id")


# The public registers on the debtor, a concern of its own beside res_partner.py (the fields,
# the identifiers, the commissaires).
class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------------------------------
    # API Recherche d'entreprises
    # ------------------------------------------------------------------------------------------
    def action_debt_recovery_check_register(self):
        """Button: read the debtor in the public register (by SIREN / SIRET, else name); record
        its status, and show the differences of name and address to apply them."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if not self.env.company.debt_recovery_register_lookup:
            raise UserError(
                self.env._(
                    "The public register lookup is switched off: enable it in the Debt Recovery "
                    "settings."
                )
            )
        try:
            identity = partner._debt_recovery_register_lookup()
        except ServiceError as error:
            raise service_error(self.env, error) from error
        partner._debt_recovery_write_register(partner._debt_recovery_register_facts(identity))
        differences = partner._debt_recovery_register_differences(identity)
        if not differences:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "message": self.env._(
                        "%(partner)s is as the public register knows it.",
                        partner=partner.display_name,
                    ),
                    "type": "success",
                    "sticky": False,
                },
            }
        return self.env["debt.recovery.register.update.wizard"]._open_for(partner, differences)

    def _debt_recovery_register_lookup(self, patient=False):
        """The ``CompanyIdentity`` of this commercial partner; ``ServiceError`` on failure."""
        self.ensure_one()
        client = service_client(
            self.env,
            RechercheEntreprisesClient,
            "debt_recovery_fr.recherche_entreprises_url",
            RECHERCHE_URL,
            patient=patient,
        )
        registry = (self.company_registry or "").replace(" ", "")
        if self.debt_recovery_siren:
            # The SIRET or SIREN as typed: the API finds the company from either.
            return client.find(identifier=registry)
        return client.find(name=self.name)

    def _debt_recovery_register_facts(self, identity):
        """The register's own facts about the company: written as they come."""
        return {
            "is_company": True,
            "debt_recovery_legal_form": identity.legal_form,
            "debt_recovery_creation_date": identity.creation_date,
            "debt_recovery_admin_status": identity.status,
            "debt_recovery_closing_date": identity.closing_date,
            "debt_recovery_register_date": fields.Datetime.now(),
        }

    def _debt_recovery_register_values(self, identity):
        """``{field: value}`` the register gives for the fields of ``REGISTER_FIELDS``."""
        values = {}
        if identity.name:
            values["name"] = identity.name
        if identity.zip:
            values.update(
                street=identity.street or False,
                street2=False,
                zip=identity.zip,
                city=identity.city or False,
                country_id=self.env.ref("base.fr"),
            )
        if identity.siret:
            values["company_registry"] = identity.siret
        return values

    def _debt_recovery_register_differences(self, identity):
        """``[(field, value here, register's value)]``: what the register would change. The
        SIREN/SIRET typed is kept (it found the company); the head office's SIRET is proposed
        only to a partner without one."""
        self.ensure_one()
        differences = []
        for name, value in self._debt_recovery_register_values(identity).items():
            current = self[name]
            if name == "company_registry" and current:
                continue
            if (current or False) != (value or False):
                differences.append((name, current, value))
        return differences

    def _debt_recovery_write_register(self, vals, message=None):
        """Write what a public register says of this debtor, as the system, and say so.

        The register's facts (status, collective proceedings) are legal data that only a
        Recovery Manager may type (res_partner.py); the register is not a person: whoever
        asked for the check, the system writes them, and the chatter names the register and
        who asked. ``message``: what to say instead; ``False``: nothing (the date of a daily
        check that found nothing).
        """
        self.ensure_one()
        # sudo: the register's data, written by the system whoever asked (the chatter says so).
        self.sudo().write(vals)
        if message is None:
            message = self.env._(
                "Updated by the system from the public register (API Recherche d'entreprises), "
                "at the request of %(user)s.",
                user=self.env.user.name,
            )
        if message:
            self.message_post(body=message)

    def _debt_recovery_register_refresh(self):
        """The automatic check (before a procedure): record the register's facts, fill the
        empty fields (the address only when there is none), and log in the chatter what the
        register gives otherwise. ``ServiceError`` on failure, and then nothing is written."""
        self.ensure_one()
        identity = self._debt_recovery_register_lookup(patient=True)
        vals = self._debt_recovery_register_facts(identity)
        differences = self._debt_recovery_register_differences(identity)
        no_address = not any(self[name] for name in ("street", "street2", "zip", "city"))
        logged = []
        for name, current, value in differences:
            if not current and (name not in _ADDRESS or no_address):
                vals[name] = value.id if isinstance(value, models.BaseModel) else value
            else:
                logged.append((name, current, value))
        self._debt_recovery_write_register(vals)
        if logged:
            self.message_post(
                body=Markup("%s<ul>%s</ul>")
                % (
                    self.env._(
                        "The public register gives other details; check them with the "
                        "Check the Public Register button:"
                    ),
                    Markup().join(
                        Markup("<li>%s: %s (%s)</li>")
                        % (
                            self._fields[name].get_description(self.env)["string"],
                            _shown(value),
                            self.env._("here: %(value)s", value=_shown(current)),
                        )
                        for name, current, value in logged
                    ),
                )
            )
        return identity

    # ------------------------------------------------------------------------------------------
    # BODACC watch
    # ------------------------------------------------------------------------------------------
    def _debt_recovery_bodacc_check(self, patient=False):
        """Look for judgments opening collective proceedings against these debtors; the cases
        of a debtor found move to collective proceeding. ``ServiceError`` on failure (then
        nothing is written)."""
        client = service_client(
            self.env, BodaccClient, "debt_recovery_fr.bodacc_url", BODACC_URL, patient=patient
        )
        today = fields.Date.context_today(self)
        found = {}
        for partner in self:
            if partner.debt_recovery_siren:
                found[partner] = client.latest_opening(partner.debt_recovery_siren)
        # Everything was read: now write (a failure above leaves the debtors as they were).
        Case = self.env["debt.recovery.case"]
        for partner, notice in found.items():
            vals = {"debt_recovery_bodacc_date": today}
            if notice and notice.publication_date != partner.debt_recovery_collective_date:
                vals.update(
                    debt_recovery_collective_proceeding=True,
                    debt_recovery_collective_kind=notice.kind,
                    debt_recovery_collective_date=notice.publication_date,
                    debt_recovery_collective_judgment_date=_judgment_date(notice),
                )
                cases = Case.search(
                    [
                        ("partner_id", "=", partner.id),
                        ("state", "in", WATCHED_STATES),
                        ("company_id.debt_recovery_bodacc_watch", "=", True),
                    ]
                )
                for case in cases:
                    case._debt_recovery_enter_collective_proceeding(notice)
            message = False
            if len(vals) > 1:
                message = self.env._(
                    "Collective proceeding recorded by the system from the BODACC "
                    "(published on %(date)s).",
                    date=format_date(self.env, notice.publication_date),
                )
            partner._debt_recovery_write_register(vals, message)
        return found

    @api.model
    def _debt_recovery_bodacc_domain(self, today):
        watched = self.env["debt.recovery.case"]._read_group(
            [
                ("state", "in", WATCHED_STATES),
                ("company_id.debt_recovery_bodacc_watch", "=", True),
            ],
            ["partner_id"],
        )
        return Domain(
            [
                ("id", "in", [partner.id for (partner,) in watched]),
                ("debt_recovery_siren", "!=", False),
            ]
        ) & (
            Domain("debt_recovery_bodacc_date", "=", False)
            | Domain("debt_recovery_bodacc_date", "<", today)
        )

    @api.model
    def _cron_debt_recovery_registers(self, batch_size=50):
        """Daily: the ECB rate, then the BODACC watch of the debtors with an open case, in
        batches, each debtor in his own savepoint. A service that is down is logged and left
        for the next run; an answer that cannot be used for one debtor is logged for him and
        the others go on. Nothing a failure would have written is written."""
        Cron = self.env["ir.cron"]
        Rate = self.env["debt.recovery.rate"]
        if Rate._debt_recovery_ecb_enabled():
            try:
                with self.env.cr.savepoint():
                    Rate._debt_recovery_update_from_ecb(patient=True)
            except ServiceError as error:
                _logger.warning("ECB rate update skipped: %s", error)
            if not Cron._commit_progress():
                return
        today = fields.Date.context_today(self)
        domain = self._debt_recovery_bodacc_domain(today)
        # The debtors whose answer failed today: checked again tomorrow, not in this run.
        failed = []
        while True:
            partners = self.search(
                domain & Domain("id", "not in", failed), limit=batch_size, order="id"
            )
            if not partners:
                Cron._commit_progress(remaining=0)
                return
            for partner in partners:
                try:
                    with self.env.cr.savepoint():
                        partner._debt_recovery_bodacc_check(patient=True)
                except UnreadableAnswerError as error:
                    # This debtor's answer cannot be used: his check waits for tomorrow.
                    failed.append(partner.id)
                    _logger.warning(
                        "BODACC watch of %s (partner %s) skipped today: %s",
                        partner.display_name,
                        partner.id,
                        error,
                    )
                except ServiceError as error:
                    # The service is down: the next run tries again, the debtors are unchanged.
                    _logger.warning("BODACC watch stopped for today: %s", error)
                    Cron._commit_progress(remaining=0)
                    return
                except Exception:
                    failed.append(partner.id)
                    _logger.exception(
                        "BODACC watch of %s (partner %s) failed today",
                        partner.display_name,
                        partner.id,
                    )
            remaining = self.search_count(domain & Domain("id", "not in", failed))
            if not Cron._commit_progress(len(partners), remaining=remaining) or not remaining:
                return


def _shown(value):
    if isinstance(value, models.BaseModel):
        return value.display_name or "-"
    return value or "-"
