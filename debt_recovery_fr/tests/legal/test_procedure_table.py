"""legal/procedures.py owns the procedures (issue 17): one table, and the views the models
will build their selections, deadlines and Cerfa from. The expected values are those the models
hold today (debt_recovery_case.PHASES, debt_recovery_escalation.KINDS, PAYMENT_ORDER_CERFA,
COURT_DECISION_KINDS, kinds_fr, next_deadline_kind), so switching them changes nothing."""

import pytest

from debt_recovery_fr.legal import procedures as pr
from debt_recovery_fr.legal.errors import LegalError


def test_phases_and_selections_match_the_models():
    assert pr.PHASES == (
        "amicable",
        "formal_notice",
        "simplified_procedure",
        "payment_order",
        "summary_proceedings",
        "litigation",
        "enforcement",
    )
    assert pr.PROCEDURE_CODES == pr.PHASES[2:]
    assert [e.order for e in pr.PROCEDURES] == list(range(7))
    # debt_recovery_escalation.KINDS
    assert pr.phase_selection(procedures_only=True) == [
        ("simplified_procedure", "Simplified Recovery Procedure"),
        ("payment_order", "Payment Order"),
        ("summary_proceedings", "Summary Proceedings"),
        ("litigation", "Litigation"),
        ("enforcement", "Enforcement"),
    ]
    # debt_recovery_level.phase
    assert pr.phase_selection()[:2] == [
        ("amicable", "Amicable"),
        ("formal_notice", "Formal Notice"),
    ]
    assert pr.COURT_DECISION_CODES == ("summary_proceedings", "litigation")


def test_french_names_and_cerfa_match_the_models():
    # debt_recovery_escalation._debt_recovery_escalation_values: kinds_fr
    assert pr.names_fr(procedures_only=True) == {
        "simplified_procedure": "procédure simplifiée de recouvrement des petites créances",
        "payment_order": "injonction de payer",
        "summary_proceedings": "référé-provision",
        "litigation": "assignation en paiement",
        "enforcement": "exécution forcée",
    }
    # debt_recovery_escalation.PAYMENT_ORDER_CERFA (legal_fr.md §8.2)
    assert {
        court: pr.payment_order_cerfa(court)
        for court in (
            pr.COMMERCIAL_COURT,
            pr.ECONOMIC_COURT,
            pr.JUDICIAL_COURT,
            pr.PROTECTION_JUDGE,
        )
    } == {
        pr.COMMERCIAL_COURT: "12946*02",
        pr.ECONOMIC_COURT: "12946*02",
        pr.JUDICIAL_COURT: "12948*06",
        pr.PROTECTION_JUDGE: "16040*01",
    }
    assert pr.procedure("litigation").cerfa_for(pr.JUDICIAL_COURT) is None


def test_deadlines_per_procedure_replace_the_if_chains():
    """_compute_deadlines / _debt_recovery_pending_deadlines: which deadline each kind has."""
    kinds = dict(pr.DEADLINE_KINDS)
    assert list(kinds) == [
        "reply",
        "service",
        "judgment_service",
        "opposition",
        "appeal",
        "title_expiry",
    ]
    table = {e.code: e.deadlines for e in pr.PROCEDURES if e.is_procedure}
    assert table == {
        "simplified_procedure": ("reply", "title_expiry"),
        "payment_order": ("service", "opposition", "title_expiry"),
        "summary_proceedings": ("judgment_service", "appeal", "title_expiry"),
        "litigation": ("judgment_service", "appeal", "title_expiry"),
        "enforcement": (),
    }
    assert all(set(deadlines) <= set(kinds) for deadlines in table.values())
    assert pr.has_deadline("payment_order", "opposition")
    assert not pr.has_deadline("litigation", "opposition")


def test_what_each_procedure_needs_first():
    assert pr.procedure("enforcement").needs == (pr.NEED_TITLE,)
    assert pr.NEED_AMICABLE_ATTEMPT in pr.procedure("litigation").needs
    assert pr.NEED_EVIDENCE in pr.procedure("payment_order").needs
    assert pr.procedure("amicable").needs == ()
    with pytest.raises(LegalError, match="'auction'"):
        pr.procedure("auction")
