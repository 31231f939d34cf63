"""API Recherche d'entreprises (recherche-entreprises.api.gouv.fr): identity and status.

``GET /search?q=<SIREN, SIRET or name>`` answers ``{"results": [...], "total_results": n,
"page", "per_page", "total_pages"}``; a company has ``siren``, ``nom_complet``,
``nom_raison_sociale``, ``nature_juridique`` (INSEE code), ``date_creation``,
``date_fermeture``, ``etat_administratif`` (``A`` active, ``C`` ceased) and ``siege`` (head
office: ``siret``, ``adresse``, ``numero_voie``, ``type_voie``, ``libelle_voie``,
``code_postal``, ``libelle_commune``). No key; over the rate limit it answers 429.
"""

import datetime
import re
from dataclasses import dataclass

from ..legal.errors import _lt
from .common import HttpClient, ServiceError, malformed

DEFAULT_URL = "https://recherche-entreprises.api.gouv.fr"
SERVICE = "API Recherche d'entreprises"

# INSEE catégories juridiques (level III) of the usual debtors; other codes are shown as such.
LEGAL_FORMS = {
    "1000": "Entrepreneur individuel",
    "5202": "Société en nom collectif",
    "5306": "Société en commandite simple",
    "5308": "Société en commandite par actions",
    "5498": "SARL unipersonnelle",
    "5499": "Société à responsabilité limitée (SARL)",
    "5599": "SA à conseil d'administration",
    "5699": "SA à directoire",
    "5710": "Société par actions simplifiée (SAS)",
    "5720": "Société par actions simplifiée à associé unique (SASU)",
    "6540": "Société civile immobilière",
    "6599": "Autre société civile",
    "9220": "Association déclarée",
}
STATUSES = {"A": "active", "C": "ceased"}


@dataclass(frozen=True)
class CompanyIdentity:
    siren: str
    siret: str
    name: str
    street: str
    zip: str
    city: str
    legal_form_code: str
    legal_form: str
    creation_date: datetime.date | None
    status: str
    closing_date: datetime.date | None


def _date(value):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def parse_company(result):
    """A ``CompanyIdentity`` from one item of ``results``, else ``ServiceError``."""
    if not isinstance(result, dict) or not re.fullmatch(r"\d{9}", str(result.get("siren", ""))):
        raise malformed(SERVICE, "siren")
    status = STATUSES.get(result.get("etat_administratif"))
    if status is None:
        raise malformed(SERVICE, "etat_administratif")
    head = result.get("siege") if isinstance(result.get("siege"), dict) else {}
    street = " ".join(
        str(part)
        for part in (
            head.get("numero_voie"),
            head.get("indice_repetition"),
            head.get("type_voie"),
            head.get("libelle_voie"),
        )
        if part
    )
    code = str(result.get("nature_juridique") or "")
    return CompanyIdentity(
        siren=result["siren"],
        siret=str(head.get("siret") or ""),
        name=str(result.get("nom_raison_sociale") or result.get("nom_complet") or ""),
        street=street or str(head.get("adresse") or ""),
        zip=str(head.get("code_postal") or ""),
        city=str(head.get("libelle_commune") or ""),
        legal_form_code=code,
        legal_form=LEGAL_FORMS.get(code, code),
        creation_date=_date(result.get("date_creation")),
        status=status,
        closing_date=_date(result.get("date_fermeture")),
    )


class RechercheEntreprisesClient(HttpClient):
    service = SERVICE

    def __init__(self, base_url=DEFAULT_URL, **kwargs):
        super().__init__(base_url, **kwargs)

    def search(self, query):
        """The companies matching ``query`` (SIREN, SIRET or name), in the API's order."""
        body = self.get_json("search", params={"q": query, "page": 1, "per_page": 10})
        if not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise self.malformed("results")
        return [parse_company(result) for result in body["results"]]

    def find(self, identifier=None, name=None):
        """The company of ``identifier`` (SIREN or SIRET), or the one company named ``name``."""
        if identifier:
            siren = identifier[:9]
            companies = [c for c in self.search(identifier) if c.siren == siren]
            if not companies:
                raise ServiceError(
                    _lt("%(service)s knows no company with the SIREN %(siren)s."),
                    service=self.service,
                    siren=siren,
                )
            return companies[0]
        companies = self.search(name)
        exact = [c for c in companies if c.name.casefold() == (name or "").strip().casefold()]
        if len(exact) == 1 or len(companies) == 1:
            return (exact or companies)[0]
        if not companies:
            raise ServiceError(
                _lt("%(service)s knows no company named %(name)s."),
                service=self.service,
                name=name,
            )
        raise ServiceError(
            _lt(
                "Several companies match %(name)s: %(companies)s. Enter the SIRET of the right one."
            ),
            name=name,
            companies=", ".join(f"{c.name} ({c.siren})" for c in companies[:5]),
        )
