"""Which court's seat is competent for a debtor: tribunal de commerce (or tribunal des activités
économiques) for a merchant, tribunal judiciaire otherwise, from the département of his postcode.

The seats come from ``commercial_courts.csv`` (Code de commerce, annexe 7-1) and
``economic_courts.csv`` (arrêté of 5 July 2024); their first lines say where each was read. A
département holds several courts whose ressort follows communes and cantons the table does not
list: there, the seat is only known when the debtor lives in a seat town, otherwise the candidates
are returned and the accountant chooses.
"""

import csv
import datetime
import pathlib
import re
import unicodedata
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from .common import check_date

COMMERCIAL_COURTS_CSV = pathlib.Path(__file__).with_name("commercial_courts.csv")
ECONOMIC_COURTS_CSV = pathlib.Path(__file__).with_name("economic_courts.csv")
# Arrêté of 5 July 2024, art. 1: the TAE experiment runs from 1 January 2025 for four years.
ECONOMIC_COURTS_START = datetime.date(2025, 1, 1)
ECONOMIC_COURTS_END = ECONOMIC_COURTS_START + relativedelta(years=4, days=-1)

COMMERCE = "commerce"
CHAMBRE_COMMERCIALE = "chambre_commerciale"


@dataclass(frozen=True)
class CommercialCourt:
    """One row of annexe 7-1: a commercial court and the départements its ressort touches."""

    departements: tuple
    seat: str
    kind: str
    judicial_seats: tuple
    cour_appel: str
    ressort: str


@dataclass(frozen=True)
class CourtSeat:
    """The seat found for a debtor (``None`` when unknown) and the seats it was chosen among."""

    seat: str | None
    candidates: tuple = ()
    kind: str = COMMERCE


def _rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _load_commercial_courts():
    return tuple(
        CommercialCourt(
            tuple(row["departements"].split()),
            row["seat"],
            row["kind"],
            tuple(row["tribunaux_judiciaires"].split("|")),
            row["cour_appel"],
            row["ressort"],
        )
        for row in _rows(COMMERCIAL_COURTS_CSV)
    )


COMMERCIAL_COURTS = _load_commercial_courts()
ECONOMIC_COURT_SEATS = frozenset(row["seat"] for row in _rows(ECONOMIC_COURTS_CSV))


def _town(name):
    """``'Saint-Étienne Cedex 2'`` → ``'saint etienne'``: to compare a city with a seat."""
    text = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode()
    text = re.sub(r"[-'’\s]+", " ", text.lower()).strip()
    return re.sub(r"( cedex)?( \d+( ?(e|er|eme))?)?$", "", text).strip()


def _choose(departement, city, seats_of):
    """The seat among those of ``departement``: the only one, or the debtor's town."""
    rows = [court for court in COMMERCIAL_COURTS if departement in court.departements]
    candidates = tuple(dict.fromkeys(seat for court in rows for seat in seats_of(court)))
    town = _town(city)
    for seat in candidates:
        if town and _town(seat) == town:
            return seat, candidates
    # Only when the table gives the département one court of its own: a ressort shared with
    # another département (or a row the source lost) leaves the choice open.
    if len(candidates) == 1 and all(len(court.departements) == 1 for court in rows):
        return candidates[0], candidates
    return None, candidates


# Art. L721-3 C. com., annexe 7-1: the commercial court of the debtor's domicile (art. 1406 CPC).
def commercial_court_seat(departement, city=None):
    """The commercial court of a debtor living in ``city``, ``departement`` (INSEE code)."""
    seat, candidates = _choose(departement, city, lambda court: (court.seat,))
    kinds = {court.seat: court.kind for court in COMMERCIAL_COURTS}
    return CourtSeat(seat, candidates, kinds.get(seat, COMMERCE))


# Art. L211-3 COJ: the tribunal judiciaire of the debtor's domicile (art. 42 and 1406 CPC).
def judicial_court_seat(departement, city=None):
    """The tribunal judiciaire of a debtor living in ``city``, ``departement`` (INSEE code)."""
    seat, candidates = _choose(departement, city, lambda court: court.judicial_seats)
    return CourtSeat(seat, candidates)


# Loi 2023-1059 art. 26, arrêté of 5 July 2024: the 12 TAE, from 2025 to the end of 2028.
def is_economic_court(seat, on):
    """Whether the tribunal de commerce of ``seat`` sits as a TAE on ``on``."""
    check_date(on, "on")
    return seat in ECONOMIC_COURT_SEATS and ECONOMIC_COURTS_START <= on <= ECONOMIC_COURTS_END
