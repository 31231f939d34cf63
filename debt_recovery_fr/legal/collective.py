"""Collective proceedings (sauvegarde, redressement, liquidation judiciaire)."""

import datetime
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from .common import check_date, round_cent, to_decimal

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


# L622-26 al. 3 C. com.: the action in relevé de forclusion must be brought within 6 months ...
RELIEF_DELAY = relativedelta(months=6)


# L622-26 al. 3 C. com. (text since ordonnance 2014-326, legal_fr.md §19.2): 6 months from the
# publication; a creditor who could not know of its claim within them has 6 months from the day
# it could no longer ignore it (the former 1 year is gone). Wording re-read 2026-12 (lexbase.fr,
# version in force since ordonnance 2021-1193); not modelled: a creditor holding a published
# security or contract, whose 6 months run from the notice it received.
def relief_from_foreclosure_deadline(publication_date, knowledge_date=None):
    """Last day to ask for a relevé de forclusion.

    ``knowledge_date``: the day the creditor could no longer ignore its claim, when it could not
    know of it before; it only matters when it falls after the 6 months from the publication.
    """
    check_date(publication_date, "publication_date")
    deadline = publication_date + RELIEF_DELAY
    if knowledge_date is None:
        return deadline
    check_date(knowledge_date, "knowledge_date")
    if knowledge_date <= deadline:
        return deadline
    return knowledge_date + RELIEF_DELAY


# Where a claim declaration stands on a day (``declaration_window``).
DECLARATION_IN_TIME = "in_time"
DECLARATION_RELIEF = "relief"
DECLARATION_FORECLOSED = "foreclosed"


# R622-24, L622-26 C. com. (legal_fr.md §19.2): a claim declared after the deadline is foreclosed
# (the creditor takes no part in the distributions) unless the juge-commissaire relieves it; the
# relevé de forclusion must be asked within 6 months of the publication, or 6 months from the
# day a creditor who could not know of its claim could no longer ignore it.
def declaration_window(
    publication_date, on, knowledge_date=None, creditor_outside_metropolitan_france=False
):
    """``DECLARATION_IN_TIME`` up to the declaration deadline, ``DECLARATION_RELIEF`` while the
    declaration is late but a relevé de forclusion may still be asked (with the declaration),
    ``DECLARATION_FORECLOSED`` after both."""
    check_date(on, "on")
    if on <= declaration_deadline(publication_date, creditor_outside_metropolitan_france):
        return DECLARATION_IN_TIME
    if on <= relief_from_foreclosure_deadline(publication_date, knowledge_date):
        return DECLARATION_RELIEF
    return DECLARATION_FORECLOSED


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


@dataclass(frozen=True)
class DeclaredLine:
    """One invoice of a claim declaration, as at the opening judgment."""

    reference: str
    due_date: datetime.date
    principal: Decimal
    interest: Decimal = Decimal(0)
    indemnity: Decimal = Decimal(0)


# L622-25, R622-23 C. com.: amounts due at the opening, amounts to fall due and their dates.
# L622-28 C. com.: interest stops at the opening; L441-10 II: no 40 € when the opening prevents
# payment at the due date (an invoice falling due after the opening).
def split_claim(lines, opening_date):
    """The claim split as the declaration states it (amounts as Decimal, rounded to the cent)."""
    check_date(opening_date, "opening_date")
    due, to_fall_due = [], []
    for line in lines:
        check_date(line.due_date, "due_date")
        if line.due_date < opening_date:
            due.append(line)
        else:
            to_fall_due.append(
                DeclaredLine(line.reference, line.due_date, round_cent(to_decimal(line.principal)))
            )
    due_principal = round_cent(sum((to_decimal(line.principal) for line in due), Decimal(0)))
    due_interest = round_cent(sum((to_decimal(line.interest) for line in due), Decimal(0)))
    due_indemnity = round_cent(sum((to_decimal(line.indemnity) for line in due), Decimal(0)))
    future = round_cent(sum((line.principal for line in to_fall_due), Decimal(0)))
    return {
        "due": due,
        "to_fall_due": to_fall_due,
        "due_principal": due_principal,
        "due_interest": due_interest,
        "due_indemnity": due_indemnity,
        "due_total": due_principal + due_interest + due_indemnity,
        "to_fall_due_total": future,
        "total": due_principal + due_interest + due_indemnity + future,
    }
