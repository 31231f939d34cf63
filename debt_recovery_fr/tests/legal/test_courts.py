"""Competent court's seat from the département and town of the debtor (annexe 7-1, arrêté of
5 July 2024)."""

import datetime

import pytest

from debt_recovery_fr.legal import courts, procedures
from debt_recovery_fr.legal.errors import InvalidDateError

date = datetime.date


def test_the_table_is_read():
    # Every metropolitan département has a commercial court row (overseas: not in the annexe).
    departements = {code for court in courts.COMMERCIAL_COURTS for code in court.departements}
    assert {"01", "2A", "2B", "75", "95"} <= departements
    assert not {"971", "974"} & departements
    assert len(courts.ECONOMIC_COURT_SEATS) == 12
    assert courts.ECONOMIC_COURT_SEATS <= {court.seat for court in courts.COMMERCIAL_COURTS}


def test_one_court_in_the_departement():
    """Paris and Hauts-de-Seine have one commercial court: any town gets it."""
    assert courts.commercial_court_seat("75", "Paris").seat == "Paris"
    assert courts.commercial_court_seat("92", "Boulogne-Billancourt").seat == "Nanterre"
    assert courts.judicial_court_seat("92", "Boulogne-Billancourt").seat == "Nanterre"
    assert courts.commercial_court_seat("72", "La Flèche").seat == "Le Mans"


def test_several_courts_the_town_decides():
    """Bouches-du-Rhône: four commercial courts; a seat town gets its own, others choose."""
    marseille = courts.commercial_court_seat("13", "Marseille 8e")
    assert marseille.seat == "Marseille"
    vitrolles = courts.commercial_court_seat("13", "Vitrolles")
    assert vitrolles.seat is None
    assert set(vitrolles.candidates) == {
        "Aix-en-Provence",
        "Marseille",
        "Salon-de-Provence",
        "Tarascon",
    }
    # Accents, hyphens and CEDEX do not hide the town.
    assert courts.commercial_court_seat("42", "SAINT ETIENNE CEDEX 2").seat == "Saint-Etienne"
    assert courts.judicial_court_seat("69", "Lyon").seat == "Lyon"
    assert courts.judicial_court_seat("69", "Villeurbanne").seat is None


def test_shared_ressort_or_unknown_departement_leaves_the_choice():
    # Ille-et-Vilaine: only Saint-Malo (whose ressort spans two départements) is in the source.
    rennes = courts.commercial_court_seat("35", "Rennes")
    assert (rennes.seat, rennes.candidates) == (None, ("Saint-Malo",))
    assert courts.commercial_court_seat("974", "Saint-Denis") == courts.CourtSeat(None)


def test_alsace_moselle_chambre_commerciale():
    """Art. L721-1 C. com.: a chambre commerciale of the tribunal judiciaire."""
    strasbourg = courts.commercial_court_seat("67", "Strasbourg Cedex")
    assert (strasbourg.seat, strasbourg.kind) == ("Strasbourg", courts.CHAMBRE_COMMERCIALE)


def test_economic_courts_during_the_experiment():
    """Arrêté of 5 July 2024: 12 TAE from 1 January 2025 to 31 December 2028."""
    assert courts.is_economic_court("Paris", date(2025, 1, 1))
    assert courts.is_economic_court("Nanterre", date(2028, 12, 31))
    assert not courts.is_economic_court("Paris", date(2024, 12, 31))
    assert not courts.is_economic_court("Paris", date(2029, 1, 1))
    assert not courts.is_economic_court("Toulouse", date(2026, 5, 15))
    with pytest.raises(InvalidDateError):
        courts.is_economic_court("Paris", "2026-05-15")
    assert (
        procedures.competent_court("b2b", commercial_court_seat="Lyon", on=date(2026, 5, 15))
        == procedures.ECONOMIC_COURT
    )
    assert (
        procedures.competent_court("b2b", commercial_court_seat="Lyon", on=date(2029, 1, 1))
        == procedures.COMMERCIAL_COURT
    )
