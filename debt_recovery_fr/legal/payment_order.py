"""Injonction de payer (art. 1405 to 1425 CPC): deadlines of the ordonnance."""

import datetime

from dateutil.relativedelta import relativedelta

from .common import check_date, served_too_late
from .errors import InvalidDateError, _lt
from .working_days import debtor_window_end

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


# Art. 1416 CPC: « L'opposition est formée [...] dans le mois qui suit la signification de
# l'ordonnance. Toutefois, si la signification n'a pas été faite à personne, l'opposition est
# recevable jusqu'à l'expiration du délai d'un mois suivant le premier acte signifié à personne
# ou, à défaut, suivant la première mesure d'exécution ayant pour effet de rendre indisponibles en
# tout ou partie les biens du débiteur. » (al. 2 as quoted by Cass. com. 8 Jul 2014 n° 13-18.308,
# found with the search tool; unchanged by décret 2021-1322; the same wording quoted as in force
# by thelys-avocats.fr and legalplanet.pro, re-checked 2026-12, issue 17: « à défaut » makes the
# first of the two events count.) Art. 643-644: + délai de distance.
def opposition_deadline(
    service_date,
    served_in_person=True,
    first_personal_act_date=None,
    alsace_moselle=False,
    *,
    first_unavailability_measure_date=None,
    debtor_area=None,
    court_area=None,
    departement=None,
):
    """Last day to oppose; ``None`` while the debtor, not served in person, has been neither
    reached in person nor had assets made unavailable.

    The window is one month from the service in person, else from the first act served in person
    or the first enforcement measure making assets unavailable (whichever came first), + the
    délai de distance of a debtor overseas or abroad (``debtor_area``, ``court_area``, art.
    643-644 CPC); ending on a day off, it runs to the next working day (art. 642 CPC).
    """
    check_date(service_date, "service_date")
    window = {
        "debtor_area": debtor_area,
        "court_area": court_area,
        "alsace_moselle": alsace_moselle,
        "departement": departement,
    }
    if served_in_person:
        return debtor_window_end(service_date, OPPOSITION_DELAY, **window)
    starts = [
        check_date(day, name)
        for day, name in (
            (first_personal_act_date, "first_personal_act_date"),
            (first_unavailability_measure_date, "first_unavailability_measure_date"),
        )
        if day is not None
    ]
    if not starts:
        return None
    return debtor_window_end(min(starts), OPPOSITION_DELAY, **window)


# Art. 1422 CPC (since décret 2021-1322, 1 March 2022): « Quelles que soient les modalités de la
# signification, le délai d'opposition prévu au premier alinéa de l'article 1416 est suspensif
# d'exécution. [...] L'ordonnance ne constitue un titre exécutoire [...] qu'à l'expiration des
# causes suspensives d'exécution prévues au premier alinéa. » (doctrine.fr, version in force from
# 1 Mar 2022, found with the search tool): enforcement one month after service whatever its
# manner (legal_fr.md §19.6); a later opposition (art. 1416 al. 2) voids what was done.
# Décret 2026-96: for an ordonnance of 1 September 2026 or later, 2 months after service.
def enforcement_allowed_from(
    ordonnance_date,
    service_date,
    served_in_person=True,
    first_personal_act_date=None,
    alsace_moselle=False,
    *,
    debtor_area=None,
    court_area=None,
    departement=None,
):
    """First day the ordonnance may be enforced absent opposition.

    ``served_in_person`` and ``first_personal_act_date`` no longer change it (art. 1422 CPC);
    they are kept for the callers. The one-month suspensive window gets the délai de distance.
    """
    check_date(ordonnance_date, "ordonnance_date")
    check_date(service_date, "service_date")
    if ordonnance_date >= REFORM_DATE:
        return service_date + ENFORCEMENT_DELAY_AFTER_REFORM
    deadline = debtor_window_end(
        service_date,
        OPPOSITION_DELAY,
        debtor_area=debtor_area,
        court_area=court_area,
        alsace_moselle=alsace_moselle,
        departement=departement,
    )
    return deadline + ONE_DAY


# Art. 1407 CPC: the requête for an injonction de payer never requires a lawyer.
PAYMENT_ORDER_LAWYER_REQUIRED = False

# Checklist §17.29 name of the same rule.
signification_deadline = service_deadline
