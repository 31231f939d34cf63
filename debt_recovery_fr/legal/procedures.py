"""Which recovery procedures are open for a claim, and which court and representation."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from . import escalation as steps
from . import payment_order
from .common import B2B, B2C, check_amount, check_debtor_type
from .courts import ECONOMIC_COURT_SEATS, is_economic_court
from .errors import LegalError, _lt
from .prescription import TITLE_JUDGMENT, TITLE_PAYMENT_ORDER, TITLE_SIMPLIFIED_PROCEDURE
from .working_days import (
    ABROAD,
    ALSACE_MOSELLE_DEPARTEMENTS,
    METROPOLITAN,
    OVERSEAS_COURT_AREAS,
)

# R125-1 CPCE: procédure simplifiée for claims up to 5 000 € (principal and interest).
SIMPLIFIED_PROCEDURE_CEILING = Decimal("5000")
# Art. 853 and 761 CPC: a lawyer is required above 10 000 € before the TC/TAE and the TJ.
LAWYER_THRESHOLD = Decimal("10000")
# Art. 750-1 CPC: a prior amicable attempt is required before the TJ up to 5 000 €.
PRIOR_AMICABLE_ATTEMPT_CEILING = Decimal("5000")
# Loi 2023-1059 art. 26: the 12 tribunaux des activités économiques (legal/economic_courts.csv).
TAE_SEATS = ECONOMIC_COURT_SEATS
# Art. 1405 CPC / L125-1 CPCE: claims with a contractual cause or a statutory obligation.
ELIGIBLE_CAUSES = frozenset({"contract", "statutory"})

AMICABLE = "amicable"
FORMAL_NOTICE = "formal_notice"
SIMPLIFIED_PROCEDURE = "simplified_procedure"
PAYMENT_ORDER = "payment_order"
SUMMARY_PROCEEDINGS = "summary_proceedings"
LITIGATION = "litigation"
ENFORCEMENT = "enforcement"

# What the debtor does, which decides the court (legal_fr.md §8.1, §19.5).
ACTIVITY_TRADER = "trader"  # commerçant or artisan: L721-3 C. com.
ACTIVITY_LIBERAL_REGULATED = "liberal_regulated"  # avocat, notaire, médecin, architecte...
ACTIVITY_LIBERAL_OTHER = "liberal_other"  # independent professional of no regulated profession
ACTIVITY_CIVIL_COMPANY = "civil_company"  # SCI, SCM and other sociétés civiles
ACTIVITY_ASSOCIATION = "association"
ACTIVITY_FARMER = "farmer"
ACTIVITY_CONSUMER = "consumer"
ACTIVITY_KINDS = (
    ACTIVITY_TRADER,
    ACTIVITY_LIBERAL_REGULATED,
    ACTIVITY_LIBERAL_OTHER,
    ACTIVITY_CIVIL_COMPANY,
    ACTIVITY_ASSOCIATION,
    ACTIVITY_FARMER,
    ACTIVITY_CONSUMER,
)
# A professional debtor's activity as a partner records it (a consumer is ``b2c``).
ACTIVITY_SELECTION = [
    (ACTIVITY_TRADER, "Trader or Craftsman"),
    (ACTIVITY_LIBERAL_REGULATED, "Regulated Liberal Profession"),
    (ACTIVITY_LIBERAL_OTHER, "Other Independent Professional"),
    (ACTIVITY_CIVIL_COMPANY, "Civil Company (SCI, SCM...)"),
    (ACTIVITY_ASSOCIATION, "Association"),
    (ACTIVITY_FARMER, "Farmer"),
]
# Loi 2023-1059 art. 26 II (checked 2026-12 with the search tool, issue 17): the TAE's extended
# competence covers the procedures of book VI of the Code de commerce (alerte, mandat ad hoc,
# conciliation, règlement amiable agricole, sauvegarde, redressement, liquidation) whatever the
# debtor's status or activity, except the regulated legal professions of L722-6-1 al. 2, and the
# commercial-lease disputes born of those proceedings; it does not extend to payment claims
# against a debtor who is not a trader (dalloz.businesscomm.fr « Mise en place de
# l'expérimentation des TAE », 2024; village-justice.com on décret 2024-674, quoting art. 26 I;
# espace-ace.fr; simonassocies.com; neujanicki.com quoting art. 26 II on leases). Art. 26 II
# itself was not read in full: re-check it before release. An injonction de payer or an
# assignation against a farmer or an independent professional therefore goes to the tribunal
# judiciaire, in the 12 TAE seats too (legal_fr.md §19.5, whose "TAE for farmers" is corrected):
# only a trader's claim goes to a TAE.

COMMERCIAL_COURT = "tribunal_de_commerce"
ECONOMIC_COURT = "tribunal_des_activites_economiques"
JUDICIAL_COURT = "tribunal_judiciaire"
PROTECTION_JUDGE = "juge_des_contentieux_de_la_protection"

# How the documents name the courts (art. L211-1, L721-1 COJ; loi 2023-1059 art. 26).
COURT_NAMES_FR = {
    COMMERCIAL_COURT: "Tribunal de commerce",
    ECONOMIC_COURT: "Tribunal des activités économiques",
    JUDICIAL_COURT: "Tribunal judiciaire",
    PROTECTION_JUDGE: "Tribunal judiciaire – juge des contentieux de la protection",
}
# Art. L721-1 C. com.: in Alsace-Moselle, the chambre commerciale of the tribunal judiciaire
# sits instead of a tribunal de commerce.
COMMERCIAL_CHAMBER_NAME_FR = "Tribunal judiciaire – chambre commerciale"


def court_name_fr(court, commercial_chamber=False):
    """The French name of ``court``; a commercial court that is the tribunal judiciaire's
    commercial chamber (Alsace-Moselle) is named so."""
    if court not in COURT_NAMES_FR:
        raise LegalError(_lt("Unknown court %(court)r."), court=court)
    if court == COMMERCIAL_COURT and commercial_chamber:
        return COMMERCIAL_CHAMBER_NAME_FR
    return COURT_NAMES_FR[court]


# The legal deadlines a procedure can have (the escalation's ``next_deadline_kind``).
DEADLINE_REPLY = "reply"  # R125-2 CPCE: the debtor's month to accept the procédure simplifiée
DEADLINE_SERVICE = "service"  # art. 1411 CPC: serve the ordonnance within 6 (3) months
DEADLINE_JUDGMENT_SERVICE = "judgment_service"  # art. 478 CPC: serve a default judgment
DEADLINE_OPPOSITION = "opposition"  # art. 1416 CPC: the debtor's month to oppose
DEADLINE_APPEAL = "appeal"  # art. 490, 538 CPC: the debtor's window to appeal
DEADLINE_TITLE_EXPIRY = "title_expiry"  # L111-4 CPCE: the title's life
DEADLINE_KINDS = (
    (DEADLINE_REPLY, "Procédure simplifiée: debtor's answer due"),
    (DEADLINE_SERVICE, "Serve the payment order"),
    (DEADLINE_JUDGMENT_SERVICE, "Serve the judgment by default"),
    (DEADLINE_OPPOSITION, "Opposition window ends"),
    (DEADLINE_APPEAL, "Appeal window ends"),
    (DEADLINE_TITLE_EXPIRY, "Enforceable title expires"),
)

# What the accountant is told of each deadline ahead (its to-do), with the article.
DEADLINE_NOTES = {
    DEADLINE_REPLY: _lt(
        "The debtor has until %(date)s to accept the procédure simplifiée (R125-2 "
        "CPCE); silence is a refusal. Then choose the injonction de payer."
    ),
    DEADLINE_JUDGMENT_SERVICE: _lt(
        "The decision by default is void if not served by %(date)s (art. 478 "
        "CPC): ask the commissaire de justice to serve it."
    ),
    DEADLINE_SERVICE: _lt(
        "The ordonnance is void if not served by %(date)s (art. 1411 CPC): ask "
        "the commissaire de justice to serve it."
    ),
    DEADLINE_OPPOSITION: _lt(
        "The debtor may oppose until %(date)s (art. 1416 CPC); without "
        "opposition the ordonnance is enforceable from %(enforceable)s."
    ),
    DEADLINE_APPEAL: _lt(
        "The debtor may appeal the decision until %(date)s (%(article)s); it can "
        "be enforced since its service on %(served)s (art. 503 and 514 CPC)."
    ),
    DEADLINE_TITLE_EXPIRY: _lt(
        "The enforceable title can be enforced until %(date)s (L111-4 CPCE)."
    ),
}
# Art. 490 CPC (référé) and 538 CPC (judgment): the article of the appeal window.
APPEAL_ARTICLES = {SUMMARY_PROCEEDINGS: "art. 490 CPC", LITIGATION: "art. 538 CPC"}

# What a step needs first.
NEED_FORMAL_NOTICE = "formal_notice"  # legal_fr.md §6: the customary precondition of an action
NEED_EVIDENCE = "evidence"  # art. 1353 C. civ., 1407 CPC: the basis and proof of performance
NEED_AMICABLE_ATTEMPT = "amicable_attempt"  # art. 750-1 CPC: before the TJ up to 5 000 €
NEED_TITLE = "enforceable_title"  # L111-2 CPCE: enforcement needs a title


@dataclass(frozen=True)
class Procedure:
    """One phase of the recovery, in escalation ``order``: how documents name it, its Cerfa per
    court, the legal deadlines it has and what it needs first."""

    code: str
    order: int
    name_fr: str
    label: str
    # From the procédure simplifiée on, a commissaire de justice or a court acts.
    is_procedure: bool = True
    # Ends with a court decision served on the debtor (art. 503 CPC), open to appeal.
    court_decision: bool = False
    cerfa: tuple = ()
    deadlines: tuple = ()
    needs: tuple = ()
    # The kind of enforceable title it ends with (``prescription.TITLE_KINDS``), if any.
    title_kind: str | None = None

    def cerfa_for(self, court):
        """The Cerfa of the form filed with ``court`` (``None`` if there is none)."""
        return dict(self.cerfa).get(court)


# The procedures of French debt recovery: one entry per phase. Adding a procedure is one entry
# here (plus its letter); the models build their selections and deadlines from this table.
PROCEDURES = (
    Procedure(AMICABLE, 0, "relance amiable", "Amicable", is_procedure=False),
    Procedure(FORMAL_NOTICE, 1, "mise en demeure", "Formal Notice", is_procedure=False),
    # L125-1, R125-1 to R125-8 CPCE
    Procedure(
        SIMPLIFIED_PROCEDURE,
        2,
        "procédure simplifiée de recouvrement des petites créances",
        "Simplified Recovery Procedure",
        deadlines=(DEADLINE_REPLY, DEADLINE_TITLE_EXPIRY),
        needs=(NEED_FORMAL_NOTICE,),
        title_kind=TITLE_SIMPLIFIED_PROCEDURE,
    ),
    # Art. 1405 to 1425 CPC; legal_fr.md §8.2 (⚠️ version suffixes from secondary sources).
    Procedure(
        PAYMENT_ORDER,
        3,
        "injonction de payer",
        "Payment Order",
        cerfa=(
            (COMMERCIAL_COURT, "12946*02"),
            (ECONOMIC_COURT, "12946*02"),
            (JUDICIAL_COURT, "12948*06"),
            (PROTECTION_JUDGE, "16040*01"),
        ),
        deadlines=(DEADLINE_SERVICE, DEADLINE_OPPOSITION, DEADLINE_TITLE_EXPIRY),
        needs=(NEED_FORMAL_NOTICE, NEED_EVIDENCE),
        title_kind=TITLE_PAYMENT_ORDER,
    ),
    # Art. 835 al. 2 and 873 al. 2 CPC
    Procedure(
        SUMMARY_PROCEEDINGS,
        4,
        "référé-provision",
        "Summary Proceedings",
        court_decision=True,
        deadlines=(DEADLINE_JUDGMENT_SERVICE, DEADLINE_APPEAL, DEADLINE_TITLE_EXPIRY),
        needs=(NEED_FORMAL_NOTICE, NEED_EVIDENCE),
        title_kind=TITLE_JUDGMENT,
    ),
    # Art. 750-1, 761, 853 CPC
    Procedure(
        LITIGATION,
        5,
        "assignation en paiement",
        "Litigation",
        court_decision=True,
        deadlines=(DEADLINE_JUDGMENT_SERVICE, DEADLINE_APPEAL, DEADLINE_TITLE_EXPIRY),
        needs=(NEED_FORMAL_NOTICE, NEED_EVIDENCE, NEED_AMICABLE_ATTEMPT),
        title_kind=TITLE_JUDGMENT,
    ),
    # L111-2 CPCE
    Procedure(ENFORCEMENT, 6, "exécution forcée", "Enforcement", needs=(NEED_TITLE,)),
)
PROCEDURES_BY_CODE = {entry.code: entry for entry in PROCEDURES}
# Thin views on the table, for the callers of before.
PHASES = tuple(entry.code for entry in PROCEDURES)
PROCEDURE_CODES = tuple(entry.code for entry in PROCEDURES if entry.is_procedure)
COURT_DECISION_CODES = tuple(entry.code for entry in PROCEDURES if entry.court_decision)


def procedure(code):
    """The table's entry of ``code``, or ``LegalError``."""
    if code not in PROCEDURES_BY_CODE:
        raise LegalError(_lt("Unknown procedure %(code)r."), code=code)
    return PROCEDURES_BY_CODE[code]


def phase_selection(procedures_only=False):
    """``[(code, English label)]`` in escalation order, for a selection field."""
    return [(e.code, e.label) for e in PROCEDURES if e.is_procedure or not procedures_only]


def names_fr(procedures_only=False):
    """``{code: French name}`` as letters and forms name the procedures."""
    return {e.code: e.name_fr for e in PROCEDURES if e.is_procedure or not procedures_only}


def has_deadline(code, deadline_kind):
    """Whether the procedure ``code`` has the legal deadline ``deadline_kind``."""
    return deadline_kind in procedure(code).deadlines


# Legal_fr.md §8.2: the Cerfa of the requête en injonction de payer, per court.
def payment_order_cerfa(court):
    """The Cerfa of the requête en injonction de payer before ``court``."""
    return procedure(PAYMENT_ORDER).cerfa_for(court)


@dataclass(frozen=True)
class ProcedureSteps:
    """What happened in a procedure, for its deadlines: the dates of its steps (``None`` while
    not done) and where the debtor lives (``departement``: INSEE code, ``None`` abroad or
    unknown; ``abroad``: outside France)."""

    sent: datetime.date | None = None
    ordonnance: datetime.date | None = None
    decision: datetime.date | None = None
    judgment_by_default: bool = False
    service: datetime.date | None = None
    served_in_person: bool = True
    # Art. 1416 al. 2 CPC: an ordonnance not served in person: the first act served on the
    # debtor in person, the first enforcement measure making his assets unavailable.
    first_personal_act: datetime.date | None = None
    first_unavailability_measure: datetime.date | None = None
    title: datetime.date | None = None
    debtor_type: str = B2B
    departement: str | None = None
    abroad: bool = False

    @property
    def window(self):
        """The keywords of ``working_days.debtor_window_end`` for this debtor (art. 640-644
        CPC): his holidays, and the délai de distance when he lives overseas or abroad while
        the court sits at his domicile (art. 1406 CPC) or, for a debtor abroad, in France."""
        if self.abroad:
            return {"debtor_area": ABROAD, "court_area": METROPOLITAN}
        court_area = self.departement if self.departement in OVERSEAS_COURT_AREAS else None
        return {
            "debtor_area": self.departement,
            "court_area": court_area,
            "departement": self.departement,
        }


# R125-2 CPCE: the debtor's month to accept the procédure simplifiée.
def _reply(code, done):
    return done.sent and steps.simplified_reply_deadline(
        done.sent, done.departement in ALSACE_MOSELLE_DEPARTEMENTS
    )


# Art. 1411 CPC: serve the ordonnance within 6 months (3 from 1 September 2026).
def _service(code, done):
    return done.ordonnance and payment_order.service_deadline(done.ordonnance)


# Art. 478 CPC: a default judgment is void if not served within 6 months.
def _judgment_service(code, done):
    return done.decision and steps.judgment_service_deadline(
        done.decision, done.judgment_by_default
    )


# Art. 1416 CPC: one month from service in person; not served in person, one month from the
# first act served in person or the first measure making assets unavailable (none until then).
def _opposition(code, done):
    return done.service and payment_order.opposition_deadline(
        done.service,
        done.served_in_person,
        done.first_personal_act,
        first_unavailability_measure_date=done.first_unavailability_measure,
        **done.window,
    )


# Art. 490, 538 CPC: the debtor's window to appeal the decision served.
def _appeal(code, done):
    return done.service and steps.appeal_deadline(code, done.service, **done.window)


# L111-4 CPCE (legal_fr.md §19.1): the title's life by kind of title.
def _title_expiry(code, done):
    return done.title and steps.title_expiry(
        done.title, procedure(code).title_kind, done.debtor_type
    )


# Art. 1422 CPC: the ordonnance is enforceable when the opposition window has run.
def _payment_order_enforceable(code, done):
    if not (done.ordonnance and done.service):
        return None
    return payment_order.enforcement_allowed_from(
        done.ordonnance, done.service, done.served_in_person, **done.window
    )


# Art. 503, 514 CPC: a decision is enforced once served.
def _decision_enforceable(code, done):
    return done.service and steps.decision_enforceable_from(
        code, done.service, alsace_moselle=done.departement in ALSACE_MOSELLE_DEPARTEMENTS
    )


# Each legal deadline and how it is computed; a procedure lists its own in ``PROCEDURES``.
DEADLINE_RULES = {
    DEADLINE_REPLY: _reply,
    DEADLINE_SERVICE: _service,
    DEADLINE_JUDGMENT_SERVICE: _judgment_service,
    DEADLINE_OPPOSITION: _opposition,
    DEADLINE_APPEAL: _appeal,
    DEADLINE_TITLE_EXPIRY: _title_expiry,
}
# From when the title of each procedure may be enforced.
ENFORCEABLE_RULES = {
    PAYMENT_ORDER: _payment_order_enforceable,
    SUMMARY_PROCEEDINGS: _decision_enforceable,
    LITIGATION: _decision_enforceable,
}


def procedure_deadlines(code, done):
    """``({deadline kind: date}, enforceable from)`` of the procedure ``code`` whose steps are
    ``done`` (``ProcedureSteps``): the deadlines of its entry in ``PROCEDURES`` that its steps
    have opened, and the first day its title may be enforced (``None`` if not yet)."""
    deadlines = {}
    for kind in procedure(code).deadlines:
        deadline = DEADLINE_RULES[kind](code, done)
        if deadline:
            deadlines[kind] = deadline
    enforceable = ENFORCEABLE_RULES.get(code)
    return deadlines, (enforceable(code, done) or None) if enforceable else None


# The parameters of the reasons below that are amounts in euros: the caller formats them (with
# the currency, in the reader's language); ``ProcedureOption.reason`` writes them "5000 €".
AMOUNT_PARAMS = frozenset({"amount", "total", "ceiling", "threshold"})
# The parameter that is a court's code (``COURT_NAMES_FR``).
COURT_PARAM = "court"


@dataclass(frozen=True)
class ProcedureOption:
    """Whether a procedure is open, why (template + params), and if a lawyer is required."""

    code: str
    allowed: bool
    reason_template: str
    params: dict = field(default_factory=dict)
    lawyer_required: bool = False
    court: str | None = None

    @property
    def reason(self):
        """The reason rendered with its parameters, amounts in euros, courts by name."""
        if not self.params:
            return self.reason_template
        params = {
            key: f"{value} €"
            if key in AMOUNT_PARAMS
            else court_name_fr(value)
            if key == COURT_PARAM
            else value
            for key, value in self.params.items()
        }
        return self.reason_template % params


def _sits_as_economic_court(seat, on):
    return seat in TAE_SEATS and (on is None or is_economic_court(seat, on))


# Art. L721-3 C. com. / L211-3 COJ, art. 1406 CPC (legal_fr.md §19.5): a trader → TC (TAE in the
# 12 pilot seats, loi 2023-1059 art. 26 I); a professional that is not a trader (liberal
# profession, civil company, association, farmer) and a consumer → TJ, in the TAE seats too
# (art. 26 II extends the TAE to book VI proceedings only, see ``ACTIVITY_SELECTION``).
def competent_court(
    debtor_type,
    consumer_credit_or_lease=False,
    commercial_court_seat=None,
    on=None,
    activity=None,
):
    """Court for a claim against this debtor (territory: the debtor's domicile, art. 1406 CPC).

    ``on``: the day of the claim, to know whether the TAE experiment runs (any day of it if None).
    ``activity``: one of ``ACTIVITY_KINDS``; ``None`` reads a B2B debtor as a trader and a B2C
    debtor as a consumer.
    """
    check_debtor_type(debtor_type)
    if activity is None:
        activity = ACTIVITY_TRADER if debtor_type == B2B else ACTIVITY_CONSUMER
    if activity not in ACTIVITY_KINDS:
        raise LegalError(_lt("Unknown activity of the debtor %(activity)r."), activity=activity)
    if activity == ACTIVITY_TRADER:
        if _sits_as_economic_court(commercial_court_seat, on):
            return ECONOMIC_COURT
        return COMMERCIAL_COURT
    if activity == ACTIVITY_CONSUMER and consumer_credit_or_lease:
        return PROTECTION_JUDGE
    return JUDICIAL_COURT


# Art. L721-3 C. com., loi 2023-1059 art. 26 (legal_fr.md §19.5): whose claims may go to a
# commercial court (a TAE in the 12 pilot seats): the court's seat is then looked up among the
# commercial courts first.
def may_go_to_commercial_court(debtor_type, activity=None):
    """Whether a debtor of ``debtor_type`` and ``activity`` may be sued before a TC or a TAE."""
    check_debtor_type(debtor_type)
    if debtor_type == B2C:
        return False
    return activity in (None, ACTIVITY_TRADER)


# Art. 853 CPC (TC/TAE), 760-761 CPC (TJ): lawyer required above 10 000 €; never for an IP requête.
def lawyer_required(amount, court, procedure=LITIGATION, collective_proceedings_matter=False):
    """Whether the creditor must be represented by an avocat."""
    amount = check_amount(amount)
    if procedure not in PROCEDURE_CODES:
        raise LegalError(_lt("Unknown procedure %(code)r."), code=procedure)
    if procedure in (PAYMENT_ORDER, SIMPLIFIED_PROCEDURE, ENFORCEMENT):
        return False
    if court == PROTECTION_JUDGE or collective_proceedings_matter:
        return False
    if court not in (COMMERCIAL_COURT, ECONOMIC_COURT, JUDICIAL_COURT):
        raise LegalError(_lt("Unknown court %(court)r."), court=court)
    return amount > LAWYER_THRESHOLD


# R125-1 CPCE: procédure simplifiée up to 5 000 € for a contractual or statutory cause.
def simplified_procedure_eligible(amount_with_interest, cause="contract"):
    """Whether the procédure simplifiée de recouvrement des petites créances is open."""
    amount = check_amount(amount_with_interest)
    return amount <= SIMPLIFIED_PROCEDURE_CEILING and cause in ELIGIBLE_CAUSES


def _refused(code, template, court=None, **params):
    return ProcedureOption(code, False, template, params, False, court)


# L111-2 and L111-4 CPCE: enforcement needs an enforceable title that has not expired (10 years
# for a judgment, the claim's own prescription for a procédure simplifiée title).
def _enforcement_option(has_enforceable_title, title_expired):
    if not has_enforceable_title:
        return _refused(
            ENFORCEMENT,
            _lt("Enforcement needs an enforceable title (L111-2 CPCE): obtain one first."),
        )
    if title_expired:
        return _refused(
            ENFORCEMENT,
            _lt("The enforceable title can no longer be enforced: it has expired (L111-4 CPCE)."),
        )
    return ProcedureOption(
        ENFORCEMENT,
        True,
        _lt("Enforcement by a commissaire de justice on the enforceable title (L111-2 CPCE)."),
    )


def procedure_options(
    amount,
    debtor_type,
    contested=False,
    collective_proceeding=False,
    prescribed=False,
    cause="contract",
    has_enforceable_title=False,
    title_expired=False,
    amicable_attempt_done=False,
    consumer_credit_or_lease=False,
    commercial_court_seat=None,
    activity=None,
    claim_total=None,
):
    """One ``ProcedureOption`` per procedure code, in escalation order.

    ``amount`` is the claim, principal and interest (R125-1 CPCE counts both); ``claim_total``
    the whole claim (``claim.Claim.total``), that a refusal states beside it.
    ``activity``: the debtor's, for the competent court (see ``competent_court``).
    """
    amount = check_amount(amount)
    check_debtor_type(debtor_type)
    court = competent_court(
        debtor_type, consumer_credit_or_lease, commercial_court_seat, activity=activity
    )
    lawyer = lawyer_required(amount, court)
    options = []
    if collective_proceeding:
        # L622-21 C. com.: the opening judgment stops actions and enforcement on earlier claims.
        template = _lt(
            "Collective proceedings are open against the debtor: no action or enforcement is "
            "possible; declare the claim to the mandataire judiciaire (L622-21, L622-24 C. com.)."
        )
        return [_refused(code, template, court) for code in PROCEDURE_CODES]
    if prescribed:
        # L110-4 C. com. / L218-2 C. conso.: a prescribed claim can no longer be brought.
        template = _lt("The claim is prescribed (L110-4 C. com., L218-2 C. conso., 2224 C. civ.).")
        options = [_refused(code, template, court) for code in PROCEDURE_CODES[:-1]]
        options.append(_enforcement_option(has_enforceable_title, title_expired))
        return options

    # R125-1 CPCE
    if amount > SIMPLIFIED_PROCEDURE_CEILING and claim_total is not None:
        options.append(
            _refused(
                SIMPLIFIED_PROCEDURE,
                _lt(
                    "The principal and interest of %(amount)s (of a claim of %(total)s with "
                    "the indemnities and costs) exceed the %(ceiling)s ceiling of the "
                    "simplified procedure (R125-1 CPCE)."
                ),
                amount=amount,
                total=check_amount(claim_total),
                ceiling=SIMPLIFIED_PROCEDURE_CEILING,
            )
        )
    elif amount > SIMPLIFIED_PROCEDURE_CEILING:
        options.append(
            _refused(
                SIMPLIFIED_PROCEDURE,
                _lt(
                    "The claim of %(amount)s exceeds the %(ceiling)s ceiling of the simplified "
                    "procedure (R125-1 CPCE)."
                ),
                amount=amount,
                ceiling=SIMPLIFIED_PROCEDURE_CEILING,
            )
        )
    elif cause not in ELIGIBLE_CAUSES:
        options.append(
            _refused(
                SIMPLIFIED_PROCEDURE,
                _lt(
                    "The simplified procedure needs a contractual or statutory cause (L125-1 CPCE)."
                ),
            )
        )
    elif contested:
        options.append(
            _refused(
                SIMPLIFIED_PROCEDURE,
                _lt(
                    "The simplified procedure needs a certain, liquid and due claim that the "
                    "debtor accepts: the claim is contested (L125-1 CPCE)."
                ),
            )
        )
    else:
        options.append(
            ProcedureOption(
                SIMPLIFIED_PROCEDURE,
                True,
                _lt(
                    "Claim up to %(ceiling)s with a contractual or statutory cause: a "
                    "commissaire de justice may obtain an enforceable title with the debtor's "
                    "agreement (L125-1 CPCE); "
                    "its costs stay with the creditor."
                ),
                {"ceiling": SIMPLIFIED_PROCEDURE_CEILING},
            )
        )

    # Art. 1405 CPC
    if cause not in ELIGIBLE_CAUSES:
        options.append(
            _refused(
                PAYMENT_ORDER,
                _lt(
                    "An injonction de payer needs a contractual or statutory cause (art. 1405 CPC)."
                ),
                court,
            )
        )
    else:
        template = _lt(
            "Injonction de payer before the %(court)s of the debtor's domicile; the request "
            "needs no lawyer (art. 1405 to 1407 CPC)."
        )
        if contested:
            template = _lt(
                "Injonction de payer before the %(court)s of the debtor's domicile, without a "
                "lawyer (art. 1405 to 1407 CPC); the claim is contested, so expect an opposition."
            )
        options.append(
            ProcedureOption(PAYMENT_ORDER, True, template, {"court": court}, False, court)
        )

    # Art. 873 al. 2 CPC (TC) / 835 al. 2 CPC (TJ)
    if contested:
        options.append(
            _refused(
                SUMMARY_PROCEEDINGS,
                _lt(
                    "A référé-provision needs an obligation that is not seriously contestable "
                    "(art. 835 and 873 CPC): the claim is contested."
                ),
                court,
            )
        )
    else:
        options.append(
            ProcedureOption(
                SUMMARY_PROCEEDINGS,
                True,
                _lt(
                    "Référé-provision before the president of the %(court)s for an obligation not "
                    "seriously contestable (art. 835 and 873 CPC)."
                ),
                {"court": court},
                lawyer,
                court,
            )
        )

    # Art. 750-1 CPC
    needs_attempt = (
        court in (JUDICIAL_COURT, PROTECTION_JUDGE)
        and amount <= PRIOR_AMICABLE_ATTEMPT_CEILING
        and not amicable_attempt_done
    )
    if needs_attempt:
        options.append(
            _refused(
                LITIGATION,
                _lt(
                    "Before the tribunal judiciaire, a claim up to %(ceiling)s needs a prior "
                    "conciliation, mediation or failed simplified procedure (art. 750-1 CPC)."
                ),
                court,
                ceiling=PRIOR_AMICABLE_ATTEMPT_CEILING,
            )
        )
    else:
        options.append(
            ProcedureOption(
                LITIGATION,
                True,
                _lt(
                    "Assignation before the %(court)s; lawyer required above %(threshold)s "
                    "(art. 761 and 853 CPC)."
                ),
                {"court": court, "threshold": LAWYER_THRESHOLD},
                lawyer,
                court,
            )
        )

    options.append(_enforcement_option(has_enforceable_title, title_expired))
    return options


# L111-2 and L111-4 CPCE: the enforcement option once a title is known (or not).
def enforcement_option(has_enforceable_title, title_expired=False):
    """The ``ProcedureOption`` of enforcement for a claim with or without a title."""
    return _enforcement_option(has_enforceable_title, title_expired)


__all__ = [
    "AMOUNT_PARAMS",
    "B2B",
    "B2C",
    "COURT_PARAM",
    "PROCEDURES",
    "Procedure",
    "ProcedureOption",
    "competent_court",
    "enforcement_option",
    "has_deadline",
    "lawyer_required",
    "names_fr",
    "payment_order_cerfa",
    "phase_selection",
    "procedure",
    "procedure_options",
    "simplified_procedure_eligible",
]
