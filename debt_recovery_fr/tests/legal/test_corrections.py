"""The corrections of legal_fr.md §19 (issue 17), each with a worked example computed by hand.

Rates used (legal_fr.md §0): ECB MRO 3.15 % on 1 Jan 2025, 2.15 % on 1 Jul 2025; legal rate
« autres cas » 3.71 % (2025-H1), 2.76 % (2025-H2); floor of a contract rate 3 × 2.76 = 8.28 %.
Interest = base × rate / 100 × days / 365, rounded half-up to the cent at the end only.
"""

import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta

from debt_recovery_fr.legal import (
    collective,
    consumer,
    escalation,
    indemnity,
    instalments,
    payment_order,
    prescription,
    procedures,
    working_days,
)
from debt_recovery_fr.legal.claim import ClaimCost, ClaimItem, ClaimTitle, compute_claim
from debt_recovery_fr.legal.errors import (
    FeeNotAllowedError,
    InstalmentPlanError,
    InvalidDateError,
    LegalError,
    PrescriptionEventError,
    UnknownDebtorTypeError,
)
from debt_recovery_fr.legal.penalties import compute_late_penalties
from debt_recovery_fr.legal.rates import RateTable

D = Decimal
date = datetime.date


# -- 1. contract rate below the floor (L441-10 C. com., §19.3) --------------------------------


def test_contract_rate_below_floor_claims_the_floor():
    """§19.3: 10 000 € late 92 days in 2025-H2 with an 8 % clause.

    Floor 3 × 2.76 = 8.28 %: 10 000 × 8.28 % × 92 / 365 = 76 176 / 365 = 208.7013… → 208.70 €
    (the old engine claimed 12.15 %: 10 000 × 12.15 % × 92 / 365 = 306.25 €).
    """
    result = compute_late_penalties(
        D("10000.00"), date(2025, 6, 30), date(2025, 9, 30), "b2b", contract_rate=D("8")
    )
    assert result.days == 92
    assert [p.rate for p in result.periods] == [D("8.28")]
    assert result.total == D("208.70")
    (notice,) = result.notices
    assert notice.params == {"rate": D("8"), "floor": D("8.28"), "half_year": "2025-H2"}
    assert "the floor is claimed" in str(notice)
    assert "statutory" not in str(notice)


def test_rate_table_gives_the_floor_for_a_low_contract_rate():
    """§19.3 on the rate table: 8 % in 2025-H2 → 8.28 %; 15 % stays; no clause → MRO + 10."""
    table = RateTable.default()
    assert table.penalty_rate_b2b(date(2025, 9, 1), D("8")) == D("8.28")
    assert table.penalty_rate_b2b(date(2025, 9, 1), D("15")) == D("15")
    assert table.penalty_rate_b2b(date(2025, 9, 1)) == D("12.15")


# -- 8. L313-3 C. mon. fin. for B2B judgments; art. 1343-5 C. civ. grace period ----------------


def test_b2b_judgment_awarding_legal_interest_gets_the_5_points():
    """§19.8: 12 000 € due 31 Mar 2025, judgment awarding the legal interest enforceable on
    1 Jun 2025, computed to 30 Sep 2025.

    1 Apr – 31 May   61 d  L441-10 13.15 %  12 000 × 13.15 % × 61/365 = 263.7205
    1 Jun – 30 Jun   30 d  legal 3.71 %     12 000 × 3.71 % × 30/365  =  36.5918
    1 Jul –  1 Aug   32 d  legal 2.76 %     12 000 × 2.76 % × 32/365  =  29.0367
    2 Aug – 30 Sep   60 d  2.76 + 5 = 7.76  12 000 × 7.76 % × 60/365  = 153.0740
    total 482.4230… → 482.42 € (penalties and legal interest never on the same day).
    """
    result = compute_late_penalties(
        D("12000.00"),
        date(2025, 3, 31),
        date(2025, 9, 30),
        "b2b",
        enforceable_date=date(2025, 6, 1),
    )
    assert [(p.start, p.end, p.days, p.rate) for p in result.periods] == [
        (date(2025, 4, 1), date(2025, 5, 31), 61, D("13.15")),
        (date(2025, 6, 1), date(2025, 6, 30), 30, D("3.71")),
        (date(2025, 7, 1), date(2025, 8, 1), 32, D("2.76")),
        (date(2025, 8, 2), date(2025, 9, 30), 60, D("7.76")),
    ]
    assert result.total == D("482.42")


def test_b2c_grace_period_removes_the_surcharge_not_the_interest():
    """§19.8: consumer, formal notice 31 Jan 2025, judgment enforceable 15 Mar 2025 (+5 from
    16 May), grace period 1 Jul – 31 Aug 2025, computed to 30 Sep 2025.

    1 Feb – 15 May  104 d  3.71 %  12 000 × 3.71 % × 104/365 = 126.8515
    16 May – 30 Jun  46 d  8.71 %  12 000 × 8.71 % × 46/365  = 131.7238
    1 Jul – 31 Aug   62 d  2.76 %  (grace: no + 5)           =  56.2586
    1 Sep – 30 Sep   30 d  7.76 %  12 000 × 7.76 % × 30/365  =  76.5370
    total 391.3709… → 391.37 €.
    """
    result = compute_late_penalties(
        D("12000.00"),
        date(2025, 1, 31),
        date(2025, 9, 30),
        "b2c",
        enforceable_date=date(2025, 3, 15),
        grace_periods=[(date(2025, 7, 1), date(2025, 8, 31))],
    )
    assert [(p.start, p.end, p.days, p.rate) for p in result.periods] == [
        (date(2025, 2, 1), date(2025, 5, 15), 104, D("3.71")),
        (date(2025, 5, 16), date(2025, 6, 30), 46, D("8.71")),
        (date(2025, 7, 1), date(2025, 8, 31), 62, D("2.76")),
        (date(2025, 9, 1), date(2025, 9, 30), 30, D("7.76")),
    ]
    assert result.total == D("391.37")


# -- 2. title expiry by title kind (L111-4 CPCE, §19.1) ------------------------------------


def test_title_expiry_by_kind():
    """§19.1: a judgment or an unopposed injonction de payer: 10 years (1 Mar 2025 → 1 Mar
    2035); the procédure-simplifiée title of a consumer debt keeps the 2 years of L218-2 C.
    conso. (→ 1 Mar 2027, not 2035); B2B, the 5 years of L110-4 C. com. (→ 1 Mar 2030)."""
    title = date(2025, 3, 1)
    assert prescription.title_enforcement_deadline(title) == date(2035, 3, 1)
    assert prescription.title_enforcement_deadline(title, "payment_order") == date(2035, 3, 1)
    assert escalation.title_expiry(title, "judgment", "b2c") == date(2035, 3, 1)
    assert escalation.title_expiry(title, "simplified_procedure", "b2c") == date(2027, 3, 1)
    assert escalation.title_expiry(title, "simplified_procedure", "b2b") == date(2030, 3, 1)
    assert escalation.title_expiry(title, "notarial", "b2b") == date(2030, 3, 1)
    # the old call keeps its meaning: a judgment, 10 years
    assert escalation.title_expiry(title) == date(2035, 3, 1)
    with pytest.raises(PrescriptionEventError, match="'cheque'"):
        escalation.title_expiry(title, "cheque", "b2b")
    with pytest.raises(UnknownDebtorTypeError):
        escalation.title_expiry(title, "simplified_procedure")


# -- 3. relevé de forclusion (L622-26 al. 3 C. com., §19.2) ----------------------------------


def test_relief_from_foreclosure_six_months_or_from_knowledge():
    """§19.2: publication 15 Mar 2025 → 15 Sep 2025. A creditor who learns of its claim on
    1 Aug 2025 (within the 6 months) keeps 15 Sep 2025 (not 15 Mar 2026 under the old 1-year
    rule); one who could not know before 1 Nov 2025 (after them) has until 1 May 2026."""
    publication = date(2025, 3, 15)
    assert collective.relief_from_foreclosure_deadline(publication) == date(2025, 9, 15)
    assert collective.relief_from_foreclosure_deadline(publication, date(2025, 8, 1)) == date(
        2025, 9, 15
    )
    assert collective.relief_from_foreclosure_deadline(publication, date(2025, 9, 15)) == date(
        2025, 9, 15
    )
    assert collective.relief_from_foreclosure_deadline(publication, date(2025, 11, 1)) == date(
        2026, 5, 1
    )
    with pytest.raises(InvalidDateError):
        collective.relief_from_foreclosure_deadline(publication, True)


def test_late_declaration_relief_window():
    """§19.2 (R622-24, L622-26 C. com.): publication 15 Mar 2025. Declared by 15 May 2025 (2
    months): in time. 16 May – 15 Sep 2025: late, a relevé de forclusion may still be asked.
    From 16 Sep 2025: foreclosed. A creditor who could not know of its claim before 1 Nov 2025
    may ask until 1 May 2026; a creditor outside metropolitan France declares until 15 Jul."""
    publication = date(2025, 3, 15)
    window = collective.declaration_window
    assert window(publication, date(2025, 3, 1)) == collective.DECLARATION_IN_TIME
    assert window(publication, date(2025, 5, 15)) == collective.DECLARATION_IN_TIME
    assert window(publication, date(2025, 5, 16)) == collective.DECLARATION_RELIEF
    assert window(publication, date(2025, 9, 15)) == collective.DECLARATION_RELIEF
    assert window(publication, date(2025, 9, 16)) == collective.DECLARATION_FORECLOSED
    assert window(publication, date(2026, 5, 1), date(2025, 11, 1)) == (
        collective.DECLARATION_RELIEF
    )
    assert window(publication, date(2026, 5, 2), date(2025, 11, 1)) == (
        collective.DECLARATION_FORECLOSED
    )
    assert window(publication, date(2025, 7, 15), None, True) == collective.DECLARATION_IN_TIME
    assert window(publication, date(2025, 7, 16), None, True) == collective.DECLARATION_RELIEF


# -- 7. consumer costs after a title (L111-8 CPCE, §19.4) ------------------------------------


def test_consumer_never_owes_amicable_costs_even_after_a_title():
    """§19.4: 130 € of letters and amicable commissaire fees before the judgment stay with the
    creditor after it too; 90 € of enforcement acts after it are the debtor's (al. 1); what
    the JEX put on a debtor in bad faith is claimed (al. 3). B2B: 130 € − 40 € = 90 €."""
    amicable, enforcement, awarded = (
        consumer.COST_AMICABLE,
        consumer.COST_ENFORCEMENT,
        consumer.COST_JUDGE_AWARDED,
    )
    assert indemnity.complementary_indemnity("b2c", D("130.00"), D("0"), True, amicable) == 0
    assert indemnity.complementary_indemnity("b2c", D("90.00"), D("0"), True, enforcement) == D(
        "90.00"
    )
    assert indemnity.complementary_indemnity("b2c", D("90.00"), D("0"), False, enforcement) == 0
    assert indemnity.complementary_indemnity("b2c", D("50.00"), D("0"), False, awarded) == D(
        "50.00"
    )
    assert indemnity.complementary_indemnity("b2b", D("130.00"), D("40.00")) == D("90.00")
    notice = consumer.cost_exclusion("b2c", True, amicable)
    assert "L111-8 al. 2" in str(notice)
    assert consumer.cost_exclusion("b2c", True, enforcement) is None
    assert "al. 1" in str(consumer.cost_exclusion("b2c", False, enforcement))
    assert consumer.cost_exclusion("b2b", False, amicable) is None


@pytest.mark.parametrize(
    "label",
    ["Frais de gestion", "FRAIS DE RELANCE", "Frais administratifs", "frais de recouvrement"],
)
def test_forbidden_wordings_even_with_a_title(label):
    """§19.4: « frais de gestion », « frais de relance », « frais administratifs » are named."""
    for has_title in (False, True):
        with pytest.raises(FeeNotAllowedError):
            consumer.check_claim_line_allowed("b2c", has_title, label)
    assert consumer.check_claim_line_allowed("b2b", False, label)


# -- 8. art. 2242 C. civ.: the interruption lasts until the end of the proceedings ----------


def test_claim_in_court_interrupts_until_the_end_of_the_proceedings():
    """§19.8: consumer claim started 15 Mar 2024 (deadline 15 Mar 2026). Assignation served
    1 Jun 2025: no deadline runs while the case is pending, even on 1 Jun 2028 (the old engine
    said 1 Jun 2027); proceedings ended 10 Oct 2027 → new 2 years, 10 Oct 2029. Withdrawn or
    rejected (art. 2243): as if never interrupted, 15 Mar 2026."""
    start = date(2024, 3, 15)
    served = ("assignation_served", date(2025, 6, 1))
    status = prescription.prescription_status("b2c", start, [served])
    assert status.deadline is None
    assert status.proceedings_since == date(2025, 6, 1)
    assert not prescription.is_prescribed("b2c", start, date(2028, 6, 1), [served])
    # an acknowledgment during the proceedings changes nothing
    events = [
        served,
        ("acknowledgment", date(2026, 1, 5)),
        ("proceedings_ended", date(2027, 10, 10)),
    ]
    assert prescription.prescription_deadline("b2c", start, events) == date(2029, 10, 10)
    rejected = [served, ("claim_withdrawn_or_rejected", date(2026, 2, 1))]
    assert prescription.prescription_deadline("b2c", start, rejected) == date(2026, 3, 15)


# -- 4. the court of a professional debtor that is not a trader (§19.5) -----------------------


@pytest.mark.parametrize(
    ("activity", "paris_2026", "bordeaux_2026", "paris_2029"),
    [
        (
            None,
            "tribunal_des_activites_economiques",
            "tribunal_de_commerce",
            "tribunal_de_commerce",
        ),
        (
            "trader",
            "tribunal_des_activites_economiques",
            "tribunal_de_commerce",
            "tribunal_de_commerce",
        ),
        # Loi 2023-1059 art. 26 II: the TAE hears the book VI proceedings of farmers and
        # independents, not payment claims against them (corrected 2026-12, issue 17).
        ("farmer", "tribunal_judiciaire", "tribunal_judiciaire", "tribunal_judiciaire"),
        ("liberal_other", "tribunal_judiciaire", "tribunal_judiciaire", "tribunal_judiciaire"),
        ("liberal_regulated", "tribunal_judiciaire", "tribunal_judiciaire", "tribunal_judiciaire"),
        ("civil_company", "tribunal_judiciaire", "tribunal_judiciaire", "tribunal_judiciaire"),
        ("association", "tribunal_judiciaire", "tribunal_judiciaire", "tribunal_judiciaire"),
    ],
)
def test_court_by_activity(activity, paris_2026, bordeaux_2026, paris_2029):
    """§19.5 (art. 1406 CPC, L721-3 C. com., loi 2023-1059 art. 26): a B2B debtor in Paris (a
    TAE from 2025 to 2028), in Bordeaux (a TC), and in Paris after the experiment."""
    court = procedures.competent_court
    assert court("b2b", commercial_court_seat="Paris", on=date(2026, 5, 15), activity=activity) == (
        paris_2026
    )
    assert court(
        "b2b", commercial_court_seat="Bordeaux", on=date(2026, 5, 15), activity=activity
    ) == (bordeaux_2026)
    assert court("b2b", commercial_court_seat="Paris", on=date(2029, 1, 2), activity=activity) == (
        paris_2029
    )


def test_court_of_a_consumer_and_bad_activity():
    court = procedures.competent_court
    assert court("b2c") == court("b2c", activity="consumer") == "tribunal_judiciaire"
    assert court("b2c", True) == "juge_des_contentieux_de_la_protection"
    with pytest.raises(LegalError, match="'shop'"):
        court("b2b", activity="shop")


def test_sci_claim_goes_to_the_tj_with_its_rules():
    """§19.5: an SCI owing 3 000 €: the injonction de payer goes to the président du TJ, and an
    assignation needs the prior amicable attempt of art. 750-1 CPC (TJ, ≤ 5 000 €)."""
    options = {
        o.code: o
        for o in procedures.procedure_options(D("3000.00"), "b2b", activity="civil_company")
    }
    assert options["payment_order"].court == "tribunal_judiciaire"
    assert not options["litigation"].allowed
    assert "750-1" in options["litigation"].reason
    trader = {o.code: o for o in procedures.procedure_options(D("3000.00"), "b2b")}
    assert trader["litigation"].allowed


# -- 5. injonction de payer not served in person (art. 1416, 1422 CPC, §19.6) ----------------


def test_payment_order_not_served_in_person():
    """§19.6: ordonnance of 10 May 2026, served at the debtor's home (not in person) on Friday
    5 June 2026. Enforcement: one month → Sunday 5 July → Monday 6 July (art. 642), so from
    Tuesday 7 July 2026, as for a service in person (art. 1422; the old engine said never).
    Opposition: open until one month after the first act served in person or the first
    measure making assets unavailable: a bank attachment on 15 Sep 2026 → Thursday 15 Oct
    2026; a personal act on 1 Oct 2026 does not push it further (the first event counts)."""
    ordonnance, served = date(2026, 5, 10), date(2026, 6, 5)
    assert payment_order.enforcement_allowed_from(ordonnance, served, False) == date(2026, 7, 7)
    assert payment_order.enforcement_allowed_from(ordonnance, served, True) == date(2026, 7, 7)
    assert payment_order.opposition_deadline(served, False) is None
    assert payment_order.opposition_deadline(
        served, False, first_unavailability_measure_date=date(2026, 9, 15)
    ) == date(2026, 10, 15)
    assert payment_order.opposition_deadline(
        served,
        False,
        date(2026, 10, 1),
        first_unavailability_measure_date=date(2026, 9, 15),
    ) == date(2026, 10, 15)
    # The same through the procedures' deadline table (what the procedure's form shows).
    steps = procedures.ProcedureSteps(ordonnance=ordonnance, service=served, served_in_person=False)
    deadlines, enforceable = procedures.procedure_deadlines("payment_order", steps)
    assert "opposition" not in deadlines and enforceable == date(2026, 7, 7)
    steps = procedures.ProcedureSteps(
        ordonnance=ordonnance,
        service=served,
        served_in_person=False,
        first_personal_act=date(2026, 10, 1),
        first_unavailability_measure=date(2026, 9, 15),
    )
    deadlines, enforceable = procedures.procedure_deadlines("payment_order", steps)
    assert deadlines["opposition"] == date(2026, 10, 15) and enforceable == date(2026, 7, 7)
    # Served in person on 5 June: one month, Monday 6 July 2026 (5 July is a Sunday).
    steps = procedures.ProcedureSteps(ordonnance=ordonnance, service=served)
    assert procedures.procedure_deadlines("payment_order", steps)[0]["opposition"] == date(
        2026, 7, 6
    )
    # décret 2026-96: an ordonnance of 1 Sep 2026 or later, 2 months after service
    assert payment_order.enforcement_allowed_from(
        date(2026, 9, 10), date(2026, 10, 5), False
    ) == date(2026, 12, 5)


# -- 6. overseas holidays and délais de distance (art. 640-644 CPC, §19.7) -------------------


def test_overseas_abolition_of_slavery_days():
    """§19.7 (loi 83-550, décret 83-1003): each overseas département's day is a holiday there
    only."""
    for departement, day in [
        ("971", date(2025, 5, 27)),
        ("972", date(2025, 5, 22)),
        ("973", date(2025, 6, 10)),
        ("974", date(2025, 12, 20)),
        ("976", date(2026, 4, 27)),
        ("978", date(2025, 5, 27)),
    ]:
        assert day in working_days.public_holidays(day.year, departement=departement)
        assert day not in working_days.public_holidays(day.year)
    assert not working_days.is_working_day(date(2025, 5, 22), departement="972")
    assert working_days.is_working_day(date(2025, 5, 22), departement="971")
    # the département code also tells Alsace-Moselle (Good Friday 18 Apr 2025)
    assert not working_days.is_working_day(date(2025, 4, 18), departement="57")


def test_distance_extensions():
    """Art. 643 (court in metropolitan France) and 644 CPC (court overseas)."""
    ext = working_days.distance_extension
    month, two = relativedelta(months=1), relativedelta(months=2)
    assert ext("75") == ext() == relativedelta()
    assert ext("972") == ext("988") == month
    assert ext("abroad") == two
    assert ext("75", "974") == ext("971", "974") == month
    assert ext("974", "974") == relativedelta()
    assert ext("abroad", "974") == two
    with pytest.raises(LegalError):
        ext("75", "987")  # Polynésie française: its own code of procedure
    with pytest.raises(LegalError):
        ext("75", "abroad")


def test_appeal_window_of_a_debtor_in_martinique():
    """§19.7: a judgment served on Tuesday 22 Apr 2025 (appeal: one month, art. 538 CPC).

    Court in Fort-de-France, debtor there: 22 May 2025 is Martinique's holiday → Friday 23 May.
    Court in Paris, debtor in Martinique: + 1 month (art. 643) → Sunday 22 Jun → Monday 23 Jun.
    Court in Paris, debtor abroad: + 2 months → Tuesday 22 Jul 2025.
    Court in Saint-Denis de La Réunion, debtor in Paris: + 1 month (art. 644) → Monday 23 Jun.
    """
    served = date(2025, 4, 22)
    appeal = escalation.appeal_deadline
    assert appeal("litigation", served, departement="972", debtor_area="972", court_area="972") == (
        date(2025, 5, 23)
    )
    assert appeal("litigation", served) == date(2025, 5, 22)
    assert appeal("litigation", served, debtor_area="972") == date(2025, 6, 23)
    assert appeal("litigation", served, debtor_area="abroad") == date(2025, 7, 22)
    assert appeal("litigation", served, debtor_area="75", court_area="974") == date(2025, 6, 23)
    # the opposition to an injonction de payer gets it too
    assert payment_order.opposition_deadline(served, debtor_area="972") == date(2025, 6, 23)


# -- 8. the 24-month cap binds the judge, not an amicable plan (art. 1343-5 C. civ.) ---------


def test_amicable_plan_over_24_months_warns_judicial_refuses():
    """§19.8: 3 000 € in 30 monthly instalments from 1 Feb 2026 (last 1 Jul 2028, 29 months
    after): 100 € each; allowed amicably with a warning, refused for a judge's plan."""
    plan = instalments.split_instalments(
        D("3000.00"), 30, date(2026, 2, 1), start_date=date(2026, 2, 1), judicial=False
    )
    assert len(plan) == 30
    assert {i.amount for i in plan} == {D("100.00")}
    assert plan[-1].date == date(2028, 7, 1)
    (notice,) = instalments.amicable_plan_notices(date(2026, 2, 1), plan[-1].date)
    assert "1343-5" in str(notice)
    assert instalments.amicable_plan_notices(date(2026, 2, 1), date(2028, 2, 1)) == ()
    with pytest.raises(InstalmentPlanError, match="1343-5"):
        instalments.split_instalments(D("3000.00"), 30, date(2026, 2, 1))


# -- 7. the forbidden wordings in a consumer's claim (L111-8 al. 2 CPCE, §19.4) --------------


def test_a_cost_named_as_a_recovery_fee_is_never_claimed_from_a_consumer():
    """§19.4: after a judgment of 1 Jul 2025, an 80 € attachment (al. 1) is claimed; the same
    80 € named « Frais de gestion » is a cost of amicable recovery whatever its step: kept out,
    with the article. 12 000 € + interest 139.59 (§16.2) + 80 = 12 219.59 €, else 12 139.59 €."""
    item = ClaimItem("FA-2025-001", D("12000.00"), date(2025, 3, 31))
    judgment = ClaimTitle(date(2025, 7, 1))
    on, notice = date(2025, 9, 30), date(2025, 5, 15)
    attachment = ClaimCost("Saisie-attribution", D("80.00"), consumer.COST_ENFORCEMENT)
    named = ClaimCost("Frais  de Gestion", D("80.00"), consumer.COST_ENFORCEMENT)
    claimed = compute_claim(
        [item], "b2c", on=on, formal_notice_date=notice, title=judgment, costs=[attachment]
    )
    kept_out = compute_claim(
        [item], "b2c", on=on, formal_notice_date=notice, title=judgment, costs=[named]
    )
    assert (claimed.costs_claimed, claimed.total) == (D("80.00"), D("12219.59"))
    assert (kept_out.costs_claimed, kept_out.costs_excluded) == (D("0.00"), D("80.00"))
    assert kept_out.total == D("12139.59")
    assert "L111-8 al. 2" in str(kept_out.lines[-1].reason)
    # between professionals the wording is no offence: beyond the 40 € indemnity, 40 € claimed
    b2b = compute_claim([item], "b2b", on=on, costs=[named])
    assert b2b.costs_claimed == D("40.00")
    assert consumer.names_recovery_fee("Frais d\u2019agence")
    assert not consumer.names_recovery_fee("Frais d'exécution")


# -- 8. the judge's grace period (art. 1343-5 C. civ.) ---------------------------------------


def test_judicial_grace_within_two_years_of_the_decision():
    """A decision of 10 Mar 2026 may postpone payment until 10 Mar 2028 at the latest."""
    decision = date(2026, 3, 10)
    assert instalments.check_judicial_grace(decision, decision, date(2028, 3, 10))
    for start, end in (
        (date(2026, 3, 9), date(2026, 9, 9)),
        (date(2026, 4, 1), date(2028, 3, 11)),
        (date(2026, 6, 1), date(2026, 5, 1)),
    ):
        with pytest.raises(InvalidDateError, match=r"art\. 1343-5"):
            instalments.check_judicial_grace(decision, start, end)
