"""Prescription: legal_fr.md §5 and checklist 23-27, 38."""

import datetime

import pytest

from debt_recovery_fr.legal import prescription as p
from debt_recovery_fr.legal.errors import InvalidDateError, PrescriptionEventError

date = datetime.date
START = date(2024, 3, 15)


def test_periods():
    """Checklist 23: L110-4 C. com. 5 years, L218-2 C. conso. 2 years."""
    assert p.prescription_deadline("b2b", START) == date(2029, 3, 15)
    assert p.prescription_deadline("b2c", START) == date(2026, 3, 15)
    assert p.prescription_years("b2b") == 5
    assert p.prescription_years("b2c") == 2


def test_start_is_earliest_of_completion_and_invoice():
    """Checklist 23; Cass. com. 26 Feb 2020 n° 18-25.036."""
    assert p.prescription_start(date(2024, 1, 10), date(2024, 2, 1)) == date(2024, 1, 10)
    assert p.prescription_start(date(2024, 3, 10), date(2024, 2, 1)) == date(2024, 2, 1)
    assert p.prescription_start(None, date(2024, 2, 1)) == date(2024, 2, 1)
    with pytest.raises(InvalidDateError):
        p.prescription_start(None, None)


@pytest.mark.parametrize(
    "kind",
    [
        "acknowledgment",
        "partial_payment",
        "signed_instalment_plan",
        "ip_ordonnance_served",
        "enforcement_act",
    ],
)
def test_interrupting_events_restart_full_period(kind):
    """Checklist 24 and 38; art. 2231, 2240, 2241, 2244 C. civ. (``assignation_served`` lasts
    until the end of the proceedings, art. 2242: see test_corrections)."""
    event = p.PrescriptionEvent(kind, date(2025, 6, 1))
    assert p.prescription_deadline("b2c", START, [event]) == date(2027, 6, 1)
    assert p.prescription_deadline("b2b", START, [event]) == date(2030, 6, 1)


@pytest.mark.parametrize(
    "kind", ["mise_en_demeure", "reminder", "email", "call", "ip_requete_filed"]
)
def test_non_interrupting_events(kind):
    """Checklist 24: reminders and formal notices do not interrupt (§5)."""
    assert p.prescription_deadline("b2c", START, [(kind, date(2025, 6, 1))]) == date(2026, 3, 15)


def test_void_ordonnance_cancels_its_interruption():
    """Checklist 25; Cass. 2e civ. 19 Nov 2020 n° 19-20.238."""
    events = [("ip_ordonnance_served", date(2025, 6, 1)), ("ip_ordonnance_void", date(2025, 9, 1))]
    assert p.prescription_deadline("b2c", START, events) == date(2026, 3, 15)


def test_void_ordonnance_keeps_later_acknowledgment():
    events = [
        ("ip_ordonnance_served", date(2025, 6, 1)),
        ("acknowledgment", date(2025, 8, 1)),
        ("ip_ordonnance_void", date(2025, 9, 1)),
    ]
    assert p.prescription_deadline("b2c", START, events) == date(2027, 8, 1)


def test_simplified_procedure_suspends_then_resumes_with_at_least_6_months():
    """Checklist 26; art. 2238 C. civ."""
    accepted = ("procedure_simplifiee_accepted", date(2026, 1, 15))  # 59 days left
    status = p.prescription_status("b2c", START, [accepted])
    assert status.deadline is None
    assert status.suspended_since == date(2026, 1, 15)
    assert p.prescription_deadline("b2c", START, [accepted]) is None
    refused = ("procedure_simplifiee_refused", date(2026, 4, 1))
    assert p.prescription_deadline("b2c", START, [accepted, refused]) == date(2026, 10, 1)


def test_simplified_procedure_refusal_keeps_longer_remaining_time():
    accepted = ("procedure_simplifiee_accepted", date(2024, 4, 15))
    refused = ("procedure_simplifiee_refused", date(2024, 5, 15))
    # 700 days were left on 15 Apr 2024: they run again from 15 May 2024.
    expected = date(2024, 5, 15) + (date(2026, 3, 15) - date(2024, 4, 15))
    assert p.prescription_deadline("b2c", START, [accepted, refused]) == expected


def test_events_after_expiry_do_not_revive():
    """Art. 2219 C. civ.: an acknowledgment after expiry does not restart the period."""
    events = [("acknowledgment", date(2026, 4, 1))]
    assert p.is_prescribed("b2c", START, date(2026, 5, 1), events)
    assert not p.is_prescribed("b2c", START, date(2026, 3, 15))
    assert p.is_prescribed("b2c", START, date(2026, 3, 16))


def test_title_enforceable_ten_years():
    """Checklist 27; L111-4 CPCE."""
    assert p.title_enforcement_deadline(date(2025, 2, 3)) == date(2035, 2, 3)


def test_bad_events():
    with pytest.raises(PrescriptionEventError, match="'lunch'"):
        p.prescription_deadline("b2b", START, [("lunch", date(2025, 1, 1))])
    with pytest.raises(InvalidDateError):
        p.prescription_deadline("b2b", START, [("acknowledgment", date(2020, 1, 1))])
    with pytest.raises(InvalidDateError):
        p.prescription_deadline("b2b", "2024-01-01")
