"""Working days of French procedure: deadlines that end on a day off run to the next working day;
the délais de distance of a debtor living overseas or abroad."""

import datetime
from functools import lru_cache

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from .common import check_date
from .errors import LegalError, _lt

# Art. L3133-1 C. trav.: the public holidays on fixed dates (month, day).
FIXED_HOLIDAYS = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
# Art. L3133-1 C. trav.: Easter Monday, Ascension Day and Whit Monday, days after Easter Sunday.
EASTER_HOLIDAYS = (1, 39, 50)
# Art. L3134-13 C. trav.: Good Friday and 26 December are also public holidays in Alsace-Moselle.
ALSACE_MOSELLE_DEPARTEMENTS = ("57", "67", "68")
# Loi 83-550 of 30 June 1983 and décret 83-1003 of 23 November 1983 (as amended by décret
# 2012-553, art. L3422-2 C. trav.): the day commemorating the abolition of slavery is a public
# holiday of each overseas département and collectivité (month, day): Guadeloupe 27 May,
# Martinique 22 May, Guyane 10 June, La Réunion 20 December, Mayotte 27 April,
# Saint-Barthélemy 9 October, Saint-Martin 27 May. ⚠️ Saint-Martin has commemorated on 28 May
# since 2018 under interministerial circulars (soualigapost.fr, 17 May 2019); the décret read
# still says 27 May: check before relying on it.
SLAVERY_ABOLITION_DAYS = {
    "971": (5, 27),
    "972": (5, 22),
    "973": (6, 10),
    "974": (12, 20),
    "976": (4, 27),
    "977": (10, 9),
    "978": (5, 27),
}
ONE_DAY = datetime.timedelta(days=1)

# Where a party lives or a court sits, for the délais de distance (art. 643-644 CPC): a code of
# an overseas département or collectivité, metropolitan France, or abroad.
METROPOLITAN = "metropolitan"
ABROAD = "abroad"
# Art. 643 CPC: Guadeloupe, Martinique, Guyane, La Réunion, Saint-Pierre-et-Miquelon, Mayotte,
# Saint-Barthélemy, Saint-Martin, TAAF, Wallis-et-Futuna, Polynésie française, Nouvelle-Calédonie.
OVERSEAS_AREAS = (
    "971",
    "972",
    "973",
    "974",
    "975",
    "976",
    "977",
    "978",
    "984",
    "986",
    "987",
    "988",
)
# Art. 644 CPC: the overseas seats of a court whose deadlines the CPC extends the other way round
# (Guadeloupe, Guyane, Martinique, La Réunion, Mayotte, Saint-Barthélemy, Saint-Martin,
# Saint-Pierre-et-Miquelon, Wallis-et-Futuna).
OVERSEAS_COURT_AREAS = ("971", "972", "973", "974", "975", "976", "977", "978", "986")
# Art. 643 1° and 644 CPC: one month more ...
DISTANCE_OVERSEAS = relativedelta(months=1)
# ... art. 643 2° and 644 CPC: two months more for a party living abroad.
DISTANCE_ABROAD = relativedelta(months=2)
NO_DISTANCE = relativedelta()


# Art. L3133-1 C. trav., L3134-13 (Alsace-Moselle), loi 83-550 (overseas): the public holidays.
@lru_cache
def public_holidays(year, alsace_moselle=False, departement=None):
    """The French public holidays of ``year``, a frozenset: metropolitan France's, those of
    Alsace-Moselle, and the abolition-of-slavery day of an overseas ``departement`` (INSEE code,
    which also tells Alsace-Moselle)."""
    easter_sunday = easter(year)
    days = {datetime.date(year, month, day) for month, day in FIXED_HOLIDAYS}
    days |= {easter_sunday + datetime.timedelta(days=offset) for offset in EASTER_HOLIDAYS}
    if alsace_moselle or departement in ALSACE_MOSELLE_DEPARTEMENTS:
        days |= {easter_sunday - 2 * ONE_DAY, datetime.date(year, 12, 26)}
    if departement in SLAVERY_ABOLITION_DAYS:
        days.add(datetime.date(year, *SLAVERY_ABOLITION_DAYS[departement]))
    return frozenset(days)


def is_working_day(day, alsace_moselle=False, departement=None):
    """Neither a Saturday, a Sunday nor a public holiday (of ``departement`` if given)."""
    check_date(day, "day")
    return day.weekday() < 5 and day not in public_holidays(day.year, alsace_moselle, departement)


# Art. 642 CPC: a deadline ending on a Saturday, Sunday or holiday runs to the next working day.
def extend_to_working_day(deadline, alsace_moselle=False, departement=None):
    """The last day of a procedural deadline whose plain end is ``deadline``."""
    check_date(deadline, "deadline")
    while not is_working_day(deadline, alsace_moselle, departement):
        deadline += ONE_DAY
    return deadline


def _area(code):
    """``METROPOLITAN``, ``ABROAD`` or the overseas code of a département/collectivité code."""
    if code is None or code == METROPOLITAN:
        return METROPOLITAN
    if code == ABROAD or code in OVERSEAS_AREAS:
        return code
    return METROPOLITAN


# Art. 643 CPC (court in metropolitan France: +1 month for a party overseas, +2 abroad) and
# art. 644 CPC (court overseas: +1 month for a party not living in its collectivité, +2 abroad).
def distance_extension(debtor_area=None, court_area=None):
    """How much longer the debtor's window (answer, opposition, appeal) is for distance.

    ``debtor_area`` / ``court_area``: an INSEE département code (``"75"``, ``"974"``...),
    ``METROPOLITAN`` or ``ABROAD`` (``None``: metropolitan France).
    """
    debtor, court = _area(debtor_area), _area(court_area)
    if court == ABROAD:
        raise LegalError(_lt("A French court cannot sit abroad."))
    if court != METROPOLITAN and court not in OVERSEAS_COURT_AREAS:
        raise LegalError(
            _lt(
                "The délais de distance of a court in %(area)s follow its own rules, not art. "
                "643-644 CPC."
            ),
            area=court,
        )
    if debtor == ABROAD:
        return DISTANCE_ABROAD
    if court == METROPOLITAN:
        return DISTANCE_OVERSEAS if debtor != METROPOLITAN else NO_DISTANCE
    return NO_DISTANCE if debtor == court else DISTANCE_OVERSEAS


# Art. 640-644 CPC: a window of ``delay`` from ``start``, + the délai de distance, then to the
# next working day (art. 642).
def debtor_window_end(
    start, delay, debtor_area=None, court_area=None, alsace_moselle=False, departement=None
):
    """Last day of a debtor's window (answer, opposition, appeal) opened on ``start``.

    ``departement``: whose public holidays count (the court's, default metropolitan France).
    """
    check_date(start, "start")
    end = start + delay + distance_extension(debtor_area, court_area)
    return extend_to_working_day(end, alsace_moselle, departement)
