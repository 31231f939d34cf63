"""The claim computed once (legal/claim.py): legal_fr.md §16 worked examples, the behaviour of
``debt.recovery.case._debt_recovery_claim`` / ``_compute_amount_costs`` reproduced, and the
corrections of §19 seen from the claim."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debt_recovery_fr.legal.claim import (
    ClaimCost,
    ClaimItem,
    ClaimTitle,
    compute_claim,
    declared_lines,
)
from debt_recovery_fr.legal.collective import split_claim
from debt_recovery_fr.legal.consumer import COST_ENFORCEMENT
from debt_recovery_fr.legal.errors import LegalError, MissingRateError
from debt_recovery_fr.legal.indemnity import complementary_indemnity, recovery_indemnity
from debt_recovery_fr.legal.penalties import compute_late_penalties

D = Decimal
date = datetime.date
INVOICE = ClaimItem("FA-2025-001", D("12000.00"), date(2025, 3, 31))
ON = date(2025, 9, 30)


def _kinds(claim):
    return [(line.kind, line.amount, line.claimed) for line in claim.lines]


# -- legal_fr.md §16 -------------------------------------------------------------------------


def test_worked_example_a_b2b():
    """§16.1: 12 000 € TTC due 31 Mar 2025, unpaid on 30 Sep 2025.

    Penalties 12 000 × 13.15 % × 91/365 = 393.42 (H1) + 12 000 × 12.15 % × 92/365 = 367.50 (H2),
    exact 760.915… → 760.92 €; indemnity 40 €; total 12 000 + 760.92 + 40 = 12 800.92 €.
    A registered letter of 36.04 € is covered by the 40 € (L441-10 II): shown apart, not added.
    """
    claim = compute_claim([INVOICE], "b2b", on=ON, costs=[ClaimCost("LRAR", D("36.04"))])
    assert (claim.principal, claim.penalties, claim.interest) == (
        D("12000.00"),
        D("760.92"),
        D("0.00"),
    )
    assert claim.indemnities == D("40.00")
    assert claim.total == D("12800.92")
    assert (claim.costs_incurred, claim.costs_claimed, claim.costs_excluded) == (
        D("36.04"),
        D("0.00"),
        D("36.04"),
    )
    assert _kinds(claim) == [
        ("principal", D("12000.00"), D("12000.00")),
        ("penalty", D("393.42"), D("393.42")),
        ("penalty", D("367.50"), D("367.50")),
        ("indemnity", D("40.00"), D("40.00")),
        ("cost", D("36.04"), D("0.00")),
    ]
    penalty = claim.lines[1]
    assert (penalty.start, penalty.end, penalty.days, penalty.rate, penalty.base) == (
        date(2025, 4, 1),
        date(2025, 6, 30),
        91,
        D("13.15"),
        D("12000.00"),
    )
    assert "L441-10" in penalty.article
    assert "L441-10" in str(claim.lines[-1].reason)
    # 100 € of costs: the 60 € above the indemnity are claimed → 12 860.92 €
    claim = compute_claim([INVOICE], "b2b", on=ON, costs=[ClaimCost("Commissaire", D("100.00"))])
    assert claim.costs_claimed == D("60.00")
    assert claim.total == D("12860.92")


def test_worked_example_b_b2c():
    """§16.2: the same invoice owed by a consumer, formal notice received 15 May 2025.

    Interest from 16 May: 12 000 × 3.71 % × 46/365 = 56.11 + 12 000 × 2.76 % × 92/365 = 83.48
    → 139.59 €; no indemnity; total 12 139.59 €. The 36.04 € letter stays with the creditor
    (L111-8 al. 2 CPCE), before and after a title; enforcement costs after it are claimed.
    """
    letter = ClaimCost("LRAR", D("36.04"))
    claim = compute_claim(
        [INVOICE], "b2c", on=ON, formal_notice_date=date(2025, 5, 15), costs=[letter]
    )
    assert (claim.penalties, claim.interest, claim.indemnities) == (
        D("0.00"),
        D("139.59"),
        D("0.00"),
    )
    assert claim.total == D("12139.59")
    assert claim.costs_excluded == D("36.04")
    assert "L111-8 al. 2" in str(claim.lines[-1].reason)
    assert [line.kind for line in claim.lines] == ["principal", "interest", "interest", "cost"]
    assert [line.amount for line in claim.lines[1:3]] == [D("56.11"), D("83.48")]
    # creditor a private individual: 7.21 % / 6.65 % → 310.18 € (§16.2 sensitivities)
    private = compute_claim(
        [INVOICE], "b2c", "private_individual", ON, formal_notice_date=date(2025, 5, 15)
    )
    assert private.interest == D("310.18")
    # a judgment of 1 Jul 2025: the letter still stays out, a 80 € attachment after it is claimed
    judgment = ClaimTitle(date(2025, 7, 1))
    enforcement = ClaimCost("Saisie-attribution", D("80.00"), COST_ENFORCEMENT, date(2025, 8, 1))
    claim = compute_claim(
        [INVOICE],
        "b2c",
        on=ON,
        formal_notice_date=date(2025, 5, 15),
        title=judgment,
        costs=[letter, enforcement],
    )
    assert (claim.costs_claimed, claim.costs_excluded) == (D("80.00"), D("36.04"))
    assert claim.total == D("12219.59")


# -- the model's behaviour, reproduced ---------------------------------------------------------


def _model_claim(items, debtor_type, today, costs, opening_date=None, notice_date=None):
    """``_debt_recovery_claim`` + ``_compute_amount_costs`` of debt_recovery_case.py, line by
    line on plain values (the oracle compute_claim must agree with)."""
    penalties = indemnities = Decimal(0)
    errors = []
    bearing = [item for item in items if not item.penalty_invoice]
    if debtor_type == "b2c":
        bearing = [i for i in bearing if notice_date and i.due_date <= notice_date < today]
    for item in bearing:
        amount = item.amount - sum((p for d, p in item.payments if d <= item.due_date), D(0))
        payments = [(d, p) for d, p in item.payments if d > item.due_date]
        start = item.due_date
        if debtor_type == "b2c":
            start = notice_date
            amount -= sum((paid for day, paid in payments if day <= start), Decimal(0))
            payments = [(day, paid) for day, paid in payments if day > start]
        try:
            penalties += compute_late_penalties(
                amount,
                start,
                today,
                debtor_type,
                payments=payments,
                opening_judgment_date=opening_date,
            ).total
        except LegalError as error:
            errors.append(error)
        indemnities += recovery_indemnity(
            debtor_type,
            paid_late=True,
            opening_judgment_before_due=bool(opening_date and opening_date <= item.due_date),
        )
    overdue = sum((i.amount - sum((p for d, p in i.payments), D(0)) for i in items), D(0))
    claimable = complementary_indemnity(debtor_type, sum(costs, D(0)), indemnities)
    return {
        "overdue": overdue,
        "penalties": penalties,
        "indemnities": indemnities,
        "total": overdue + penalties + indemnities + claimable,
        "errors": len(errors),
    }


def _same_as_model(claim, model):
    assert claim.principal == model["overdue"]
    assert claim.late_interest == model["penalties"]
    assert claim.indemnities == model["indemnities"]
    assert claim.total == model["total"]
    assert len(claim.errors) == model["errors"]


def test_b2b_case_with_payments_penalty_invoice_and_opening_judgment():
    """A B2B case on 30 Sep 2025, collective proceedings opened on 1 Aug 2025.

    F1 5 000 € due 31 Jan 2025, 1 000 € paid 15 Jan (before the due date), 2 000 € on 1 Mar:
      1 Feb – 1 Mar   29 d  4 000 × 13.15 % × 29/365  = 41.7918
      2 Mar – 30 Jun 121 d  2 000 × 13.15 % × 121/365 = 87.1863
      1 Jul – 31 Jul  31 d  2 000 × 12.15 % × 31/365  = 20.6384  (stops at the opening, L622-28)
      = 149.6165 → 149.62 €; 40 € (due before the opening); owed 2 000 €.
    F2 300 € of penalties invoiced: principal only (art. 1343-2), no 40 €.
    F3 1 200 € due 31 Aug 2025, after the opening: no penalty, no 40 € (L441-10 II in fine).
    Costs 25 € + 45 € = 70 €, 30 € above the 40 € indemnity.
    Total 2 000 + 300 + 1 200 + 149.62 + 40 + 30 = 3 719.62 €.
    """
    items = [
        ClaimItem(
            "F1",
            D("5000.00"),
            date(2025, 1, 31),
            ((date(2025, 1, 15), D("1000.00")), (date(2025, 3, 1), D("2000.00"))),
        ),
        ClaimItem("F2", D("300.00"), date(2025, 2, 28), penalty_invoice=True),
        ClaimItem("F3", D("1200.00"), date(2025, 8, 31)),
    ]
    costs = [ClaimCost("LRAR", D("25.00")), ClaimCost("Commissaire", D("45.00"))]
    claim = compute_claim(items, "b2b", on=ON, opening_judgment_date=date(2025, 8, 1), costs=costs)
    assert [(r.reference, r.principal, r.penalties, r.indemnity) for r in claim.items] == [
        ("F1", D("2000.00"), D("149.62"), D("40.00")),
        ("F2", D("300.00"), D("0.00"), D("0.00")),
        ("F3", D("1200.00"), D("0.00"), D("0.00")),
    ]
    assert claim.costs_claimed == D("30.00")
    assert claim.total == D("3719.62")
    assert [line.claimed for line in claim.lines if line.kind == "cost"] == [D("0"), D("30.00")]
    assert any("L622-28" in str(n) for n in claim.notices)
    assert any("before the due date" in str(n) for n in claim.notices)
    _same_as_model(
        claim,
        _model_claim(items, "b2b", ON, [D("25.00"), D("45.00")], opening_date=date(2025, 8, 1)),
    )
    assert claim.oldest_due_date == date(2025, 1, 31)


def test_b2c_case_only_invoices_due_at_the_notice_bear_interest():
    """B2C: notice received 15 May 2025; F1 due 31 Mar (1 000 € paid on 10 May, before the
    notice), F2 due 30 Jun (after the notice: no interest), F1 pays 1 000 € more on 1 Aug.
      16 May – 30 Jun  46 d  11 000 × 3.71 % × 46/365 = 51.4323
       1 Jul –  1 Aug  32 d  11 000 × 2.76 % × 32/365 = 26.6170
       2 Aug – 30 Sep  60 d  10 000 × 2.76 % × 60/365 = 45.3699   = 123.4192 → 123.42 €
    Owed 10 000 + 500 = 10 500 €; total 10 623.42 €; the 20 € letter stays out (L111-8)."""
    items = [
        ClaimItem(
            "F1",
            D("12000.00"),
            date(2025, 3, 31),
            ((date(2025, 5, 10), D("1000.00")), (date(2025, 8, 1), D("1000.00"))),
        ),
        ClaimItem("F2", D("500.00"), date(2025, 6, 30)),
    ]
    claim = compute_claim(
        items,
        "b2c",
        on=ON,
        formal_notice_date=date(2025, 5, 15),
        costs=[ClaimCost("LRAR", D("20"))],
    )
    assert claim.interest == D("123.42")
    assert claim.total == D("10623.42")
    _same_as_model(claim, _model_claim(items, "b2c", ON, [D("20")], notice_date=date(2025, 5, 15)))
    # no notice yet, or a notice of today: no interest at all
    assert compute_claim(items, "b2c", on=ON).interest == 0
    assert compute_claim(items, "b2c", on=ON, formal_notice_date=ON).interest == 0


def test_missing_rate_leaves_the_rest_of_the_claim():
    """As the case's warning: 2027-H1 has no confirmed ECB rate; the invoice's penalties are 0
    and the error is listed, its 40 € and the other invoice still count."""
    items = [
        ClaimItem("F1", D("1000.00"), date(2026, 12, 31)),
        ClaimItem("F2", D("1000.00"), date(2026, 3, 31), penalty_invoice=True),
    ]
    on = date(2027, 2, 1)
    claim = compute_claim(items, "b2b", on=on)
    ((reference, error),) = claim.errors
    assert reference == "F1"
    assert isinstance(error, MissingRateError)
    assert (claim.principal, claim.indemnities, claim.total) == (
        D("2000.00"),
        D("40.00"),
        D("2040.00"),
    )
    _same_as_model(claim, _model_claim(items, "b2b", on, []))


amounts = st.decimals(min_value=D("1.00"), max_value=D("100000"), places=2, allow_nan=False)
due_days = st.dates(date(2023, 1, 1), date(2026, 5, 31))


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(amounts, due_days, st.integers(0, 99), st.integers(1, 200), st.booleans()),
        min_size=1,
        max_size=4,
    ),
    debtor_type=st.sampled_from(["b2b", "b2c"]),
    notice_gap=st.integers(-30, 60),
    opening_gap=st.one_of(st.none(), st.integers(-60, 200)),
    cost=st.decimals(min_value=D("0"), max_value=D("500"), places=2, allow_nan=False),
)
def test_same_results_as_the_model(rows, debtor_type, notice_gap, opening_gap, cost):
    """Whatever the invoices, payments, notice and opening judgment, compute_claim states what
    the case computes today."""
    items = []
    for index, (amount, due, percent, pay_gap, penalty_invoice) in enumerate(rows):
        paid = (amount * percent / 100).quantize(D("0.01"))
        payments = ((due + datetime.timedelta(days=pay_gap), paid),) if paid else ()
        items.append(ClaimItem(f"F{index}", amount, due, payments, penalty_invoice=penalty_invoice))
    first_due = min(item.due_date for item in items)
    on = date(2026, 6, 30)
    notice = first_due + datetime.timedelta(days=notice_gap) if debtor_type == "b2c" else None
    opening = None if opening_gap is None else first_due + datetime.timedelta(days=opening_gap)
    claim = compute_claim(
        items,
        debtor_type,
        on=on,
        formal_notice_date=notice,
        opening_judgment_date=opening,
        costs=[ClaimCost("Costs", cost)],
    )
    _same_as_model(claim, _model_claim(items, debtor_type, on, [cost], opening, notice))
    assert claim.total == claim.principal + claim.late_interest + claim.indemnities + (
        claim.costs_claimed
    )
    # the lines add up to the total (periods are rounded for display: counted per invoice)
    others = sum((ln.claimed for ln in claim.lines if ln.kind not in ("penalty", "interest")), D(0))
    assert others + claim.late_interest == claim.total


# -- the corrections of §19 from the claim ---------------------------------------------------


def test_b2b_judgment_awarding_legal_interest():
    """§19.8 (test_corrections): penalties 263.72 € until the enforceable date (1 Jun 2025),
    then legal interest 36.59 + 29.04 + 153.07 = 218.70 € (482.42 − 263.72)."""
    title = ClaimTitle(date(2025, 5, 20), enforceable_date=date(2025, 6, 1))
    claim = compute_claim([INVOICE], "b2b", on=ON, title=title)
    assert (claim.penalties, claim.interest, claim.late_interest) == (
        D("263.72"),
        D("218.70"),
        D("482.42"),
    )
    assert [line.kind for line in claim.lines] == [
        "principal",
        "penalty",
        "interest",
        "interest",
        "interest",
        "indemnity",
    ]
    assert claim.lines[-2].rate == D("7.76")
    # a judgment awarding the L441-10 penalties until payment: they run on, no + 5 points
    penalties = ClaimTitle(
        date(2025, 5, 20), enforceable_date=date(2025, 6, 1), legal_interest=False
    )
    assert compute_claim([INVOICE], "b2b", on=ON, title=penalties).penalties == D("760.92")
    # a procédure simplifiée title is no judgment: no + 5 points (L313-3 C. mon. fin.)
    simplified = ClaimTitle(date(2025, 5, 20), "simplified_procedure", date(2025, 6, 1))
    assert compute_claim([INVOICE], "b2b", on=ON, title=simplified).penalties == D("760.92")


def test_contract_rate_below_floor_in_the_claim():
    """§19.3: 8 % in 2025-H2 claims the 8.28 % floor, with the warning."""
    item = ClaimItem("F", D("10000.00"), date(2025, 6, 30))
    claim = compute_claim([item], "b2b", on=ON, contract_rate=D("8"))
    assert claim.penalties == D("208.70")
    assert claim.total == D("10248.70")
    assert any("floor" in str(notice) for notice in claim.notices)


def test_grace_period_in_the_claim():
    """§19.8 (test_penalties): B2B grace 1 May – 31 Aug 2025 bears the legal rate:
    penalties 129.70 + 119.84 = 249.53 (exact 249.5342…), interest 380.20 − 249.53 = 130.67."""
    claim = compute_claim(
        [INVOICE], "b2b", on=ON, grace_periods=[(date(2025, 5, 1), date(2025, 8, 31))]
    )
    assert claim.late_interest == D("380.20")
    assert (claim.penalties, claim.interest) == (D("249.53"), D("130.67"))
    assert [line.article for line in claim.lines if line.kind == "interest"] == [
        "art. 1343-5 C. civ.",
        "art. 1343-5 C. civ.",
    ]


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        ({"debtor_type": "b2c", "contract_rate": D("10")}, "professionals only"),
        ({"creditor_type": "bank"}, "'bank'"),
        ({"on": "2025-09-30"}, "on must be a date"),
        ({"title": ClaimTitle(date(2025, 10, 1))}, "after the day of the claim"),
        ({"title": ClaimTitle(date(2025, 1, 1), "cheque")}, "'cheque'"),
        ({"costs": [ClaimCost("x", D("1"), "agency")]}, "'agency'"),
        ({"costs": [D("1")]}, "ClaimCost"),
        (
            {"items": [ClaimItem("F", D("10"), date(2025, 1, 1), ((date(2025, 2, 1), D("11")),))]},
            "exceed",
        ),
        ({"grace_periods": [(date(2025, 5, 1), date(2025, 4, 1))]}, "before it starts"),
    ],
)
def test_bad_input(kwargs, text):
    args = {"items": [INVOICE], "debtor_type": "b2b", "on": ON}
    args.update(kwargs)
    with pytest.raises(LegalError) as err:
        compute_claim(**args)
    assert text in str(err.value)


def test_claim_declaration_as_at_the_opening_judgment():
    """The escalation's déclaration de créance (L622-25, L622-28 C. com.), opening 1 Aug 2025:
    F1 (test above) 2 000 € + 149.62 € + 40 €, F3 due 31 Aug 1 200 € to fall due, no penalty
    and no 40 € (as ``_debt_recovery_claim_declaration_values`` computes it today)."""
    items = [
        ClaimItem(
            "F1",
            D("5000.00"),
            date(2025, 1, 31),
            ((date(2025, 1, 15), D("1000.00")), (date(2025, 3, 1), D("2000.00"))),
        ),
        ClaimItem("F3", D("1200.00"), date(2025, 8, 31)),
    ]
    opening = date(2025, 8, 1)
    claim = compute_claim(items, "b2b", on=opening, opening_judgment_date=opening)
    split = split_claim(declared_lines(claim), opening)
    assert (split["due_principal"], split["due_interest"], split["due_indemnity"]) == (
        D("2000.00"),
        D("149.62"),
        D("40.00"),
    )
    assert split["to_fall_due_total"] == D("1200.00")
    assert split["total"] == D("3389.62")
