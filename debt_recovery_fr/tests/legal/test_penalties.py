"""Late-payment penalties and interest: legal_fr.md §2, §4.1, §16 and checklist 8-12, 14, 18,
19, 37, 41."""

import datetime
from decimal import Decimal

import pytest

from debt_recovery_fr.legal import indemnity, penalties
from debt_recovery_fr.legal.errors import (
    InvalidAmountError,
    InvalidDateError,
    LegalError,
    MissingRateError,
    UnknownDebtorTypeError,
)
from debt_recovery_fr.legal.penalties import compute_late_penalties
from debt_recovery_fr.legal.rates import RateRow, RateTable

D = Decimal
date = datetime.date
AMOUNT = D("12000.00")
DUE = date(2025, 3, 31)
PAID = date(2025, 9, 30)


def test_worked_example_a_b2b_default_rate():
    """legal_fr.md §16.1: 12 000 € TTC due 31 Mar 2025 paid 30 Sep 2025 → 760.92 €.

    Rates: ECB MRO 3.15 % on 1 Jan 2025 and 2.15 % on 1 Jul 2025 (ECB Data Portal, Banque de
    France key ECB rates); formula amount × rate × days / 365 (L441-10 C. com.;
    bpifrance-creation.fr « taux des pénalités de retard »).
    """
    result = compute_late_penalties(AMOUNT, DUE, PAID, "b2b")
    assert result.total == D("760.92")
    assert result.days == 183
    first, second = result.periods
    assert (first.start, first.end, first.days, first.rate, first.amount) == (
        date(2025, 4, 1),
        date(2025, 6, 30),
        91,
        D("13.15"),
        D("393.42"),
    )
    assert (second.start, second.end, second.days, second.rate, second.amount) == (
        date(2025, 7, 1),
        date(2025, 9, 30),
        92,
        D("12.15"),
        D("367.50"),
    )
    # exact sum 760.9150… rounded half-up at the end only
    assert str(first.exact_amount + second.exact_amount).startswith("760.915")
    # checklist 11: plus the 40 € indemnity (D441-5 C. com.) → 800.92 € on top of principal
    assert result.total + indemnity.recovery_indemnity("b2b", paid_late=True) == D("800.92")


def test_worked_example_a_frozen_variant():
    """§16.1 variant: one rate frozen at the start (13.15 % × 183 days) → 791.16 € (§2.2)."""
    result = compute_late_penalties(AMOUNT, DUE, PAID, "b2b", rate_mode="frozen_at_start")
    assert result.total == D("791.16")


def test_worked_example_b_b2c_legal_interest():
    """legal_fr.md §16.2: formal notice effective 15 May 2025, SME creditor → 139.59 €.

    Rates « tous les autres cas » 3.71 % (2025-H1, arrêté 17 Dec 2024) and 2.76 % (2025-H2,
    arrêté 19 Jun 2025); art. 1231-6 and 1344-1 C. civ.
    """
    result = compute_late_penalties(AMOUNT, date(2025, 5, 15), PAID, "b2c")
    assert result.total == D("139.59")
    assert [(p.days, p.rate, p.amount) for p in result.periods] == [
        (46, D("3.71"), D("56.11")),
        (92, D("2.76"), D("83.48")),
    ]


def test_worked_example_b_sensitivities():
    """§16.2: counting 15 May inclusive adds 1.22 €; a private creditor gets 310.18 €."""
    base = compute_late_penalties(AMOUNT, date(2025, 5, 15), PAID, "b2c").total
    inclusive = compute_late_penalties(AMOUNT, date(2025, 5, 14), PAID, "b2c").total
    assert inclusive - base == D("1.22")
    private = compute_late_penalties(
        AMOUNT, date(2025, 5, 15), PAID, "b2c", creditor_is_private_individual=True
    )
    assert private.total == D("310.18")


def test_penalty_days_and_same_day_payment():
    """Checklist 9: days = (paid - due).days; paid on the due date → 0."""
    assert penalties.penalty_days(DUE, PAID) == 183
    result = compute_late_penalties(AMOUNT, DUE, DUE, "b2b")
    assert result.total == D("0.00")
    assert result.periods == ()


def test_penalties_from_the_day_after_due_date_without_reminder():
    """Checklist 10 (L441-10 II: « exigibles sans qu'un rappel soit nécessaire »)."""
    result = compute_late_penalties(D("1000.00"), DUE, DUE + datetime.timedelta(days=1), "b2b")
    assert result.periods[0].start == date(2025, 4, 1)
    # 1000 × 13.15 % / 365 = 0.3603 → 0.36
    assert result.total == D("0.36")


def test_one_year_b2b_2024():
    """Whole 2024, 10 000 €: H1 14.50 % × 182 days, H2 14.25 % × 184 days, actual/365.

    Rates: Banque de France / ECB (MRO 4.50 % on 1 Jan 2024, 4.25 % on 1 Jul 2024); bpifrance
    gives 14.25 % for 2024-H2.
    """
    result = compute_late_penalties(D("10000.00"), date(2023, 12, 31), date(2024, 12, 31), "b2b")
    # 10000 × 14.50 % × 182 / 365 = 723.0137 ; 10000 × 14.25 % × 184 / 365 = 718.3562
    assert [p.days for p in result.periods] == [182, 184]
    assert result.total == D("1441.37")


def test_leap_year_day_count_option():
    """§2.4: actual/365 by default even in 2024; actual/actual divides 2024 days by 366."""
    default = compute_late_penalties(D("10000.00"), date(2023, 12, 31), date(2024, 12, 31), "b2b")
    actual = compute_late_penalties(
        D("10000.00"), date(2023, 12, 31), date(2024, 12, 31), "b2b", day_count="actual/actual"
    )
    assert {p.divisor for p in default.periods} == {365}
    assert {p.divisor for p in actual.periods} == {366}
    assert actual.total < default.total
    # 10000 × (14.50 × 182 + 14.25 × 184) / 100 / 366 = 1437.43
    assert actual.total == D("1437.43")


def test_valid_contract_rate_applies():
    """§2.3: a stipulated rate at or above the floor applies as such."""
    result = compute_late_penalties(AMOUNT, DUE, PAID, "b2b", contract_rate=D("15"))
    assert {p.rate for p in result.periods} == {D("15")}
    assert result.notices == ()


def test_contract_rate_below_floor_claims_the_floor_with_notice():
    """Checklist 8 as corrected by legal_fr.md §19.3: an invalid CGV rate claims the floor of
    that half-year (never the statutory MRO + 10) + a warning."""
    # 2025-H1 floor 11.13, 2025-H2 floor 8.28: 10 % is lawful in H2 only.
    result = compute_late_penalties(AMOUNT, DUE, PAID, "b2b", contract_rate=D("10"))
    assert [p.rate for p in result.periods] == [D("11.13"), D("10")]
    # 12000 × 11.13 % × 91/365 = 332.9852… + 12000 × 10 % × 92/365 = 302.4657… = 635.4509…
    assert result.total == D("635.45")
    assert len(result.notices) == 1
    notice = result.notices[0]
    assert notice.params["half_year"] == "2025-H1"
    assert notice.params["floor"] == D("11.13")
    assert "below the floor" in str(notice)


def test_partial_payment_reduces_base_from_next_day():
    """Checklist 12: a partial payment on day P reduces the base from P+1."""
    result = compute_late_penalties(
        AMOUNT, DUE, PAID, "b2b", payments=[(date(2025, 5, 15), D("2000.00"))]
    )
    bases = [(p.start, p.end, p.base) for p in result.periods]
    assert bases == [
        (date(2025, 4, 1), date(2025, 5, 15), AMOUNT),
        (date(2025, 5, 16), date(2025, 6, 30), D("10000.00")),
        (date(2025, 7, 1), date(2025, 9, 30), D("10000.00")),
    ]
    # 12000×13.15%×45/365 + 10000×13.15%×46/365 + 10000×12.15%×92/365 = 194.55+165.73+306.25
    assert result.total == D("666.52")


def test_partial_payment_interest_first():
    """Art. 1343-1 C. civ.: a payment first settles the interest accrued at its date."""
    principal_first = compute_late_penalties(
        AMOUNT, DUE, PAID, "b2b", payments=[(date(2025, 5, 15), D("2000.00"))]
    )
    interest_first = compute_late_penalties(
        AMOUNT,
        DUE,
        PAID,
        "b2b",
        payments=[(date(2025, 5, 15), D("2000.00"))],
        imputation="interest_first",
    )
    # 194.55 € of interest accrued on 15 May goes first: base 10 194.55 from 16 May.
    assert interest_first.periods[1].base == D("10194.55")
    assert interest_first.total > principal_first.total


def test_full_payment_stops_accrual():
    result = compute_late_penalties(
        AMOUNT, DUE, PAID, "b2b", payments=[(date(2025, 4, 30), AMOUNT)]
    )
    assert result.periods[-1].end == date(2025, 4, 30)


def test_b2c_interest_zero_before_formal_notice():
    """Checklist 18: interest starts the day after the formal notice's effective date."""
    result = compute_late_penalties(AMOUNT, date(2025, 5, 15), PAID, "b2c")
    assert result.periods[0].start == date(2025, 5, 16)


def test_b2c_uses_legal_rate_not_penalty_rate():
    """Checklist 14: no L441-10 penalty on a consumer claim; §0.3 category follows creditor."""
    result = compute_late_penalties(AMOUNT, date(2025, 5, 15), PAID, "b2c")
    assert all(p.rate in (D("3.71"), D("2.76")) for p in result.periods)


def test_b2b_never_adds_legal_interest():
    """Checklist 14: no art. 1231-6 legal interest on top of L441-10 penalties."""
    result = compute_late_penalties(AMOUNT, DUE, PAID, "b2b")
    assert [p.rate for p in result.periods] == [D("13.15"), D("12.15")]


def test_b2c_plus_5_points_two_months_after_enforceable_judgment():
    """Checklist 19 (L313-3 C. mon. fin.): +5 points for days after enforceable + 2 months."""
    result = compute_late_penalties(
        AMOUNT, date(2025, 1, 31), PAID, "b2c", enforceable_date=date(2025, 3, 15)
    )
    spans = [(p.start, p.end, p.rate) for p in result.periods]
    assert spans == [
        (date(2025, 2, 1), date(2025, 5, 15), D("3.71")),
        (date(2025, 5, 16), date(2025, 6, 30), D("8.71")),
        (date(2025, 7, 1), date(2025, 9, 30), D("7.76")),
    ]


def test_opening_judgment_stops_interest():
    """Checklist 37 (L622-28 C. com.): accrual stops at the opening judgment."""
    result = compute_late_penalties(
        AMOUNT, DUE, PAID, "b2b", opening_judgment_date=date(2025, 6, 1)
    )
    assert result.periods[-1].end == date(2025, 5, 31)
    assert result.days == 61
    assert any("L622-28" in str(n) for n in result.notices)


def test_opening_judgment_before_due_date_no_penalty():
    """L441-10 II in fine: nothing due when the proceedings prevented payment at the due date."""
    result = compute_late_penalties(
        AMOUNT, DUE, PAID, "b2b", opening_judgment_date=date(2025, 3, 1)
    )
    assert result.total == D("0.00")
    assert result.notices  # never a silent 0


def test_judicial_grace_period_stops_penalties_not_interest():
    """Checklist 41 as corrected by legal_fr.md §19.8 (art. 1343-5 C. civ.): no penalty during
    the grace period, but the sum still bears the legal interest."""
    result = compute_late_penalties(
        AMOUNT, DUE, PAID, "b2b", grace_periods=[(date(2025, 5, 1), date(2025, 8, 31))]
    )
    assert [(p.start, p.end, p.rate) for p in result.periods] == [
        (date(2025, 4, 1), date(2025, 4, 30), D("13.15")),
        (date(2025, 5, 1), date(2025, 6, 30), D("3.71")),
        (date(2025, 7, 1), date(2025, 8, 31), D("2.76")),
        (date(2025, 9, 1), date(2025, 9, 30), D("12.15")),
    ]
    # 129.6986 + 74.4032 + 56.2586 + 119.8356 (12000 × rate × days / 365) = 380.1961…
    assert result.total == D("380.20")


def test_provisional_rates():
    """§18.1: an unconfirmed half-year is used only with allow_provisional=True."""
    table = RateTable.default().with_rows(
        [{"kind": "mro", "date_from": "2026-07-01", "rate": "2.40", "confirmed": False}]
    )
    with pytest.raises(MissingRateError):
        compute_late_penalties(AMOUNT, date(2026, 6, 30), date(2026, 7, 31), "b2b", rates=table)
    result = compute_late_penalties(
        AMOUNT, date(2026, 6, 30), date(2026, 7, 31), "b2b", rates=table, allow_provisional=True
    )
    assert result.periods[0].rate == D("12.40")


def test_b2c_missing_legal_rate_raises():
    """§18.2: legal rate 2026-H2 unknown → MissingRateError, even provisionally."""
    with pytest.raises(MissingRateError, match="2026-H2"):
        compute_late_penalties(
            AMOUNT, date(2026, 6, 1), date(2026, 7, 31), "b2c", allow_provisional=True
        )


def test_custom_rate_table():
    table = RateTable.from_rows(
        [RateRow("mro", date(2030, 1, 1), D("1.00")), RateRow("mro", date(2030, 7, 1), D("1"))]
    )
    result = compute_late_penalties(
        D("365.00"), date(2030, 1, 1), date(2030, 1, 11), "b2b", rates=table
    )
    # 365 × 11 % × 10 / 365 = 1.10
    assert result.total == D("1.10")


def test_table_without_needed_half_year_raises():
    table = RateTable.from_rows([RateRow("mro", date(2025, 1, 1), D("3.15"))])
    with pytest.raises(MissingRateError, match="2025-07-01"):
        compute_late_penalties(AMOUNT, DUE, PAID, "b2b", rates=table)


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"amount": D("-1.00")}, InvalidAmountError, "positive"),
        ({"amount": D("0")}, InvalidAmountError, "positive"),
        ({"amount": D("10.001")}, InvalidAmountError, "cents"),
        ({"amount": "abc"}, InvalidAmountError, "number"),
        ({"amount": None}, InvalidAmountError, "number"),
        ({"due_date": date(2025, 10, 1)}, InvalidDateError, "after the payment date"),
        ({"due_date": "2025-03-31"}, InvalidDateError, "due_date must be a date"),
        ({"debtor_type": "b2g"}, UnknownDebtorTypeError, "b2g"),
        ({"debtor_type": None}, UnknownDebtorTypeError, "None"),
        ({"contract_rate": D("-1")}, InvalidAmountError, "contract rate"),
        ({"debtor_type": "b2c", "contract_rate": D("20")}, LegalError, "professionals only"),
        ({"enforceable_date": "2025-05-01"}, InvalidDateError, "enforceable_date"),
        ({"rate_mode": "monthly"}, LegalError, "rate mode"),
        ({"day_count": "30/360"}, LegalError, "day count"),
        ({"payments": [(date(2025, 3, 1), D("10.00"))]}, InvalidDateError, "not after"),
        ({"payments": [(date(2025, 5, 1), D("13000.00"))]}, InvalidAmountError, "exceeds"),
        ({"payments": [(date(2025, 5, 1), D("-5.00"))]}, InvalidAmountError, "positive"),
    ],
)
def test_bad_input_raises_clear_error(kwargs, error, text):
    args = {"amount": AMOUNT, "due_date": DUE, "until": PAID, "debtor_type": "b2b"}
    args.update(kwargs)
    with pytest.raises(error) as err:
        compute_late_penalties(**args)
    assert text in str(err.value)
    assert isinstance(err.value, ValueError)
