# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import zipfile
from datetime import timedelta
from decimal import Decimal

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, format_date

from ..legal.claim import ClaimTitle, declared_lines
from ..legal.collective import (
    DECLARATION_FORECLOSED,
    DECLARATION_IN_TIME,
    DECLARATION_RELIEF,
    declaration_deadline,
    declaration_window,
    relief_from_foreclosure_deadline,
    split_claim,
)
from ..legal.courts import CHAMBRE_COMMERCIALE, commercial_court_seat, judicial_court_seat
from ..legal.errors import LegalError
from ..legal.escalation import commissaire_fee, missing_evidence, reminder_date
from ..legal.instalments import check_judicial_grace
from ..legal.letters import date_fr, percent_fr, procedure_name_defined_fr
from ..legal.procedures import (
    APPEAL_ARTICLES,
    COMMERCIAL_COURT,
    COURT_DECISION_CODES,
    DEADLINE_APPEAL,
    DEADLINE_JUDGMENT_SERVICE,
    DEADLINE_KINDS,
    DEADLINE_NOTES,
    DEADLINE_OPPOSITION,
    DEADLINE_REPLY,
    DEADLINE_SERVICE,
    DEADLINE_TITLE_EXPIRY,
    ECONOMIC_COURT,
    ProcedureSteps,
    competent_court,
    court_name_fr,
    enforcement_option,
    has_deadline,
    may_go_to_commercial_court,
    names_fr,
    payment_order_cerfa,
    phase_selection,
    procedure,
    procedure_deadlines,
)
from ..utils import legal_error_message, legal_message
from .debt_recovery_action import proof_file_writer
from .debt_recovery_case import PROCEDURE_PHASES

# The procedures, their names, forms, courts and deadlines: legal/procedures.py owns them.
KINDS = phase_selection(procedures_only=True)
EVIDENCE_LABELS_FR = {
    "contract": "Contrat",
    "signed_quote": "Devis signé",
    "order_form": "Bon de commande",
    "delivery_proof": "Preuve de livraison",
    "other": "Autre pièce",
}
LETTER_LANG = "fr_FR"
# The procedures that end with a court decision served on the debtor.
COURT_DECISION_KINDS = COURT_DECISION_CODES
# The field that holds each legal deadline (``procedures.DEADLINE_KINDS``).
DEADLINE_FIELD = {
    DEADLINE_REPLY: "deadline_reply",
    DEADLINE_SERVICE: "deadline_service",
    DEADLINE_JUDGMENT_SERVICE: "deadline_service",
    DEADLINE_OPPOSITION: "deadline_opposition",
    DEADLINE_APPEAL: "deadline_appeal",
    DEADLINE_TITLE_EXPIRY: "title_expiry",
}
# While which steps are not done each deadline is still ahead.
DEADLINE_PENDING = {
    DEADLINE_REPLY: lambda e: not e.date_accepted and not e.date_title,
    DEADLINE_SERVICE: lambda e: not e.date_service,
    DEADLINE_JUDGMENT_SERVICE: lambda e: not e.date_service,
    # Art. 1416 al. 2 CPC: not served in person, the debtor may still oppose after the title.
    DEADLINE_OPPOSITION: lambda e: not e.date_opposition
    and (not e.date_title or not e.served_in_person),
    DEADLINE_APPEAL: lambda e: not e.outcome,
    DEADLINE_TITLE_EXPIRY: lambda e: e.outcome in (False, "title"),
}
# The fields the legal deadlines (and their to-dos) depend on.
DEADLINE_FIELDS = {
    "kind",
    "date_sent",
    "date_accepted",
    "date_ordonnance",
    "date_decision",
    "judgment_by_default",
    "date_service",
    "served_in_person",
    "date_first_personal_act",
    "date_first_unavailability_measure",
    "date_opposition",
    "date_title",
    "outcome",
}
# What makes a procedure what it is: fixed when it is opened.
IMMUTABLE_FIELDS = ("case_id", "kind", "company_id")
# Written by the procedure's own steps (``_change_state``, the transmission), never by a client.
STATE_FIELDS = ("state", "date_closed")
TRANSMISSION_FIELDS = ("archive_id", "mandate_id", "sent_attachment_ids", "transmission_message_id")
# The states a procedure may go to from each state.
TRANSITIONS = {
    "draft": ("transmitted", "in_progress", "closed"),
    "transmitted": ("in_progress", "closed"),
    "in_progress": ("closed",),
    "closed": (),
}
MANAGER_GROUP = "debt_recovery_fr.debt_recovery_group_manager"


class DebtRecoveryEvidence(models.Model):
    """One piece of the proof file: what shows the claim is not contestable."""

    _name = "debt.recovery.evidence"
    _description = "Debt Recovery Evidence"
    _order = "case_id, date, id"
    _check_company_auto = True

    case_id = fields.Many2one(
        "debt.recovery.case", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    kind = fields.Selection(
        [
            ("contract", "Contract"),
            ("signed_quote", "Signed Quote"),
            ("order_form", "Order Form"),
            ("delivery_proof", "Delivery Proof"),
            ("other", "Other"),
        ],
        required=True,
    )
    name = fields.Char(string="Description", required=True)
    date = fields.Date(default=fields.Date.context_today)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "debt_recovery_evidence_attachment_rel",
        "evidence_id",
        "attachment_id",
        string="Documents",
    )
    # A piece of the proof file is never deleted: a Recovery Manager archives it.
    active = fields.Boolean(default=True)

    @api.model_create_multi
    def create(self, vals_list):
        evidences = super().create(vals_list)
        evidences._debt_recovery_attach_uploads()
        return evidences

    def write(self, vals):
        if not self.env["debt.recovery.action"]._debt_recovery_is_internal():
            self._debt_recovery_check_write(vals)
        result = super().write(vals)
        if "attachment_ids" in vals:
            self._debt_recovery_attach_uploads()
        return result

    def _debt_recovery_check_write(self, vals):
        """A piece of the proof file only takes more documents; a manager archives it."""
        reasons = []
        if set(vals) - {"attachment_ids", "active"}:
            reasons.append(
                self.env._(
                    "its %(fields)s cannot be changed",
                    fields=", ".join(
                        self._fields[field].string
                        for field in sorted(set(vals) - {"attachment_ids", "active"})
                        if field in self._fields
                    ),
                )
            )
        if "active" in vals and not self.env.user.has_group(MANAGER_GROUP):
            reasons.append(self.env._("only a Recovery Manager archives a piece"))
        if "attachment_ids" in vals and self._debt_recovery_removed_documents(
            vals["attachment_ids"]
        ):
            reasons.append(self.env._("its documents cannot be removed"))
        if reasons:
            raise UserError(
                self.env._(
                    "%(evidence)s is part of the proof file: %(reasons)s.",
                    evidence=", ".join(self.mapped("name")),
                    reasons="; ".join(reasons),
                )
            )

    def _debt_recovery_removed_documents(self, commands):
        """The documents of these pieces that the ``commands`` would take away."""
        current = self.attachment_ids
        if commands and all(isinstance(command, int) for command in commands):
            return current - current.browse(commands)
        removed = current.browse()
        for command in commands:
            if command[0] in (Command.UNLINK, Command.DELETE):
                removed |= current.browse(command[1]) & current
            elif command[0] == Command.SET:
                removed |= current - current.browse(command[2])
            elif command[0] == Command.CLEAR:
                removed |= current
        return removed

    @api.ondelete(at_uninstall=False)
    def _unlink_except_proof_file(self):
        if not self.env["debt.recovery.action"]._debt_recovery_is_internal():
            raise UserError(
                self.env._(
                    "A piece of the proof file is never deleted: a Recovery Manager archives it."
                )
            )

    def _debt_recovery_attach_uploads(self):
        """Attach to their piece the files uploaded before it was saved.

        The form uploads a file of a new line before the line exists: the file has no record
        (``res_id`` 0) and only its uploader could read it. Only such files, of this model and
        uploaded by this user, are attached: never a file of another record.
        """
        for evidence in self:
            uploads = evidence.attachment_ids.filtered(
                lambda attachment: attachment.res_model in (False, self._name)
                and not attachment.res_id
                and attachment.create_uid == self.env.user
            )
            if uploads:
                with self.env["debt.recovery.action"]._debt_recovery_internal():
                    uploads.write({"res_model": self._name, "res_id": evidence.id})


class DebtRecoveryEscalation(models.Model):
    """A procedure handed to a commissaire de justice or a court, from mandate to outcome."""

    _name = "debt.recovery.escalation"
    _description = "Debt Recovery Escalation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    case_id = fields.Many2one(
        "debt.recovery.case", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(related="case_id.partner_id", store=True, string="Debtor")
    kind = fields.Selection(KINDS, required=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("transmitted", "Transmitted"),
            ("in_progress", "In Progress"),
            ("closed", "Closed"),
        ],
        required=True,
        default="draft",
        tracking=True,
    )
    commissaire_id = fields.Many2one(
        "res.partner",
        string="Commissaire de Justice",
        tracking=True,
        domain="[('debt_recovery_is_commissaire', '=', True)]",
    )
    amount_claimed = fields.Monetary(help="The claim when the procedure was opened.")
    court = fields.Char(compute="_compute_court", string="Competent Court")
    court_seat = fields.Char(
        compute="_compute_court_seat",
        store=True,
        readonly=False,
        help="Town of the competent court, from the debtor's postcode and town; when his "
        "département has several courts, choose among the proposed seats.",
    )
    court_seat_candidates = fields.Char(
        string="Possible Seats", compute="_compute_court_seat", store=True
    )
    # The steps: which dates apply depends on the kind (see the form).
    date_transmitted = fields.Date(string="Sent to Commissaire", tracking=True, copy=False)
    date_sent = fields.Date(
        string="Letter to Debtor",
        tracking=True,
        help="Procédure simplifiée: the commissaire's letter inviting the debtor to agree.",
    )
    date_accepted = fields.Date(string="Accepted", tracking=True)
    date_filed = fields.Date(string="Request Filed", tracking=True)
    date_ordonnance = fields.Date(string="Ordonnance", tracking=True)
    date_service = fields.Date(string="Service (Signification)", tracking=True)
    served_in_person = fields.Boolean(
        default=True,
        tracking=True,
        help="The ordonnance was served on the debtor in person. If not, he may oppose until "
        "one month after the first act served on him in person or the first enforcement "
        "measure making his assets unavailable (art. 1416 CPC); enforcement may still start "
        "one month after the service (art. 1422 CPC).",
    )
    date_first_personal_act = fields.Date(
        string="First Act Served in Person",
        tracking=True,
        help="Ordonnance not served in person: the first act served on the debtor in person "
        "after it (art. 1416 CPC).",
    )
    date_first_unavailability_measure = fields.Date(
        string="First Measure Making Assets Unavailable",
        tracking=True,
        help="Ordonnance not served in person: the first enforcement measure making the "
        "debtor's assets unavailable, in whole or in part (bank or wage attachment, seizure), "
        "art. 1416 CPC.",
    )
    opposition_open_note = fields.Char(
        string="Opposition Window",
        compute="_compute_opposition_open_note",
        help="Why the opposition deadline is not known yet.",
    )
    date_opposition = fields.Date(string="Opposition Received", tracking=True)
    date_summons = fields.Date(string="Summons Served", tracking=True)
    date_hearing = fields.Date(string="Hearing", tracking=True)
    date_decision = fields.Date(string="Decision", tracking=True)
    decision_award = fields.Selection(
        [
            ("legal_interest", "Legal Interest"),
            ("late_penalties", "Late-Payment Penalties (L441-10)"),
        ],
        string="Decision Awards",
        tracking=True,
        help="Between professionals, what the decision awarded on the sum: the legal interest "
        "(the legal rate replaces the L441-10 penalties once it is enforceable, + 5 points two "
        "months later, art. 1231-7 C. civ., L313-3 C. mon. fin.) or the L441-10 penalties until "
        "payment (they run on, never increased). A consumer always owes the legal interest.",
    )
    grace_start = fields.Date(
        string="Grace Period From",
        tracking=True,
        help="Grace period granted by the judge (art. 1343-5 C. civ.): during it no late-payment "
        "penalty and no + 5 points are due, the sum bears the plain legal interest.",
    )
    grace_end = fields.Date(string="Grace Period Until", tracking=True)
    judgment_by_default = fields.Boolean(
        string="Judgment by Default",
        tracking=True,
        help="The decision is by default, or deemed contradictory only because it can be "
        "appealed: it is void if not served within 6 months of its date (art. 478 CPC).",
    )
    date_title = fields.Date(string="Enforceable Title", tracking=True)
    date_enforcement = fields.Date(string="Enforcement Started", tracking=True)
    # The legal deadlines, from legal/.
    deadline_reply = fields.Date(
        string="Acceptance Deadline", compute="_compute_deadlines", store=True
    )
    deadline_service = fields.Date(
        string="Service Deadline", compute="_compute_deadlines", store=True
    )
    deadline_opposition = fields.Date(
        string="Opposition Deadline", compute="_compute_deadlines", store=True
    )
    deadline_appeal = fields.Date(
        string="Appeal Deadline",
        compute="_compute_deadlines",
        store=True,
        help="Last day for the debtor to appeal (or oppose) the decision served.",
    )
    date_enforceable = fields.Date(
        string="Enforceable From", compute="_compute_deadlines", store=True
    )
    title_expiry = fields.Date(string="Title Valid Until", compute="_compute_deadlines", store=True)
    # The soonest of the legal deadlines not yet met, for the dashboard's one sorted read.
    next_deadline = fields.Date(compute="_compute_next_deadline", store=True, index=True)
    next_deadline_kind = fields.Selection(
        list(DEADLINE_KINDS),
        string="Next Deadline For",
        compute="_compute_next_deadline",
        store=True,
    )
    outcome = fields.Selection(
        [
            ("paid", "Paid"),
            ("title", "Title Obtained"),
            ("rejected", "Rejected"),
            ("abandoned", "Abandoned"),
        ],
        tracking=True,
        copy=False,
    )
    date_closed = fields.Date(copy=False)
    action_ids = fields.One2many("debt.recovery.action", "escalation_id", string="Cost Lines")
    amount_costs = fields.Monetary(
        string="Costs",
        compute="_compute_amount_costs",
        help="What this procedure cost the creditor. The case claims from the debtor the part "
        "the law allows (legal/claim.py); the rest stays with the creditor, for the reason shown.",
    )
    costs_reason = fields.Char(related="case_id.amount_costs_reason", string="Costs Not Claimed")
    # What was sent to the commissaire.
    sent_attachment_ids = fields.Many2many(
        "ir.attachment",
        "debt_recovery_escalation_sent_rel",
        "escalation_id",
        "attachment_id",
        string="Documents Sent",
        copy=False,
    )
    archive_id = fields.Many2one("ir.attachment", string="Archive Sent", copy=False)
    mandate_id = fields.Many2one("ir.attachment", string="Mandate Letter", copy=False)
    transmission_message_id = fields.Many2one("mail.message", copy=False)
    # Sums recovered by the commissaire and his fee.
    payment_ids = fields.Many2many(
        "account.payment",
        "debt_recovery_escalation_payment_rel",
        "escalation_id",
        "payment_id",
        string="Payments Recovered",
        copy=False,
    )
    amount_recovered = fields.Monetary(compute="_compute_recovery")
    amount_fee = fields.Monetary(string="Commissaire's Fee", compute="_compute_recovery")
    amount_net_recovery = fields.Monetary(string="Net Recovery", compute="_compute_recovery")

    @api.depends("kind", "case_id.name")
    def _compute_name(self):
        # Stored for search, in no user's language: the procedure as the documents name it.
        for escalation in self:
            name_fr = procedure(escalation.kind).name_fr if escalation.kind else ""
            escalation.name = (
                f"{name_fr[:1].upper()}{name_fr[1:]} - {escalation.case_id.name or ''}"
            )

    @api.depends_context("lang")
    @api.depends("kind", "case_id.name")
    def _compute_display_name(self):
        # What a user sees: the procedure in his language, then the case.
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for escalation in self:
            escalation.display_name = " - ".join(
                part for part in (kinds.get(escalation.kind), escalation.case_id.name) if part
            )

    def _creation_message(self):
        self.ensure_one()
        return self.env._("Procedure opened: %(procedure)s.", procedure=self.display_name)

    @api.depends(
        "partner_id.debt_recovery_debtor_type",
        "partner_id.commercial_partner_id.debt_recovery_departement_id",
        "partner_id.commercial_partner_id.debt_recovery_activity",
        "partner_id.city",
    )
    def _compute_court_seat(self):
        for escalation in self:
            choice = escalation._debt_recovery_court_choice()
            escalation.court_seat = choice.seat or False
            escalation.court_seat_candidates = ", ".join(choice.candidates) or False

    @api.depends("court_seat", "court_seat_candidates", "date_filed")
    def _compute_court(self):
        for escalation in self:
            seat = escalation.court_seat or self.env._(
                "seat to choose: %(seats)s",
                seats=escalation.court_seat_candidates or self.env._("not in the table of courts"),
            )
            escalation.court = f"{escalation._debt_recovery_court_name()} – {seat}"

    @api.depends(
        "kind",
        "date_sent",
        "date_ordonnance",
        "date_decision",
        "judgment_by_default",
        "date_service",
        "served_in_person",
        "date_first_personal_act",
        "date_first_unavailability_measure",
        "date_title",
        "partner_id.commercial_partner_id.debt_recovery_departement_id",
        "partner_id.commercial_partner_id.debt_recovery_debtor_type",
        "partner_id.commercial_partner_id.country_id",
    )
    def _compute_deadlines(self):
        for escalation in self:
            values = dict.fromkeys((*DEADLINE_FIELD.values(), "date_enforceable"), False)
            if not escalation.kind:
                escalation.update(values)
                continue
            partner = escalation.partner_id.commercial_partner_id
            deadlines, enforceable = procedure_deadlines(
                escalation.kind,
                ProcedureSteps(
                    sent=escalation.date_sent or None,
                    ordonnance=escalation.date_ordonnance or None,
                    decision=escalation.date_decision or None,
                    judgment_by_default=escalation.judgment_by_default,
                    service=escalation.date_service or None,
                    served_in_person=escalation.served_in_person,
                    first_personal_act=escalation.date_first_personal_act or None,
                    first_unavailability_measure=(
                        escalation.date_first_unavailability_measure or None
                    ),
                    title=escalation.date_title or None,
                    debtor_type=partner.debt_recovery_debtor_type or "b2b",
                    departement=partner.debt_recovery_departement_id.code or None,
                    abroad=bool(partner.country_id and partner.country_id.code != "FR"),
                ),
            )
            values.update({DEADLINE_FIELD[kind]: day for kind, day in deadlines.items()})
            values["date_enforceable"] = enforceable or False
            escalation.update(values)

    @api.depends("kind", "date_service", "deadline_opposition")
    def _compute_opposition_open_note(self):
        for escalation in self:
            opens = (
                escalation.kind
                and has_deadline(escalation.kind, DEADLINE_OPPOSITION)
                and escalation.date_service
                and not escalation.deadline_opposition
            )
            escalation.opposition_open_note = opens and self.env._(
                "Not served in person: the debtor may oppose until one month after the first act "
                "served on him in person or the first measure making his assets unavailable "
                "(art. 1416 CPC). Record its date when it is done."
            )

    # Art. 1416 CPC: the acts that reopen the opposition window follow the service.
    @api.constrains("date_service", "date_first_personal_act", "date_first_unavailability_measure")
    def _check_opposition_acts(self):
        for escalation in self:
            for field in ("date_first_personal_act", "date_first_unavailability_measure"):
                if escalation[field] and (
                    not escalation.date_service or escalation[field] < escalation.date_service
                ):
                    raise ValidationError(
                        self.env._(
                            "%(step)s of %(procedure)s must be on or after the service of the "
                            "ordonnance.",
                            step=self._fields[field]._description_string(self.env),
                            procedure=escalation.display_name,
                        )
                    )

    # L441-10 C. com. is a rule between professionals: a consumer owes the legal interest.
    @api.constrains("decision_award", "case_id")
    def _check_decision_award(self):
        for escalation in self:
            if escalation.decision_award == "late_penalties" and escalation.case_id.debtor_type == (
                "b2c"
            ):
                raise ValidationError(
                    self.env._(
                        "%(debtor)s is a consumer: a decision awards him the legal interest, "
                        "never the late-payment penalties of L441-10 C. com. (art. 1231-6 and "
                        "1231-7 C. civ.).",
                        debtor=escalation.partner_id.name,
                    )
                )

    # Art. 1343-5 C. civ.: a grace period the judge granted, in his decision.
    @api.constrains("grace_start", "grace_end", "date_decision", "date_ordonnance")
    def _check_grace_period(self):
        for escalation in self:
            if not (escalation.grace_start or escalation.grace_end):
                continue
            decision = escalation.date_decision or escalation.date_ordonnance
            if not (escalation.grace_start and escalation.grace_end and decision):
                raise ValidationError(
                    self.env._(
                        "A grace period is granted by a court decision: enter the decision's "
                        "date and both the first and the last day of the grace period."
                    )
                )
            try:
                check_judicial_grace(decision, escalation.grace_start, escalation.grace_end)
            except LegalError as error:
                raise ValidationError(legal_error_message(self.env, error)) from error

    # Art. 503 CPC: a decision is enforced only once served on the debtor.
    @api.constrains("kind", "date_title", "date_service")
    def _check_title_served(self):
        for escalation in self:
            if (
                escalation.kind in COURT_DECISION_KINDS
                and escalation.date_title
                and not escalation.date_service
            ):
                raise ValidationError(
                    self.env._(
                        "Serve the decision on %(debtor)s before recording the enforceable title: "
                        "a decision is enforced only once served (art. 503 CPC).",
                        debtor=escalation.partner_id.name,
                    )
                )

    @api.depends(
        "state",
        "outcome",
        "date_accepted",
        "date_service",
        "date_opposition",
        "date_title",
        "deadline_reply",
        "deadline_service",
        "deadline_opposition",
        "deadline_appeal",
        "title_expiry",
        "kind",
    )
    def _compute_next_deadline(self):
        for escalation in self:
            pending = escalation.state != "closed" and escalation._debt_recovery_pending_deadlines()
            kind, deadline = min(pending, key=lambda p: p[1]) if pending else (False, False)
            escalation.next_deadline = deadline
            escalation.next_deadline_kind = kind

    @api.depends("action_ids.cost", "action_ids.state")
    def _compute_amount_costs(self):
        for escalation in self:
            escalation.amount_costs = sum(
                escalation.action_ids.filtered(lambda a: a.state == "done").mapped("cost")
            )

    @api.depends("payment_ids.amount", "commissaire_id")
    def _compute_recovery(self):
        for escalation in self:
            fee = escalation._debt_recovery_fee()
            escalation.amount_recovered = float(fee.recovered) if fee else 0.0
            escalation.amount_fee = float(fee.total) if fee else 0.0
            escalation.amount_net_recovery = float(fee.net_recovery) if fee else 0.0

    def _debt_recovery_fee(self):
        """The commissaire's fee on what he recovered (``legal/escalation.py``), or None."""
        self.ensure_one()
        recovered = self.currency_id.round(sum(self.payment_ids.mapped("amount")))
        if not self.commissaire_id or not self.payment_ids:
            return None
        return commissaire_fee(
            Decimal(str(recovered)), self.commissaire_id._debt_recovery_fee_agreement()
        )

    def _debt_recovery_fee_terms_fr(self):
        """The commissaire's fee agreement as the mandate prints it, in French: amounts before
        VAT, as the commissaires' fees are agreed (art. A444-10 s. C. com.); empty without."""
        self.ensure_one()
        commissaire = self.commissaire_id
        agreement = commissaire._debt_recovery_fee_agreement() if commissaire else None
        if not agreement or not (agreement.fixed_fee or agreement.percent):
            return ""

        def money(amount):
            return format_amount(self.env, float(amount), self.currency_id, lang_code="fr_FR")

        terms = []
        if agreement.fixed_fee:
            terms.append(f"un forfait de {money(agreement.fixed_fee)} HT par dossier")
        if agreement.percent:
            share = f"{percent_fr(agreement.percent)} HT des sommes recouvrées"
            if agreement.threshold:
                share += f" à partir de {money(agreement.threshold)} recouvrés"
            terms.append(share)
        return " et ".join(terms) + ", TVA en sus"

    def _debt_recovery_court_choice(self):
        """The seat of the court of the debtor's domicile (``legal/courts.py``): a commercial
        court (or TAE) when the debtor's activity may go there and does, else the tribunal
        judiciaire (``legal/procedures.py``, legal_fr.md §19.5)."""
        self.ensure_one()
        partner = self.partner_id
        departement = partner.debt_recovery_departement_id.code
        debtor_type = partner.debt_recovery_debtor_type or "b2b"
        activity = partner.commercial_partner_id.debt_recovery_activity or None
        if may_go_to_commercial_court(debtor_type, activity):
            choice = commercial_court_seat(departement, partner.city)
            court = competent_court(
                debtor_type,
                commercial_court_seat=choice.seat,
                on=self.date_filed or fields.Date.context_today(self),
                activity=activity,
            )
            if court in (COMMERCIAL_COURT, ECONOMIC_COURT):
                return choice
        return judicial_court_seat(departement, partner.city)

    def _debt_recovery_court_code(self):
        self.ensure_one()
        partner = self.partner_id
        activity = partner.commercial_partner_id.debt_recovery_activity or None
        return competent_court(
            partner.debt_recovery_debtor_type or "b2b",
            commercial_court_seat=self.court_seat,
            on=self.date_filed or fields.Date.context_today(self),
            activity=activity,
        )

    def _debt_recovery_court_name(self):
        """The court's name in French (legal/procedures.py), its chamber in Alsace-Moselle."""
        self.ensure_one()
        court = self._debt_recovery_court_code()
        chamber = court == COMMERCIAL_COURT and (
            self._debt_recovery_court_choice().kind == CHAMBRE_COMMERCIALE
        )
        return court_name_fr(court, commercial_chamber=chamber)

    # ------------------------------------------------------------------------------------------
    # Opening: the same legal checks as an escalation of the case
    # ------------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env["debt.recovery.action"]._debt_recovery_is_internal():
            vals_list = [self._add_missing_default_values(vals) for vals in vals_list]
            for vals in vals_list:
                self._debt_recovery_check_opening(vals)
        for vals in vals_list:
            case = self.env["debt.recovery.case"].browse(vals.get("case_id"))
            if case and vals.get("kind"):
                case._debt_recovery_check_procedure(vals["kind"])
                vals.setdefault("amount_claimed", case.amount_total_claimed)
                if not vals.get("commissaire_id"):
                    vals["commissaire_id"] = (
                        case.commissaire_id
                        or case.partner_id._debt_recovery_find_commissaire(case.company_id)
                    ).id
        escalations = super().create(vals_list)
        # A procedure opened on the case, through a level or directly, escalates it.
        escalations.case_id.filtered(lambda case: case.state == "open")._change_state(
            "escalated", event=True
        )
        escalations._debt_recovery_schedule_deadlines()
        escalations._debt_recovery_case_to_level()
        return escalations

    def _debt_recovery_case_to_level(self):
        """The case of a procedure opened stands at the procedure's level, its column of the
        kanban, when the company has one above the case's level (the procedure's checks done)."""
        moves = []
        for escalation in self:
            case = escalation.case_id
            level = case._debt_recovery_procedure_level(escalation.kind)
            if level and case._debt_recovery_is_escalation(level):
                moves.append((case, level))
        if moves:
            # The procedure just opened is the one of the level: it is found, not opened again.
            self.case_id.invalidate_recordset(["debt_recovery_escalation_ids"])
            self.env["debt.recovery.case"]._move_to_levels_checked(moves)

    @api.model
    def _debt_recovery_check_opening(self, vals):
        """A procedure opens as a draft: it is sent, then closed, by its own steps."""
        if (
            vals.get("state", "draft") != "draft"
            or vals.get("date_closed")
            or any(vals.get(field) for field in TRANSMISSION_FIELDS)
        ):
            raise UserError(
                self.env._(
                    "A procedure opens as a draft: send it to the commissaire, or close it with "
                    "its outcome (Close button), once opened."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_under_way(self):
        under_way = self.filtered(
            lambda escalation: escalation.state != "draft" or escalation.date_transmitted
        )
        if under_way:
            raise UserError(
                self.env._(
                    "%(procedures)s was sent or is under way: it stays in the file. Close it with "
                    "its outcome instead.",
                    procedures=", ".join(under_way.mapped("display_name")),
                )
            )

    def write(self, vals):
        self._debt_recovery_check_write(vals)
        result = super().write(vals)
        if DEADLINE_FIELDS & set(vals):
            self._debt_recovery_schedule_deadlines()
        if {
            "date_title",
            "date_service",
            "date_ordonnance",
            "date_decision",
            "decision_award",
            "grace_start",
            "grace_end",
        } & set(vals):
            # A title changes what the case claims (legal/claim.py: costs, + 5 points).
            self.case_id._recompute_amounts()
        return result

    def _debt_recovery_check_write(self, vals):
        """A procedure stays on its case and keeps its kind; its state moves by its buttons
        (``_change_state``), its outcome is settled when it closes."""
        changed = [
            field
            for field in IMMUTABLE_FIELDS
            if field in vals
            and any(
                escalation[field]
                != self._fields[field].convert_to_record(
                    self._fields[field].convert_to_cache(vals[field], escalation), escalation
                )
                for escalation in self
            )
        ]
        if changed:
            raise UserError(
                self.env._(
                    "A procedure stays on the case and of the kind it was opened with: "
                    "%(fields)s cannot be changed. Close it and open another one.",
                    fields=", ".join(self._fields[field].string for field in changed),
                )
            )
        if self.env["debt.recovery.action"]._debt_recovery_is_internal():
            return
        if set(vals) & set(STATE_FIELDS):
            raise UserError(
                self.env._(
                    "The state of a procedure follows its steps: send it to the commissaire, "
                    "or close it with its outcome (Close button)."
                )
            )
        if set(vals) & set(TRANSMISSION_FIELDS):
            raise UserError(
                self.env._(
                    "What was sent to the commissaire is a record of the transmission: it cannot "
                    "be changed."
                )
            )
        closed = self.filtered(lambda escalation: escalation.state == "closed")
        if closed and "outcome" in vals:
            raise UserError(
                self.env._(
                    "%(procedures)s is closed: its outcome cannot be changed.",
                    procedures=", ".join(closed.mapped("display_name")),
                )
            )

    def _change_state(self, state, reason):
        """Move these procedures to ``state``: the one way a procedure's state changes.

        Checks the step (``TRANSITIONS``; closing needs an outcome), writes it, says in the
        chatter who moved it and why, then acts: a closed procedure drops its deadlines' to-dos
        and may end the case's escalation.
        """
        states = dict(self._fields["state"]._description_selection(self.env))
        if state not in states:
            raise UserError(self.env._("%(state)s is not a state of a procedure.", state=state))
        for escalation in self:
            if state != escalation.state and state not in TRANSITIONS[escalation.state]:
                raise UserError(
                    self.env._(
                        "%(procedure)s cannot go from %(from)s to %(to)s.",
                        procedure=escalation.display_name,
                        **{"from": states[escalation.state], "to": states[state]},
                    )
                )
            if state == "closed" and not escalation.outcome:
                raise UserError(self.env._("Choose the outcome of the procedure first."))
        moving = self.filtered(lambda escalation: escalation.state != state)
        if not moving:
            return True
        previous = {escalation: escalation.state for escalation in moving}
        vals = {"state": state}
        if state == "closed":
            vals["date_closed"] = fields.Date.context_today(self)
        with self.env["debt.recovery.action"]._debt_recovery_internal():
            # One message per move, with its reason, instead of the tracking of the state.
            moving.with_context(mail_notrack=True).write(vals)
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        for escalation in moving:
            escalation.message_post(
                body=self.env._(
                    "%(from)s → %(to)s by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason
                    or (outcomes.get(escalation.outcome) if state == "closed" else "")
                    or "-",
                    **{"from": states[previous[escalation]], "to": states[state]},
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        if state == "closed":
            moving._debt_recovery_schedule_deadlines()
            moving.case_id._debt_recovery_procedures_closed()
        return True

    def unlink(self):
        cases = self.case_id
        result = super().unlink()
        # A procedure deleted (opened by mistake) is no longer one that keeps the case escalated.
        cases._debt_recovery_procedures_closed()
        return result

    def _debt_recovery_pending_deadlines(self):
        """``[(kind, deadline)]``: the legal deadlines of this procedure whose step is not done
        (``kind`` as in ``next_deadline_kind``), past ones included."""
        self.ensure_one()
        if not self.kind:
            return []
        return [
            (kind, self[DEADLINE_FIELD[kind]])
            for kind in procedure(self.kind).deadlines
            if self[DEADLINE_FIELD[kind]] and DEADLINE_PENDING[kind](self)
        ]

    def _debt_recovery_deadlines(self):
        """``[(deadline, summary, note)]``: the legal deadlines still ahead of this procedure."""
        self.ensure_one()
        labels = dict(self._fields["next_deadline_kind"]._description_selection(self.env))
        params = {
            "enforceable": format_date(self.env, self.date_enforceable),
            "served": format_date(self.env, self.date_service),
            "article": APPEAL_ARTICLES.get(self.kind, ""),
        }
        return [
            (
                deadline,
                labels[kind],
                legal_message(
                    self.env,
                    DEADLINE_NOTES[kind],
                    {**params, "date": format_date(self.env, deadline)},
                ),
            )
            for kind, deadline in self._debt_recovery_pending_deadlines()
        ]

    def _debt_recovery_schedule_deadlines(self):
        """One to-do per legal deadline ahead, due a week before it (replaces the previous)."""
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("debt_recovery_fr.mail_activity_type_legal_deadline")
        for escalation in self:
            escalation.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).unlink()
            for deadline, summary, note in escalation._debt_recovery_deadlines():
                escalation.activity_schedule(
                    "debt_recovery_fr.mail_activity_type_legal_deadline",
                    date_deadline=reminder_date(deadline, today),
                    summary=summary,
                    note=note,
                    user_id=escalation.case_id._debt_recovery_responsible().id,
                )

    # ------------------------------------------------------------------------------------------
    # Costs and outcome
    # ------------------------------------------------------------------------------------------
    @proof_file_writer
    def _debt_recovery_book_cost(self, amount, note, date=None):
        """Book a cost of the procedure on the case (registered letter, greffe, fees)."""
        self.ensure_one()
        return self.env["debt.recovery.action"].create(
            {
                "case_id": self.case_id.id,
                "escalation_id": self.id,
                "channel": "commissaire",
                "state": "done",
                "date": date or fields.Date.context_today(self),
                "cost": amount,
                "note": note,
                "amount": self.case_id.amount_overdue,
            }
        )

    def action_close(self):
        """Close these procedures with their outcome (the reason recorded in the chatter)."""
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        for escalation in self:
            if not escalation.outcome:
                raise UserError(self.env._("Choose the outcome of the procedure first."))
            escalation._change_state(
                "closed",
                self.env._(
                    "closed with the outcome %(outcome)s", outcome=outcomes[escalation.outcome]
                ),
            )
        return True

    def action_register_recovery(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Register Sums Recovered"),
            "res_model": "debt.recovery.recovery.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_escalation_id": self.id},
        }

    @proof_file_writer
    def _debt_recovery_register_recovery(self, amount, date, journal):
        """Register ``amount`` recovered by the commissaire as payments of the oldest invoices.

        The fee follows the agreement on the whole sum recovered and is booked as a cost.
        """
        self.ensure_one()
        currency = self.currency_id
        if currency.compare_amounts(amount, 0) <= 0:
            raise UserError(self.env._("Enter the sum the commissaire recovered."))
        invoices = self.case_id.invoice_ids.filtered(
            lambda inv: inv.state == "posted" and currency.compare_amounts(inv.amount_residual, 0)
        ).sorted(lambda inv: (inv.invoice_date_due, inv.id))
        left = currency.round(amount)
        if currency.compare_amounts(left, sum(invoices.mapped("amount_residual"))) > 0:
            raise UserError(
                self.env._(
                    "%(amount)s is more than the %(residual)s the invoices of %(debtor)s still "
                    "owe.",
                    amount=format_amount(self.env, amount, currency),
                    residual=format_amount(
                        self.env, sum(invoices.mapped("amount_residual")), currency
                    ),
                    debtor=self.partner_id.name,
                )
            )
        payments = self.env["account.payment"]
        for invoice in invoices:
            if currency.is_zero(left):
                break
            part = min(left, invoice.amount_residual)
            wizard = (
                self.env["account.payment.register"]
                .with_context(active_model="account.move", active_ids=invoice.ids)
                .create(
                    {
                        "amount": part,
                        "payment_date": date,
                        "journal_id": journal.id,
                        "communication": self.env._(
                            "%(invoice)s recovered by %(commissaire)s",
                            invoice=invoice.name,
                            commissaire=self.commissaire_id.name or "",
                        ),
                    }
                )
            )
            payments |= wizard._create_payments()
            left = currency.round(left - part)
        self.payment_ids = [Command.link(payment.id) for payment in payments]
        fee = self._debt_recovery_fee()
        fee_action = self.action_ids.filtered(lambda a: a.note == self._debt_recovery_fee_note())
        if fee_action:
            fee_action.cost = float(fee.total)
        elif fee:
            self._debt_recovery_book_cost(float(fee.total), self._debt_recovery_fee_note(), date)
        self.message_post(
            body=self.env._(
                "%(amount)s recovered by %(commissaire)s; fee %(fee)s, net recovery %(net)s.",
                amount=format_amount(self.env, amount, currency),
                commissaire=self.commissaire_id.name or "",
                fee=format_amount(self.env, self.amount_fee, currency),
                net=format_amount(self.env, self.amount_net_recovery, currency),
            )
        )
        if all(currency.is_zero(invoice.amount_residual) for invoice in self.case_id.invoice_ids):
            self.write({"outcome": "paid"})
        self.case_id._recompute_amounts()
        return payments

    @api.model
    def _debt_recovery_load_demo(self, company_ids):
        """Demo procedures at different steps, on the oldest demo cases after a formal notice."""
        self = self.with_context(lang=self.env["res.company"]._debt_recovery_demo_lang())
        company = self.env["res.company"].browse(company_ids)
        today = fields.Date.context_today(self)
        cases = self.env["debt.recovery.case"].search(
            [("company_id", "=", company.id), ("state", "in", ("open", "escalated"))]
        )
        # The demo cases placed at the formal notice had it sent three weeks ago.
        self.env["debt.recovery.action"]._debt_recovery_demo_formal_notices(
            cases.filtered(
                lambda case: case.level_id.phase == "formal_notice"
                and not case._debt_recovery_formal_notice_done()
            ),
            today - timedelta(days=21),
        )
        cases = cases.filtered(lambda case: case._debt_recovery_formal_notice_done()).sorted(
            lambda case: -case.days_overdue
        )
        steps = [
            ("simplified_procedure", {"date_sent": today - timedelta(days=10)}),
            (
                "payment_order",
                {
                    "date_filed": today - timedelta(days=70),
                    "date_ordonnance": today - timedelta(days=40),
                    "date_service": today - timedelta(days=20),
                },
            ),
            (
                "payment_order",
                {
                    "date_filed": today - timedelta(days=90),
                    "date_ordonnance": today - timedelta(days=60),
                },
            ),
            (
                "simplified_procedure",
                {
                    "date_sent": today - timedelta(days=45),
                    "date_accepted": today - timedelta(days=30),
                    "date_title": today - timedelta(days=25),
                    "outcome": "title",
                },
            ),
            # A référé-provision served a week ago: the appeal window runs.
            (
                "summary_proceedings",
                {
                    "date_summons": today - timedelta(days=40),
                    "date_hearing": today - timedelta(days=20),
                    "date_decision": today - timedelta(days=12),
                    "date_service": today - timedelta(days=7),
                },
            ),
            # A judgment by default still to serve (art. 478 CPC).
            (
                "litigation",
                {
                    "date_summons": today - timedelta(days=120),
                    "date_hearing": today - timedelta(days=45),
                    "date_decision": today - timedelta(days=30),
                    "judgment_by_default": True,
                },
            ),
        ]
        # The oldest procedures on the oldest debts; each transmitted at least 8 days after the
        # formal notice was sent (art. 1344 C. civ.: the debtor was given time to pay).
        steps.sort(key=lambda step: min(v for k, v in step[1].items() if k.startswith("date_")))
        Demo = self.env["debt.recovery.demo"]
        _officer, manager = Demo._debt_recovery_demo_team()
        for case in cases:
            if not steps or case.debt_recovery_escalation_ids:
                continue
            kind, dates = steps[0]
            transmitted = min(
                value for key, value in dates.items() if key.startswith("date_")
            ) - timedelta(days=5)
            notices = case.action_ids.filtered(
                lambda action: action.state == "done"
                and action.level_id.phase == "formal_notice"
                and action.channel in ("registered_letter", "letter", "email")
            )
            if not notices or min(notices.mapped("date")) > transmitted - timedelta(days=8):
                continue
            # The manager gathered the proof file and opened the procedure, the day the file
            # went to the commissaire.
            with Demo._debt_recovery_demo_dated(transmitted):
                acting = self.with_user(manager) if manager else self
                for evidence_kind in ("contract", "delivery_proof"):
                    acting.env["debt.recovery.evidence"].create(
                        {
                            "case_id": case.id,
                            "kind": evidence_kind,
                            "name": f"{EVIDENCE_LABELS_FR[evidence_kind]} - {case.name}",
                            "attachment_ids": [
                                Command.create(
                                    {
                                        "name": f"{EVIDENCE_LABELS_FR[evidence_kind]}.txt",
                                        "raw": case.name.encode(),
                                    }
                                )
                            ],
                        }
                    )
                if case._debt_recovery_procedure_refusals(kind):
                    continue
                steps.pop(0)
                escalation = case.with_env(acting.env)._debt_recovery_open_escalation(kind)
                escalation._change_state(
                    "in_progress", self.env._("File sent to the commissaire de justice.")
                )
                escalation.write({"date_transmitted": transmitted, **dates})
                escalation._debt_recovery_book_cost(36.04, self.env._("Greffe fee"), transmitted)
            # The move of the case to the procedure's level, recorded the same day.
            with self.env["debt.recovery.action"]._debt_recovery_internal():
                case.action_ids.filtered(
                    lambda action, day=transmitted: action.channel == "level_change"
                    and action.date > day
                ).write({"date": transmitted})

    def _debt_recovery_fee_note(self):
        return self.env._("Fee of the commissaire de justice")

    # ------------------------------------------------------------------------------------------
    # Transmission of the file to the commissaire
    # ------------------------------------------------------------------------------------------
    def _debt_recovery_render(self, report_xmlid, records):
        """``(content, extension)`` of a report (PDF, or HTML while tests run without PDF)."""
        content, kind = self.env["ir.actions.report"]._render_qweb_pdf(report_xmlid, records.ids)
        return content, kind

    def _debt_recovery_file_documents(self):
        """``[(file name, content)]``: everything the commissaire needs, in one list."""
        self.ensure_one()
        case = self.case_id
        documents = []
        for invoice in case.overdue_invoice_ids.sorted("invoice_date_due") or case.invoice_ids:
            content, kind = self._debt_recovery_render("account.account_invoices", invoice)
            documents.append((f"Factures/{invoice.name.replace('/', '-')}.{kind}", content))
        letters = case.action_ids.filtered(lambda a: a.attachment_id and a.state == "done").sorted(
            lambda a: (a.date, a.id)
        )
        for action in letters:
            number = (
                f" - LRAR {action.registered_letter_number}"
                if action.registered_letter_number
                else ""
            )
            attachment = action.attachment_id
            documents.append(
                (f"Courriers/{action.date}{number} - {attachment.name}", attachment.raw)
            )
        content, kind = self._debt_recovery_render("debt_recovery_fr.report_statement", case)
        documents.append((f"Relevé de compte.{kind}", content))
        for evidence in case.debt_recovery_evidence_ids:
            label = EVIDENCE_LABELS_FR[evidence.kind]
            for attachment in evidence.attachment_ids:
                documents.append((f"Pieces/{label} - {attachment.name}", attachment.raw))
        return documents

    def _debt_recovery_mandate_name(self):
        return f"Mandat - {self.case_id.name}"

    def action_send_to_commissaire(self):
        """E-mail the commissaire the mandate letter and one archive of the whole file."""
        self.ensure_one()
        commissaire = self.commissaire_id
        if not commissaire:
            commissaire = self.partner_id._debt_recovery_competent_commissaire(self.company_id)
            self.commissaire_id = commissaire
        if commissaire.debt_recovery_contact_channel not in (False, "email"):
            raise UserError(
                self.env._(
                    "%(commissaire)s receives files on his platform or by post: download the "
                    "archive and send it that way.",
                    commissaire=commissaire.name,
                )
            )
        if not commissaire.email:
            raise UserError(
                self.env._("%(commissaire)s has no e-mail address.", commissaire=commissaire.name)
            )
        documents = self._debt_recovery_file_documents()
        mandate, kind = self._debt_recovery_render(
            "debt_recovery_fr.report_commissaire_mandate", self
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in documents:
                archive.writestr(name, content or b"")
        Attachment = self.env["ir.attachment"]
        archive = Attachment.create(
            {
                "name": f"Dossier {self.case_id.name}.zip",
                "raw": buffer.getvalue(),
                "mimetype": "application/zip",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        mandate_attachment = Attachment.create(
            {
                "name": f"{self._debt_recovery_mandate_name()}.{kind}",
                "raw": mandate,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        listing = "".join(f"<li>{name}</li>" for name, _content in documents)
        # Queued: the mail queue sends it; the commissaire's replies come back on this thread.
        message = self.with_context(mail_notify_force_send=False).message_post(
            subject=self.env._(
                "Recovery file %(case)s: %(kind)s",
                case=self.case_id.name,
                kind=dict(KINDS)[self.kind],
            ),
            body=self.env._(
                "Dear Maître, please find our mandate and the file of %(debtor)s (%(amount)s).",
                debtor=self.partner_id.name,
                amount=format_amount(self.env, self.case_id.amount_total_claimed, self.currency_id),
            )
            + f"<ul>{listing}</ul>",
            partner_ids=commissaire.ids,
            attachment_ids=(archive | mandate_attachment).ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self._change_state(
            "transmitted",
            self.env._("file sent to %(commissaire)s", commissaire=commissaire.name),
        )
        # The record of what was sent: written by the module only.
        with self.env["debt.recovery.action"]._debt_recovery_internal():
            self._debt_recovery_record_transmission(message, archive, mandate_attachment)
        return True

    def _debt_recovery_record_transmission(self, message, archive, mandate_attachment):
        self.ensure_one()
        self.write(
            {
                "date_transmitted": fields.Date.context_today(self),
                "archive_id": archive.id,
                "mandate_id": mandate_attachment.id,
                "sent_attachment_ids": [
                    Command.set(
                        (archive | mandate_attachment).ids
                        + self.case_id.action_ids.attachment_id.ids
                        + self.case_id.debt_recovery_evidence_ids.attachment_ids.ids
                    )
                ],
                "transmission_message_id": message.id,
            }
        )
        return True

    # ------------------------------------------------------------------------------------------
    # The documents' values (French)
    # ------------------------------------------------------------------------------------------
    def _debt_recovery_document_values(self):
        """The case's letter values, with the commissaire, the court and the evidence."""
        self.ensure_one()
        letter = self.case_id._debt_recovery_letter_values()
        commissaire = self.commissaire_id
        court = self._debt_recovery_court_code()
        kinds_fr = names_fr(procedures_only=True)
        return {
            **letter,
            "commissaire": {
                "name": commissaire.name or "",
                "lines": self.case_id._debt_recovery_letter_address_lines(commissaire),
            },
            "kind": kinds_fr[self.kind],
            "kind_defined": procedure_name_defined_fr(self.kind),
            "court": self._debt_recovery_court_name(),
            # Unknown seat (several courts in the département): left for the accountant to fill.
            "court_city": (self.court_seat or "").upper() or "…" * 12,
            "cerfa": payment_order_cerfa(court),
            "fee_terms": self._debt_recovery_fee_terms_fr(),
            "evidence": [
                {
                    "kind": EVIDENCE_LABELS_FR[evidence.kind],
                    "name": evidence.name,
                    "date": date_fr(evidence.date) if evidence.date else "",
                }
                for evidence in self.case_id.debt_recovery_evidence_ids
            ],
        }


# Beside the procedures it opens, apart from the case model and its letters.
class DebtRecoveryCase(models.Model):
    """The case side of the procedures: proof file, escalations, collective proceeding."""

    _inherit = "debt.recovery.case"  # pylint: disable=consider-merging-classes-inherited

    debt_recovery_evidence_ids = fields.One2many(
        "debt.recovery.evidence", "case_id", string="Proof File"
    )
    debt_recovery_missing_evidence = fields.Char(
        string="Missing Evidence", compute="_compute_debt_recovery_missing_evidence"
    )
    debt_recovery_escalation_ids = fields.One2many(
        "debt.recovery.escalation", "case_id", string="Procedures"
    )
    debt_recovery_escalation_count = fields.Integer(
        compute="_compute_debt_recovery_escalation_count"
    )
    collective_opening_date = fields.Date(
        string="Opening Judgment", help="Date of the judgment opening the collective proceeding."
    )
    collective_publication_date = fields.Date(
        string="BODACC Publication", help="Publication of the opening judgment in the BODACC."
    )
    collective_mandataire_id = fields.Many2one(
        "res.partner",
        string="Mandataire Judiciaire",
        help="The mandataire judiciaire (or liquidateur) to whom the claim is declared.",
    )
    collective_security = fields.Char(
        string="Privileges and Securities",
        help="Privilege or security of the claim (retention-of-title clause...), if any.",
    )
    collective_declaration_deadline = fields.Date(
        string="Declaration Deadline", compute="_compute_collective_declaration_deadline"
    )
    collective_knowledge_date = fields.Date(
        string="Claim Known On",
        tracking=True,
        help="Only when the creditor could not know of its claim within the 6 months after the "
        "BODACC publication: the day from which it could no longer ignore it. The relevé de "
        "forclusion may then be asked within 6 months of that day (L622-26 C. com.).",
    )
    collective_relief_deadline = fields.Date(
        string="Relevé de Forclusion Until",
        compute="_compute_collective_declaration_deadline",
        help="Last day to ask the juge-commissaire to relieve a late declaration from "
        "foreclosure: 6 months from the publication, or from the day the creditor could no "
        "longer ignore its claim (L622-26 C. com.).",
    )
    collective_declaration_window = fields.Selection(
        [
            (DECLARATION_IN_TIME, "Within the Declaration Deadline"),
            (DECLARATION_RELIEF, "Late: Relevé de Forclusion Possible"),
            (DECLARATION_FORECLOSED, "Foreclosed"),
        ],
        string="Declaration Window",
        compute="_compute_collective_declaration_deadline",
        help="Where a declaration made today would stand (or where the declaration made stood).",
    )
    collective_declared_date = fields.Date(
        string="Claim Declared On",
        tracking=True,
        help="The day the claim was declared to the mandataire judiciaire.",
    )
    collective_relief_request_date = fields.Date(
        string="Relevé de Forclusion Asked On",
        tracking=True,
        help="The day the juge-commissaire was asked to relieve the late declaration from "
        "foreclosure (L622-26 C. com.).",
    )

    @api.depends("debt_recovery_evidence_ids.kind", "debt_recovery_evidence_ids.attachment_ids")
    def _compute_debt_recovery_missing_evidence(self):
        for case in self:
            case.debt_recovery_missing_evidence = ", ".join(case._debt_recovery_missing_evidence())

    @api.depends("debt_recovery_escalation_ids")
    def _compute_debt_recovery_escalation_count(self):
        for case in self:
            case.debt_recovery_escalation_count = len(case.debt_recovery_escalation_ids)

    @api.depends(
        "collective_publication_date",
        "partner_id.debt_recovery_collective_date",
        "collective_knowledge_date",
        "collective_declared_date",
        "company_id.country_id",
    )
    def _compute_collective_declaration_deadline(self):
        today = fields.Date.context_today(self)
        for case in self:
            publication = case._debt_recovery_collective_publication()
            if not publication:
                case.collective_declaration_deadline = False
                case.collective_relief_deadline = False
                case.collective_declaration_window = False
                continue
            knowledge = case.collective_knowledge_date or None
            case.collective_declaration_deadline = declaration_deadline(
                publication, case._debt_recovery_creditor_outside_metropolitan_france()
            )
            case.collective_relief_deadline = relief_from_foreclosure_deadline(
                publication, knowledge
            )
            case.collective_declaration_window = declaration_window(
                publication,
                case.collective_declared_date or today,
                knowledge,
                case._debt_recovery_creditor_outside_metropolitan_france(),
            )

    def _debt_recovery_collective_publication(self):
        """The BODACC publication of the opening judgment: as entered on the case, else as
        read from the register (``False`` if unknown)."""
        self.ensure_one()
        return self.collective_publication_date or self.partner_id.debt_recovery_collective_date

    def _debt_recovery_creditor_outside_metropolitan_france(self):
        # R622-24 C. com.: + 2 months for a creditor outside metropolitan France.
        self.ensure_one()
        return (self.company_id.country_id.code or "FR") != "FR"

    # R622-24, L622-26 C. com. (legal_fr.md §19.2): a late declaration is foreclosed unless the
    # juge-commissaire relieves it, asked within the relevé de forclusion's 6 months.
    @api.constrains(
        "collective_declared_date",
        "collective_relief_request_date",
        "collective_knowledge_date",
        "collective_publication_date",
    )
    def _check_collective_declaration(self):
        for case in self:
            publication = case._debt_recovery_collective_publication()
            if not publication:
                continue
            for day in (case.collective_declared_date, case.collective_relief_request_date):
                if day:
                    case._debt_recovery_check_declaration_day(publication, day)
            if (
                case.collective_declared_date
                and case.collective_declaration_window == DECLARATION_RELIEF
                and not case.collective_relief_request_date
            ):
                raise ValidationError(
                    self.env._(
                        "The claim against %(debtor)s was declared on %(declared)s, after the "
                        "deadline of %(deadline)s: it is foreclosed unless the juge-commissaire "
                        "relieves it. Ask for the relevé de forclusion by %(relief)s (L622-26 "
                        "C. com.) and record the day it was asked.",
                        debtor=case.partner_id.name,
                        declared=format_date(self.env, case.collective_declared_date),
                        deadline=format_date(self.env, case.collective_declaration_deadline),
                        relief=format_date(self.env, case.collective_relief_deadline),
                    )
                )

    def _debt_recovery_check_declaration_day(self, publication, day):
        """Refuse a declaration or a relevé de forclusion past both windows."""
        self.ensure_one()
        window = declaration_window(
            publication,
            day,
            self.collective_knowledge_date or None,
            self._debt_recovery_creditor_outside_metropolitan_france(),
        )
        if window == DECLARATION_FORECLOSED:
            raise ValidationError(
                self.env._(
                    "The claim against %(debtor)s is foreclosed on %(day)s: the declaration "
                    "deadline was %(deadline)s and a relevé de forclusion could be asked until "
                    "%(relief)s (R622-24, L622-26 C. com.). If the company could not know of its "
                    "claim before, enter the day it could no longer ignore it (Claim Known On).",
                    debtor=self.partner_id.name,
                    day=format_date(self.env, day),
                    deadline=format_date(self.env, self.collective_declaration_deadline),
                    relief=format_date(self.env, self.collective_relief_deadline),
                )
            )

    def action_debt_recovery_request_relief(self):
        """Record that the juge-commissaire is asked today to relieve the late declaration
        from foreclosure (L622-26 C. com.), while it may still be asked."""
        self.ensure_one()
        publication = self._debt_recovery_collective_publication()
        today = fields.Date.context_today(self)
        if self.state != "collective_proceeding" or not publication:
            raise UserError(
                self.env._(
                    "A relevé de forclusion is asked in a collective proceeding whose BODACC "
                    "publication is known: enter the publication date of %(debtor)s first.",
                    debtor=self.partner_id.name,
                )
            )
        self._debt_recovery_check_declaration_day(publication, today)
        if self.collective_declaration_window == DECLARATION_IN_TIME:
            raise UserError(
                self.env._(
                    "The claim may still be declared until %(deadline)s: no relevé de forclusion "
                    "is needed.",
                    deadline=format_date(self.env, self.collective_declaration_deadline),
                )
            )
        self.collective_relief_request_date = today
        self.message_post(
            body=self.env._(
                "Relevé de forclusion asked of the juge-commissaire on %(day)s by %(user)s "
                "(L622-26 C. com., within the time limit of %(relief)s): the claim is declared "
                "with the request.",
                day=format_date(self.env, today),
                user=self.env.user.name,
                relief=format_date(self.env, self.collective_relief_deadline),
            )
        )
        return True

    def _debt_recovery_procedures_closed(self):
        """After a procedure closed: a case left without an open procedure leaves the escalated
        state, unless a title was obtained (it is enforced next). Paid, it is closed as paid;
        otherwise the recovery resumes (rejected or abandoned procedure)."""
        today = fields.Date.context_today(self)
        for case in self.filtered(lambda case: case.state == "escalated"):
            procedures = case.debt_recovery_escalation_ids
            if procedures.filtered(lambda e: e.state != "closed") or procedures.filtered(
                lambda e: e.outcome == "title"
            ):
                continue
            if all(
                invoice.currency_id.is_zero(invoice.amount_residual) for invoice in case.invoice_ids
            ):
                case._change_state("paid", event=True, values={"next_action_date": False})
            else:
                case._change_state("open", event=True, values={"next_action_date": today})

    @api.ondelete(at_uninstall=False)
    def _unlink_except_case_history(self):
        # The steps and the evidence would go with the case (cascade): its history stays.
        kept = self.filtered(
            lambda case: case.action_ids.filtered(lambda action: action.state == "done")
            or case.with_context(active_test=False).debt_recovery_evidence_ids
        )
        if kept:
            raise UserError(
                self.env._(
                    "%(cases)s has a proof file (steps done, evidence): a case with a history "
                    "is never deleted.",
                    cases=", ".join(kept.mapped("name")),
                )
            )

    def _debt_recovery_missing_evidence(self):
        """The evidence the proof file lacks, translated (an item counts with a document)."""
        self.ensure_one()
        kinds = self.debt_recovery_evidence_ids.filtered("attachment_ids").mapped("kind")
        labels = {
            "basis": self.env._("a contract, signed quote or order form"),
            "delivery_proof": self.env._("a delivery proof"),
        }
        return [labels[item] for item in missing_evidence(kinds)]

    def _debt_recovery_escalation_refusals(self, level, prescribed=None):
        reasons = super()._debt_recovery_escalation_refusals(level, prescribed=prescribed)
        if (
            level.phase in PROCEDURE_PHASES
            and self.state != "collective_proceeding"
            and self._debt_recovery_is_escalation(level)
        ):
            reasons += self._debt_recovery_evidence_refusals()
        return reasons

    def _debt_recovery_evidence_refusals(self):
        missing = self._debt_recovery_missing_evidence()
        if not missing:
            return []
        return [
            self.env._(
                "The proof file lacks %(items)s: attach them on the case (Proof File) so that "
                "the claim cannot be contested.",
                items="; ".join(missing),
            )
        ]

    def _debt_recovery_procedure_options(self, prescribed=None):
        # L111-2 CPCE: a title obtained by one of the case's procedures opens enforcement.
        options = super()._debt_recovery_procedure_options(prescribed)
        titles = self.debt_recovery_escalation_ids.filtered("date_title")
        if titles and self.state != "collective_proceeding":
            today = fields.Date.context_today(self)
            expired = all(escalation.title_expiry < today for escalation in titles)
            options = [
                enforcement_option(True, expired) if option.code == "enforcement" else option
                for option in options
            ]
        return options

    def _debt_recovery_claim_title(self, today):
        # The latest enforceable title obtained by one of the case's procedures (legal/claim.py:
        # the costs after it, L111-8 CPCE; the + 5 points of a judgment, L313-3 C. mon. fin.).
        title = super()._debt_recovery_claim_title(today)
        escalations = self.debt_recovery_escalation_ids.filtered(
            lambda e: e.date_title and e.date_title <= today and procedure(e.kind).title_kind
        ).sorted(lambda e: (e.date_title, e.id))
        if not escalations:
            return title
        escalation = escalations[-1]
        return ClaimTitle(
            escalation.date_title,
            procedure(escalation.kind).title_kind,
            enforceable_date=escalation.date_enforceable or escalation.date_title,
            # Between professionals, what the decision awarded: the legal interest (+ 5 points,
            # L313-3 C. mon. fin.), else the L441-10 penalties run on (never increased).
            legal_interest=(self.debtor_type or "b2b") == "b2c"
            or escalation.decision_award == "legal_interest",
        )

    def _debt_recovery_claim_grace_periods(self, today):
        # Art. 1343-5 C. civ.: the grace periods of the decisions given by ``today``.
        periods = super()._debt_recovery_claim_grace_periods(today)
        decided = self.debt_recovery_escalation_ids.filtered(
            lambda e: e.grace_start
            and e.grace_end
            and (e.date_decision or e.date_ordonnance or e.grace_start) <= today
        )
        return tuple(periods) + tuple(
            (e.grace_start, e.grace_end) for e in decided.sorted("grace_start")
        )

    def _debt_recovery_kind_label(self, kind):
        """The name of the procedure ``kind`` in the user's language."""
        Escalation = self.env["debt.recovery.escalation"]
        return dict(Escalation._fields["kind"]._description_selection(self.env))[kind]

    def _debt_recovery_procedure_refusals(self, kind):
        """Why the procedure ``kind`` may not be opened on this case (translated)."""
        self.ensure_one()
        option = next(o for o in self._debt_recovery_procedure_options() if o.code == kind)
        reasons = []
        if self.state in ("paid", "written_off"):
            reasons.append(self.env._("The case is closed: nothing is left to recover."))
        if self.state == "paused":
            reasons.append(self.env._("The case is paused: resume it before escalating."))
        if not option.allowed:
            reasons.append(self._debt_recovery_option_message(option))
        if self.state != "collective_proceeding":
            # A title is enforced without a new notice: the others follow a notice sent.
            if kind != "enforcement" and not self._debt_recovery_formal_notice_done():
                reasons.append(
                    self.env._(
                        "Send a formal notice (mise en demeure) before %(procedure)s: it gives "
                        "the debtor a last chance and makes interest run.",
                        procedure=self._debt_recovery_kind_label(kind),
                    )
                )
            reasons += self._debt_recovery_evidence_refusals()
        return reasons

    def _debt_recovery_check_procedure(self, kind):
        self.ensure_one()
        reasons = self._debt_recovery_procedure_refusals(kind)
        if reasons:
            raise UserError(
                self.env._(
                    "%(debtor)s cannot go to %(procedure)s:\n%(reasons)s",
                    debtor=self.partner_id.name,
                    procedure=self._debt_recovery_kind_label(kind),
                    reasons="\n".join(f"- {reason}" for reason in reasons),
                )
            )

    @api.model
    def _move_to_levels_checked(self, moves, reason=None):
        up = [
            (case, level)
            for case, level in moves
            if level.phase in PROCEDURE_PHASES and case._debt_recovery_is_escalation(level)
        ]
        result = super()._move_to_levels_checked(moves, reason)
        # A case moved up to a procedure level: its procedure is opened, unless it is open.
        for case, level in up:
            case._debt_recovery_open_escalation(level.phase)
        return result

    def _debt_recovery_procedure_level(self, kind):
        """The company's level of the procedure ``kind`` (its column), if it has one."""
        self.ensure_one()
        return self.env["debt.recovery.level"].search(
            [("company_id", "=", self.company_id.id), ("phase", "=", kind)], limit=1
        )

    def _debt_recovery_start_procedure(self, kind):
        """Open the procedure ``kind`` on the case, through the guarded paths: the move to the
        procedure's level (the checks of ``_move_to_level``) when the company has one above the
        case's level, else the procedure's own opening (its checks in ``create``). Returns the
        procedure."""
        self.ensure_one()
        if kind not in PROCEDURE_PHASES:
            raise UserError(self.env._("%(kind)s is not a procedure.", kind=kind))
        level = self._debt_recovery_procedure_level(kind)
        if level and self._debt_recovery_is_escalation(level):
            self._move_to_level(level)
        return self._debt_recovery_open_escalation(kind)

    def _debt_recovery_start_procedure_refusals(self, kind):
        """Why ``_debt_recovery_start_procedure(kind)`` would refuse now (translated)."""
        self.ensure_one()
        level = self._debt_recovery_procedure_level(kind)
        if level and self._debt_recovery_is_escalation(level):
            return self._debt_recovery_escalation_refusals(level)
        if self.debt_recovery_escalation_ids.filtered(
            lambda e: e.kind == kind and e.state != "closed"
        ):
            return []
        return self._debt_recovery_procedure_refusals(kind)

    def _debt_recovery_open_escalation(self, kind):
        """The open procedure ``kind`` of the case, opened when there is none."""
        self.ensure_one()
        escalation = self.debt_recovery_escalation_ids.filtered(
            lambda e: e.kind == kind and e.state != "closed"
        )[:1]
        return escalation or self.env["debt.recovery.escalation"].create(
            {"case_id": self.id, "kind": kind, "commissaire_id": self.commissaire_id.id}
        )

    def action_open_escalations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_recovery_fr.debt_recovery_escalation_action"
        )
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {"default_case_id": self.id}
        return action

    def _debt_recovery_claim_declaration_values(self):
        """The déclaration de créance: the claim as at the opening judgment, split by the law."""
        self.ensure_one()
        if not self.collective_opening_date:
            raise UserError(
                self.env._(
                    "Enter the date of the opening judgment of %(debtor)s first.",
                    debtor=self.partner_id.name,
                )
            )
        letter = self._debt_recovery_letter_values()
        opening = self.collective_opening_date
        invoices = self.invoice_ids.filtered(
            lambda inv: inv.state == "posted"
            and inv.move_type == "out_invoice"
            and not inv.currency_id.is_zero(inv.amount_residual)
        )
        # L622-25, L622-28 C. com.: the claim (legal/claim.py) as at the opening judgment.
        claim, _warning = self._debt_recovery_compute_claim(
            invoices,
            self.debtor_type or "b2b",
            opening,
            opening_date=opening,
            notice_date=self._debt_recovery_claim_dates()["notice_date"],
        )
        lines = declared_lines(claim)
        split = split_claim(lines, opening)

        def money(amount):
            return format_amount(self.env, float(amount), self.currency_id, lang_code=LETTER_LANG)

        def line_values(line):
            return {
                "reference": line.reference,
                "due": date_fr(line.due_date),
                "principal": money(line.principal),
                "interest": money(line.interest),
                "indemnity": money(line.indemnity),
            }

        mandataire = self.collective_mandataire_id
        return {
            **letter,
            "mandataire": {
                "name": mandataire.name or "",
                "lines": self._debt_recovery_letter_address_lines(mandataire) if mandataire else [],
            },
            "opening_date": date_fr(opening),
            "publication_date": date_fr(self.collective_publication_date)
            if self.collective_publication_date
            else "",
            "declaration_deadline": date_fr(self.collective_declaration_deadline)
            if self.collective_declaration_deadline
            else "",
            "security": self.collective_security or "",
            "due_lines": [line_values(line) for line in split["due"]],
            "future_lines": [line_values(line) for line in split["to_fall_due"]],
            "due_principal": money(split["due_principal"]),
            "due_interest": money(split["due_interest"]),
            "due_indemnity": money(split["due_indemnity"]),
            "due_total": money(split["due_total"]),
            "future_total": money(split["to_fall_due_total"]),
            "declared_total": money(split["total"]),
            "evidence": [
                {"kind": EVIDENCE_LABELS_FR[e.kind], "name": e.name}
                for e in self.debt_recovery_evidence_ids
            ],
        }


class DebtRecoveryAction(models.Model):
    _inherit = "debt.recovery.action"

    escalation_id = fields.Many2one(
        "debt.recovery.escalation", index=True, ondelete="set null", check_company=True
    )

    @proof_file_writer
    def action_validate(self):
        commissaire_steps = self.filtered(
            lambda a: a.channel == "commissaire" and a.state == "to_validate"
        )
        result = super().action_validate()
        # A validated commissaire step hands the file over: its procedure is opened.
        for action in commissaire_steps:
            phase = action.level_id.phase
            kind = phase if phase in PROCEDURE_PHASES else "simplified_procedure"
            action.escalation_id = action.case_id._debt_recovery_open_escalation(kind)
        return result
