"""Escalation: commissaire fees, procedure deadlines, proof file, claim declaration."""

import datetime
from decimal import Decimal

import pytest

from debt_recovery_fr.legal import collective, escalation, procedures
from debt_recovery_fr.legal.errors import InvalidAmountError, InvalidDateError, LegalError

date = datetime.date
D = Decimal
# The agreement of the issue: 60 € HT per file, + 15 % HT of the sums recovered from 500 €;
# commissaires' fees are expressed before VAT (art. A444-10 s. C. com.), VAT 20 % on top.
AGREEMENT = escalation.FeeAgreement(D("60"), D("500"), D("15"))


def test_fee_below_threshold_is_the_fixed_fee_with_vat():
    fee = escalation.commissaire_fee(D("499.99"), AGREEMENT)
    assert (fee.fixed_fee, fee.percent_fee_untaxed) == (D("60"), D("0"))
    assert (fee.untaxed, fee.tax, fee.total) == (D("60.00"), D("12.00"), D("72.00"))
    assert fee.net_recovery == D("427.99")


def test_fee_above_threshold_adds_the_percentage_with_vat():
    # 1 234.56 × 15 % = 185.184 → 185.18; 60 + 185.18 = 245.18 HT; VAT 20 % = 49.036 → 49.04;
    # 245.18 + 49.04 = 294.22 TTC.
    fee = escalation.commissaire_fee(D("1234.56"), AGREEMENT)
    assert (fee.percent_fee_untaxed, fee.untaxed, fee.tax) == (D("185.18"), D("245.18"), D("49.04"))
    assert fee.total == D("294.22")
    assert fee.net_recovery == D("940.34")
    # The threshold itself is not "below 500 €": (60 + 75) × 1.2.
    assert escalation.commissaire_fee(D("500"), AGREEMENT).total == D("162.00")


def test_fee_without_vat():
    """A commissaire not liable to VAT (vat_rate 0) charges the agreement's amounts as they are."""
    agreement = escalation.FeeAgreement(D("60"), D("500"), D("15"), vat_rate=D("0"))
    assert escalation.commissaire_fee(D("1000"), agreement).total == D("210.00")


def test_fee_on_nothing_recovered_and_bad_agreement():
    assert escalation.commissaire_fee(D("0"), AGREEMENT).net_recovery == D("-72.00")
    with pytest.raises(InvalidAmountError):
        escalation.commissaire_fee(D("10"), escalation.FeeAgreement(D("60"), D("0"), D("150")))
    with pytest.raises(InvalidAmountError):
        escalation.commissaire_fee(D("-1"), AGREEMENT)


def test_simplified_procedure_reply_window():
    """R125-2 CPCE: one month from the commissaire's letter."""
    # Saturday 28 February 2026 runs to Monday 2 March (art. 642 CPC).
    assert escalation.simplified_reply_deadline(date(2026, 1, 31)) == date(2026, 3, 2)
    assert escalation.simplified_reply_deadline(date(2026, 1, 30)) == date(2026, 3, 2)
    assert escalation.simplified_reply_deadline(date(2026, 1, 27)) == date(2026, 2, 27)
    assert escalation.simplified_reply_deadline(date(2026, 5, 15)) == date(2026, 6, 15)
    with pytest.raises(InvalidDateError):
        escalation.simplified_reply_deadline("2026-05-15")


def test_title_expiry_and_reminder_date():
    """L111-4 CPCE: 10 years; the reminder a week before, never in the past."""
    assert escalation.title_expiry(date(2024, 2, 29)) == date(2034, 2, 28)
    assert escalation.reminder_date(date(2026, 6, 15), date(2026, 5, 15)) == date(2026, 6, 8)
    assert escalation.reminder_date(date(2026, 5, 18), date(2026, 5, 15)) == date(2026, 5, 15)
    assert escalation.reminder_date(date(2026, 5, 1), date(2026, 5, 15)) == date(2026, 5, 15)


def test_summary_proceedings_appeal_window():
    """Art. 490 CPC: 15 days from the service of the ordonnance de référé."""
    assert escalation.appeal_deadline("summary_proceedings", date(2026, 5, 12)) == date(2026, 5, 27)
    # Across the month end, a delay in days stays in days.
    # (Sunday 5 July 2026 runs to Monday 6 July: art. 642 CPC.)
    assert escalation.appeal_deadline("summary_proceedings", date(2026, 6, 20)) == date(2026, 7, 6)
    assert escalation.appeal_deadline("summary_proceedings", date(2026, 6, 19)) == date(2026, 7, 6)
    # Tuesday 14 July 2026 is the national holiday (art. L3133-1 C. trav.).
    assert escalation.appeal_deadline("summary_proceedings", date(2026, 6, 29)) == date(2026, 7, 15)
    # Art. 514 CPC: enforceable once served (art. 503 CPC), not before.
    assert escalation.decision_enforceable_from("summary_proceedings", date(2026, 5, 12)) == date(
        2026, 5, 12
    )


def test_judgment_appeal_window():
    """Art. 538 CPC: one month from service; art. 641 CPC: the last day of a shorter month."""
    assert escalation.appeal_deadline("litigation", date(2026, 3, 16)) == date(2026, 4, 16)
    assert escalation.appeal_deadline("litigation", date(2025, 1, 31)) == date(2025, 2, 28)
    # Saturday 28 February 2026: Monday 2 March (art. 642 CPC).
    assert escalation.appeal_deadline("litigation", date(2026, 1, 31)) == date(2026, 3, 2)
    # Friday 25 December 2026 runs to Monday 28, Saturday 26 being a holiday in Alsace-Moselle too.
    assert escalation.appeal_deadline("litigation", date(2026, 11, 25)) == date(2026, 12, 28)
    assert escalation.appeal_deadline(
        "litigation", date(2026, 11, 25), alsace_moselle=True
    ) == date(2026, 12, 28)
    # Art. 539 CPC: without provisional enforcement, the appeal window suspends enforcement.
    assert escalation.decision_enforceable_from(
        "litigation", date(2026, 3, 16), provisionally_enforceable=False
    ) == date(2026, 4, 17)
    assert escalation.decision_enforceable_from("litigation", date(2026, 3, 16)) == date(
        2026, 3, 16
    )
    with pytest.raises(LegalError):
        escalation.appeal_deadline("payment_order", date(2026, 3, 16))
    with pytest.raises(InvalidDateError):
        escalation.appeal_deadline("litigation", "2026-03-16")


def test_default_judgment_void_if_not_served_within_6_months():
    """Art. 478 CPC: a judgment by default not served within 6 months of its date is void."""
    decision = date(2026, 3, 10)
    assert escalation.judgment_service_deadline(decision, by_default=True) == date(2026, 9, 10)
    assert escalation.judgment_service_deadline(decision, by_default=False) is None
    assert not escalation.is_judgment_void(decision, True, service_date=date(2026, 9, 10))
    assert escalation.is_judgment_void(decision, True, service_date=date(2026, 9, 11))
    assert escalation.is_judgment_void(decision, True, on=date(2026, 9, 11))
    assert not escalation.is_judgment_void(decision, True, on=date(2026, 9, 10))
    # A contradictory judgment has no such deadline.
    assert not escalation.is_judgment_void(decision, False, on=date(2027, 9, 11))
    # 31 August + 6 months: the last day of February.
    assert escalation.judgment_service_deadline(date(2026, 8, 31), True) == date(2027, 2, 28)
    with pytest.raises(InvalidDateError):
        escalation.is_judgment_void(decision, True, service_date=date(2026, 3, 9))
    with pytest.raises(InvalidDateError):
        escalation.is_judgment_void(decision, True)


def test_missing_evidence():
    """Art. 1353 C. civ., 1407 CPC: the basis of the claim and the proof of delivery."""
    assert escalation.missing_evidence([]) == ["basis", "delivery_proof"]
    assert escalation.missing_evidence(["signed_quote"]) == ["delivery_proof"]
    assert escalation.missing_evidence(["delivery_proof", "order_form"]) == []


def test_claim_declaration_split():
    """L622-25, L622-28 C. com.: due at the opening with its interest; to fall due, principal."""
    lines = [
        collective.DeclaredLine("F1", date(2026, 1, 31), D("1000"), D("35.12"), D("40")),
        collective.DeclaredLine("F2", date(2026, 3, 31), D("500"), D("0"), D("0")),
    ]
    split = collective.split_claim(lines, date(2026, 3, 1))
    assert [line.reference for line in split["due"]] == ["F1"]
    assert [line.reference for line in split["to_fall_due"]] == ["F2"]
    assert split["due_total"] == D("1075.12")
    assert split["to_fall_due_total"] == D("500")
    assert split["total"] == D("1575.12")


def test_enforcement_needs_a_title_less_than_10_years_old():
    """L111-2, L111-4 CPCE."""
    assert not procedures.enforcement_option(False).allowed
    assert procedures.enforcement_option(True).allowed
    assert not procedures.enforcement_option(True, title_expired=True).allowed
