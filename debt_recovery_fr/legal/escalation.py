"""Escalation to a commissaire de justice: his fees, the proof file, the procedures' deadlines."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from .common import CENT, check_amount, check_date, round_cent, served_too_late, to_decimal
from .errors import InvalidAmountError, InvalidDateError, LegalError, _lt
from .prescription import TITLE_JUDGMENT, title_enforcement_deadline
from .working_days import debtor_window_end, extend_to_working_day

# CGI art. 278: the standard VAT rate on a commissaire's fees (amicable recovery is taxable).
STANDARD_VAT_RATE = Decimal("20")
# R125-2 CPCE: the debtor has one month from the commissaire's letter to accept (silence refuses).
SIMPLIFIED_REPLY_DELAY = relativedelta(months=1)
# L111-4 CPCE: an enforceable title can be enforced for 10 years.
TITLE_VALIDITY = relativedelta(years=10)
# Art. 490 CPC: 15 days to appeal (or oppose) an ordonnance de référé, from its service.
SUMMARY_APPEAL_DELAY = relativedelta(days=15)
# Art. 538 CPC: one month for an ordinary recourse (appeal, opposition) in contentious matters.
JUDGMENT_APPEAL_DELAY = relativedelta(months=1)
# Art. 478 CPC: a default judgment not served within 6 months of its date is void (non avenu).
DEFAULT_JUDGMENT_SERVICE_DELAY = relativedelta(months=6)
# How long before a legal deadline the accountant is reminded (company practice, not law).
REMINDER_DAYS = 7
SUMMARY_PROCEEDINGS = "summary_proceedings"
LITIGATION = "litigation"

# Art. 1353 C. civ. (the claimant proves the obligation) and art. 1407 CPC (bordereau of the
# documents): the basis of the claim (one of these) and the proof it was performed.
BASIS_EVIDENCE = ("contract", "signed_quote", "order_form")
DELIVERY_EVIDENCE = "delivery_proof"
EVIDENCE_KINDS = (*BASIS_EVIDENCE, DELIVERY_EVIDENCE)


@dataclass(frozen=True)
class FeeAgreement:
    """A commissaire's fee agreement (convention d'honoraires, L444-1 C. com.: freely agreed).

    Amounts before VAT, as the commissaires' tariffs (art. A444-10 s. C. com.) and their
    agreements are expressed: ``fixed_fee`` is due on every file; above ``threshold`` of sums
    recovered, the ``percent`` (percentage points) of the sums recovered is added; VAT at
    ``vat_rate`` on the whole fee.
    """

    fixed_fee: Decimal = Decimal(0)
    threshold: Decimal = Decimal(0)
    percent: Decimal = Decimal(0)
    vat_rate: Decimal = STANDARD_VAT_RATE


@dataclass(frozen=True)
class FeeResult:
    """The commissaire's fee on ``recovered`` (before VAT, its VAT, with VAT) and what the
    creditor keeps."""

    recovered: Decimal
    fixed_fee: Decimal
    percent_fee_untaxed: Decimal
    untaxed: Decimal
    tax: Decimal
    total: Decimal
    net_recovery: Decimal


# L444-1 C. com.: fees of amicable recovery are agreed freely with the commissaire de justice.
def commissaire_fee(recovered, agreement):
    """The fee due on ``recovered`` under ``agreement`` (e.g. 60 € HT, + 15 % HT from 500 €
    recovered, VAT on top)."""
    recovered = check_amount(recovered, "recovered", allow_zero=True)
    fixed = check_amount(agreement.fixed_fee, "fixed_fee", allow_zero=True)
    threshold = check_amount(agreement.threshold, "threshold", allow_zero=True)
    percent = to_decimal(agreement.percent, "percent")
    vat_rate = to_decimal(agreement.vat_rate, "vat_rate")
    if not Decimal(0) <= percent <= Decimal(100) or vat_rate < 0:
        raise InvalidAmountError(
            _lt("The fee percentage must be between 0 and 100, got %(value)s."), value=percent
        )
    percent_fee = Decimal(0)
    if percent and recovered >= threshold:
        percent_fee = round_cent(recovered * percent / 100)
    untaxed = (fixed + percent_fee).quantize(CENT)
    tax = round_cent(untaxed * vat_rate / 100)
    total = (untaxed + tax).quantize(CENT)
    return FeeResult(recovered, fixed, percent_fee, untaxed, tax, total, recovered - total)


# R125-2 CPCE: one month from the commissaire's letter for the debtor to accept.
def simplified_reply_deadline(sent_date, alsace_moselle=False):
    """Last day for the debtor to accept the procédure simplifiée.

    Ending on a day off, the window runs to the next working day, as a procedural deadline
    does (art. 642 CPC): the creditor never takes silence for a refusal too early.
    """
    check_date(sent_date, "sent_date")
    return extend_to_working_day(sent_date + SIMPLIFIED_REPLY_DELAY, alsace_moselle)


# L111-4 CPCE: 10 years to enforce a judgment or an unopposed injonction de payer; a procédure
# simplifiée title keeps the claim's own prescription (legal_fr.md §19.1).
def title_expiry(title_date, title_kind=TITLE_JUDGMENT, debtor_type=None):
    """Last day to enforce a title of ``title_kind`` obtained on ``title_date`` (see
    ``prescription.title_enforcement_deadline``)."""
    return title_enforcement_deadline(title_date, title_kind, debtor_type)


def _check_court_decision(kind):
    if kind not in (SUMMARY_PROCEEDINGS, LITIGATION):
        raise LegalError(
            _lt("Only a référé or a judgment on the merits has an appeal window, not %(kind)r."),
            kind=kind,
        )


# Art. 490 CPC (référé: 15 days) and art. 538 CPC (judgment: one month), from service (art. 528);
# art. 643-644 CPC: + the délai de distance of a debtor overseas or abroad.
def appeal_deadline(
    kind, service_date, alsace_moselle=False, *, debtor_area=None, court_area=None, departement=None
):
    """Last day for the debtor to appeal (or oppose) the decision served on ``service_date``;
    ending on a day off, it runs to the next working day (art. 642 CPC)."""
    _check_court_decision(kind)
    check_date(service_date, "service_date")
    delay = SUMMARY_APPEAL_DELAY if kind == SUMMARY_PROCEEDINGS else JUDGMENT_APPEAL_DELAY
    return debtor_window_end(
        service_date, delay, debtor_area, court_area, alsace_moselle, departement
    )


# Art. 478 CPC: a default judgment must be served within 6 months of its date.
def judgment_service_deadline(decision_date, by_default):
    """Last day to serve the decision, or ``None`` when no deadline applies (not by default)."""
    check_date(decision_date, "decision_date")
    if not by_default:
        return None
    return decision_date + DEFAULT_JUDGMENT_SERVICE_DELAY


# Art. 478 CPC: a default judgment not served in time is void (non avenu).
def is_judgment_void(decision_date, by_default, service_date=None, on=None):
    """Whether a decision is void for want of service in time (checked on ``on``)."""
    deadline = judgment_service_deadline(decision_date, by_default)
    if service_date is not None:
        check_date(service_date, "service_date")
        if service_date < decision_date:
            raise InvalidDateError(
                _lt("The service date %(service)s precedes the decision of %(decision)s."),
                service=service_date,
                decision=decision_date,
            )
    return served_too_late(deadline, service_date, on)


# Art. 503 CPC: enforcement only after service; art. 514 CPC (and 489 for a référé): decisions
# are provisionally enforceable by law (proceedings started from 1 January 2020); otherwise the
# appeal window suspends enforcement (art. 539 CPC).
def decision_enforceable_from(
    kind, service_date, provisionally_enforceable=True, alsace_moselle=False
):
    """First day the decision served on ``service_date`` may be enforced."""
    deadline = appeal_deadline(kind, service_date, alsace_moselle)
    if provisionally_enforceable:
        return service_date
    return deadline + datetime.timedelta(days=1)


def reminder_date(deadline, today):
    """When to remind the accountant of ``deadline``: a week before, never in the past."""
    check_date(deadline, "deadline")
    check_date(today, "today")
    return max(today, min(deadline, deadline - datetime.timedelta(days=REMINDER_DAYS)))


# Art. 1353 C. civ., art. 1407 CPC: a procedure needs the basis of the claim and its performance.
def missing_evidence(kinds):
    """The evidence items missing from the proof file: ``'basis'`` and/or ``'delivery_proof'``."""
    kinds = set(kinds)
    missing = []
    if not kinds & set(BASIS_EVIDENCE):
        missing.append("basis")
    if DELIVERY_EVIDENCE not in kinds:
        missing.append(DELIVERY_EVIDENCE)
    return missing
