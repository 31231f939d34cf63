"""Rate table: legal_fr.md §0 and checklist items 1 to 7 (§17)."""

import csv
import datetime
import pathlib
from decimal import Decimal

import pytest

from debt_recovery_fr.legal import rates as rates_mod
from debt_recovery_fr.legal.errors import InvalidRateTableError, MissingRateError
from debt_recovery_fr.legal.rates import RateRow, RateTable
from debt_recovery_fr.services import ecb

D = Decimal
date = datetime.date
# The recorded ECB response (provenance in tests/fixtures/README.md).
ECB_FIXTURE = (
    pathlib.Path(__file__).resolve().parents[1]
    / "fixtures/FM_B.U2.EUR.4F.KR.MRR_FR.LEV_rows-extracted-from-csvdata.DERIVED.csv"
)


@pytest.fixture(scope="module")
def table():
    return RateTable.default()


def test_mro_at_reference_dates(table):
    """Checklist 1; rates: ECB Data Portal series FM/B.U2.EUR.4F.KR.MRR_FR.LEV, §0.1."""
    assert table.mro_at(date(2025, 1, 1)) == D("3.15")
    assert table.mro_at(date(2025, 7, 1)) == D("2.15")
    assert table.mro_at(date(2022, 7, 1)) == D("0.00")
    assert table.mro_at(date(2023, 1, 1)) == D("2.50")


def test_mro_at_uses_date_of_effect(table):
    """§0.1: the 21 Jul 2022 decision took effect on 27 Jul 2022."""
    assert table.mro_at(date(2022, 7, 26)) == D("0.00")
    assert table.mro_at(date(2022, 7, 27)) == D("0.50")
    assert table.mro_at(date(2023, 9, 20)) == D("4.50")
    assert table.mro_at(date(2015, 3, 1)) == D("0.05")


@pytest.mark.parametrize(
    "day",
    [date(2016, 2, 1), date(2019, 8, 31), date(2022, 5, 1), date(2024, 9, 30), date(2025, 12, 31)],
)
def test_penalty_rate_is_mro_of_reference_date_plus_10(table, day):
    """Checklist 2 (L441-10 II C. com.)."""
    reference = date(day.year, 1, 1) if day.month <= 6 else date(day.year, 7, 1)
    assert table.penalty_rate_b2b(day) == table.mro_at(reference) + 10


@pytest.mark.parametrize(
    ("day", "rate"),
    [
        (date(2025, 2, 1), "13.15"),
        (date(2025, 6, 30), "13.15"),
        (date(2025, 7, 1), "12.15"),
        (date(2026, 3, 15), "12.15"),
        (date(2024, 1, 1), "14.50"),
        (date(2024, 12, 31), "14.25"),
        (date(2023, 4, 1), "12.50"),
        (date(2023, 11, 1), "14.00"),
        (date(2022, 1, 1), "10.00"),
        (date(2022, 12, 31), "10.00"),
        (date(2016, 3, 31), "10.05"),
        (date(2016, 7, 1), "10.00"),
    ],
)
def test_penalty_rates_per_half_year(table, day, rate):
    """Checklist 3 / §0.2. 2024-H2 14.25 % also on bpifrance-creation.fr (taux-penalites-retard)."""
    assert table.penalty_rate_b2b(day) == D(rate)


def test_penalty_rate_ignores_change_after_reference_date(table):
    """§2.2: the 12 Jun 2024 cut counts from 1 Jul only; the 18 Sep 2024 cut waits for 2025."""
    assert table.penalty_rate_b2b(date(2024, 6, 20)) == D("14.50")
    assert table.penalty_rate_b2b(date(2024, 10, 1)) == D("14.25")


def test_unconfirmed_mro_raises(table):
    """Checklist 4 / §18.1: 2.65 % from September 2026 is single-source, 2027-H1 unknown."""
    # 2026-H2: 2.40 % from 17 June 2026, as the ECB's own series (recorded response) has it.
    assert table.penalty_rate_b2b(date(2026, 8, 1)) == D("12.40")
    with pytest.raises(MissingRateError) as err:
        table.mro_at(date(2026, 9, 16))
    assert "not confirmed" in str(err.value)
    assert table.mro_at(date(2026, 9, 16), allow_provisional=True) == D("2.65")
    for provisional in (False, True):
        with pytest.raises(MissingRateError, match="2027-01-01"):
            table.penalty_rate_b2b(date(2027, 2, 1), allow_provisional=provisional)


def test_admin_confirms_a_new_half_year_without_code_change(table):
    """Issue: a new half-year is a row (the Odoo model debt.recovery.rate builds it)."""
    confirmed = table.with_rows(
        [{"kind": "mro", "date_from": "2027-01-01", "rate": "2.65", "confirmed": "1"}]
    )
    assert confirmed.penalty_rate_b2b(date(2027, 2, 1)) == D("12.65")
    # the original table is unchanged
    with pytest.raises(MissingRateError):
        table.penalty_rate_b2b(date(2027, 2, 1))


def test_legal_rates(table):
    """Checklist 5 / §0.3 (arrêtés of 17 Dec 2024, 19 Jun 2025, 15 Dec 2025)."""
    assert table.legal_rate(date(2025, 3, 1)) == D("3.71")
    assert table.legal_rate(date(2025, 9, 1)) == D("2.76")
    assert table.legal_rate(date(2026, 1, 1)) == D("2.62")
    assert table.legal_rate(date(2025, 3, 1), creditor_is_private_individual=True) == D("7.21")
    assert table.legal_rate(date(2025, 9, 1), creditor_is_private_individual=True) == D("6.65")
    assert table.legal_rate(date(2026, 6, 30), creditor_is_private_individual=True) == D("6.67")


@pytest.mark.parametrize(
    ("day", "private", "other"),
    [
        # arrêtés of 23 Dec 2014, 29 Dec 2016, 28 Dec 2017, 21 Dec 2018, 26 Jun 2019
        (date(2015, 1, 1), "4.06", "0.93"),
        (date(2017, 1, 1), "4.16", "0.90"),
        (date(2018, 1, 1), "3.73", "0.89"),
        (date(2019, 1, 1), "3.40", "0.86"),
        (date(2019, 7, 1), "3.26", "0.87"),
        (date(2021, 7, 1), "3.12", "0.76"),
        (date(2023, 7, 1), "6.82", "4.22"),
    ],
)
def test_legal_rate_history_from_2015(table, day, private, other):
    """Issue: full history from 2015 (arrêtés published in the JO; §0.3 from 2022)."""
    assert table.legal_rate(day, creditor_is_private_individual=True) == D(private)
    assert table.legal_rate(day) == D(other)


def test_every_half_year_from_2015_is_shipped(table):
    """Issue: the shipped data covers every half-year from 2015-H1 to 2026-H1."""
    for year in range(2015, 2027):
        for month in (1, 7):
            day = date(year, month, 1)
            if day > date(2026, 1, 1):
                continue
            assert table.legal_rate(day) > 0
            assert table.legal_rate(day, True) > 0
            assert table.penalty_rate_b2b(day) >= 10


def test_missing_legal_rate_2026_h2(table):
    """§18.2: the legal rate of 2026-H2 is unknown: no silent value."""
    with pytest.raises(MissingRateError, match="2026-H2"):
        table.legal_rate(date(2026, 9, 1))
    with pytest.raises(MissingRateError, match="2014-H2"):
        table.legal_rate(date(2014, 9, 1))


def test_cgv_rate_floor(table):
    """Checklist 7 / §2.3: floor = 3 times the « autres cas » legal rate."""
    assert table.contract_rate_floor(date(2025, 9, 1)) == D("8.28")
    assert table.cgv_rate_valid(D("8.00"), date(2025, 9, 1)) is False
    assert table.cgv_rate_valid(D("8.28"), date(2025, 9, 1)) is True
    assert table.cgv_rate_valid(D("12.00"), date(2024, 3, 1)) is False  # floor 15.21
    assert table.cgv_rate_valid(D("12.00"), date(2024, 9, 1)) is False  # floor 14.76
    assert table.cgv_rate_valid(D("12.00"), date(2025, 3, 1)) is True  # floor 11.13


@pytest.mark.parametrize(
    ("day", "floor"),
    [
        (date(2022, 1, 1), "2.28"),
        (date(2022, 7, 1), "2.31"),
        (date(2023, 1, 1), "6.18"),
        (date(2023, 7, 1), "12.66"),
        (date(2024, 1, 1), "15.21"),
        (date(2024, 7, 1), "14.76"),
        (date(2025, 1, 1), "11.13"),
        (date(2025, 7, 1), "8.28"),
        (date(2026, 1, 1), "7.86"),
    ],
)
def test_floor_column_of_section_0_2(table, day, floor):
    """§0.2 last column (2024-H2 14.76 % also on bpifrance-creation.fr)."""
    assert table.contract_rate_floor(day) == D(floor)


def test_from_rows_and_merge():
    rows = [
        RateRow("mro", date(2025, 1, 1), D("3.15")),
        RateRow("mro", date(2025, 7, 1), D("2.15")),
        RateRow("legal_other", date(2025, 1, 1), D("3.71")),
    ]
    table = RateTable.from_rows(rows)
    assert table.penalty_rate_b2b(date(2025, 8, 1)) == D("12.15")
    other = RateTable.from_rows([RateRow("legal_other", date(2025, 7, 1), D("2.76"))])
    merged = table.merge(other)
    assert merged.legal_rate(date(2025, 8, 1)) == D("2.76")
    assert len(merged) == 4
    replaced = merged.with_rows([RateRow("legal_other", date(2025, 7, 1), D("2.77"))])
    assert replaced.legal_rate(date(2025, 8, 1)) == D("2.77")


@pytest.mark.parametrize(
    "row",
    [
        {"kind": "euribor", "date_from": "2025-01-01", "rate": "1"},
        {"kind": "mro", "date_from": "2025-13-01", "rate": "1"},
        {"kind": "mro", "date_from": "2025-01-01", "rate": "abc"},
        {"kind": "legal_other", "date_from": "2025-02-01", "rate": "1"},
        {"kind": "legal_other", "date_from": "2025-01-01", "rate": "-1"},
        {"kind": "mro", "date_from": "2025-01-01", "rate": "1", "confirmed": "maybe"},
    ],
)
def test_bad_rows_raise(row):
    with pytest.raises(InvalidRateTableError):
        RateTable.from_rows([row])


def test_duplicate_rows_raise():
    row = {"kind": "mro", "date_from": "2025-01-01", "rate": "1"}
    with pytest.raises(InvalidRateTableError, match="Two mro rates"):
        RateTable.from_rows([row, row])


def test_empty_table_raises_missing_rate():
    with pytest.raises(MissingRateError):
        RateTable.from_rows([]).penalty_rate_b2b(date(2025, 1, 1))


def test_rates_are_decimals(table):
    assert all(isinstance(row.rate, Decimal) for row in table.rows)


@pytest.mark.skipif(not ECB_FIXTURE.exists(), reason="ECB fixture of the workspace not available")
def test_shipped_mro_matches_ecb_series(table):
    """Every ECB change since 2014-09-10 is in the table with the same value (ECB Data Portal)."""
    with ECB_FIXTURE.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            day = date.fromisoformat(record["TIME_PERIOD"])
            if day < date(2014, 9, 10):
                continue
            assert table.mro_at(day, allow_provisional=True) == D(record["OBS_VALUE"])


def test_mro_rows_from_ecb_adds_new_changes_and_reference_dates():
    """L441-10 II C. com.: the table learns the ECB changes after its last row, and the rate in
    force on each 1 January / 1 July reached since; older gaps and existing rows stay."""
    table = RateTable.from_rows([{"kind": "mro", "date_from": date(2025, 6, 11), "rate": "2.15"}])
    changes = [
        (date(2024, 6, 12), D("4.25")),
        (date(2025, 6, 11), D("2.00")),
        (date(2026, 6, 17), D("2.40")),
        (date(2026, 9, 16), D("2.65")),
    ]
    rows = rates_mod.mro_rows_from_ecb(table, changes, date(2026, 7, 2))
    assert [(row.date_from, row.rate) for row in rows] == [
        (date(2025, 7, 1), D("2.00")),
        (date(2026, 1, 1), D("2.00")),
        (date(2026, 6, 17), D("2.40")),
        (date(2026, 7, 1), D("2.40")),
    ]
    assert all(row.confirmed for row in rows)
    assert rates_mod.mro_rows_from_ecb(table.with_rows(rows), changes, date(2026, 7, 2)) == []


def test_mro_rows_from_ecb_recorded_series():
    """The recorded ECB series (§0.1) adds nothing to the shipped table on 2026-07-02, and does
    not confirm the provisional 2026-09-16 rate it does not know."""
    text = ECB_FIXTURE.read_text(encoding="utf-8")
    changes = ecb.parse_csv(text)
    assert changes[-1] == (date(2026, 6, 17), D("2.4"))
    table = RateTable.default()
    assert rates_mod.mro_rows_from_ecb(table, changes, date(2026, 7, 2)) == []
    assert rates_mod.mro_dates_confirmed_by_ecb(table, changes) == []
    later = [*changes, (date(2026, 9, 16), D("2.65"))]
    assert rates_mod.mro_dates_confirmed_by_ecb(table, later) == [date(2026, 9, 16)]
    # The provisional row is confirmed, not added again; 1 January 2027 follows.
    assert [
        (row.date_from, row.rate)
        for row in rates_mod.mro_rows_from_ecb(table, later, date(2027, 1, 5))
    ] == [(date(2027, 1, 1), D("2.65"))]
