"""Procedure choice: legal_fr.md §7-§9 and checklist 28, 31, 32, 34."""

from decimal import Decimal

import pytest

from debt_recovery_fr.legal import procedures as pr
from debt_recovery_fr.legal.errors import InvalidAmountError, LegalError, UnknownDebtorTypeError

D = Decimal


def _by_code(options):
    return {o.code: o for o in options}


def test_all_codes_returned_in_order():
    options = pr.procedure_options(D("3000.00"), "b2b")
    assert [o.code for o in options] == list(pr.PROCEDURE_CODES)


def test_simplified_procedure_threshold():
    """Checklist 28; R125-1 CPCE: principal + interest <= 5 000 €, contractual/statutory cause."""
    assert pr.simplified_procedure_eligible(D("5000.00"))
    assert not pr.simplified_procedure_eligible(D("5000.01"))
    assert not pr.simplified_procedure_eligible(D("100.00"), cause="tort")
    option = _by_code(pr.procedure_options(D("5000.01"), "b2b"))["simplified_procedure"]
    assert not option.allowed
    assert "5000" in option.reason
    assert option.params["ceiling"] == D("5000")


def test_court_selector():
    """Checklist 31."""
    assert pr.competent_court("b2b") == pr.COMMERCIAL_COURT
    assert pr.competent_court("b2b", commercial_court_seat="Lyon") == pr.ECONOMIC_COURT
    assert pr.competent_court("b2c") == pr.JUDICIAL_COURT
    assert pr.competent_court("b2c", consumer_credit_or_lease=True) == pr.PROTECTION_JUDGE


def test_lawyer_required_above_10000():
    """Checklist 32; art. 853 and 761 CPC."""
    for court in (pr.COMMERCIAL_COURT, pr.ECONOMIC_COURT, pr.JUDICIAL_COURT):
        assert not pr.lawyer_required(D("10000.00"), court)
        assert pr.lawyer_required(D("10000.01"), court)
    assert not pr.lawyer_required(D("50000.00"), pr.PROTECTION_JUDGE)
    assert not pr.lawyer_required(D("50000.00"), pr.COMMERCIAL_COURT, pr.PAYMENT_ORDER)
    options = _by_code(pr.procedure_options(D("25000.00"), "b2b"))
    assert options["litigation"].lawyer_required
    assert options["summary_proceedings"].lawyer_required
    assert not options["payment_order"].lawyer_required
    with pytest.raises(LegalError):
        pr.lawyer_required(D("1.00"), "cour_de_cassation")


def test_tj_small_claims_need_prior_amicable_attempt():
    """Checklist 34; art. 750-1 CPC; IP requests are exempt."""
    options = _by_code(pr.procedure_options(D("3000.00"), "b2c"))
    assert not options["litigation"].allowed
    assert "750-1" in options["litigation"].reason
    assert options["payment_order"].allowed
    done = _by_code(pr.procedure_options(D("3000.00"), "b2c", amicable_attempt_done=True))
    assert done["litigation"].allowed
    # no such obligation before the tribunal de commerce
    assert _by_code(pr.procedure_options(D("3000.00"), "b2b"))["litigation"].allowed


def test_contested_claim():
    """§9: référé-provision needs an obligation not seriously contestable."""
    options = _by_code(pr.procedure_options(D("3000.00"), "b2b", contested=True))
    assert not options["summary_proceedings"].allowed
    assert not options["simplified_procedure"].allowed
    assert options["payment_order"].allowed
    assert options["litigation"].allowed


def test_collective_proceeding_refuses_everything():
    """L622-21 C. com."""
    options = pr.procedure_options(D("3000.00"), "b2b", collective_proceeding=True)
    assert not any(o.allowed for o in options)
    assert all("L622-21" in o.reason for o in options)


def test_prescribed_claim():
    options = _by_code(pr.procedure_options(D("3000.00"), "b2c", prescribed=True))
    assert not any(o.allowed for o in options.values())
    with_title = _by_code(
        pr.procedure_options(D("3000.00"), "b2c", prescribed=True, has_enforceable_title=True)
    )
    assert with_title["enforcement"].allowed
    assert not with_title["payment_order"].allowed


def test_enforcement_needs_title():
    """L111-2 and L111-4 CPCE."""
    assert not _by_code(pr.procedure_options(D("3000.00"), "b2b"))["enforcement"].allowed
    titled = pr.procedure_options(D("3000.00"), "b2b", has_enforceable_title=True)
    assert _by_code(titled)["enforcement"].allowed
    expired = pr.procedure_options(
        D("3000.00"), "b2b", has_enforceable_title=True, title_expired=True
    )
    assert not _by_code(expired)["enforcement"].allowed


def test_reasons_are_constant_templates():
    for option in pr.procedure_options(D("3000.00"), "b2c"):
        assert option.reason_template
        assert "€" not in option.reason_template, "the caller formats the amounts"
        if option.params:
            assert option.reason != option.reason_template
    # The plain rendering: amounts in euros, the court by its name (never its code).
    options = _by_code(pr.procedure_options(D("6000.00"), "b2b"))
    assert "6000.00 €" in options["simplified_procedure"].reason
    assert "5000 €" in options["simplified_procedure"].reason
    assert "Tribunal de commerce" in options["payment_order"].reason
    assert "tribunal_de_commerce" not in options["payment_order"].reason


def test_bad_input():
    with pytest.raises(InvalidAmountError):
        pr.procedure_options(D("-1"), "b2b")
    with pytest.raises(UnknownDebtorTypeError):
        pr.procedure_options(D("1.00"), "pro")
