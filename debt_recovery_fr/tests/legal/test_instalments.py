"""Instalment plans: legal_fr.md §12 and checklist 38-41."""

import datetime
from decimal import Decimal

import pytest

from debt_recovery_fr.legal import instalments as ins
from debt_recovery_fr.legal.errors import InstalmentPlanError, InvalidAmountError, InvalidDateError

D = Decimal
date = datetime.date


def test_monthly_split_cents_on_last():
    plan = ins.split_instalments(D("1000.00"), 3, date(2025, 1, 31))
    assert [i.amount for i in plan] == [D("333.33"), D("333.33"), D("333.34")]
    assert [i.date for i in plan] == [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31)]
    assert [i.sequence for i in plan] == [1, 2, 3]
    assert sum(i.amount for i in plan) == D("1000.00")


def test_custom_dates():
    dates = [date(2025, 1, 10), date(2025, 1, 25), date(2025, 3, 1)]
    plan = ins.split_instalments(D("100.00"), dates=dates)
    assert [i.amount for i in plan] == [D("33.33"), D("33.33"), D("33.34")]
    with pytest.raises(InvalidDateError):
        ins.split_instalments(D("100.00"), dates=list(reversed(dates)))
    with pytest.raises(InstalmentPlanError):
        ins.split_instalments(D("100.00"), 2, dates=dates)


def test_max_24_months():
    """Art. 1343-5 C. civ.: at most 2 years."""
    assert len(ins.split_instalments(D("2500.00"), 25, date(2025, 1, 1))) == 25  # last 1 Jan 2027
    with pytest.raises(InstalmentPlanError, match="1343-5"):
        ins.split_instalments(D("2600.00"), 26, date(2025, 1, 1))
    with pytest.raises(InstalmentPlanError):
        ins.split_instalments(D("100.00"), 2, date(2026, 12, 2), start_date=date(2025, 1, 1))


def test_bad_input():
    with pytest.raises(InvalidAmountError):
        ins.split_instalments(D("-10.00"), 2, date(2025, 1, 1))
    with pytest.raises(InstalmentPlanError):
        ins.split_instalments(D("10.00"), 0, date(2025, 1, 1))
    with pytest.raises(InstalmentPlanError, match="one cent"):
        ins.split_instalments(D("0.02"), 3, date(2025, 1, 1))
    with pytest.raises(InvalidDateError):
        ins.split_instalments(D("10.00"), 2)


def test_consumer_credit_review():
    """Checklist 40; L312-4 C. conso. (§12)."""
    start = date(2025, 1, 15)
    assert not ins.needs_consumer_credit_review("b2c", start, date(2025, 4, 15))
    assert ins.needs_consumer_credit_review("b2c", start, date(2025, 4, 16))
    assert ins.needs_consumer_credit_review("b2c", start, date(2025, 2, 15), True)
    assert not ins.needs_consumer_credit_review("b2b", start, date(2026, 1, 15), True)


def test_acceleration_needs_expired_cure_period():
    """Checklist 39; Cass. 1re civ. 22 Jun 2017 and 22 Mar 2023 (B2C cure >= 30 days)."""
    notice = date(2025, 3, 1)
    assert not ins.acceleration_allowed("b2c", None, 30, date(2025, 6, 1))
    assert not ins.acceleration_allowed("b2c", notice, 15, date(2025, 6, 1))
    assert not ins.acceleration_allowed("b2c", notice, 30, date(2025, 3, 31))
    assert ins.acceleration_allowed("b2c", notice, 30, date(2025, 4, 1))
    assert ins.acceleration_allowed("b2b", notice, 8, date(2025, 3, 10))
    assert not ins.acceleration_allowed("b2c", notice, 30, date(2025, 4, 1), min_cure_days=45)


def test_judicial_grace_period():
    """Checklist 41; art. 1343-5 C. civ. (see also test_penalties grace period)."""
    assert ins.in_judicial_grace_period(date(2025, 5, 1), date(2025, 5, 1), date(2025, 8, 31))
    assert not ins.in_judicial_grace_period(date(2025, 9, 1), date(2025, 5, 1), date(2025, 8, 31))
    with pytest.raises(InstalmentPlanError):
        ins.in_judicial_grace_period(date(2025, 5, 1), date(2025, 5, 1), date(2027, 6, 1))


def test_bounded_count_and_dates():
    """Absurd counts are refused before any date is computed; a plan cannot be all past."""
    assert ins.check_instalment_count(ins.MAX_INSTALMENTS) == ins.MAX_INSTALMENTS
    with pytest.raises(InstalmentPlanError, match="at most"):
        ins.check_instalment_count(3_000_000)
    with pytest.raises(InstalmentPlanError, match="at most"):
        ins.split_instalments(D("100.00"), 3_000_000, date(2025, 1, 1))
    with pytest.raises(InvalidDateError, match="already past"):
        ins.check_plan_dates(date(2000, 1, 1), date(2000, 6, 1), date(2026, 12, 3))
    with pytest.raises(InvalidDateError, match="months ahead"):
        ins.check_plan_dates(date(2030, 1, 1), date(2030, 6, 1), date(2026, 12, 3))
    ins.check_plan_dates(date(2026, 11, 1), date(2027, 3, 1), date(2026, 12, 3))


def test_acceleration_terms_keep_the_minimum_cure_period():
    # The company asks 5 days of grace and 10 days to cure: a business gets 10 days, a
    # consumer the 30 days of a reasonable cure period (Cass. 1re civ. 22 Mar 2023).
    assert ins.acceleration_terms("b2b", 5, 10) == ins.AccelerationTerms(5, 10)
    assert ins.acceleration_terms("b2c", 5, 10) == ins.AccelerationTerms(5, 30)
    assert ins.acceleration_terms("b2b", -3, 0) == ins.AccelerationTerms(0, 8)


def test_acceleration_clause_states_grace_notice_and_cure_period():
    from debt_recovery_fr.legal.letters import acceleration_clause_fr

    clause = acceleration_clause_fr(ins.AccelerationTerms(5, 30))
    assert clause.startswith("Si une échéance reste impayée cinq (5) jours après sa date, ")
    assert "mise en demeure de la régler" in clause
    assert "un délai de trente (30) jours à compter de son envoi" in clause
    assert acceleration_clause_fr(ins.AccelerationTerms(0, 8)).startswith(
        "Si une échéance reste impayée après sa date, "
    )


def test_amicable_plan_past_24_months_warns_past_ten_years_refused():
    # Agreed on 1 March 2026, last instalment 1 April 2028: 25 months, more than a judge could
    # grant (art. 1343-5 C. civ.), allowed amicably with a warning (legal_fr.md §19.8).
    start, last = datetime.date(2026, 3, 1), datetime.date(2028, 4, 1)
    ins.check_amicable_plan_duration(start, last)
    assert len(ins.amicable_plan_notices(start, last)) == 1
    assert ins.amicable_plan_notices(start, datetime.date(2028, 3, 1)) == ()
    # 1 March 2036 is exactly ten years: accepted; a day later, an input error.
    ins.check_amicable_plan_duration(start, datetime.date(2036, 3, 1))
    with pytest.raises(InstalmentPlanError):
        ins.check_amicable_plan_duration(start, datetime.date(2036, 3, 2))
