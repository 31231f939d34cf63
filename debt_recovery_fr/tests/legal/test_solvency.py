"""Solvency score: the breakdown adds up to the score, worked examples."""

from decimal import Decimal

import pytest

from debt_recovery_fr.legal.solvency import UNLIKELY_TO_PAY, WEIGHTS, solvency_score


def test_weights_sum_to_100():
    assert sum(WEIGHTS.values()) == 100


def test_good_payer():
    """Paid on time, nothing overdue, active for 12 years: 100."""
    result = solvency_score(0, 0, Decimal(0), Decimal(50000), "active", None, 12)
    assert result.score == 100
    assert not result.unlikely_to_pay


def test_worked_example():
    """30 days late on average (20 × 60/90 = 13.33 → 13), 40 % paid late (15 × 0.6 = 9),
    5 000 € overdue for 40 000 € of sales (ratio 0.125 of 0.5: 15 × 0.75 = 11.25 → 11),
    active (20), no proceedings (20), 3 years old (10 × 0.3 = 3): 76."""
    result = solvency_score(30, Decimal("0.4"), 5000, 40000, "active", None, 3)
    points = {line.code: line.points for line in result.lines}
    assert points == {
        "delay": 13,
        "late_share": 9,
        "overdue_ratio": 11,
        "status": 20,
        "collective": 20,
        "age": 3,
    }
    assert result.score == 76


def test_unknown_debtor_gets_half_points():
    result = solvency_score()
    assert [line.points for line in result.lines] == [10, 8, 15, 10, 20, 5]
    assert result.score == 68


def test_ceased_company_is_capped():
    """A ceased company with a good history still scores 10: a last line takes the rest."""
    result = solvency_score(0, 0, 0, 10000, "ceased", None, 20)
    assert result.score == 10
    assert result.lines[-1].code == "cap"
    assert result.lines[-1].points == -70
    assert result.unlikely_to_pay


def test_liquidation_is_capped():
    result = solvency_score(60, Decimal("0.9"), 9000, 10000, "active", "liquidation", 1)
    assert result.score <= 10
    assert result.score < UNLIKELY_TO_PAY


def test_overdue_without_sales_gives_no_point():
    result = solvency_score(overdue=100, yearly_sales=0)
    assert next(line for line in result.lines if line.code == "overdue_ratio").points == 0


@pytest.mark.parametrize(
    "args",
    [
        (0, 0, 0, 0, "active", None, 0),
        (200, 1, 10**6, 1, "ceased", "liquidation", 50),
        (45, Decimal("0.33"), 1234.56, 9876.5, None, "redressement", Decimal("4.7")),
        (None, None, 10, 100, "active", "sauvegarde", None),
        (7, Decimal("0.05"), 0, 0, "ceased", None, 2),
    ],
)
def test_breakdown_sums_to_score(args):
    result = solvency_score(*args)
    assert sum(line.points for line in result.lines) == result.score
    assert 0 <= result.score <= 100
