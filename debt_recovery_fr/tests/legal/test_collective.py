"""Collective proceedings: legal_fr.md §11 and checklist 35-37."""

import datetime

from debt_recovery_fr.legal import collective

date = datetime.date


def test_declaration_deadline():
    """Checklist 36; R622-24 C. com. (2 months, +2 outside metropolitan France)."""
    assert collective.declaration_deadline(date(2025, 4, 10)) == date(2025, 6, 10)
    assert collective.declaration_deadline(date(2025, 12, 31)) == date(2026, 2, 28)
    assert collective.declaration_deadline(date(2025, 4, 10), True) == date(2025, 8, 10)


def test_relief_from_foreclosure():
    """L622-26 C. com.: 6 months from the publication (the former « 1 year if the creditor could
    not know » is gone since 2014, legal_fr.md §19.2: see test_corrections)."""
    assert collective.relief_from_foreclosure_deadline(date(2025, 4, 10)) == date(2025, 10, 10)


def test_pre_opening_claims_are_frozen():
    """Checklist 35; L622-21 C. com."""
    opening = date(2025, 5, 1)
    assert collective.recovery_frozen(date(2025, 3, 1), opening, date(2025, 6, 1))
    assert not collective.recovery_frozen(date(2025, 3, 1), opening, date(2025, 4, 1))
    assert not collective.recovery_frozen(date(2025, 5, 2), opening, date(2025, 6, 1))
    assert not collective.recovery_frozen(date(2025, 3, 1), None, date(2025, 6, 1))


def test_opening_judgment_kind():
    """L620-1, L631-1, L640-1 C. com.: what a BODACC judgment opens (wording of the notices)."""
    kind = collective.opening_judgment_kind
    assert (
        kind("Jugement d'ouverture", "Jugement d'ouverture de liquidation judiciaire")
        == "liquidation"
    )
    assert (
        kind("Jugement prononçant", "Jugement de conversion en liquidation judiciaire")
        == "liquidation"
    )
    assert (
        kind(
            "Jugement d'ouverture",
            "Jugement d'ouverture d'une procédure de redressement judiciaire",
        )
        == "redressement"
    )
    assert (
        kind("Jugement d'ouverture", "Jugement d'ouverture d'une procédure de sauvegarde")
        == "sauvegarde"
    )
    # The wording may be in the complement only.
    assert (
        kind(
            "Extrait de jugement",
            "Autre jugement et ordonnance",
            "Prononce la liquidation judiciaire sur conversion de la procédure de redressement",
        )
        == "liquidation"
    )


def test_other_notices_open_nothing():
    kind = collective.opening_judgment_kind
    assert kind("Jugement de clôture", "Jugement de clôture pour insuffisance d'actif") is None
    assert kind("Jugement", "Jugement arrêtant le plan de redressement") is None
    assert (
        kind(
            "Avis de dépôt",
            "Dépôt de l'état des créances",
            "Ouverture d'une procédure de liquidation judiciaire",
        )
        is None
    )
    assert kind("", "") is None
