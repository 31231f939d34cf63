"""Helpers shared by the rules: debtor types, amounts, half-years."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import InvalidAmountError, InvalidDateError, UnknownDebtorTypeError, _lt

B2B = "b2b"
B2C = "b2c"
DEBTOR_TYPES = (B2B, B2C)
CENT = Decimal("0.01")


def check_debtor_type(debtor_type):
    """Return ``debtor_type`` if it is ``b2b`` or ``b2c``, else raise."""
    if debtor_type not in DEBTOR_TYPES:
        raise UnknownDebtorTypeError(
            _lt("Unknown debtor type %(debtor_type)r: expected 'b2b' or 'b2c'."),
            debtor_type=debtor_type,
        )
    return debtor_type


def to_decimal(value, name="amount"):
    """Convert ``value`` to a finite Decimal (floats go through ``str``), else raise."""
    if isinstance(value, bool) or value is None:
        raise InvalidAmountError(
            _lt("%(name)s must be a number, got %(value)r."), name=name, value=value
        )
    if isinstance(value, float):
        value = str(value)
    try:
        result = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidAmountError(
            _lt("%(name)s must be a number, got %(value)r."), name=name, value=value
        ) from None
    if not result.is_finite():
        raise InvalidAmountError(
            _lt("%(name)s must be a finite number, got %(value)r."), name=name, value=value
        )
    return result


def check_amount(value, name="amount", allow_zero=False):
    """Return ``value`` as a Decimal with at most 2 decimals, positive (or zero if allowed)."""
    amount = to_decimal(value, name)
    if amount < 0 or (amount == 0 and not allow_zero):
        raise InvalidAmountError(
            _lt("%(name)s must be positive, got %(value)s."), name=name, value=amount
        )
    if amount != amount.quantize(CENT):
        raise InvalidAmountError(
            _lt("%(name)s must be a whole number of cents, got %(value)s."), name=name, value=amount
        )
    return amount


def check_date(value, name):
    """Return ``value`` if it is a ``datetime.date`` (not a datetime), else raise."""
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise InvalidDateError(
            _lt("%(name)s must be a date, got %(value)r."), name=name, value=value
        )
    return value


def round_cent(value):
    """Round a Decimal to the cent, half-up (French practice for claims)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def half_year_start(day):
    """1 January or 1 July of the half-year containing ``day``."""
    return datetime.date(day.year, 1 if day.month <= 6 else 7, 1)


def next_half_year_start(day):
    """First day of the half-year following the one containing ``day``."""
    if day.month <= 6:
        return datetime.date(day.year, 7, 1)
    return datetime.date(day.year + 1, 1, 1)


def half_year_label(day):
    """``2025-H1`` style label of the half-year containing ``day``."""
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


# Art. 478 and 1411 CPC: a decision or an ordonnance not served in time is void.
def served_too_late(deadline, service_date=None, on=None):
    """Whether what had to be served by ``deadline`` (``None``: no deadline) was not: served
    after it, or still not served on ``on``."""
    if deadline is None:
        return False
    if service_date is not None:
        return service_date > deadline
    if on is None:
        raise InvalidDateError(_lt("Give the service date or the date on which to check."))
    check_date(on, "on")
    return on > deadline
