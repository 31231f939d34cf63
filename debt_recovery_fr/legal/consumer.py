"""Consumer protection: who bears the costs of recovery (L111-8 CPCE).

L111-8 CPCE: al. 1, the costs of enforcement are borne by the debtor (once there is a title to
enforce); al. 2, the costs of recovery begun without an enforceable title stay with the creditor,
**even after a title is obtained** (legal_fr.md §19.4); al. 3, the juge de l'exécution may put
them on a debtor in bad faith. The 40 € of L441-10 C. com. is the statute that derogates from
al. 2 between professionals only.
"""

from .common import B2C, check_debtor_type
from .errors import FeeNotAllowedError, LegalError, LegalNotice, _lt

# Words that name a recovery fee and may never appear on a consumer claim (legal_fr.md §19.4).
FEE_LABELS = (
    "frais de recouvrement",
    "frais de dossier",
    "frais de relance",
    "frais d'agence",
    "frais de gestion",
    "frais administratifs",
)

# L111-8 al. 2 CPCE: costs of recovery begun without an enforceable title (letters, agency,
# amicable commissaire), whenever the title is obtained.
COST_AMICABLE = "amicable"
# L111-8 al. 1 CPCE: costs of enforcing the title, incurred after it.
COST_ENFORCEMENT = "enforcement"
# L111-8 al. 3 CPCE: costs the juge de l'exécution put on a debtor in bad faith.
COST_JUDGE_AWARDED = "judge_awarded"
COST_KINDS = (COST_AMICABLE, COST_ENFORCEMENT, COST_JUDGE_AWARDED)


def _check_cost_kind(cost_kind):
    if cost_kind not in COST_KINDS:
        raise LegalError(_lt("Unknown kind of recovery cost %(kind)r."), kind=cost_kind)
    return cost_kind


# L111-8 CPCE: al. 2 (never the costs of recovery begun without a title, even after a title),
# al. 1 (enforcement costs once there is a title), al. 3 (what the JEX put on the debtor).
def is_fee_allowed(debtor_type, has_enforceable_title, cost_kind=COST_AMICABLE):
    """Whether a recovery cost of ``cost_kind`` may be charged to this debtor."""
    check_debtor_type(debtor_type)
    _check_cost_kind(cost_kind)
    if debtor_type != B2C or cost_kind == COST_JUDGE_AWARDED:
        return True
    if cost_kind == COST_ENFORCEMENT:
        return bool(has_enforceable_title)
    return False


# L111-8 CPCE: why a cost is kept out of a consumer's claim (``None`` when it may be claimed).
def cost_exclusion(debtor_type, has_enforceable_title, cost_kind=COST_AMICABLE):
    """A ``LegalNotice`` naming the article that keeps this cost with the creditor, or ``None``."""
    if is_fee_allowed(debtor_type, has_enforceable_title, cost_kind):
        return None
    if cost_kind == COST_ENFORCEMENT:
        return LegalNotice(
            _lt(
                "Enforcement costs are only borne by the debtor once there is an enforceable "
                "title (art. L111-8 al. 1 CPCE): kept out of the claim."
            )
        )
    return LegalNotice(
        _lt(
            "The costs of a recovery begun without an enforceable title stay with the creditor, "
            "even after a title is obtained (art. L111-8 al. 2 CPCE): kept out of the claim."
        )
    )


# L111-8 al. 2 CPCE: checked before any fee is added to a claim, letter or statement.
def check_fee_allowed(debtor_type, has_enforceable_title, cost_kind=COST_AMICABLE):
    """Raise ``FeeNotAllowedError`` for a cost a consumer does not owe."""
    if not is_fee_allowed(debtor_type, has_enforceable_title, cost_kind):
        raise FeeNotAllowedError(
            _lt(
                "No recovery fee may be charged to a consumer for a recovery begun without an "
                "enforceable title, even once a title is obtained: such costs stay with the "
                "creditor (art. L111-8 of the Code des procédures civiles d'exécution)."
            )
        )
    return True


# L111-8 al. 2 CPCE (legal_fr.md §19.4): the wordings that name a cost of amicable recovery.
def names_recovery_fee(text):
    """Whether ``text`` names a recovery fee of ``FEE_LABELS`` (any case, typographic
    apostrophe or not)."""
    lowered = " ".join((text or "").replace("\u2019", "'").lower().split())
    return any(word in lowered for word in FEE_LABELS)


# L111-8 al. 2 CPCE: a consumer claim line must never name a recovery fee (legal_fr.md §19.4).
def check_claim_line_allowed(debtor_type, has_enforceable_title, label):
    """Raise ``FeeNotAllowedError`` if ``label`` names a recovery fee charged to a consumer.

    The words of ``FEE_LABELS`` name the costs of amicable recovery, which a consumer never owes,
    title or not; enforcement costs are named as such (« frais d'exécution »).
    """
    if names_recovery_fee(label):
        check_fee_allowed(debtor_type, has_enforceable_title, COST_AMICABLE)
    return True
