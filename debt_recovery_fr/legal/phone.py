"""French and overseas phone numbers, normalised to E.164 with ``phonenumbers``."""

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from .errors import InvalidPhoneError, _lt

# ARCEP national numbering plan: overseas departments and collectivities dialled with a 0 prefix.
OVERSEAS_REGIONS = ("GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF")
# Other French territories with their own numbering (no trunk prefix shared with France).
OTHER_FRENCH_REGIONS = ("NC", "PF", "WF")
FRENCH_REGIONS = ("FR", *OVERSEAS_REGIONS, *OTHER_FRENCH_REGIONS)
_MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def _parse(raw, region):
    try:
        return phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None


def parse_phone(raw, default_region="FR"):
    """Parse ``raw`` into a valid ``PhoneNumber``; national numbers may be overseas ones."""
    text = (raw or "").strip()
    if not text:
        raise InvalidPhoneError(_lt("The phone number is empty."))
    number = _parse(text, default_region)
    if number is not None and phonenumbers.is_valid_number(number):
        return number
    if not text.startswith("+") and not text.startswith("00") and default_region in FRENCH_REGIONS:
        # 0690 12 34 56 typed with region FR is a Guadeloupe mobile (+590 690 12 34 56).
        for region in OVERSEAS_REGIONS:
            candidate = _parse(text, region)
            if candidate is not None and phonenumbers.is_valid_number(candidate):
                return candidate
    raise InvalidPhoneError(_lt("%(raw)r is not a valid phone number."), raw=raw)


def normalize_phone(raw, default_region="FR"):
    """``raw`` as an E.164 string (``+33612345678``), else ``InvalidPhoneError``."""
    return phonenumbers.format_number(parse_phone(raw, default_region), PhoneNumberFormat.E164)


def is_mobile(raw, default_region="FR"):
    """Whether ``raw`` is a valid number that can be a mobile."""
    try:
        number = parse_phone(raw, default_region)
    except InvalidPhoneError:
        return False
    return phonenumbers.number_type(number) in _MOBILE_TYPES


def normalize_mobile(raw, default_region="FR"):
    """E.164 form of a number that can receive SMS, else ``InvalidPhoneError``."""
    number = parse_phone(raw, default_region)
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise InvalidPhoneError(
            _lt("%(raw)r is not a mobile number: no SMS can be sent to it."), raw=raw
        )
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)
