"""SIREN/SIRET, phone numbers, amounts in words, postcodes."""

from decimal import Decimal

import pytest

from debt_recovery_fr.legal import amount_words, identifiers, phone, postcode
from debt_recovery_fr.legal.errors import (
    InvalidAmountError,
    InvalidIdentifierError,
    InvalidPhoneError,
    InvalidPostcodeError,
)


@pytest.mark.parametrize("siren", ["552032534", "552 032 534", "880878145", "839517323"])
def test_valid_siren(siren):
    """Real SIREN numbers (DANONE, GANYMEDE, RED NEEDLES: recherche-entreprises fixtures)."""
    assert identifiers.is_valid_siren(siren)
    assert identifiers.normalize_siren(siren) == siren.replace(" ", "")


@pytest.mark.parametrize("siren", ["552032535", "55203253", "5520325341", "ABCDEFGHI", "", None])
def test_invalid_siren(siren):
    assert not identifiers.is_valid_siren(siren)
    with pytest.raises(InvalidIdentifierError):
        identifiers.normalize_siren(siren)


def test_siret():
    """OCTO Technology 418 166 096 00069 (recherche-entreprises fixture); INSEE La Poste rule."""
    assert identifiers.is_valid_siret("418 166 096 00069")
    assert not identifiers.is_valid_siret("41816609600068")
    assert identifiers.siren_from_siret("41816609600069") == "418166096"
    # La Poste: SIRET valid when the sum of its digits is a multiple of 5
    assert identifiers.is_valid_siret("35600000000001")  # sum 15, fails Luhn
    assert not identifiers.luhn_valid("35600000000001")
    assert not identifiers.is_valid_siret("35600000000014")  # sum 19
    assert identifiers.is_valid_siret("35600000000048")  # head office, Luhn
    assert identifiers.is_valid_siren("356000000")
    with pytest.raises(InvalidIdentifierError, match="SIRET"):
        identifiers.normalize_siret("12345678900003")


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("07.81.23.45.67", "+33781234567"),
        ("01 42 68 53 00", "+33142685300"),
        ("0690 00 12 34", "+590690001234"),  # Guadeloupe
        ("0696 12 34 56", "+596696123456"),  # Martinique
        ("0694 20 12 34", "+594694201234"),  # Guyane
        ("0692 12 34 56", "+262692123456"),  # La Réunion
        ("0639 01 23 45", "+262639012345"),  # Mayotte
        ("+508 55 12 34", "+508551234"),  # Saint-Pierre-et-Miquelon
    ],
)
def test_normalize_phone(raw, e164):
    assert phone.normalize_phone(raw) == e164


def test_normalize_mobile_refuses_landlines():
    assert phone.normalize_mobile("0690 00 12 34") == "+590690001234"
    assert phone.is_mobile("06 12 34 56 78")
    assert not phone.is_mobile("01 42 68 53 00")
    with pytest.raises(InvalidPhoneError, match="not a mobile"):
        phone.normalize_mobile("01 42 68 53 00")


@pytest.mark.parametrize("raw", ["", None, "12", "06 12 34", "abc", "+33 6 12"])
def test_invalid_phone(raw):
    with pytest.raises(InvalidPhoneError):
        phone.normalize_phone(raw)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1234.56", "mille deux cent trente-quatre euros et cinquante-six centimes"),
        ("1.00", "un euro"),
        ("0.01", "un centime"),
        ("0.50", "cinquante centimes"),
        ("0", "zéro euro"),
        ("80", "quatre-vingts euros"),
        ("200", "deux cents euros"),
        ("21", "vingt et un euros"),
        ("71.71", "soixante et onze euros et soixante et onze centimes"),
        ("12000.00", "douze mille euros"),
        ("760.92", "sept cent soixante euros et quatre-vingt-douze centimes"),
        ("1000000", "un million d'euros"),
        ("2000000.01", "deux millions d'euros et un centime"),
    ],
)
def test_amount_to_words_fr(amount, words):
    assert amount_words.amount_to_words_fr(Decimal(amount)) == words


@pytest.mark.parametrize("amount", ["-1", "1.234", "abc"])
def test_amount_to_words_bad_input(amount):
    with pytest.raises(InvalidAmountError):
        amount_words.amount_to_words_fr(amount)


@pytest.mark.parametrize(
    ("code", "dep"),
    [
        ("75001", "75"),
        ("01000", "01"),
        ("20000", "2A"),
        ("20167", "2A"),
        ("20200", "2B"),
        ("20600", "2B"),
        ("97110", "971"),
        ("97200", "972"),
        ("97300", "973"),
        ("97400", "974"),
        ("97500", "975"),
        ("97600", "976"),
        ("95000", "95"),
    ],
)
def test_departement_from_postcode(code, dep):
    assert postcode.departement_from_postcode(code) == dep


@pytest.mark.parametrize("code", ["98000", "98800", "00100", "96000", "2A004", "7500", "", None])
def test_postcode_not_french_departement(code):
    with pytest.raises(InvalidPostcodeError):
        postcode.departement_from_postcode(code)


@pytest.mark.parametrize(
    ("vat", "siren"),
    [
        # DANONE (SIREN 552 032 534, recherche-entreprises fixture): FR27 552032534.
        ("FR27552032534", "552032534"),
        ("fr 27 552 032 534", "552032534"),
        # (12 + 3 × (412345670 mod 97)) mod 97 = 96.
        ("FR96412345670", "412345670"),
    ],
)
def test_valid_fr_vat(vat, siren):
    assert identifiers.normalize_fr_vat(vat) == "FR" + identifiers.fr_vat_key(siren) + siren
    assert identifiers.siren_from_fr_vat(vat) == siren


@pytest.mark.parametrize(
    "vat",
    [
        "FR28552032534",  # wrong key
        "FR27552032535",  # SIREN with a wrong Luhn key
        "FR2755203253",  # 8 digits
        "BE0477472701",  # not French
        "FRXX552032534",
        "",
        None,
    ],
)
def test_invalid_fr_vat(vat):
    with pytest.raises(InvalidIdentifierError):
        identifiers.normalize_fr_vat(vat)
