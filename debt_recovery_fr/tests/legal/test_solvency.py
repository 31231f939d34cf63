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


def test_consumer_scored_on_his_payments_only():
    # 20 days late on average: 40 × 70/90 = 31.1 → 31; half paid late: 30 × 1/2 = 15; 500 €
    # overdue for 1 500 € of sales (1/3 of sales, 2/3 of the 1/2 limit): 30 × 1/3 = 10.
    # 56 / 100, with no line for status, proceedings or age.
    result = solvency_score(
        average_days_late=20, late_share=0.5, overdue=500, yearly_sales=1500, consumer=True
    )
    assert [(line.code, line.points, line.weight) for line in result.lines] == [
        ("delay", 31, 40),
        ("late_share", 15, 30),
        ("overdue_ratio", 10, 30),
    ]
    assert result.score == 56
    # The company criteria passed for a consumer are not read.
    assert (
        solvency_score(
            average_days_late=20,
            late_share=0.5,
            overdue=500,
            yearly_sales=1500,
            status="ceased",
            consumer=True,
        ).score
        == 56
    )


def test_nothing_known_is_no_score():
    # A consumer who never paid an invoice, a company whose registers were never read and
    # with no payment history: « données insuffisantes », not 50 points of defaults.
    for result in (
        solvency_score(overdue=500, yearly_sales=1500, consumer=True),
        solvency_score(overdue=500, yearly_sales=1500, registers_read=False),
    ):
        assert result.insufficient
        assert result.score is None
        assert result.lines == ()
        assert not result.unlikely_to_pay


def test_company_without_registers_scored_on_its_payments():
    result = solvency_score(average_days_late=0, late_share=0, registers_read=False)
    assert result.score == 100
    assert {line.code for line in result.lines} == {"delay", "late_share", "overdue_ratio"}
