"""legal/procedures.py owns the procedures (issue 17): one table, and the views the models
will build their selections, deadlines and Cerfa from. The expected values are those the models
hold today (debt_recovery_case.PHASES, debt_recovery_escalation.KINDS, PAYMENT_ORDER_CERFA,
COURT_DECISION_KINDS, kinds_fr, next_deadline_kind), so switching them changes nothing."""

from datetime import date

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


def _deadlines(code, **steps):
    return pr.procedure_deadlines(code, pr.ProcedureSteps(**steps))


def test_payment_order_deadlines_from_the_table():
    """Art. 1411, 1416, 1422 CPC; art. 643 CPC for a debtor abroad (legal_fr.md §19.6-7)."""
    # Ordonnance of Monday 2 March 2026 (before the reform of 1 September 2026): serve it by
    # 2 September 2026 (6 months). Served in person on Tuesday 10 March 2026 to a debtor in Paris:
    # opposition until Friday 10 April 2026 (one month; Easter Monday is 6 April), enforceable
    # from Saturday 11 April.
    deadlines, enforceable = _deadlines(
        "payment_order",
        ordonnance=date(2026, 3, 2),
        service=date(2026, 3, 10),
        departement="75",
    )
    assert deadlines == {
        pr.DEADLINE_SERVICE: date(2026, 9, 2),
        pr.DEADLINE_OPPOSITION: date(2026, 4, 10),
    }
    assert enforceable == date(2026, 4, 11)
    # The same debtor living abroad: + 2 months of distance (art. 643 CPC): Wednesday 10 June.
    deadlines, enforceable = _deadlines(
        "payment_order", ordonnance=date(2026, 3, 2), service=date(2026, 3, 10), abroad=True
    )
    assert deadlines[pr.DEADLINE_OPPOSITION] == date(2026, 6, 10)
    assert enforceable == date(2026, 6, 11)
    # Before service, only the service deadline runs; no title, nothing enforceable.
    assert _deadlines("payment_order", ordonnance=date(2026, 3, 2)) == (
        {pr.DEADLINE_SERVICE: date(2026, 9, 2)},
        None,
    )


def test_overseas_holiday_extends_the_opposition_window():
    """Loi 83-550: Martinique's abolition-of-slavery day (22 May) is a holiday there; art. 642
    CPC carries the window to the next working day."""
    # Served on Wednesday 22 April 2026: one month ends on Friday 22 May 2026. In Paris it is a
    # working day; in Martinique (972, the court there: no distance) it is a holiday, the
    # Monday after is Whit Monday (25 May 2026, Easter 5 April + 50), so Tuesday 26 May.
    served = {"ordonnance": date(2026, 4, 1), "service": date(2026, 4, 22)}
    paris, _ = _deadlines("payment_order", departement="75", **served)
    martinique, _ = _deadlines("payment_order", departement="972", **served)
    assert paris[pr.DEADLINE_OPPOSITION] == date(2026, 5, 22)
    assert martinique[pr.DEADLINE_OPPOSITION] == date(2026, 5, 26)


def test_title_expiry_by_kind_of_title_from_the_table():
    """L111-4 CPCE (legal_fr.md §19.1): 10 years for a judgment or an injonction de payer, the
    claim's own prescription for the procédure simplifiée title (2 years B2C, 5 years B2B)."""
    title = date(2025, 3, 1)
    simplified_b2c, _ = _deadlines("simplified_procedure", title=title, debtor_type="b2c")
    simplified_b2b, _ = _deadlines("simplified_procedure", title=title, debtor_type="b2b")
    judgment, _ = _deadlines("litigation", title=title, debtor_type="b2c")
    order, _ = _deadlines("payment_order", title=title, debtor_type="b2c")
    assert simplified_b2c[pr.DEADLINE_TITLE_EXPIRY] == date(2027, 3, 1)
    assert simplified_b2b[pr.DEADLINE_TITLE_EXPIRY] == date(2030, 3, 1)
    assert judgment[pr.DEADLINE_TITLE_EXPIRY] == date(2035, 3, 1)
    assert order[pr.DEADLINE_TITLE_EXPIRY] == date(2035, 3, 1)


def test_court_decision_deadlines_from_the_table():
    """Art. 478, 503, 514, 538 CPC: a judgment by default of 2 February 2026 must be served by
    2 August 2026; served on Monday 2 March 2026 to a debtor in Lyon, the appeal window ends on
    Thursday 2 April 2026 and the decision is enforceable from its service."""
    deadlines, enforceable = _deadlines(
        "litigation",
        decision=date(2026, 2, 2),
        judgment_by_default=True,
        service=date(2026, 3, 2),
        departement="69",
    )
    assert deadlines == {
        pr.DEADLINE_JUDGMENT_SERVICE: date(2026, 8, 2),
        pr.DEADLINE_APPEAL: date(2026, 4, 2),
    }
    assert enforceable == date(2026, 3, 2)
    # A référé: 15 days (art. 490 CPC), to Tuesday 17 March 2026.
    deadlines, _ = _deadlines("summary_proceedings", service=date(2026, 3, 2))
    assert deadlines == {pr.DEADLINE_APPEAL: date(2026, 3, 17)}


def test_every_deadline_has_a_rule_a_label_and_a_note():
    kinds = {kind for kind, _label in pr.DEADLINE_KINDS}
    assert set(pr.DEADLINE_RULES) == kinds == set(pr.DEADLINE_NOTES)
    for entry in pr.PROCEDURES:
        assert set(entry.deadlines) <= kinds


def test_court_names_from_the_table():
    assert pr.court_name_fr(pr.COMMERCIAL_COURT) == "Tribunal de commerce"
    assert pr.court_name_fr(pr.ECONOMIC_COURT) == "Tribunal des activités économiques"
    assert pr.court_name_fr(pr.JUDICIAL_COURT) == "Tribunal judiciaire"
    assert pr.court_name_fr(pr.COMMERCIAL_COURT, commercial_chamber=True) == (
        "Tribunal judiciaire – chambre commerciale"
    )
    with pytest.raises(LegalError):
        pr.court_name_fr("conseil_de_prudhommes")
