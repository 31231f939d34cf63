"""The public services' answers read without Odoo nor network (recorded / documented bodies)."""

import datetime
import json
import pathlib

import pytest

from debt_recovery_fr.services import bodacc, recherche_entreprises
from debt_recovery_fr.services.common import ServiceError

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures"
date = datetime.date


def _json(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_active_company():
    body = _json("search_q-552032534_active_DANONE.json")
    company = recherche_entreprises.parse_company(body["results"][0])
    assert (company.siren, company.name, company.status) == ("552032534", "DANONE", "active")
    assert company.siret == "55203253400703"
    assert (company.street, company.zip, company.city) == ("59 RUE LA FAYETTE", "75009", "PARIS")
    assert company.legal_form == "SA à conseil d'administration"
    assert company.creation_date == date(1955, 1, 1)
    assert company.closing_date is None


def test_ceased_company():
    body = _json("search_q-880878145_ceased_GANYMEDE.json")
    company = recherche_entreprises.parse_company(body["results"][0])
    assert company.status == "ceased"
    assert company.closing_date == date(2022, 10, 22)


def test_company_without_status_is_malformed():
    result = dict(_json("search_q-552032534_active_DANONE.json")["results"][0])
    del result["etat_administratif"]
    with pytest.raises(ServiceError, match="cannot be read"):
        recherche_entreprises.parse_company(result)


def test_bodacc_latest_opening_judgment():
    body = _json("bodacc_records_collective_900000019.DOC-BUILT.json")
    notices = bodacc.parse_records(body, "900000019")
    assert [(n.publication_date, n.kind) for n in notices] == [
        (date(2026, 10, 6), "liquidation"),
        (date(2026, 3, 17), "redressement"),
    ]
    # Another debtor's notices are not his.
    assert bodacc.parse_records(body, "552032534") == []


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"total_count": 0},
        {"results": [{"familleavis": "collective", "registre": ["900000019"]}]},
        {
            "results": [
                {
                    "familleavis": "collective",
                    "registre": ["900000019"],
                    "dateparution": "2026-10-06",
                    "jugement": "{not json",
                }
            ]
        },
    ],
)
def test_bodacc_malformed_answers(body):
    with pytest.raises(ServiceError, match="BODACC sent an answer that cannot be read"):
        bodacc.parse_records(body, "900000019")
