"""The corrections of legal_fr.md §19 (issue 17), each with a worked example computed by hand.

Rates used (legal_fr.md §0): ECB MRO 3.15 % on 1 Jan 2025, 2.15 % on 1 Jul 2025; legal rate
« autres cas » 3.71 % (2025-H1), 2.76 % (2025-H2); floor of a contract rate 3 × 2.76 = 8.28 %.
Interest = base × rate / 100 × days / 365, rounded half-up to the cent at the end only.
"""

import datetime
from decimal import Decimal

from debt_recovery_fr.legal.penalties import compute_late_penalties
from debt_recovery_fr.legal.rates import RateTable

D = Decimal
date = datetime.date


# -- 1. contract rate below the floor (L441-10 C. com., §19.3) --------------------------------


def test_contract_rate_below_floor_claims_the_floor():
    """§19.3: 10 000 € late 92 days in 2025-H2 with an 8 % clause.

    Floor 3 × 2.76 = 8.28 %: 10 000 × 8.28 % × 92 / 365 = 76 176 / 365 = 208.7013… → 208.70 €
    (the old engine claimed 12.15 %: 10 000 × 12.15 % × 92 / 365 = 306.25 €).
    """
    result = compute_late_penalties(
        D("10000.00"), date(2025, 6, 30), date(2025, 9, 30), "b2b", contract_rate=D("8")
    )
    assert result.days == 92
    assert [p.rate for p in result.periods] == [D("8.28")]
    assert result.total == D("208.70")
    (notice,) = result.notices
    assert notice.params == {"rate": D("8"), "floor": D("8.28"), "half_year": "2025-H2"}
    assert "the floor is claimed" in str(notice)
    assert "statutory" not in str(notice)


def test_rate_table_gives_the_floor_for_a_low_contract_rate():
    """§19.3 on the rate table: 8 % in 2025-H2 → 8.28 %; 15 % stays; no clause → MRO + 10."""
    table = RateTable.default()
    assert table.penalty_rate_b2b(date(2025, 9, 1), D("8")) == D("8.28")
    assert table.penalty_rate_b2b(date(2025, 9, 1), D("15")) == D("15")
    assert table.penalty_rate_b2b(date(2025, 9, 1)) == D("12.15")


# -- 8. L313-3 C. mon. fin. for B2B judgments; art. 1343-5 C. civ. grace period ----------------


def test_b2b_judgment_awarding_legal_interest_gets_the_5_points():
    """§19.8: 12 000 € due 31 Mar 2025, judgment awarding the legal interest enforceable on
    1 Jun 2025, computed to 30 Sep 2025.

    1 Apr – 31 May   61 d  L441-10 13.15 %  12 000 × 13.15 % × 61/365 = 263.7205
    1 Jun – 30 Jun   30 d  legal 3.71 %     12 000 × 3.71 % × 30/365  =  36.5918
    1 Jul –  1 Aug   32 d  legal 2.76 %     12 000 × 2.76 % × 32/365  =  29.0367
    2 Aug – 30 Sep   60 d  2.76 + 5 = 7.76  12 000 × 7.76 % × 60/365  = 153.0740
    total 482.4230… → 482.42 € (penalties and legal interest never on the same day).
    """
    result = compute_late_penalties(
        D("12000.00"), date(2025, 3, 31), date(2025, 9, 30), "b2b", enforceable_date=date(2025, 6, 1)
    )
    assert [(p.start, p.end, p.days, p.rate) for p in result.periods] == [
        (date(2025, 4, 1), date(2025, 5, 31), 61, D("13.15")),
        (date(2025, 6, 1), date(2025, 6, 30), 30, D("3.71")),
        (date(2025, 7, 1), date(2025, 8, 1), 32, D("2.76")),
        (date(2025, 8, 2), date(2025, 9, 30), 60, D("7.76")),
    ]
    assert result.total == D("482.42")


def test_b2c_grace_period_removes_the_surcharge_not_the_interest():
    """§19.8: consumer, formal notice 31 Jan 2025, judgment enforceable 15 Mar 2025 (+5 from
    16 May), grace period 1 Jul – 31 Aug 2025, computed to 30 Sep 2025.

    1 Feb – 15 May  104 d  3.71 %  12 000 × 3.71 % × 104/365 = 126.8515
    16 May – 30 Jun  46 d  8.71 %  12 000 × 8.71 % × 46/365  = 131.7238
    1 Jul – 31 Aug   62 d  2.76 %  (grace: no + 5)           =  56.2586
    1 Sep – 30 Sep   30 d  7.76 %  12 000 × 7.76 % × 30/365  =  76.5370
    total 391.3709… → 391.37 €.
    """
    result = compute_late_penalties(
        D("12000.00"),
        date(2025, 1, 31),
        date(2025, 9, 30),
        "b2c",
        enforceable_date=date(2025, 3, 15),
        grace_periods=[(date(2025, 7, 1), date(2025, 8, 31))],
    )
    assert [(p.start, p.end, p.days, p.rate) for p in result.periods] == [
        (date(2025, 2, 1), date(2025, 5, 15), 104, D("3.71")),
        (date(2025, 5, 16), date(2025, 6, 30), 46, D("8.71")),
        (date(2025, 7, 1), date(2025, 8, 31), 62, D("2.76")),
        (date(2025, 9, 1), date(2025, 9, 30), 30, D("7.76")),
    ]
    assert result.total == D("391.37")
