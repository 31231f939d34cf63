"""Working days of French procedure: deadlines that end on a day off run to the next working day."""

import datetime
from functools import lru_cache

from dateutil.easter import easter

from .common import check_date

# Art. L3133-1 C. trav.: the public holidays on fixed dates (month, day).
FIXED_HOLIDAYS = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
# Art. L3133-1 C. trav.: Easter Monday, Ascension Day and Whit Monday, days after Easter Sunday.
EASTER_HOLIDAYS = (1, 39, 50)
# Art. L3134-13 C. trav.: Good Friday and 26 December are also public holidays in Alsace-Moselle.
ALSACE_MOSELLE_DEPARTEMENTS = ("57", "67", "68")
ONE_DAY = datetime.timedelta(days=1)


# Art. L3133-1 C. trav. (and L3134-13 for Alsace-Moselle): the public holidays of a year.
@lru_cache
def public_holidays(year, alsace_moselle=False):
    """The French public holidays of ``year`` (metropolitan France), a frozenset."""
    easter_sunday = easter(year)
    days = {datetime.date(year, month, day) for month, day in FIXED_HOLIDAYS}
    days |= {easter_sunday + datetime.timedelta(days=offset) for offset in EASTER_HOLIDAYS}
    if alsace_moselle:
        days |= {easter_sunday - 2 * ONE_DAY, datetime.date(year, 12, 26)}
    return frozenset(days)


def is_working_day(day, alsace_moselle=False):
    """Neither a Saturday, a Sunday nor a public holiday."""
    check_date(day, "day")
    return day.weekday() < 5 and day not in public_holidays(day.year, alsace_moselle)


# Art. 642 CPC: a deadline ending on a Saturday, Sunday or holiday runs to the next working day.
def extend_to_working_day(deadline, alsace_moselle=False):
    """The last day of a procedural deadline whose plain end is ``deadline``."""
    check_date(deadline, "deadline")
    while not is_working_day(deadline, alsace_moselle):
        deadline += ONE_DAY
    return deadline
