"""Solvency score of a debtor, 0 to 100: how likely pursuing him still pays.

Not a rule of law but the module's own scale, kept here beside the rules so that it is plain
Python and tested alone. Each criterion gives whole points up to its weight; the score is their
sum, so the breakdown always adds up to the score. A ceased company or one in judicial
liquidation cannot score more than ``CAP_WHEN_GONE``: a last, negative line brings it down.

Criteria (weights sum to 100):

* payment delay: average days late of the invoices paid over the last year (0 days: full
  points, ``MAX_DAYS_LATE`` days or more: none);
* late payments: share of those invoices paid after their due date;
* overdue vs sales: what is overdue today against the year's sales (half the year's sales or
  more: none);
* administrative status: active, unknown, ceased (public register);
* collective proceedings: none, sauvegarde, redressement, liquidation (BODACC);
* company age: from its creation date, full points at ``MATURE_YEARS``.

Without payment history (no invoice paid in the year), the two payment criteria give half
their points: nothing is known either way.

A consumer is never scored on company criteria (status, proceedings, age), nor is a company
whose public registers were never read: the three payment criteria then carry the whole scale
(``BEHAVIOUR_WEIGHTS``). With neither payment history nor registers, there is nothing to score:
the score is ``None`` (« données insuffisantes »), never the defaults passed off as an
assessment.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .errors import _lt

WEIGHTS = {
    "delay": 20,
    "late_share": 15,
    "overdue_ratio": 15,
    "status": 20,
    "collective": 20,
    "age": 10,
}
# The scale when only the debtor's payments are known (consumers, registers never read).
BEHAVIOUR_WEIGHTS = {"delay": 40, "late_share": 30, "overdue_ratio": 30}
MAX_DAYS_LATE = Decimal(90)
MAX_OVERDUE_RATIO = Decimal("0.5")
MATURE_YEARS = Decimal(10)
CAP_WHEN_GONE = 10
# Below this score, a procedure (fees of a commissaire, court costs) is unlikely to pay off.
UNLIKELY_TO_PAY = 40

STATUS_POINTS = {"active": 20, None: 10, "ceased": 0}
COLLECTIVE_POINTS = {None: 20, "sauvegarde": 10, "redressement": 5, "liquidation": 0}

LABELS = {
    "delay": _lt("Payment delay"),
    "late_share": _lt("Invoices paid late"),
    "overdue_ratio": _lt("Overdue vs. yearly sales"),
    "status": _lt("Administrative status"),
    "collective": _lt("Collective proceedings"),
    "age": _lt("Company age"),
    "cap": _lt("Ceased or in liquidation"),
}


@dataclass(frozen=True)
class ScoreLine:
    code: str
    points: int
    weight: int

    @property
    def label(self):
        """English label, marked for translation."""
        return LABELS[self.code]


@dataclass(frozen=True)
class SolvencyScore:
    score: int | None
    lines: tuple

    @property
    def insufficient(self):
        """Nothing known to score the debtor on."""
        return self.score is None

    @property
    def unlikely_to_pay(self):
        return self.score is not None and self.score < UNLIKELY_TO_PAY


def _points(weight, fraction):
    """``weight`` × ``fraction`` (clamped to 0..1), rounded to whole points."""
    fraction = min(max(Decimal(fraction), Decimal(0)), Decimal(1))
    return int((weight * fraction).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def solvency_score(
    average_days_late=None,
    late_share=None,
    overdue=Decimal(0),
    yearly_sales=Decimal(0),
    status=None,
    collective=None,
    age_years=None,
    consumer=False,
    registers_read=True,
):
    """The score and its breakdown. ``None`` means unknown for every criterion.

    ``consumer``: scored on his payments only; ``registers_read``: whether the company's
    public registers were read (else its status, proceedings and age are unknown, not
    assumed)."""
    overdue, yearly_sales = Decimal(str(overdue)), Decimal(str(yearly_sales))
    behaviour_only = consumer or not registers_read
    if behaviour_only and average_days_late is None:
        return SolvencyScore(None, ())
    weights = BEHAVIOUR_WEIGHTS if behaviour_only else WEIGHTS
    lines = []
    if average_days_late is None:
        lines.append(
            ScoreLine("delay", _points(weights["delay"], Decimal("0.5")), weights["delay"])
        )
    else:
        lateness = Decimal(str(max(average_days_late, 0))) / MAX_DAYS_LATE
        lines.append(ScoreLine("delay", _points(weights["delay"], 1 - lateness), weights["delay"]))
    share = Decimal("0.5") if late_share is None else 1 - Decimal(str(late_share))
    lines.append(
        ScoreLine("late_share", _points(weights["late_share"], share), weights["late_share"])
    )
    if overdue <= 0:
        ratio_points = weights["overdue_ratio"]
    elif yearly_sales <= 0:
        ratio_points = 0
    else:
        ratio = overdue / yearly_sales / MAX_OVERDUE_RATIO
        ratio_points = _points(weights["overdue_ratio"], 1 - ratio)
    lines.append(ScoreLine("overdue_ratio", ratio_points, weights["overdue_ratio"]))
    if behaviour_only:
        return SolvencyScore(sum(line.points for line in lines), tuple(lines))
    lines.append(ScoreLine("status", STATUS_POINTS[status], WEIGHTS["status"]))
    lines.append(ScoreLine("collective", COLLECTIVE_POINTS[collective], WEIGHTS["collective"]))
    if age_years is None:
        age_points = _points(WEIGHTS["age"], Decimal("0.5"))
    else:
        age_points = _points(WEIGHTS["age"], Decimal(str(age_years)) / MATURE_YEARS)
    lines.append(ScoreLine("age", age_points, WEIGHTS["age"]))
    total = sum(line.points for line in lines)
    if (status == "ceased" or collective == "liquidation") and total > CAP_WHEN_GONE:
        lines.append(ScoreLine("cap", CAP_WHEN_GONE - total, 0))
        total = CAP_WHEN_GONE
    return SolvencyScore(total, tuple(lines))
