"""Late-payment interest: B2B penalties (L441-10 C. com.) and B2C legal interest.

Conventions (legal_fr.md §2.4, §4.1):

* Interest runs from the day after ``due_date`` through ``until`` inclusive, so the number of
  days is ``(until - due_date).days``. For B2C, ``due_date`` is the effective date of the formal
  notice (art. 1344-1 C. civ.): interest starts the following day.
* Simple interest, no compounding; base = outstanding amount VAT included (CJEU C-585/20).
* Periods are split at 1 January / 1 July (the rate is fixed per half-year), at each partial
  payment and where the +5 points of L313-3 C. mon. fin. start.
* Day count: **actual/365 by default, also in leap years.** The law is silent; French practice,
  the Banque de France and the worked examples of the reference divide by 365 (the rates are
  annual rates applied pro rata temporis). ``day_count="actual/actual"`` divides the days of a
  leap year by 366 instead, for creditors or courts that prefer it. Periods never straddle
  1 January, so each period has a single divisor.
* Amounts are computed in exact decimals; only the total is rounded to the cent, half-up. Each
  period's ``amount`` is rounded for display, so their sum may differ from ``total`` by a cent.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from .common import (
    B2B,
    B2C,
    check_amount,
    check_date,
    check_debtor_type,
    half_year_label,
    half_year_start,
    next_half_year_start,
    round_cent,
    to_decimal,
)
from .errors import InvalidAmountError, InvalidDateError, LegalError, LegalNotice, _lt
from .rates import RateTable

RATE_MODE_PER_SEMESTER = "per_semester"
RATE_MODE_FROZEN = "frozen_at_start"
DAY_COUNT_365 = "actual/365"
DAY_COUNT_ACTUAL = "actual/actual"
IMPUTATION_PRINCIPAL = "principal"
IMPUTATION_INTEREST_FIRST = "interest_first"
# L313-3 C. mon. fin.: the legal rate is increased by 5 points ...
JUDGMENT_SURCHARGE = Decimal("5")
# L313-3 C. mon. fin.: ... once 2 months have passed since the decision became enforceable.
JUDGMENT_SURCHARGE_DELAY = relativedelta(months=2)
ONE_DAY = datetime.timedelta(days=1)
HUNDRED = Decimal("100")


@dataclass(frozen=True)
class Period:
    """A run of days bearing the same rate on the same balance."""

    start: datetime.date
    end: datetime.date
    days: int
    rate: Decimal
    amount: Decimal
    base: Decimal = Decimal(0)
    exact_amount: Decimal = Decimal(0)
    divisor: int = 365


@dataclass(frozen=True)
class PenaltyResult:
    """Interest for one claim: ``total`` (to the cent) and the ``periods`` it is made of."""

    total: Decimal
    periods: tuple = ()
    notices: tuple = field(default=())

    @property
    def days(self):
        """Number of days that bore interest."""
        return sum(p.days for p in self.periods)


@dataclass(frozen=True)
class Payment:
    """A partial payment made available to the creditor on ``date``."""

    date: datetime.date
    amount: Decimal


# L441-10 II C. com.: penalties due from the day after the due date, without any reminder.
def penalty_days(due_date, until):
    """Days of delay from the day after ``due_date`` through ``until``."""
    check_date(due_date, "due_date")
    check_date(until, "until")
    if due_date > until:
        raise InvalidDateError(
            _lt("The due date %(due_date)s is after the payment date %(until)s."),
            due_date=due_date,
            until=until,
        )
    return (until - due_date).days


def _normalise_payments(payments):
    result = []
    for item in payments or ():
        if isinstance(item, Payment):
            day, amount = item.date, item.amount
        elif isinstance(item, dict):
            day, amount = item.get("date"), item.get("amount")
        else:
            day, amount = item
        check_date(day, "payment date")
        result.append(Payment(day, check_amount(amount, "payment amount")))
    return sorted(result, key=lambda p: p.date)


def _divisor(day, day_count):
    if day_count == DAY_COUNT_ACTUAL and calendar.isleap(day.year):
        return 366
    return 365


def _check_options(debtor_type, contract_rate, enforceable_date, rate_mode, day_count, imputation):
    if rate_mode not in (RATE_MODE_PER_SEMESTER, RATE_MODE_FROZEN):
        raise LegalError(_lt("Unknown rate mode %(mode)r."), mode=rate_mode)
    if day_count not in (DAY_COUNT_365, DAY_COUNT_ACTUAL):
        raise LegalError(_lt("Unknown day count %(day_count)r."), day_count=day_count)
    if imputation not in (IMPUTATION_PRINCIPAL, IMPUTATION_INTEREST_FIRST):
        raise LegalError(_lt("Unknown imputation %(imputation)r."), imputation=imputation)
    if debtor_type == B2C and contract_rate is not None:
        raise LegalError(
            _lt(
                "A contract penalty rate applies between professionals only (L441-10 C. com.); "
                "a consumer owes the legal interest rate."
            )
        )
    if debtor_type == B2C and rate_mode != RATE_MODE_PER_SEMESTER:
        raise LegalError(
            _lt("The legal interest rate changes every half-year: it cannot be frozen.")
        )


def _normalise_grace_periods(grace_periods):
    result = []
    for start, stop in grace_periods or ():
        check_date(start, "grace period start")
        check_date(stop, "grace period end")
        if stop < start:
            raise InvalidDateError(
                _lt("The grace period ends on %(end)s, before it starts on %(start)s."),
                end=stop,
                start=start,
            )
        result.append((start, stop))
    return result


# L622-28 C. com.: the opening judgment stops interest; L441-10 II: nothing due if it came first.
def _accrual_end(debtor_type, due_date, until, opening_judgment_date):
    """Last day bearing interest (``None`` if nothing is due) and the notices to show."""
    if opening_judgment_date is None:
        return until, []
    check_date(opening_judgment_date, "opening_judgment_date")
    if debtor_type == B2B and opening_judgment_date <= due_date:
        notice = LegalNotice(
            _lt(
                "Collective proceedings opened on %(date)s, before the due date: no late "
                "penalty is due (L441-10 C. com.)."
            ),
            {"date": opening_judgment_date},
        )
        return None, [notice]
    if opening_judgment_date > until:
        return until, []
    # The opening judgment takes effect at 0:00 on its date: the day before is the last one.
    notice = LegalNotice(
        _lt("Interest stops at the opening judgment of %(date)s (L622-28 C. com.)."),
        {"date": opening_judgment_date},
    )
    return max(due_date, opening_judgment_date - ONE_DAY), [notice]


# Art. 1343-1 C. civ.: a partial payment goes to interest first unless agreed otherwise.
def _apply_payment(payment, balance, accrued, interest_paid, imputation):
    """New balance and interest paid after ``payment``."""
    to_interest = Decimal(0)
    if imputation == IMPUTATION_INTEREST_FIRST:
        to_interest = max(Decimal(0), min(payment.amount, round_cent(accrued) - interest_paid))
    principal = payment.amount - to_interest
    if principal > balance:
        raise InvalidAmountError(
            _lt("The payment of %(amount)s on %(date)s exceeds the balance of %(balance)s."),
            amount=payment.amount,
            date=payment.date,
            balance=balance,
        )
    return balance - principal, interest_paid + to_interest


class _RateChooser:
    """Chooses the rate of each period and collects compliance notices."""

    def __init__(self, rates, debtor_type, contract_rate, creditor_private, mode, provisional):
        self.rates = rates
        self.debtor_type = debtor_type
        self.contract_rate = contract_rate
        self.creditor_private = creditor_private
        self.mode = mode
        self.provisional = provisional
        self.notices = []
        self._warned = set()
        self.frozen_day = None

    # L441-10 II C. com. (legal_fr.md §19.3): a contract rate below the floor claims the floor,
    # never the statutory ECB rate + 10 points in its place.
    def b2b_rate(self, day):
        if self.mode == RATE_MODE_FROZEN:
            day = self.frozen_day
        if self.contract_rate is None:
            return self.rates.default_penalty_rate_b2b(day, self.provisional)
        floor = self.rates.contract_rate_floor(day, self.provisional)
        if self.contract_rate >= floor:
            return self.contract_rate
        label = half_year_label(day)
        if label not in self._warned:
            self._warned.add(label)
            self.notices.append(
                LegalNotice(
                    _lt(
                        "The contract rate of %(rate)s%% is below the floor of %(floor)s%% "
                        "(3 times the legal rate) for %(half_year)s: the floor is claimed "
                        "instead; correct the clause of the terms of sale (L441-10 C. com.)."
                    ),
                    {"rate": self.contract_rate, "floor": floor, "half_year": label},
                )
            )
        return floor

    # Art. 1231-6, 1231-7 C. civ., L313-2 C. mon. fin.: the legal rate of the creditor's category,
    # + 5 points of L313-3 when ``surcharged``.
    def legal_rate(self, day, surcharged):
        rate = self.rates.legal_rate(day, self.creditor_private, self.provisional)
        return rate + JUDGMENT_SURCHARGE if surcharged else rate


def compute_late_penalties(
    amount,
    due_date,
    until,
    debtor_type,
    contract_rate=None,
    rates=None,
    *,
    payments=(),
    enforceable_date=None,
    opening_judgment_date=None,
    creditor_is_private_individual=False,
    rate_mode=RATE_MODE_PER_SEMESTER,
    day_count=DAY_COUNT_365,
    imputation=IMPUTATION_PRINCIPAL,
    grace_periods=(),
    allow_provisional=False,
):
    """Late-payment interest on ``amount`` (VAT included) from ``due_date`` to ``until``.

    ``debtor_type`` ``"b2b"``: L441-10 C. com. penalties at ``contract_rate`` when it is at
    least 3 times the legal rate, else at the ECB rate of the half-year + 10 points.
    ``"b2c"``: legal interest (art. 1231-6, 1344-1 C. civ.) from the formal notice dated
    ``due_date``, at the rate of the creditor's category (a business by default), + 5 points
    from two months after ``enforceable_date`` (L313-3 C. mon. fin.).
    ``enforceable_date`` for ``"b2b"``: the day a judgment awarding the sum with the legal interest
    (art. 1231-7 C. civ.) became enforceable: from that day the legal rate replaces the L441-10
    penalties (never both for the same day), + 5 points two months later (L313-3 C. mon. fin.,
    which surcharges the legal rate of every judgment awarding a sum, legal_fr.md §19.8). A
    judgment awarding the L441-10 penalties until payment is not given here: its penalties run
    on, and the 5 points, which raise the legal rate only, do not apply to them.
    ``payments``: partial payments as ``(date, amount)``; each reduces the base from the next
    day (``imputation="principal"``) or first pays the accrued interest
    (``"interest_first"``, art. 1343-1 C. civ.). Payments after ``until`` are not yet made.
    ``opening_judgment_date``: collective proceedings stop interest (L622-28 C. com.); for
    B2B nothing is due when it precedes the due date (L441-10 II C. com.).
    ``grace_periods``: ``(start, end)`` pairs granted by a judge (art. 1343-5 C. civ.): the
    surcharges and penalties are not incurred then (no L441-10 penalty, no + 5 points), but the
    sum still bears the interest itself, at the plain legal rate (which the judge may not go
    below), legal_fr.md §19.8.
    ``allow_provisional``: accept rates not yet confirmed by an administrator.
    """
    amount = check_amount(amount)
    check_debtor_type(debtor_type)
    penalty_days(due_date, until)
    if contract_rate is not None:
        contract_rate = to_decimal(contract_rate, "contract rate")
        if contract_rate < 0:
            raise InvalidAmountError(
                _lt("The contract rate must not be negative, got %(rate)s."), rate=contract_rate
            )
    _check_options(debtor_type, contract_rate, enforceable_date, rate_mode, day_count, imputation)
    rates = RateTable.default() if rates is None else rates
    payment_list = _normalise_payments(payments)
    for payment in payment_list:
        if payment.date <= due_date:
            raise InvalidDateError(
                _lt(
                    "The payment of %(date)s is not after the due date %(due_date)s: "
                    "deduct it from the outstanding amount."
                ),
                date=payment.date,
                due_date=due_date,
            )
    end, notices = _accrual_end(debtor_type, due_date, until, opening_judgment_date)
    if end is None:
        return PenaltyResult(Decimal("0.00"), (), tuple(notices))
    surcharge_from = None
    if enforceable_date is not None:
        check_date(enforceable_date, "enforceable_date")
        surcharge_from = enforceable_date + JUDGMENT_SURCHARGE_DELAY + ONE_DAY

    chooser = _RateChooser(
        rates,
        debtor_type,
        contract_rate,
        creditor_is_private_individual,
        rate_mode,
        allow_provisional,
    )
    chooser.frozen_day = due_date + ONE_DAY
    grace = _normalise_grace_periods(grace_periods)
    breaks = {p.date + ONE_DAY for p in payment_list}
    breaks.update(day for start, stop in grace for day in (start, stop + ONE_DAY))
    if surcharge_from is not None:
        breaks.add(surcharge_from)
        if debtor_type == B2B:
            breaks.add(enforceable_date)
    periods = []
    balance = amount
    accrued = Decimal(0)
    interest_paid = Decimal(0)
    payments_by_day = {}
    for payment in payment_list:
        payments_by_day.setdefault(payment.date + ONE_DAY, []).append(payment)
    day = due_date + ONE_DAY
    while day <= end:
        for payment in payments_by_day.get(day, ()):
            balance, interest_paid = _apply_payment(
                payment, balance, accrued, interest_paid, imputation
            )
        stop = min(end, next_half_year_start(day) - ONE_DAY)
        stop = min([stop] + [b - ONE_DAY for b in breaks if day < b <= stop])
        days = (stop - day).days + 1
        if balance > 0:
            in_grace = any(start <= day <= stop_ for start, stop_ in grace)
            judgment = enforceable_date is not None and day >= enforceable_date
            surcharged = surcharge_from is not None and day >= surcharge_from and not in_grace
            if debtor_type == B2B and not in_grace and not judgment:
                rate = chooser.b2b_rate(day)
            else:
                rate = chooser.legal_rate(day, surcharged)
            divisor = _divisor(day, day_count)
            exact = balance * rate / HUNDRED * days / divisor
            accrued += exact
            periods.append(
                Period(
                    start=day,
                    end=stop,
                    days=days,
                    rate=rate,
                    amount=round_cent(exact),
                    base=balance,
                    exact_amount=exact,
                    divisor=divisor,
                )
            )
        day = stop + ONE_DAY
    notices = chooser.notices + notices
    return PenaltyResult(round_cent(accrued), tuple(periods), tuple(notices))


# L441-10 II C. com.: the reference date of the ECB rate of a day of delay.
def mro_reference_date(day):
    """1 January or 1 July whose ECB rate applies to ``day``."""
    return half_year_start(day)
