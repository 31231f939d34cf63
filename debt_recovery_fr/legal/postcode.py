"""Département of a French postcode."""

import re

from .errors import InvalidPostcodeError, _lt

_POSTCODE = re.compile(r"^\d{5}$")
# La Poste: Saint-Barthélemy and Saint-Martin use Guadeloupe's 971 prefix (INSEE codes 977, 978).
_COLLECTIVITIES = {"97133": "977", "97150": "978"}


# La Poste / INSEE: the first 2 digits give the département; Corsica 20 → 2A/2B; overseas 97x.
def departement_from_postcode(postcode):
    """INSEE code of the département of ``postcode`` (``'75'``, ``'2A'``, ``'971'``...)."""
    code = re.sub(r"\s", "", str(postcode or ""))
    if not _POSTCODE.match(code):
        raise InvalidPostcodeError(_lt("%(postcode)r is not a French postcode."), postcode=postcode)
    prefix = int(code[:2])
    if code in _COLLECTIVITIES:
        return _COLLECTIVITIES[code]
    if prefix == 20:
        # La Poste: 200xx-201xx Corse-du-Sud (2A), 202xx-206xx Haute-Corse (2B).
        return "2A" if int(code[2]) < 2 else "2B"
    if prefix == 97:
        departement = code[:3]
        if departement in ("971", "972", "973", "974", "975", "976"):
            return departement
        raise InvalidPostcodeError(
            _lt("%(postcode)r is not in a French overseas département."), postcode=postcode
        )
    if 1 <= prefix <= 95:
        return code[:2]
    if prefix == 98:
        # La Poste: 980xx is Monaco; 986-988 are Pacific territories, not départements.
        raise InvalidPostcodeError(
            _lt("%(postcode)r is Monaco or a French Pacific territory, not a French département."),
            postcode=postcode,
        )
    raise InvalidPostcodeError(_lt("%(postcode)r is not a French postcode."), postcode=postcode)
