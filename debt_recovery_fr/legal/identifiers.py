"""SIREN and SIRET numbers (INSEE identifiers of companies and establishments), VAT numbers."""

import re

from .errors import InvalidIdentifierError, _lt

# INSEE: La Poste's SIREN; its establishments' SIRET do not follow the Luhn key.
LA_POSTE_SIREN = "356000000"
# INSEE: La Poste's head office keeps an ordinary Luhn key.
LA_POSTE_HEAD_OFFICE_SIRET = "35600000000048"
_SEPARATORS = re.compile(r"[\s.\-]")


def _clean(value):
    return _SEPARATORS.sub("", str(value or ""))


def luhn_valid(digits):
    """Whether a string of digits passes the Luhn (mod 10) check."""
    if not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = int(char)
        if index % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


# INSEE: a SIREN has 9 digits with a Luhn key.
def is_valid_siren(value):
    """Whether ``value`` (spaces allowed) is a valid SIREN."""
    digits = _clean(value)
    return len(digits) == 9 and digits.isdigit() and luhn_valid(digits)


# INSEE: a SIRET has 14 digits with a Luhn key, except La Poste (sum of digits multiple of 5).
def is_valid_siret(value):
    """Whether ``value`` (spaces allowed) is a valid SIRET."""
    digits = _clean(value)
    if len(digits) != 14 or not digits.isdigit():
        return False
    if digits.startswith(LA_POSTE_SIREN) and digits != LA_POSTE_HEAD_OFFICE_SIRET:
        return sum(int(c) for c in digits) % 5 == 0
    return luhn_valid(digits)


def normalize_siren(value):
    """The 9 digits of a valid SIREN, else ``InvalidIdentifierError``."""
    digits = _clean(value)
    if not is_valid_siren(digits):
        raise InvalidIdentifierError(_lt("%(value)r is not a valid SIREN number."), value=value)
    return digits


def normalize_siret(value):
    """The 14 digits of a valid SIRET, else ``InvalidIdentifierError``."""
    digits = _clean(value)
    if not is_valid_siret(digits):
        raise InvalidIdentifierError(_lt("%(value)r is not a valid SIRET number."), value=value)
    return digits


def siren_from_siret(value):
    """The SIREN (first 9 digits) of a valid SIRET."""
    return normalize_siret(value)[:9]


# CGI art. 286 ter: the French VAT number is FR, a two-digit key, then the SIREN; the key is
# (12 + 3 × (SIREN mod 97)) mod 97 (BOI-TVA-DECLA-30-20-30).
def fr_vat_key(siren):
    """The two-digit key of the French VAT number of a valid ``siren``."""
    return f"{(12 + 3 * (int(normalize_siren(siren)) % 97)) % 97:02d}"


def normalize_fr_vat(value):
    """``FR`` + key + SIREN of a valid French VAT number (spaces allowed), else an error."""
    number = _clean(value).upper()
    siren = number[4:]
    if not (
        len(number) == 13
        and number.startswith("FR")
        and number[2:4].isdigit()
        and is_valid_siren(siren)
        and number[2:4] == fr_vat_key(siren)
    ):
        raise InvalidIdentifierError(
            _lt("%(value)r is not a valid French VAT number."), value=value
        )
    return number


def siren_from_fr_vat(value):
    """The SIREN (last 9 digits) of a valid French VAT number."""
    return normalize_fr_vat(value)[4:]
