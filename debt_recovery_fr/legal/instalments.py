"""Instalment plans (échéanciers)."""

import datetime
import itertools
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from dateutil.relativedelta import relativedelta

from .common import B2C, CENT, check_amount, check_date, check_debtor_type
from .errors import InstalmentPlanError, InvalidDateError, LegalNotice, _lt

# Art. 1343-5 C. civ.: payment may be postponed or spread over 2 years at most.
MAX_PLAN_MONTHS = 24
# L312-4 C. conso.: a free deferral of 3 months at most is outside consumer credit.
CONSUMER_CREDIT_FREE_MONTHS = 3
# Cass. 1re civ. 22 Mar 2023 n° 21-16.044: a B2C cure period must be reasonable (policy: 30 days).
DEFAULT_B2C_CURE_DAYS = 30
# Policy for B2B plans (no statutory minimum; Cass. 1re civ. 22 Jun 2017 n° 16-18.418).
DEFAULT_B2B_CURE_DAYS = 8
# Policy: weekly instalments over the 24 months of art. 1343-5 C. civ. are 105 at most; a count
# beyond this bound is refused before any due date is computed.
MAX_INSTALMENTS = 120
# Policy: a plan is agreed for now; its date may not be set more than a year ahead.
MAX_PLAN_START_MONTHS = 12
# Policy: art. 1343-5 C. civ. bounds the judge (24 months), not an amicable agreement (legal_fr.md
# §19.8: warn, don't refuse); past ten years the dates are taken for an input error.
MAX_AMICABLE_PLAN_MONTHS = 120


@dataclass(frozen=True)
class Instalment:
    """One due date of a plan."""

    sequence: int
    date: datetime.date
    amount: Decimal


def _monthly_dates(first_date, count):
    return [first_date + relativedelta(months=i) for i in range(count)]


# Art. 1343-5 C. civ.: a plan may not spread payment beyond 24 months.
def check_plan_duration(start_date, last_date):
    """Raise ``InstalmentPlanError`` if ``last_date`` is over 24 months after ``start_date``."""
    check_date(start_date, "start_date")
    check_date(last_date, "last_date")
    limit = start_date + relativedelta(months=MAX_PLAN_MONTHS)
    if last_date > limit:
        raise InstalmentPlanError(
            _lt(
                "The plan ends on %(last)s, more than %(months)s months after %(start)s "
                "(art. 1343-5 C. civ.): the last instalment must fall on or before %(limit)s."
            ),
            last=last_date,
            months=MAX_PLAN_MONTHS,
            start=start_date,
            limit=limit,
        )


# Art. 1343-5 C. civ.: the judge postpones payment from his decision, within 2 years.
def check_judicial_grace(decision_date, start, end):
    """Raise ``InvalidDateError`` unless the grace period ``start``–``end`` granted by the
    decision of ``decision_date`` starts on or after it and ends within the 24 months."""
    check_date(decision_date, "decision_date")
    check_date(start, "grace period start")
    check_date(end, "grace period end")
    limit = decision_date + relativedelta(months=MAX_PLAN_MONTHS)
    if start < decision_date or end < start or end > limit:
        raise InvalidDateError(
            _lt(
                "A grace period runs from the decision of %(decision)s, for %(months)s months at "
                "most (art. 1343-5 C. civ.): from %(start)s to %(end)s must fall between "
                "%(decision)s and %(limit)s, the first day before the last."
            ),
            decision=decision_date,
            months=MAX_PLAN_MONTHS,
            start=start,
            end=end,
            limit=limit,
        )
    return True


# Art. 1343-5 C. civ. (24 months at most): a bounded number of instalments.
def check_instalment_count(count):
    """Return ``count`` if it is a whole number from 1 to ``MAX_INSTALMENTS``, else raise."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise InstalmentPlanError(
            _lt("The number of instalments must be a whole number >= 1, got %(count)r."),
            count=count,
        )
    if count > MAX_INSTALMENTS:
        raise InstalmentPlanError(
            _lt(
                "A plan has at most %(max)s instalments (at most 24 months, art. 1343-5 C. "
                "civ.), not %(count)s."
            ),
            max=MAX_INSTALMENTS,
            count=count,
        )
    return count


# Art. 1343-5 C. civ.: a plan spreads a debt from now on; it cannot be over before it starts.
def check_plan_dates(start_date, last_date, today):
    """Refuse a plan whose instalments are all past, or dated more than a year ahead."""
    check_date(start_date, "start_date")
    check_date(last_date, "last_date")
    check_date(today, "today")
    if last_date < today:
        raise InvalidDateError(
            _lt(
                "Every instalment of the plan is already past (the last one was due on "
                "%(last)s): a plan spreads what is owed from today on."
            ),
            last=last_date,
        )
    limit = today + relativedelta(months=MAX_PLAN_START_MONTHS)
    if start_date > limit:
        raise InvalidDateError(
            _lt("The plan date %(start)s is more than %(months)s months ahead."),
            start=start_date,
            months=MAX_PLAN_START_MONTHS,
        )


# Art. 1343-5 C. civ.: equal instalments, the remaining cents on the last one.
def split_instalments(
    amount, count=None, first_date=None, dates=None, start_date=None, judicial=True
):
    """Split ``amount`` into instalments, monthly from ``first_date`` or on custom ``dates``.

    Each instalment but the last is ``amount / count`` rounded down to the cent; the last takes
    the remainder, so the sum is always exactly ``amount``. ``start_date`` (the date the plan is
    agreed, default the first due date) is the origin of the 24-month limit, which binds the
    judge only: ``judicial=False`` (an amicable plan) does not check it, see
    ``amicable_plan_notices``.
    """
    amount = check_amount(amount)
    if dates is not None:
        dates = [check_date(d, "instalment date") for d in dates]
        if count is not None and count != len(dates):
            raise InstalmentPlanError(
                _lt("%(count)s instalments were asked for but %(dates)s dates were given."),
                count=count,
                dates=len(dates),
            )
        if any(b <= a for a, b in itertools.pairwise(dates)):
            raise InvalidDateError(_lt("Instalment dates must be strictly increasing."))
        count = len(dates)
    check_instalment_count(count)
    if dates is None:
        if first_date is None:
            raise InvalidDateError(_lt("Give the first due date or the list of due dates."))
        check_date(first_date, "first_date")
        dates = _monthly_dates(first_date, count)
    start_date = dates[0] if start_date is None else check_date(start_date, "start_date")
    if dates[0] < start_date:
        raise InvalidDateError(
            _lt("The first instalment %(first)s precedes the plan date %(start)s."),
            first=dates[0],
            start=start_date,
        )
    if judicial:
        check_plan_duration(start_date, dates[-1])
    share = (amount / count).quantize(CENT, rounding=ROUND_DOWN)
    if share <= 0:
        raise InstalmentPlanError(
            _lt("%(amount)s cannot be split into %(count)s instalments of at least one cent."),
            amount=amount,
            count=count,
        )
    amounts = [share] * (count - 1) + [amount - share * (count - 1)]
    return [Instalment(i + 1, d, a) for i, (d, a) in enumerate(zip(dates, amounts, strict=True))]


# L312-4 C. conso.: a B2C plan over 3 months or with fees/interest may be a consumer credit.
def needs_consumer_credit_review(debtor_type, start_date, last_date, has_fees_or_interest=False):
    """Whether a plan must be reviewed under the consumer-credit rules before it is offered."""
    check_debtor_type(debtor_type)
    check_date(start_date, "start_date")
    check_date(last_date, "last_date")
    if debtor_type != B2C:
        return False
    limit = start_date + relativedelta(months=CONSUMER_CREDIT_FREE_MONTHS)
    return bool(has_fees_or_interest) or last_date > limit


@dataclass(frozen=True)
class AccelerationTerms:
    """When a late instalment makes the whole balance due: ``grace_days`` after its due date
    the debtor is sent a formal notice, ``cure_days`` after that notice the term is lost."""

    grace_days: int
    cure_days: int


# Cass. 1re civ. 22 Jun 2017 n° 16-18.418 (notice and cure period before acceleration); B2C:
# a reasonable cure period, Cass. 1re civ. 22 Mar 2023 n° 21-16.044.
def acceleration_terms(debtor_type, grace_days, cure_days):
    """The terms of a plan's acceleration clause from the creditor's settings: no negative
    grace, a cure period never below the minimum for the debtor (8 days B2B, 30 days B2C).

    The agreement the debtor signs and the portal where he accepts it state these terms, and
    the daily check of the plans applies them.
    """
    check_debtor_type(debtor_type)
    minimum = DEFAULT_B2C_CURE_DAYS if debtor_type == B2C else DEFAULT_B2B_CURE_DAYS
    return AccelerationTerms(max(int(grace_days or 0), 0), max(int(cure_days or 0), minimum))


# Cass. 1re civ. 22 Jun 2017 n° 16-18.418: acceleration only after a notice left unanswered.
def acceleration_allowed(debtor_type, notice_date, cure_days, on, min_cure_days=None):
    """Whether the whole balance may be claimed: notice sent, cure period long enough and over."""
    check_debtor_type(debtor_type)
    check_date(on, "on")
    if notice_date is None:
        return False
    check_date(notice_date, "notice_date")
    if min_cure_days is None:
        min_cure_days = DEFAULT_B2C_CURE_DAYS if debtor_type == B2C else DEFAULT_B2B_CURE_DAYS
    if cure_days < min_cure_days:
        return False
    return on > notice_date + datetime.timedelta(days=cure_days)


# Art. 1343-5 C. civ.: no surcharge or penalty accrues during a judicial grace period.
def in_judicial_grace_period(day, grace_start, grace_end):
    """Whether ``day`` falls in the judge's grace period (no penalty, no enforcement)."""
    check_date(day, "day")
    check_date(grace_start, "grace_start")
    check_date(grace_end, "grace_end")
    if grace_end < grace_start:
        raise InvalidDateError(
            _lt("The grace period ends on %(end)s, before it starts on %(start)s."),
            end=grace_end,
            start=grace_start,
        )
    check_plan_duration(grace_start, grace_end)
    return grace_start <= day <= grace_end


# Art. 1343-5 C. civ. binds the judge (legal_fr.md §19.8): an amicable plan beyond 24 months is
# lawful, but the creditor is warned (the debtor could not get as long from a judge).
# Legal_fr.md §19.8: an amicable plan may run past the 24 months a judge could grant.
def check_amicable_plan_duration(start_date, last_date):
    """Refuse an amicable plan ending more than ``MAX_AMICABLE_PLAN_MONTHS`` after its start
    (an input error); over 24 months it is allowed, with ``amicable_plan_notices``."""
    check_date(start_date, "start_date")
    check_date(last_date, "last_date")
    limit = start_date + relativedelta(months=MAX_AMICABLE_PLAN_MONTHS)
    if last_date > limit:
        raise InstalmentPlanError(
            _lt(
                "The plan ends on %(last)s, more than %(months)s months after %(start)s: check "
                "its dates (the last instalment must fall on or before %(limit)s)."
            ),
            last=last_date,
            months=MAX_AMICABLE_PLAN_MONTHS,
            start=start_date,
            limit=limit,
        )


def amicable_plan_notices(start_date, last_date):
    """The warnings of an amicable plan running from ``start_date`` to ``last_date``."""
    check_date(start_date, "start_date")
    check_date(last_date, "last_date")
    limit = start_date + relativedelta(months=MAX_PLAN_MONTHS)
    if last_date <= limit:
        return ()
    return (
        LegalNotice(
            _lt(
                "The plan ends on %(last)s, more than %(months)s months after %(start)s: a judge "
                "could not grant so long (art. 1343-5 C. civ.); agreed amicably, it is allowed."
            ),
            {"last": last_date, "months": MAX_PLAN_MONTHS, "start": start_date},
        ),
    )
