"""The French rules live in ``legal/`` only (issue 17): the models, wizards and controllers
format what the rules compute and hold none of them.

A read of the sources, as ``grep`` would do it: a penalty, indemnity or interest computation, a
court's name, a Cerfa number, a procedure's deadline rule or a hard-coded list of the procedures
found there fails the test, with the file and the line.
"""

import pathlib
import re

import pytest

MODULE = pathlib.Path(__file__).resolve().parents[2]
SOURCES = sorted(
    path
    for folder in ("models", "wizards", "controllers")
    for path in (MODULE / folder).glob("*.py")
)
FORBIDDEN = {
    # L441-10, D441-5 C. com.: the 40 € indemnity and the penalties (legal/indemnity.py,
    # legal/penalties.py, composed by legal/claim.py).
    "a hard-coded 40 € indemnity": r"Decimal\(\s*['\"]?40(\.0+)?['\"]?\s*\)",
    "a penalty computation": r"\bcompute_late_penalties\b",
    "an indemnity rule": r"\b(recovery_indemnity(_total)?|complementary_indemnity)\b",
    "the consumer's interest start": r"\bnotice_date\s*<\s*today\b|invoice_date_due\s*<=\s*notice",
    # Courts and their forms (legal/procedures.py).
    "a Cerfa number": r"Cerfa|\b\d{5}\*\d{2}\b",
    "a court's name": r"(?i)tribunal (de commerce|judiciaire|des activit)|juge des contentieux",
    # The procedures' deadlines (legal/procedures.py DEADLINE_RULES).
    "a procedure deadline rule": (
        r"\b(simplified_reply_deadline|judgment_service_deadline|appeal_deadline|"
        r"opposition_deadline|enforcement_allowed_from|decision_enforceable_from|"
        r"service_deadline)\b"
    ),
    # The procedures' codes and names (legal/procedures.py PROCEDURES).
    "a list of the procedures": r"\(\s*\"amicable\",\s*\"Amicable\"\s*\)|"
    r"\"(simplified_procedure|payment_order)\":\s*\"(procédure simplifiée|injonction de payer)",
}


def test_sources_found():
    assert len(SOURCES) > 10
    assert any(path.name == "debt_recovery_case.py" for path in SOURCES)


@pytest.mark.parametrize("what", sorted(FORBIDDEN))
def test_no_rule_outside_legal(what):
    pattern = re.compile(FORBIDDEN[what])
    found = [
        f"{path.relative_to(MODULE)}:{number}: {line.strip()}"
        for path in SOURCES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, f"{what} outside legal/:\n" + "\n".join(found)


def test_the_check_finds_what_it_looks_for():
    """The patterns match what the models held before issue 17."""
    samples = {
        "a hard-coded 40 € indemnity": "indemnity = Decimal(40)",
        "a penalty computation": "interest = compute_late_penalties(",
        "an indemnity rule": "from ..legal.indemnity import complementary_indemnity",
        "the consumer's interest start": "notice_date and invoice.invoice_date_due <= notice_date",
        "a Cerfa number": 'COMMERCIAL_COURT: "12946*02",',
        "a court's name": 'JUDICIAL_COURT: "Tribunal judiciaire",',
        "a procedure deadline rule": "reply = simplified_reply_deadline(escalation.date_sent)",
        "a list of the procedures": '("amicable", "Amicable"),',
    }
    assert set(samples) == set(FORBIDDEN)
    for what, sample in samples.items():
        assert re.search(FORBIDDEN[what], sample), what
