"""40 € indemnity (§3, checklist 13) and consumer fees (§4.2, checklist 20)."""

from decimal import Decimal
from decimal import Decimal as D

import pytest

from debt_recovery_fr.legal import consumer, indemnity
from debt_recovery_fr.legal.errors import (
    FeeNotAllowedError,
    InvalidAmountError,
    LegalError,
    UnknownDebtorTypeError,
)


def test_indemnity_40_per_b2b_invoice_paid_late():
    """Checklist 13; D441-5 C. com. (service-public.fr: 40 € per invoice paid late)."""
    assert indemnity.recovery_indemnity("b2b", paid_late=True) == Decimal("40.00")
    assert indemnity.recovery_indemnity("b2b", paid_late=False) == Decimal("0.00")
    assert indemnity.recovery_indemnity_total("b2b", 3) == Decimal("120.00")


def test_indemnity_never_for_consumers():
    """Checklist 13/14; §16.2: « not chargeable (L441-10 B2B only) »."""
    assert indemnity.recovery_indemnity("b2c", paid_late=True) == Decimal("0.00")
    assert indemnity.recovery_indemnity_total("b2c", 5) == Decimal("0.00")


def test_indemnity_not_due_when_opening_judgment_predates_due_date():
    """Checklist 13; L441-10 II in fine C. com."""
    assert indemnity.recovery_indemnity("b2b", True, opening_judgment_before_due=True) == Decimal(
        "0.00"
    )


def test_indemnity_bad_input():
    with pytest.raises(UnknownDebtorTypeError, match="'b2g'"):
        indemnity.recovery_indemnity("b2g", True)
    with pytest.raises(InvalidAmountError):
        indemnity.recovery_indemnity_total("b2b", -1)


def test_no_fee_for_consumer_without_title():
    """Checklist 20; L111-8 al. 2 CPCE."""
    with pytest.raises(FeeNotAllowedError) as err:
        consumer.check_fee_allowed("b2c", has_enforceable_title=False)
    assert "L111-8" in str(err.value)
    assert isinstance(err.value, LegalError)
    # legal_fr.md §19.4: a title does not make the amicable recovery costs the consumer's
    with pytest.raises(FeeNotAllowedError, match="even once a title"):
        consumer.check_fee_allowed("b2c", has_enforceable_title=True)
    assert consumer.check_fee_allowed("b2c", True, consumer.COST_ENFORCEMENT)
    assert consumer.check_fee_allowed("b2b", has_enforceable_title=False)
    assert consumer.is_fee_allowed("b2c", False) is False


def test_claim_line_with_fee_label_is_blocked_for_consumers():
    """Checklist 20: no « frais de recouvrement » / « frais de dossier » line before a title."""
    with pytest.raises(FeeNotAllowedError):
        consumer.check_claim_line_allowed("b2c", False, "Frais de dossier")
    with pytest.raises(FeeNotAllowedError):
        consumer.check_claim_line_allowed("b2c", False, "FRAIS DE RECOUVREMENT")
    assert consumer.check_claim_line_allowed("b2c", False, "Facture FA-2025-001")
    assert consumer.check_claim_line_allowed("b2b", False, "Frais de recouvrement")


def test_consumer_unknown_type():
    with pytest.raises(UnknownDebtorTypeError):
        consumer.check_fee_allowed("consumer", False)


def test_complementary_indemnity_b2b_costs_above_the_fixed_indemnities():
    """L441-10 II C. com.: costs above the 40 € per invoice are claimed on justification."""
    # Two late invoices (80 € of fixed indemnities), 130 € of registered letters and fees.
    assert indemnity.complementary_indemnity("b2b", D("130.00"), D("80.00")) == D("50.00")
    # Costs covered by the fixed indemnities: nothing more.
    assert indemnity.complementary_indemnity("b2b", D("35.00"), D("40.00")) == D("0.00")


def test_complementary_indemnity_consumer_needs_a_title():
    """L111-8 al. 2 CPCE: without an enforceable title the consumer bears no recovery cost."""
    assert indemnity.complementary_indemnity("b2c", D("130.00"), D("0")) == D("0.00")
    # legal_fr.md §19.4 (L111-8 al. 2): nor after a title for the costs of the amicable phase;
    # enforcement costs after the title (al. 1) are the consumer's.
    assert indemnity.complementary_indemnity(
        "b2c", D("130.00"), D("0"), has_enforceable_title=True
    ) == D("0.00")
    assert indemnity.complementary_indemnity(
        "b2c", D("130.00"), D("0"), True, consumer.COST_ENFORCEMENT
    ) == D("130.00")


def test_complementary_indemnity_bad_input():
    with pytest.raises(InvalidAmountError, match="recovery costs"):
        indemnity.complementary_indemnity("b2b", D("-1"), D("40"))
    with pytest.raises(UnknownDebtorTypeError):
        indemnity.complementary_indemnity("b2x", D("1"), D("40"))
