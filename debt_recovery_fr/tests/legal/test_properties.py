"""Property tests (hypothesis) required by the issue."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from debt_recovery_fr.legal import indemnity, instalments
from debt_recovery_fr.legal.penalties import compute_late_penalties
from debt_recovery_fr.legal.rates import RateTable

TABLE = RateTable.default()
amounts = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("10000000"), places=2, allow_nan=False
)
# Half-years with confirmed rates of both kinds: 2015-H1 to 2026-H1.
b2b_days = st.dates(datetime.date(2015, 1, 1), datetime.date(2026, 6, 29))
b2c_days = st.dates(datetime.date(2015, 1, 1), datetime.date(2026, 6, 29))
contract_rates = st.decimals(
    min_value=Decimal("0"), max_value=Decimal("40"), places=2, allow_nan=False
)


@given(
    amount=amounts,
    count=st.integers(1, 25),
    first=st.dates(datetime.date(2020, 1, 1), datetime.date(2090, 1, 1)),
)
def test_instalments_always_sum_to_amount(amount, count, first):
    amount = max(amount, Decimal(count) / 100)  # at least one cent per instalment
    plan = instalments.split_instalments(amount, count, first)
    assert sum(i.amount for i in plan) == amount
    assert len(plan) == count
    assert all(i.amount > 0 for i in plan)
    assert all(i.amount == i.amount.quantize(Decimal("0.01")) for i in plan)
    # the cents go to the last one
    assert all(i.amount == plan[0].amount for i in plan[:-1])
    assert plan[-1].amount >= plan[0].amount


@settings(max_examples=150)
@given(
    amount=amounts,
    due=b2b_days,
    gap=st.integers(0, 800),
    extra=st.integers(1, 400),
    debtor_type=st.sampled_from(["b2b", "b2c"]),
)
def test_penalties_never_decrease_when_payment_moves_later(amount, due, gap, extra, debtor_type):
    last_known = datetime.date(2026, 6, 30)  # last day with confirmed rates of both kinds
    until = min(due + datetime.timedelta(days=gap), last_known)
    later = min(until + datetime.timedelta(days=extra), last_known)
    early = compute_late_penalties(amount, due, until, debtor_type)
    late = compute_late_penalties(amount, due, later, debtor_type)
    assert late.total >= early.total
    assert late.days == early.days + (later - until).days


@given(amount=amounts, due=b2c_days, gap=st.integers(0, 400))
def test_b2c_never_gets_the_40(amount, due, gap):
    assert indemnity.recovery_indemnity("b2c", paid_late=gap > 0) == Decimal("0.00")
    assert indemnity.recovery_indemnity_total("b2c", gap) == Decimal("0.00")
    until = min(due + datetime.timedelta(days=gap), datetime.date(2026, 6, 30))
    result = compute_late_penalties(amount, due, until, "b2c")
    # B2C interest is legal interest only: never the L441-10 rate, never a fixed 40 €
    assert all(p.rate == TABLE.legal_rate(p.start) for p in result.periods)


@settings(max_examples=150)
@given(rate=contract_rates, due=b2b_days, gap=st.integers(1, 500))
def test_contract_rate_below_floor_is_never_applied(rate, due, gap):
    until = min(due + datetime.timedelta(days=gap), datetime.date(2026, 6, 30))
    result = compute_late_penalties(Decimal("1000.00"), due, until, "b2b", contract_rate=rate)
    for period in result.periods:
        floor = TABLE.contract_rate_floor(period.start)
        if rate < floor:
            # legal_fr.md §19.3: the floor, never the statutory default in its place
            assert period.rate == floor
        else:
            assert period.rate == rate
    # the floor binds contract rates only: the statutory default is applied even below it
    # (2024-H1: default 14.50 % < floor 15.21 %, legal_fr.md §0.2 note).
    default = compute_late_penalties(
        Decimal("1000.00"), datetime.date(2024, 1, 31), datetime.date(2024, 2, 29), "b2b"
    )
    assert default.periods[0].rate == Decimal("14.50")
    assert default.periods[0].rate < TABLE.contract_rate_floor(datetime.date(2024, 2, 1))


@given(amount=amounts, due=b2b_days, gap=st.integers(0, 500))
def test_total_is_rounded_sum_of_exact_periods(amount, due, gap):
    until = min(due + datetime.timedelta(days=gap), datetime.date(2026, 6, 30))
    result = compute_late_penalties(amount, due, until, "b2b")
    assert result.total == sum((p.exact_amount for p in result.periods), Decimal(0)).quantize(
        Decimal("0.01"), rounding="ROUND_HALF_UP"
    )
    assert result.days == (until - due).days
    assert abs(sum(p.amount for p in result.periods) - result.total) <= Decimal("0.01") * max(
        1, len(result.periods)
    )
