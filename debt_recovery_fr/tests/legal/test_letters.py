"""What the letters write: dates, rates, deadlines and procedures in French."""

import datetime
from decimal import Decimal

import pytest

from debt_recovery_fr.legal import letters
from debt_recovery_fr.legal.errors import LegalError
from debt_recovery_fr.legal.procedures import procedure_options


def test_date_fr():
    assert letters.date_fr(datetime.date(2026, 12, 1)) == "1er décembre 2026"
    assert letters.date_fr(datetime.date(2026, 8, 15)) == "15 août 2026"
    assert letters.date_fr(datetime.date(2026, 11, 23), weekday=True) == "lundi 23 novembre 2026"


def test_percent_and_days():
    assert letters.percent_fr(Decimal("13.15")) == "13,15\N{NO-BREAK SPACE}%"
    assert letters.percent_fr(Decimal("2.6")) == "2,60\N{NO-BREAK SPACE}%"
    assert letters.days_in_words_fr(8) == "huit (8) jours"
    assert letters.days_in_words_fr(15) == "quinze (15) jours"


def test_payment_deadline():
    day = datetime.date(2026, 11, 23)
    assert letters.payment_deadline(day, 8) == datetime.date(2026, 12, 1)
    assert letters.payment_deadline(day, 15) == datetime.date(2026, 12, 8)
    for days in (0, 7, -1, True, "8"):
        with pytest.raises(LegalError):
            letters.payment_deadline(day, days)


def test_announced_procedure_b2b_small_claim():
    options = procedure_options(Decimal("1200"), "b2b")
    assert letters.announced_procedure_fr(options).startswith(
        "la procédure simplifiée de recouvrement des petites créances"
    )


def test_announced_procedure_b2b_large_claim_names_the_court():
    options = procedure_options(Decimal("12000"), "b2b")
    text = letters.announced_procedure_fr(options)
    assert text.startswith("une requête en injonction de payer devant le tribunal de commerce")


def test_announced_procedure_contested_consumer_claim():
    # Contested: no simplified procedure, the payment order stays open (an opposition is likely).
    options = procedure_options(Decimal("800"), "b2c", contested=True)
    text = letters.announced_procedure_fr(options, consumer=True)
    assert "injonction de payer devant le tribunal judiciaire" in text
    # A consumer has a home, not a seat.
    assert "du lieu de votre domicile" in text
    assert "siège" not in text


def test_announced_procedure_business_names_seat_or_home():
    options = procedure_options(Decimal("12000"), "b2b")
    assert "du lieu de votre siège ou domicile" in letters.announced_procedure_fr(options)


def test_nothing_announced_in_collective_proceedings():
    options = procedure_options(Decimal("800"), "b2b", collective_proceeding=True)
    assert letters.announced_procedure_fr(options) is None


def test_identifiers_as_printed():
    assert letters.format_siren_fr("552032534") == "552 032 534"
    assert letters.format_siret_fr("55203253400646") == "552 032 534 00646"


def test_definite_article_elides_before_a_vowel():
    assert letters.with_definite_article_fr("injonction de payer", True) == (
        "l'injonction de payer"
    )
    assert letters.with_definite_article_fr("exécution forcée", True) == "l'exécution forcée"
    assert letters.with_definite_article_fr("assignation en paiement", True) == (
        "l'assignation en paiement"
    )
    assert letters.with_definite_article_fr("procédure simplifiée", True) == (
        "la procédure simplifiée"
    )
    assert letters.with_definite_article_fr("référé-provision") == "le référé-provision"
