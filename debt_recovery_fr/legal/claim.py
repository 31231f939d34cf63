"""The claim against one debtor on a day, computed once: what every screen, letter and form states.

``compute_claim`` takes the open items (invoices: amount VAT included, due date, payments with
their dates), the debtor's and the creditor's types, the contract rate, the formal notice, the
opening judgment, the enforceable title, the judge's grace periods and the recovery costs, and
returns a ``Claim``: lines per invoice and per period (principal, L441-10 penalties or legal
interest with their rate and days, the 40 € indemnity), the costs with the part that may be
claimed and the article that keeps the rest with the creditor, and one ``total``.

It only composes the rules of ``penalties``, ``indemnity`` and ``consumer``: none is restated
here. The models call it once per case (``debt.recovery.case._debt_recovery_compute_claim``)
and only format its result: the case's amounts, every letter, the instalment agreement, the
claim declaration, the escalation wizard and the debtor's portal page (issue 17):

* B2B: L441-10 penalties from the day after the due date on the amount less what was paid by
  the due date, each later payment reducing the base from the next day; 40 € per invoice
  (D441-5), none when collective proceedings opened on or before the due date (L441-10 II).
* B2C: legal interest from the formal notice (art. 1231-6, 1344-1 C. civ.), on the invoices
  due by then and only once the notice is past, on what was still owed then; no indemnity.
* An invoice of penalties (``penalty_invoice``) is claimed as principal only: no interest on
  interest (art. 1343-2 C. civ.) and no second 40 €.
* Costs: B2B, what exceeds the 40 € indemnities is claimed on justification (L441-10 II); B2C,
  only enforcement costs once there is a title and what the JEX awards (L111-8 CPCE).
* An invoice whose amount less the payments made by the start of interest is nil bears no
  interest (the case's code would report a "must be positive" warning there).
* A rate the table does not hold leaves that invoice's interest at 0 with the error in
  ``Claim.errors`` (the case shows it as its warning), the rest of the claim still computed.

Amounts are ``Decimal``; each invoice's interest is rounded to the cent (``PenaltyResult.total``)
and the totals are sums of rounded amounts, so every document adds up to the same ``total``.
A period's ``amount`` is rounded for display only: the periods of an invoice may differ from its
interest by a cent.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from .collective import DeclaredLine
from .common import B2B, B2C, check_amount, check_date, check_debtor_type, round_cent
from .consumer import (
    COST_AMICABLE,
    COST_ENFORCEMENT,
    COST_KINDS,
    cost_exclusion,
    names_recovery_fee,
)
from .errors import InvalidAmountError, InvalidDateError, LegalError, LegalNotice, _lt
from .indemnity import complementary_indemnity, recovery_indemnity
from .penalties import (
    DAY_COUNT_365,
    IMPUTATION_PRINCIPAL,
    RATE_MODE_PER_SEMESTER,
    compute_late_penalties,
)
from .penalties import _normalise_grace_periods as normalise_grace_periods
from .prescription import TITLE_JUDGMENT, TITLE_KINDS, TITLE_PAYMENT_ORDER
from .procedures import ENFORCEMENT
from .rates import RateTable

ZERO = Decimal("0.00")
CREDITOR_PROFESSIONAL = "professional"
CREDITOR_PRIVATE_INDIVIDUAL = "private_individual"
CREDITOR_TYPES = (CREDITOR_PROFESSIONAL, CREDITOR_PRIVATE_INDIVIDUAL)

LINE_PRINCIPAL = "principal"
LINE_PENALTY = "penalty"
LINE_INTEREST = "interest"
LINE_INDEMNITY = "indemnity"
LINE_COST = "cost"

# The article each kind of line rests on, as a letter or a requête cites it.
ARTICLE_PRINCIPAL = "art. 1103 C. civ."
ARTICLE_PENALTY = "art. L441-10 II C. com."
ARTICLE_INTEREST = "art. 1231-6 and 1344-1 C. civ."
ARTICLE_JUDGMENT_INTEREST = "art. 1231-7 C. civ., L313-3 C. mon. fin."
ARTICLE_GRACE = "art. 1343-5 C. civ."
ARTICLE_INDEMNITY = "art. L441-10 II and D441-5 C. com."
ARTICLE_COST_B2B = "art. L441-10 II C. com."
ARTICLE_COST_B2C = "art. L111-8 CPCE"
# L313-3 C. mon. fin.: the + 5 points follow a court decision awarding a sum (an injonction de
# payer has the effects of a judgment, art. 1422 CPC); a commissaire's or notary's title does not.
SURCHARGED_TITLES = frozenset({TITLE_JUDGMENT, TITLE_PAYMENT_ORDER})


@dataclass(frozen=True)
class ClaimItem:
    """One open invoice: ``amount`` VAT included, its ``due_date`` and ``payments``.

    ``payments``: ``(date, amount)`` of every payment or credit set against it, before or after
    the due date. ``residual``: what is still owed, when the ledger says it (default: ``amount``
    less the payments). ``penalty_invoice``: an invoice of penalties (principal only).
    """

    reference: str
    amount: Decimal
    due_date: datetime.date
    payments: tuple = ()
    residual: Decimal | None = None
    penalty_invoice: bool = False


@dataclass(frozen=True)
class ClaimCost:
    """A cost of the recovery (registered letter, commissaire...), of a ``consumer.COST_KINDS``."""

    label: str
    amount: Decimal
    kind: str = COST_AMICABLE
    date: datetime.date | None = None


@dataclass(frozen=True)
class ClaimTitle:
    """The enforceable title obtained against the debtor.

    ``kind``: one of ``prescription.TITLE_KINDS``. ``enforceable_date``: the day a judgment (or
    an unopposed injonction de payer) became enforceable, from which the + 5 points run two
    months later (L313-3 C. mon. fin.). ``legal_interest``: B2B, whether the judgment awarded the
    legal interest (the legal rate then replaces the L441-10 penalties from ``enforceable_date``)
    rather than the L441-10 penalties until payment (they run on, never surcharged).
    """

    date: datetime.date
    kind: str = TITLE_JUDGMENT
    enforceable_date: datetime.date | None = None
    legal_interest: bool = True


@dataclass(frozen=True)
class ClaimLine:
    """One line of the claim.

    ``amount`` is what the line is worth; ``claimed`` the part in the ``total`` (for a cost, the
    part the law lets the creditor claim; for the others, ``amount``). ``reason``: a
    ``LegalNotice`` saying why a cost (or part of it) stays out, ``None`` otherwise.
    """

    reference: str
    kind: str
    amount: Decimal
    claimed: Decimal
    article: str
    start: datetime.date | None = None
    end: datetime.date | None = None
    days: int = 0
    rate: Decimal | None = None
    base: Decimal | None = None
    reason: LegalNotice | None = None
    label: str = ""


@dataclass(frozen=True)
class ClaimItemResult:
    """What one invoice adds to the claim."""

    reference: str
    due_date: datetime.date
    principal: Decimal
    penalties: Decimal = ZERO
    interest: Decimal = ZERO
    indemnity: Decimal = ZERO
    periods: tuple = ()
    notices: tuple = ()
    error: LegalError | None = None

    @property
    def total(self):
        """Principal, penalties or interest, and indemnity of the invoice."""
        return self.principal + self.penalties + self.interest + self.indemnity


@dataclass(frozen=True)
class Claim:
    """The claim on ``on``: its ``lines``, per invoice ``items`` and the totals.

    ``total`` = ``principal`` + ``penalties`` + ``interest`` + ``indemnities`` +
    ``costs_claimed``; ``costs_excluded`` (= ``costs_incurred`` − ``costs_claimed``) is shown
    apart, the cost lines saying which article keeps it out.
    """

    on: datetime.date
    debtor_type: str
    items: tuple
    lines: tuple
    principal: Decimal
    penalties: Decimal
    interest: Decimal
    indemnities: Decimal
    costs_incurred: Decimal
    costs_claimed: Decimal
    costs_excluded: Decimal
    total: Decimal
    notices: tuple = ()
    errors: tuple = field(default=())

    @property
    def late_interest(self):
        """Penalties (B2B) or legal interest (B2C): the case's « Late Penalties »."""
        return self.penalties + self.interest

    @property
    def oldest_due_date(self):
        """The due date of the oldest item (``None`` without items)."""
        return min((item.due_date for item in self.items), default=None)


# Art. 1344 C. civ. (legal_fr.md §6): the formal notice takes effect when the debtor receives it,
# the first presentation of the registered letter; without its acknowledgment, the day it was sent.
def formal_notice_received(sent, acknowledged=None):
    """The day a formal notice sent on ``sent`` counts from (B2C interest, art. 1344-1)."""
    return acknowledged or sent


# L111-8 al. 1 CPCE: the costs of enforcing a title, incurred after it; every other cost of the
# recovery is a cost of amicable recovery (al. 2).
def cost_kind(phase, cost_date=None, title_date=None):
    """The ``consumer.COST_KINDS`` of a cost incurred at a step of ``phase`` on ``cost_date``."""
    if phase == ENFORCEMENT and title_date is not None:
        if cost_date is None or cost_date >= title_date:
            return COST_ENFORCEMENT
    return COST_AMICABLE


def _check_item(item):
    if not isinstance(item, ClaimItem):
        raise LegalError(_lt("A claim item must be a ClaimItem, got %(item)r."), item=item)
    check_date(item.due_date, "due date")
    amount = check_amount(item.amount, "invoice amount")
    payments = []
    for day, paid in item.payments:
        check_date(day, "payment date")
        payments.append((day, check_amount(paid, "payment amount")))
    paid_total = sum((paid for day, paid in payments), Decimal(0))
    if item.residual is None:
        residual = amount - paid_total
    else:
        residual = check_amount(item.residual, "outstanding amount", allow_zero=True)
    if residual < 0:
        raise InvalidAmountError(
            _lt("The payments of %(reference)s exceed its amount of %(amount)s."),
            reference=item.reference,
            amount=amount,
        )
    return amount, sorted(payments), residual


def _interest_start(debtor_type, item, formal_notice_date, on):
    """The day after which the invoice bears interest, or ``None`` if it bears none on ``on``."""
    if item.penalty_invoice:
        # Art. 1343-2 C. civ.: no interest on interest; L441-10: no second 40 €.
        return None
    if debtor_type == B2B:
        return item.due_date if item.due_date < on else None
    # Art. 1231-6, 1344-1 C. civ.: from the formal notice, on what was due when it was received.
    if formal_notice_date is None or not item.due_date <= formal_notice_date < on:
        return None
    return formal_notice_date


def _item_result(item, debtor_type, on, options):
    amount, payments, residual = _check_item(item)
    start = _interest_start(debtor_type, item, options["formal_notice_date"], on)
    if start is None:
        return ClaimItemResult(item.reference, item.due_date, residual)
    # What was paid by the start no longer bears interest; later payments reduce the base.
    base = amount - sum((paid for day, paid in payments if day <= start), Decimal(0))
    later = [(day, paid) for day, paid in payments if day > start]
    opening = options["opening_judgment_date"]
    indemnity = recovery_indemnity(
        debtor_type,
        paid_late=True,
        opening_judgment_before_due=bool(opening and opening <= item.due_date),
    )
    if base <= 0:
        return ClaimItemResult(item.reference, item.due_date, residual, indemnity=indemnity)
    try:
        result = compute_late_penalties(
            base,
            start,
            on,
            debtor_type,
            options["contract_rate"],
            options["rates"],
            payments=later,
            enforceable_date=options["enforceable_date"],
            opening_judgment_date=opening,
            creditor_is_private_individual=options["creditor_private"],
            rate_mode=options["rate_mode"],
            day_count=options["day_count"],
            imputation=options["imputation"],
            grace_periods=options["grace_periods"],
            allow_provisional=options["allow_provisional"],
        )
    except LegalError as error:
        return ClaimItemResult(
            item.reference, item.due_date, residual, indemnity=indemnity, error=error
        )
    penalty_periods = [p for p in result.periods if _is_penalty(p, debtor_type, options)]
    if len(penalty_periods) == len(result.periods):
        penalties, interest = result.total, ZERO
    else:
        penalties = round_cent(sum((p.exact_amount for p in penalty_periods), Decimal(0)))
        interest = result.total - penalties
    return ClaimItemResult(
        item.reference,
        item.due_date,
        residual,
        penalties,
        interest,
        indemnity,
        result.periods,
        result.notices,
    )


def _in_grace(period, grace_periods):
    return any(start <= period.start <= stop for start, stop in grace_periods)


# L441-10 C. com.: a B2B day bears penalties, except from the enforceable date of a judgment
# awarding the legal interest (art. 1231-7 C. civ.) and during a grace period (art. 1343-5 C.
# civ.), which bear the legal rate; a consumer's days always bear the legal rate.
def _is_penalty(period, debtor_type, options):
    switch = options["enforceable_date"]
    return (
        debtor_type == B2B
        and (switch is None or period.start < switch)
        and not _in_grace(period, options["grace_periods"])
    )


def _item_lines(result, debtor_type, options):
    lines = [
        ClaimLine(
            result.reference,
            LINE_PRINCIPAL,
            result.principal,
            result.principal,
            ARTICLE_PRINCIPAL,
        )
    ]
    for period in result.periods:
        if _is_penalty(period, debtor_type, options):
            kind, article = LINE_PENALTY, ARTICLE_PENALTY
        else:
            kind = LINE_INTEREST
            article = ARTICLE_INTEREST if debtor_type == B2C else ARTICLE_JUDGMENT_INTEREST
            if _in_grace(period, options["grace_periods"]):
                article = ARTICLE_GRACE
        lines.append(
            ClaimLine(
                result.reference,
                kind,
                period.amount,
                period.amount,
                article,
                period.start,
                period.end,
                period.days,
                period.rate,
                period.base,
            )
        )
    if result.indemnity:
        lines.append(
            ClaimLine(
                result.reference,
                LINE_INDEMNITY,
                result.indemnity,
                result.indemnity,
                ARTICLE_INDEMNITY,
            )
        )
    return lines


def _cost_lines(costs, debtor_type, has_title, indemnities):
    """The cost lines and the part of them claimed (``indemnity.complementary_indemnity``)."""
    lines = []
    checked = []
    for cost in costs:
        if not isinstance(cost, ClaimCost):
            raise LegalError(_lt("A claim cost must be a ClaimCost, got %(cost)r."), cost=cost)
        if cost.kind not in COST_KINDS:
            raise LegalError(_lt("Unknown kind of recovery cost %(kind)r."), kind=cost.kind)
        checked.append((cost, check_amount(cost.amount, "cost amount", allow_zero=True)))
    if debtor_type == B2B:
        # L441-10 II C. com.: the costs beyond the 40 € indemnities, claimed on justification;
        # the first costs are the ones the indemnities already cover.
        incurred = sum((amount for cost, amount in checked), Decimal(0))
        claimable = complementary_indemnity(B2B, incurred, indemnities)
        covered = incurred - claimable
        for cost, amount in checked:
            absorbed = min(amount, covered)
            covered -= absorbed
            reason = None
            if absorbed:
                reason = LegalNotice(
                    _lt(
                        "Covered by the fixed indemnities of 40 € per invoice: only the costs "
                        "above them are claimed (art. L441-10 II C. com.)."
                    )
                )
            lines.append(
                ClaimLine(
                    "",
                    LINE_COST,
                    amount,
                    amount - absorbed,
                    ARTICLE_COST_B2B,
                    reason=reason,
                    label=cost.label,
                    start=cost.date,
                )
            )
        return lines, claimable
    claimed_total = Decimal(0)
    for cost, amount in checked:
        kind = cost.kind
        if names_recovery_fee(cost.label):
            # L111-8 al. 2 CPCE (legal_fr.md §19.4): a cost named « frais de relance »,
            # « frais de gestion »... is a cost of amicable recovery, whatever its step.
            kind = COST_AMICABLE
        claimed = complementary_indemnity(B2C, amount, ZERO, has_title, kind)
        claimed_total += claimed
        lines.append(
            ClaimLine(
                "",
                LINE_COST,
                amount,
                claimed,
                ARTICLE_COST_B2C,
                reason=cost_exclusion(B2C, has_title, kind),
                label=cost.label,
                start=cost.date,
            )
        )
    return lines, claimed_total


def _check_title(title, on):
    if title is None:
        return None
    if not isinstance(title, ClaimTitle):
        raise LegalError(_lt("The title must be a ClaimTitle, got %(title)r."), title=title)
    check_date(title.date, "title date")
    if title.kind not in TITLE_KINDS:
        raise LegalError(_lt("Unknown kind of enforceable title %(kind)r."), kind=title.kind)
    if title.date > on:
        raise InvalidDateError(
            _lt("The title of %(date)s is after the day of the claim %(on)s."),
            date=title.date,
            on=on,
        )
    if title.enforceable_date is not None:
        check_date(title.enforceable_date, "enforceable date")
    return title


# L441-10 C. com. (B2B), art. 1231-6 and 1344-1 C. civ. (B2C), L111-8 CPCE (costs): the claim.
def compute_claim(
    items,
    debtor_type,
    creditor_type=CREDITOR_PROFESSIONAL,
    on=None,
    *,
    contract_rate=None,
    formal_notice_date=None,
    opening_judgment_date=None,
    title=None,
    grace_periods=(),
    costs=(),
    rates=None,
    rate_mode=RATE_MODE_PER_SEMESTER,
    day_count=DAY_COUNT_365,
    imputation=IMPUTATION_PRINCIPAL,
    allow_provisional=False,
):
    """The ``Claim`` against one debtor on ``on`` for the open ``items`` (``ClaimItem``).

    ``debtor_type``: ``"b2b"`` or ``"b2c"``. ``creditor_type``: ``"professional"`` or
    ``"private_individual"`` (the legal rate's category follows the creditor, L313-2 C. mon.
    fin.). ``contract_rate``: the L441-10 rate of the terms of sale (B2B; raised to the floor).
    ``formal_notice_date``: when the consumer's formal notice was received (B2C interest).
    ``opening_judgment_date``: collective proceedings (L622-28, L441-10 II C. com.).
    ``title``: a ``ClaimTitle`` (costs after it, L111-8; + 5 points, L313-3 C. mon. fin.).
    ``grace_periods``: ``(start, end)`` granted by a judge (art. 1343-5 C. civ.).
    ``costs``: ``ClaimCost`` of the recovery. ``rates``: the ``RateTable`` (default: shipped).
    """
    check_debtor_type(debtor_type)
    if creditor_type not in CREDITOR_TYPES:
        raise LegalError(_lt("Unknown creditor type %(type)r."), type=creditor_type)
    check_date(on, "on")
    if formal_notice_date is not None:
        check_date(formal_notice_date, "formal notice date")
    if opening_judgment_date is not None:
        check_date(opening_judgment_date, "opening judgment date")
    title = _check_title(title, on)
    enforceable_date = None
    if (
        title is not None
        and title.kind in SURCHARGED_TITLES
        and title.enforceable_date is not None
        and (debtor_type == B2C or title.legal_interest)
    ):
        enforceable_date = title.enforceable_date
    if debtor_type == B2C and contract_rate is not None:
        raise LegalError(
            _lt(
                "A contract penalty rate applies between professionals only (L441-10 C. com.); "
                "a consumer owes the legal interest rate."
            )
        )
    grace = tuple(normalise_grace_periods(grace_periods))
    options = {
        "formal_notice_date": formal_notice_date,
        "opening_judgment_date": opening_judgment_date,
        "contract_rate": contract_rate,
        "rates": RateTable.default() if rates is None else rates,
        "enforceable_date": enforceable_date,
        "creditor_private": creditor_type == CREDITOR_PRIVATE_INDIVIDUAL,
        "rate_mode": rate_mode,
        "day_count": day_count,
        "imputation": imputation,
        "grace_periods": grace,
        "allow_provisional": allow_provisional,
    }
    results = [_item_result(item, debtor_type, on, options) for item in items]
    lines = []
    notices = []
    for result in results:
        lines.extend(_item_lines(result, debtor_type, options))
        notices.extend(n for n in result.notices if n not in notices)
    principal = sum((r.principal for r in results), ZERO)
    penalties = sum((r.penalties for r in results), ZERO)
    interest = sum((r.interest for r in results), ZERO)
    indemnities = sum((r.indemnity for r in results), ZERO)
    cost_lines, costs_claimed = _cost_lines(costs, debtor_type, title is not None, indemnities)
    lines.extend(cost_lines)
    costs_incurred = sum((line.amount for line in cost_lines), ZERO)
    return Claim(
        on=on,
        debtor_type=debtor_type,
        items=tuple(results),
        lines=tuple(lines),
        principal=principal,
        penalties=penalties,
        interest=interest,
        indemnities=indemnities,
        costs_incurred=costs_incurred,
        costs_claimed=costs_claimed,
        costs_excluded=costs_incurred - costs_claimed,
        total=principal + penalties + interest + indemnities + costs_claimed,
        notices=tuple(notices),
        errors=tuple((r.reference, r.error) for r in results if r.error is not None),
    )


# L622-25, R622-23 C. com.: the declaration states the claim as at the opening judgment; to be
# computed with ``compute_claim(..., on=opening, opening_judgment_date=opening)`` (L622-28).
def declared_lines(claim):
    """The ``collective.DeclaredLine`` of each invoice of ``claim``, for ``split_claim``."""
    return [
        DeclaredLine(
            item.reference,
            item.due_date,
            item.principal,
            item.penalties + item.interest,
            item.indemnity,
        )
        for item in claim.items
        if item.principal
    ]
