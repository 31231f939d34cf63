"""BODACC open data: notices of collective proceedings (Opendatasoft Explore API v2.1).

``GET {base}/catalog/datasets/annonces-commerciales/records?where=...&order_by=...&limit=...``
answers ``{"total_count": n, "results": [record, ...]}``, each record a flat object of the
dataset's fields: ``id``, ``dateparution`` (publication date), ``familleavis`` (``collective``
for « Procédures collectives »), ``familleavis_lib``, ``typeavis``, ``tribunal``, ``commercant``,
``registre`` (the SIREN, as ``["123456789", "123 456 789"]``) and ``jugement``, a JSON *string*
with ``famille``, ``nature``, ``date`` and ``complementJugement``. Over the quota it answers
429 with ``{"errorcode", "reset_time", "limit_time_unit", "call_limit", "error"}``.
"""

import datetime
import json
import re
from dataclasses import dataclass

from ..legal.collective import opening_judgment_kind
from .common import HttpClient, malformed

DEFAULT_URL = "https://bodacc-datadila.opendatasoft.com/api/explore/v2.1"
DATASET = "annonces-commerciales"
SERVICE = "BODACC"
# The BODACC exists since 1967; a notice is not published ahead (a few days of margin for the
# time zones and a late clock).
FIRST_DATE = datetime.date(1967, 1, 1)
MARGIN = datetime.timedelta(days=7)


def _plausible(day, today, what):
    """``day`` when the BODACC may have published it, else the malformed answer error."""
    if not FIRST_DATE <= day <= today + MARGIN:
        raise malformed(SERVICE, f"{what} {day.isoformat()}")
    return day


@dataclass(frozen=True)
class CollectiveNotice:
    id: str
    publication_date: datetime.date
    kind: str | None  # liquidation, redressement, sauvegarde, None for another notice
    nature: str
    judgment_date: str
    tribunal: str


def _siren_list(registre):
    values = registre if isinstance(registre, list) else [registre]
    return {re.sub(r"\s", "", str(value)) for value in values if value}


def parse_records(body, siren, today=None):
    """The collective-proceeding notices of ``siren`` in a records answer, newest first.

    A date the BODACC cannot have published (before 1967, in the future) makes the answer
    unreadable: it would become deadlines out of any calendar."""
    today = today or datetime.date.today()
    if not isinstance(body, dict) or not isinstance(body.get("results"), list):
        raise malformed(SERVICE, "results")
    notices = []
    for record in body["results"]:
        if not isinstance(record, dict):
            raise malformed(SERVICE, "record")
        if record.get("familleavis") != "collective" or siren not in _siren_list(
            record.get("registre")
        ):
            continue
        try:
            published = datetime.date.fromisoformat(str(record.get("dateparution")))
        except ValueError:
            raise malformed(SERVICE, "dateparution") from None
        _plausible(published, today, "dateparution")
        judgment = record.get("jugement") or "{}"
        try:
            judgment = json.loads(judgment) if isinstance(judgment, str) else judgment
        except ValueError:
            raise malformed(SERVICE, "jugement") from None
        if not isinstance(judgment, dict):
            raise malformed(SERVICE, "jugement")
        nature = str(judgment.get("nature") or "")
        judgment_date = str(judgment.get("date") or "")
        try:
            judged = datetime.date.fromisoformat(judgment_date[:10])
        except ValueError:
            judged = None  # unreadable: the publication date stands for it
        if judged:
            _plausible(judged, today, "jugement.date")
        notices.append(
            CollectiveNotice(
                id=str(record.get("id") or ""),
                publication_date=published,
                kind=opening_judgment_kind(
                    str(judgment.get("famille") or ""),
                    nature,
                    str(judgment.get("complementJugement") or ""),
                ),
                nature=nature,
                judgment_date=judgment_date,
                tribunal=str(record.get("tribunal") or ""),
            )
        )
    return sorted(notices, key=lambda notice: notice.publication_date, reverse=True)


class BodaccClient(HttpClient):
    service = SERVICE

    def __init__(self, base_url=DEFAULT_URL, **kwargs):
        super().__init__(base_url, **kwargs)

    def collective_notices(self, siren):
        """The « procédures collectives » notices published for ``siren``, newest first."""
        body = self.get_json(
            f"catalog/datasets/{DATASET}/records",
            params={
                "where": f'familleavis="collective" and registre like "{siren}"',
                "order_by": "dateparution desc",
                "limit": 20,
            },
        )
        return parse_records(body, siren)

    def latest_opening(self, siren):
        """The newest notice of a judgment opening proceedings against ``siren``, or None."""
        return next((n for n in self.collective_notices(siren) if n.kind), None)
