"""Art. 642 CPC: a deadline ending on a day off runs to the next working day."""

import datetime

import pytest

from debt_recovery_fr.legal.errors import InvalidDateError
from debt_recovery_fr.legal.working_days import (
    extend_to_working_day,
    is_working_day,
    public_holidays,
)

date = datetime.date


def test_public_holidays_of_2026():
    """Easter Sunday 2026 is 5 April: Easter Monday 6 April, Ascension 14 May, Whit Monday
    25 May (art. L3133-1 C. trav.)."""
    assert sorted(public_holidays(2026)) == [
        date(2026, 1, 1),
        date(2026, 4, 6),
        date(2026, 5, 1),
        date(2026, 5, 8),
        date(2026, 5, 14),
        date(2026, 5, 25),
        date(2026, 7, 14),
        date(2026, 8, 15),
        date(2026, 11, 1),
        date(2026, 11, 11),
        date(2026, 12, 25),
    ]


def test_alsace_moselle_adds_good_friday_and_saint_stephen():
    """Art. L3134-13 C. trav.: Good Friday (3 April 2026) and 26 December."""
    extra = public_holidays(2026, alsace_moselle=True) - public_holidays(2026)
    assert extra == {date(2026, 4, 3), date(2026, 12, 26)}


def test_working_days():
    assert is_working_day(date(2026, 11, 23))  # a Monday
    assert not is_working_day(date(2026, 11, 21))  # a Saturday
    assert not is_working_day(date(2026, 11, 11))  # Armistice, a Wednesday
    assert is_working_day(date(2026, 4, 3))
    assert not is_working_day(date(2026, 4, 3), alsace_moselle=True)


def test_deadline_extended_to_the_next_working_day():
    # A working day stays.
    assert extend_to_working_day(date(2026, 5, 27)) == date(2026, 5, 27)
    # Saturday 28 February 2026 runs to Monday 2 March.
    assert extend_to_working_day(date(2026, 2, 28)) == date(2026, 3, 2)
    # Sunday 24 May 2026, then Whit Monday: Tuesday 26 May.
    assert extend_to_working_day(date(2026, 5, 24)) == date(2026, 5, 26)
    # Friday 25 December 2026 (and the 26th in Alsace-Moselle), then the weekend.
    assert extend_to_working_day(date(2026, 12, 25)) == date(2026, 12, 28)
    assert extend_to_working_day(date(2026, 12, 24), alsace_moselle=True) == date(2026, 12, 24)
    with pytest.raises(InvalidDateError):
        extend_to_working_day("2026-12-25")
