"""Prescription (limitation periods) of a claim and of an enforceable title."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from .common import B2B, B2C, check_date, check_debtor_type
from .errors import InvalidDateError, PrescriptionEventError, _lt

# L110-4 C. com.: 5 years for obligations between traders or arising from commerce.
COMMERCIAL_YEARS = 5
# L218-2 C. conso.: 2 years for a professional's action against a consumer.
CONSUMER_YEARS = 2
# 2224 C. civ.: 5 years for personal actions in general.
CIVIL_YEARS = 5
# L111-4 CPCE: the titles of L111-3 1° to 3° can be enforced for 10 years.
TITLE_YEARS = 10
# L111-3 1° CPCE: court decisions, an injonction de payer left unopposed (art. 1422 CPC) among them.
TITLE_JUDGMENT = "judgment"
TITLE_PAYMENT_ORDER = "payment_order"
# L111-3 2° CPCE: foreign judgments and arbitral awards declared enforceable.
TITLE_FOREIGN_OR_ARBITRAL = "foreign_or_arbitral"
# L111-3 3° CPCE: records of conciliation signed by the judge and the parties.
TITLE_CONCILIATION = "conciliation"
# L111-3 4° CPCE: notarial deeds bearing the formule exécutoire.
TITLE_NOTARIAL = "notarial"
# L125-1 CPCE: the title the commissaire de justice delivers in the procédure simplifiée.
TITLE_SIMPLIFIED_PROCEDURE = "simplified_procedure"
# L111-4 al. 1 CPCE: the titles enforceable for 10 years.
TEN_YEAR_TITLES = frozenset(
    {TITLE_JUDGMENT, TITLE_PAYMENT_ORDER, TITLE_FOREIGN_OR_ARBITRAL, TITLE_CONCILIATION}
)
TITLE_KINDS = (*sorted(TEN_YEAR_TITLES), TITLE_NOTARIAL, TITLE_SIMPLIFIED_PROCEDURE)
# 2238 C. civ.: after a refused procédure simplifiée, at least 6 months remain.
MIN_REMAINING_AFTER_REFUSAL = relativedelta(months=6)

# 2240 C. civ. (acknowledgment, partial payment, signed plan), 2241 (claim in court, incl. the
# served payment order), 2244 (enforcement or conservatory act): a new full period starts.
INTERRUPTING_EVENTS = frozenset(
    {
        "acknowledgment",
        "partial_payment",
        "signed_instalment_plan",
        "time_to_pay_request",
        "ip_ordonnance_served",
        "enforcement_act",
        "conservatory_measure",
    }
)
# 2241-2242 C. civ.: a claim in court interrupts the period until the end of the proceedings
# (legal_fr.md §19.8); a new full period then runs from that end (2231).
PROCEEDINGS_STARTING_EVENTS = frozenset({"assignation_served"})
PROCEEDINGS_ENDING_EVENTS = frozenset({"proceedings_ended"})
# 2243 C. civ. and Cass. 2e civ. 19 Nov 2020 n° 19-20.238: these void a prior interruption.
CANCELLING_EVENTS = {
    "ip_ordonnance_void": "ip_ordonnance_served",
    "claim_withdrawn_or_rejected": "assignation_served",
}
# 2238 C. civ.: the debtor's acceptance of the procédure simplifiée suspends the clock.
SUSPENDING_EVENTS = frozenset({"procedure_simplifiee_accepted", "mediation_started"})
# 2238 C. civ.: the refusal (or the end of mediation) restarts it, with at least 6 months.
RESUMING_EVENTS = frozenset({"procedure_simplifiee_refused", "mediation_ended"})
# 2231-2244 C. civ. a contrario: reminders and formal notices do not interrupt prescription.
NEUTRAL_EVENTS = frozenset(
    {"mise_en_demeure", "reminder", "email", "call", "sms", "letter", "ip_requete_filed"}
)
EVENT_KINDS = (
    INTERRUPTING_EVENTS
    | PROCEEDINGS_STARTING_EVENTS
    | PROCEEDINGS_ENDING_EVENTS
    | set(CANCELLING_EVENTS)
    | SUSPENDING_EVENTS
    | RESUMING_EVENTS
    | NEUTRAL_EVENTS
)


@dataclass(frozen=True)
class PrescriptionEvent:
    """Something that happened to the claim on ``date``."""

    kind: str
    date: datetime.date


@dataclass(frozen=True)
class PrescriptionStatus:
    """Where the limitation period stands."""

    start: datetime.date
    years: int
    deadline: datetime.date | None
    suspended_since: datetime.date | None = None
    expired_on: datetime.date | None = None
    # 2242 C. civ.: the claim in court of this day interrupts the period until its end.
    proceedings_since: datetime.date | None = None


# L110-4 C. com. / L218-2 C. conso.: 5 years between professionals, 2 years against a consumer.
def prescription_years(debtor_type):
    """Length in years of the limitation period for this debtor type."""
    check_debtor_type(debtor_type)
    return CONSUMER_YEARS if debtor_type == B2C else COMMERCIAL_YEARS


# Cass. com. 26 Feb 2020 n° 18-25.036: the period runs from delivery / completion, not invoice.
def prescription_start(completion_date=None, invoice_date=None):
    """Conservative starting point: the earlier of completion/delivery and invoice dates."""
    dates = [check_date(d, "date") for d in (completion_date, invoice_date) if d is not None]
    if not dates:
        raise InvalidDateError(_lt("A completion, delivery or invoice date is needed."))
    return min(dates)


def _event(item):
    if isinstance(item, PrescriptionEvent):
        kind, day = item.kind, item.date
    elif isinstance(item, dict):
        kind, day = item.get("kind"), item.get("date")
    else:
        kind, day = item
    if kind not in EVENT_KINDS:
        raise PrescriptionEventError(_lt("Unknown prescription event %(kind)r."), kind=kind)
    check_date(day, "event date")
    return PrescriptionEvent(kind, day)


# 2243 C. civ.: a voided interruption (IP non avenue, claim rejected) never happened.
def _drop_cancelled(history):
    kept = []
    for event in history:
        if event.kind in CANCELLING_EVENTS:
            target = CANCELLING_EVENTS[event.kind]
            for index in range(len(kept) - 1, -1, -1):
                if kept[index].kind == target:
                    del kept[index]
                    break
            continue
        kept.append(event)
    return kept


# 2231, 2238, 2240-2244 C. civ.: interruptions restart, suspensions stop the clock; a claim in
# court interrupts it until the end of the proceedings (2242).
def prescription_status(debtor_type, start, events=(), on=None):
    """Deadline of the claim after applying ``events`` (up to ``on`` if given).

    ``assignation_served`` interrupts the period until ``proceedings_ended`` (art. 2242 C.
    civ.): meanwhile the deadline is ``None`` and ``proceedings_since`` says since when; a new
    full period runs from the end. ``claim_withdrawn_or_rejected`` voids it (art. 2243).
    """
    check_date(start, "start")
    years = prescription_years(debtor_type)
    period = relativedelta(years=years)
    history = sorted((_event(e) for e in events), key=lambda e: e.date)
    if on is not None:
        check_date(on, "on")
        history = [e for e in history if e.date <= on]
    history = _drop_cancelled(history)
    deadline = start + period
    suspended_since = None
    proceedings_since = None
    remaining = None
    for event in history:
        if event.date < start:
            raise InvalidDateError(
                _lt("The %(kind)s event of %(date)s precedes the start of the period %(start)s."),
                kind=event.kind,
                date=event.date,
                start=start,
            )
        if proceedings_since is not None:
            # 2242 C. civ.: nothing runs until the proceedings end, whatever else happens.
            if event.kind in PROCEEDINGS_ENDING_EVENTS:
                deadline = event.date + period
                proceedings_since = None
            continue
        if suspended_since is None and event.date > deadline:
            # 2219 C. civ.: once the period has run out, later events do not revive the claim.
            return PrescriptionStatus(start, years, deadline, None, deadline)
        if event.kind in PROCEEDINGS_STARTING_EVENTS:
            proceedings_since = event.date
            suspended_since = None
        elif event.kind in INTERRUPTING_EVENTS:
            deadline = event.date + period
            suspended_since = None
        elif event.kind in SUSPENDING_EVENTS and suspended_since is None:
            suspended_since = event.date
            remaining = deadline - event.date
        elif event.kind in RESUMING_EVENTS and suspended_since is not None:
            deadline = max(event.date + remaining, event.date + MIN_REMAINING_AFTER_REFUSAL)
            suspended_since = None
    if proceedings_since is not None:
        return PrescriptionStatus(start, years, None, proceedings_since=proceedings_since)
    if suspended_since is not None:
        return PrescriptionStatus(start, years, None, suspended_since)
    expired = deadline if on is not None and on > deadline else None
    return PrescriptionStatus(start, years, deadline, None, expired)


# L110-4 C. com., L218-2 C. conso., 2231 s. C. civ.: last day to act (None while suspended).
def prescription_deadline(debtor_type, start, events=()):
    """Last day on which the claim can be brought; ``None`` while the clock is suspended."""
    return prescription_status(debtor_type, start, events).deadline


# 2219 C. civ.: a claim is extinguished once its period has run without interruption.
def is_prescribed(debtor_type, start, on, events=()):
    """Whether the claim is prescribed on ``on``."""
    return prescription_status(debtor_type, start, events, on=on).expired_on is not None


# L111-4 CPCE (legal_fr.md §19.1): 10 years for the titles of L111-3 1° to 3° (judgments, an
# unopposed injonction de payer); the others, the procédure simplifiée title (L125-1) among them,
# keep the prescription of the claim itself, from the title (2 years for a consumer, 5 B2B).
def title_enforcement_deadline(title_date, title_kind=TITLE_JUDGMENT, debtor_type=None):
    """Last day on which an enforceable title of ``title_kind`` can be enforced.

    ``debtor_type`` is needed for the titles that keep the claim's own prescription.
    """
    check_date(title_date, "title_date")
    if title_kind not in TITLE_KINDS:
        raise PrescriptionEventError(
            _lt("Unknown kind of enforceable title %(kind)r."), kind=title_kind
        )
    if title_kind in TEN_YEAR_TITLES:
        return title_date + relativedelta(years=TITLE_YEARS)
    return title_date + relativedelta(years=prescription_years(debtor_type))


__all__ = [
    "B2B",
    "B2C",
    "TITLE_KINDS",
    "PrescriptionEvent",
    "PrescriptionStatus",
    "is_prescribed",
    "prescription_deadline",
    "prescription_start",
    "prescription_status",
    "prescription_years",
    "title_enforcement_deadline",
]
