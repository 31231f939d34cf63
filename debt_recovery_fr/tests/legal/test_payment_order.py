"""Injonction de payer: legal_fr.md §8.5 and checklist 29-30, 32."""

import datetime

import pytest

from debt_recovery_fr.legal import payment_order as po
from debt_recovery_fr.legal.errors import InvalidDateError

date = datetime.date


def test_service_deadline_before_and_after_reform():
    """Checklist 29: art. 1411 CPC (6 months); décret 2026-96 (3 months from 1 Sep 2026)."""
    assert po.service_deadline(date(2026, 8, 31)) == date(2027, 2, 28)
    assert po.service_deadline(date(2026, 9, 1)) == date(2026, 12, 1)
    assert po.service_deadline(date(2025, 1, 15)) == date(2025, 7, 15)


def test_ordonnance_void_when_not_served_in_time():
    assert po.is_ordonnance_void(date(2026, 9, 1), on=date(2026, 12, 2))
    assert not po.is_ordonnance_void(date(2026, 9, 1), on=date(2026, 12, 1))
    assert po.is_ordonnance_void(date(2025, 1, 15), service_date=date(2025, 7, 16))
    assert not po.is_ordonnance_void(date(2025, 1, 15), service_date=date(2025, 7, 15))
    with pytest.raises(InvalidDateError):
        po.is_ordonnance_void(date(2025, 1, 15))
    with pytest.raises(InvalidDateError):
        po.is_ordonnance_void(date(2025, 1, 15), service_date=date(2025, 1, 1))


def test_opposition_one_month_from_service():
    """Checklist 29; art. 1416 CPC (service-public.fr F1746: 1 month to oppose)."""
    assert po.opposition_deadline(date(2025, 1, 31)) == date(2025, 2, 28)
    # Art. 642 CPC: Saturday 1 August 2026 runs to Monday 3 August; Moselle's Good Friday
    # (3 April 2026) to Tuesday 7 April, Easter Monday being a holiday everywhere.
    assert po.opposition_deadline(date(2026, 7, 1)) == date(2026, 8, 3)
    assert po.opposition_deadline(date(2026, 3, 3)) == date(2026, 4, 3)
    assert po.opposition_deadline(date(2026, 3, 3), alsace_moselle=True) == date(2026, 4, 7)
    assert po.opposition_deadline(date(2025, 3, 10), served_in_person=False) is None
    assert po.opposition_deadline(
        date(2025, 3, 10), served_in_person=False, first_personal_act_date=date(2025, 5, 2)
    ) == date(2025, 6, 2)


def test_enforcement_from_two_months_after_service_after_reform():
    """Checklist 30: décret 2026-96."""
    assert po.enforcement_allowed_from(date(2026, 9, 10), date(2026, 10, 5)) == date(2026, 12, 5)
    # Before the reform, the day after the opposition window: Sunday 5 July 2026 runs to Monday
    # 6 July (art. 642 CPC), so enforcement from Tuesday 7 July.
    assert po.enforcement_allowed_from(date(2026, 5, 10), date(2026, 6, 5)) == date(2026, 7, 7)
    assert po.enforcement_allowed_from(date(2026, 5, 10), date(2026, 6, 3)) == date(2026, 7, 4)


def test_no_lawyer_for_the_request():
    """Checklist 32; art. 1407 CPC."""
    assert po.PAYMENT_ORDER_LAWYER_REQUIRED is False
