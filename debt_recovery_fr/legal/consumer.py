"""Consumer protection: no recovery fee without an enforceable title."""

from .common import B2C, check_debtor_type
from .errors import FeeNotAllowedError, _lt

# Words that name a recovery fee and may never appear on a consumer claim without a title.
FEE_LABELS = ("frais de recouvrement", "frais de dossier", "frais de relance", "frais d'agence")


# L111-8 al. 2 CPCE: recovery costs incurred without an enforceable title stay with the creditor.
def is_fee_allowed(debtor_type, has_enforceable_title):
    """Whether a recovery fee may be charged to this debtor."""
    check_debtor_type(debtor_type)
    return debtor_type != B2C or bool(has_enforceable_title)


# L111-8 al. 2 CPCE: checked before any fee is added to a claim, letter or statement.
def check_fee_allowed(debtor_type, has_enforceable_title):
    """Raise ``FeeNotAllowedError`` for a fee charged to a consumer without a title."""
    if not is_fee_allowed(debtor_type, has_enforceable_title):
        raise FeeNotAllowedError(
            _lt(
                "No recovery fee may be charged to a consumer without an enforceable title: such "
                "costs stay with the creditor (art. L111-8 of the Code des procédures civiles "
                "d'exécution)."
            )
        )
    return True


# L111-8 al. 2 CPCE: a consumer claim line must not name a recovery fee before a title exists.
def check_claim_line_allowed(debtor_type, has_enforceable_title, label):
    """Raise ``FeeNotAllowedError`` if ``label`` names a recovery fee that is not allowed."""
    lowered = (label or "").lower()
    if any(word in lowered for word in FEE_LABELS):
        check_fee_allowed(debtor_type, has_enforceable_title)
    return True
