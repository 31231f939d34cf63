"""Fixed indemnity for recovery costs between professionals."""

from decimal import Decimal

from .common import B2C, check_amount, check_debtor_type
from .consumer import COST_AMICABLE, is_fee_allowed
from .errors import InvalidAmountError, _lt

# D441-5 C. com.: the fixed indemnity for recovery costs is 40 euros.
RECOVERY_INDEMNITY = Decimal("40.00")
ZERO = Decimal("0.00")


# L441-10 II C. com.: 40 € per invoice paid late, between professionals only.
def recovery_indemnity(debtor_type, paid_late, opening_judgment_before_due=False):
    """40 € for a B2B invoice paid late; 0 for a consumer or when proceedings barred payment."""
    check_debtor_type(debtor_type)
    if debtor_type == B2C or not paid_late or opening_judgment_before_due:
        return ZERO
    return RECOVERY_INDEMNITY


# L441-10 II C. com.: the indemnity is due per invoice (CJEU C-585/20), not per claim.
def recovery_indemnity_total(debtor_type, late_invoice_count, opening_judgment_before_due=False):
    """Indemnities for ``late_invoice_count`` invoices paid late by the same debtor."""
    if (
        isinstance(late_invoice_count, bool)
        or not isinstance(late_invoice_count, int)
        or late_invoice_count < 0
    ):
        raise InvalidAmountError(
            _lt("The number of invoices paid late must be a whole number >= 0, got %(count)r."),
            count=late_invoice_count,
        )
    unit = recovery_indemnity(debtor_type, late_invoice_count > 0, opening_judgment_before_due)
    return unit * late_invoice_count


# L441-10 II C. com.: recovery costs above the fixed indemnity are claimable on justification;
# L111-8 CPCE: a consumer never bears the costs of a recovery begun without a title (al. 2), even
# after a title; only enforcement costs after it (al. 1) and what the JEX awards (al. 3).
def complementary_indemnity(
    debtor_type,
    recovery_costs,
    fixed_indemnities,
    has_enforceable_title=False,
    cost_kind=COST_AMICABLE,
):
    """The part of the justified recovery costs that is claimed on top of the 40 € indemnities."""
    check_debtor_type(debtor_type)
    costs = check_amount(recovery_costs, "recovery costs", allow_zero=True)
    fixed = check_amount(fixed_indemnities, "fixed indemnities", allow_zero=True)
    if debtor_type == B2C:
        return costs if is_fee_allowed(debtor_type, has_enforceable_title, cost_kind) else ZERO
    return max(costs - fixed, ZERO)
