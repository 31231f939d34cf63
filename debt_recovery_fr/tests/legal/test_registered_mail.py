"""Art. L100 CPCEl: an LRE stands for a registered letter; a consumer must have consented."""

import datetime

import pytest

from debt_recovery_fr.legal.errors import InvalidDateError
from debt_recovery_fr.legal.registered_mail import (
    LRE_CONSENT_REQUIRED,
    LRE_CONSENT_WITHDRAWN,
    LRE_NO_EMAIL,
    lre_refusal,
)

DAY = datetime.date(2026, 12, 3)


def test_a_professional_needs_no_consent():
    assert lre_refusal(True, [], "compta@garage.example", DAY) is None


def test_a_consumer_needs_his_consent_given_before_the_letter():
    assert lre_refusal(False, [], "jean@example.fr", DAY) == (LRE_CONSENT_REQUIRED, {})
    # Given the day after the letter: too late for it.
    later = [(datetime.date(2026, 12, 4), None)]
    assert lre_refusal(False, later, "jean@example.fr", DAY) == (LRE_CONSENT_REQUIRED, {})
    given = [(datetime.date(2026, 3, 1), None)]
    assert lre_refusal(False, given, "jean@example.fr", DAY) is None
    assert lre_refusal(False, [(DAY, None)], "jean@example.fr", DAY) is None


def test_a_withdrawn_consent_no_longer_counts():
    withdrawn = [(datetime.date(2026, 3, 1), datetime.date(2026, 11, 30))]
    assert lre_refusal(False, withdrawn, "jean@example.fr", DAY) == (
        LRE_CONSENT_WITHDRAWN,
        {"date": datetime.date(2026, 11, 30)},
    )
    # Withdrawn after the letter: it counted when the letter left.
    later = [(datetime.date(2026, 3, 1), datetime.date(2026, 12, 10))]
    assert lre_refusal(False, later, "j@x.fr", DAY) is None
    # Given again after a withdrawal.
    again = [*withdrawn, (datetime.date(2026, 12, 1), None)]
    assert lre_refusal(False, again, "jean@example.fr", DAY) is None


def test_no_email_no_lre():
    assert lre_refusal(True, [], "", DAY) == (LRE_NO_EMAIL, {})
    assert lre_refusal(False, [(datetime.date(2026, 3, 1), None)], "  ", DAY) == (
        LRE_NO_EMAIL,
        {},
    )


def test_bad_dates_are_refused():
    with pytest.raises(InvalidDateError):
        lre_refusal(False, [(datetime.date(2026, 3, 1), datetime.date(2026, 2, 1))], "j@x.fr", DAY)
    with pytest.raises(InvalidDateError):
        lre_refusal(False, [], "j@x.fr", datetime.datetime(2026, 12, 3, 10, 0))
