"""ECB Data Portal: the main refinancing operations fixed rate (dates of change).

``GET {base}/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV?detail=full&format=csvdata`` answers a CSV whose
header has ``KEY``, ``TIME_PERIOD`` (date of effect) and ``OBS_VALUE`` (rate in %), one row per
change of the rate.
"""

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation

from ..legal.errors import _lt
from .common import HttpClient, UnreadableAnswerError, malformed

DEFAULT_URL = "https://data-api.ecb.europa.eu/service"
SERIES = "FM/B.U2.EUR.4F.KR.MRR_FR.LEV"
SERIES_KEY = "FM.B.U2.EUR.4F.KR.MRR_FR.LEV"
SERVICE = "ECB Data Portal"
# The rates a main refinancing rate may plausibly be, in %: it has been 0 % to 4.75 % since
# 1999, never below zero (the negative rates of 2014-2022 were the deposit facility's, another
# series: -0.50 % here is that series' figure). A figure outside is refused: a junk answer
# must not become a legal rate.
PLAUSIBLE_RATES = (Decimal("0"), Decimal("25"))


def parse_csv(text):
    """``[(date of effect, rate)]`` of the MRO series in a csvdata answer, oldest first."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"KEY", "TIME_PERIOD", "OBS_VALUE"} <= set(reader.fieldnames):
        raise malformed(SERVICE, "CSV header")
    rows = []
    for row in reader:
        if row["KEY"] != SERIES_KEY:
            continue
        try:
            day = datetime.date.fromisoformat(row["TIME_PERIOD"])
            rate = Decimal(row["OBS_VALUE"])
        except (TypeError, ValueError, InvalidOperation):
            raise malformed(SERVICE, "TIME_PERIOD / OBS_VALUE") from None
        if not rate.is_finite():
            raise malformed(SERVICE, "OBS_VALUE")
        if not PLAUSIBLE_RATES[0] <= rate <= PLAUSIBLE_RATES[1]:
            raise UnreadableAnswerError(
                _lt(
                    "%(service)s gives a rate of %(rate)s %% from %(date)s, outside the "
                    "plausible range (%(low)s %% to %(high)s %%): nothing was recorded; check "
                    "the rate on the ECB site and enter it by hand."
                ),
                service=SERVICE,
                rate=str(rate),
                date=day.isoformat(),
                low=str(PLAUSIBLE_RATES[0]),
                high=str(PLAUSIBLE_RATES[1]),
            )
        rows.append((day, rate))
    if not rows:
        raise malformed(SERVICE, "no observation")
    return sorted(rows)


class EcbClient(HttpClient):
    service = SERVICE

    def __init__(self, base_url=DEFAULT_URL, **kwargs):
        super().__init__(base_url, **kwargs)

    def mro_changes(self):
        """Every change of the main refinancing rate: ``[(date of effect, rate)]``."""
        response = self.get(
            f"data/{SERIES}",
            params={"detail": "full", "format": "csvdata"},
            headers={"Accept": "text/csv"},
        )
        return parse_csv(response.text)
