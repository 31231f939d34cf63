"""Collective proceedings (sauvegarde, redressement, liquidation judiciaire)."""

import unicodedata

from dateutil.relativedelta import relativedelta

from .common import check_date

# R622-24 C. com.: 2 months from the BODACC publication of the opening judgment ...
DECLARATION_DELAY = relativedelta(months=2)
# R622-24 C. com.: ... plus 2 months for a creditor outside metropolitan France.
OVERSEAS_EXTENSION = relativedelta(months=2)


# R622-24 C. com.: deadline to declare a claim to the mandataire judiciaire.
def declaration_deadline(publication_date, creditor_outside_metropolitan_france=False):
    """Last day to declare a claim after the BODACC publication."""
    check_date(publication_date, "publication_date")
    deadline = publication_date + DECLARATION_DELAY
    if creditor_outside_metropolitan_france:
        deadline = publication_date + DECLARATION_DELAY + OVERSEAS_EXTENSION
    return deadline


# L622-26 C. com.: relief from foreclosure within 6 months (1 year if the claim was unknowable).
def relief_from_foreclosure_deadline(publication_date, creditor_could_not_know=False):
    """Last day to ask for a relevé de forclusion."""
    check_date(publication_date, "publication_date")
    return publication_date + relativedelta(
        years=1 if creditor_could_not_know else 0, months=0 if creditor_could_not_know else 6
    )


# L622-21 C. com.: no action or enforcement on a pre-opening claim once proceedings are open.
def recovery_frozen(claim_date, opening_judgment_date, on):
    """Whether recovery steps on a claim born on ``claim_date`` are barred on ``on``."""
    check_date(claim_date, "claim_date")
    check_date(on, "on")
    if opening_judgment_date is None:
        return False
    check_date(opening_judgment_date, "opening_judgment_date")
    return claim_date < opening_judgment_date <= on


def _plain(text):
    """Lower case without accents, to read the wording of a judgment."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


# L620-1, L631-1, L640-1 C. com.: the judgments that open sauvegarde, redressement, liquidation.
def opening_judgment_kind(famille, nature, complement=""):
    """``liquidation``, ``redressement`` or ``sauvegarde`` when a BODACC judgment opens (or
    converts to) these proceedings; ``None`` for any other notice (plan, closure, filing of the
    list of claims...)."""
    famille, nature, complement = _plain(famille), _plain(nature), _plain(complement)
    if "depot" in famille or "cloture" in nature or "plan" in nature:
        return None
    text = f"{nature} {complement}"
    opens = any(word in text for word in ("ouverture", "prononc", "conversion", "ouvre"))
    if not opens:
        return None
    if "liquidation judiciaire" in text:
        return "liquidation"
    if "redressement judiciaire" in text:
        return "redressement"
    if "sauvegarde" in text:
        return "sauvegarde"
    return None
