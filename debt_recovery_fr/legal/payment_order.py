"""Injonction de payer (art. 1405 to 1425 CPC): deadlines of the ordonnance."""

import datetime

from dateutil.relativedelta import relativedelta

from .common import check_date, served_too_late
from .errors import InvalidDateError, _lt
from .working_days import extend_to_working_day

# Décret 2026-96: new rules for ordonnances rendered on or after 1 September 2026.
REFORM_DATE = datetime.date(2026, 9, 1)
# Art. 1411 CPC: the ordonnance is void if not served within 6 months ...
SERVICE_DELAY_BEFORE_REFORM = relativedelta(months=6)
# Décret 2026-96: ... 3 months for ordonnances rendered from 1 September 2026.
SERVICE_DELAY_AFTER_REFORM = relativedelta(months=3)
# Art. 1416 CPC: opposition within 1 month of service.
OPPOSITION_DELAY = relativedelta(months=1)
# Décret 2026-96: enforcement 2 months after service if no opposition was notified.
ENFORCEMENT_DELAY_AFTER_REFORM = relativedelta(months=2)
ONE_DAY = datetime.timedelta(days=1)


# Art. 1411 CPC / décret 2026-96: 6 months to serve (3 months from 1 September 2026).
def service_deadline(ordonnance_date):
    """Last day to serve the ordonnance before it becomes void (non avenue)."""
    check_date(ordonnance_date, "ordonnance_date")
    if ordonnance_date < REFORM_DATE:
        return ordonnance_date + SERVICE_DELAY_BEFORE_REFORM
    return ordonnance_date + SERVICE_DELAY_AFTER_REFORM


# Art. 1411 CPC: an ordonnance not served in time is non avenue.
def is_ordonnance_void(ordonnance_date, service_date=None, on=None):
    """Whether the ordonnance is void: not served by its deadline (checked on ``on``)."""
    deadline = service_deadline(ordonnance_date)
    if service_date is not None:
        check_date(service_date, "service_date")
        if service_date < ordonnance_date:
            raise InvalidDateError(
                _lt("The service date %(service)s precedes the ordonnance of %(ordonnance)s."),
                service=service_date,
                ordonnance=ordonnance_date,
            )
    return served_too_late(deadline, service_date, on)


# Art. 1416 CPC: opposition within 1 month of service in person, else of the first act in person.
def opposition_deadline(
    service_date, served_in_person=True, first_personal_act_date=None, alsace_moselle=False
):
    """Last day to oppose; ``None`` while the debtor has not been reached in person.

    A window ending on a day off runs to the next working day (art. 642 CPC).
    """
    check_date(service_date, "service_date")
    if served_in_person:
        return extend_to_working_day(service_date + OPPOSITION_DELAY, alsace_moselle)
    if first_personal_act_date is None:
        return None
    check_date(first_personal_act_date, "first_personal_act_date")
    return extend_to_working_day(first_personal_act_date + OPPOSITION_DELAY, alsace_moselle)


# Art. 1422 CPC / décret 2026-96: when the creditor may start enforcing the ordonnance.
def enforcement_allowed_from(
    ordonnance_date,
    service_date,
    served_in_person=True,
    first_personal_act_date=None,
    alsace_moselle=False,
):
    """First day the ordonnance may be enforced absent opposition (``None`` if not yet known)."""
    check_date(ordonnance_date, "ordonnance_date")
    check_date(service_date, "service_date")
    if ordonnance_date >= REFORM_DATE:
        return service_date + ENFORCEMENT_DELAY_AFTER_REFORM
    deadline = opposition_deadline(
        service_date, served_in_person, first_personal_act_date, alsace_moselle
    )
    return None if deadline is None else deadline + ONE_DAY


# Art. 1407 CPC: the requête for an injonction de payer never requires a lawyer.
PAYMENT_ORDER_LAWYER_REQUIRED = False

# Checklist §17.29 name of the same rule.
signification_deadline = service_deadline
