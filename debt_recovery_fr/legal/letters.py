"""What French recovery letters say: deadlines, dates and rates written out, procedures named."""

import datetime
from decimal import Decimal

from num2words import num2words

from .common import check_date, to_decimal
from .errors import LegalError, _lt
from .procedures import (
    COMMERCIAL_COURT,
    ECONOMIC_COURT,
    JUDICIAL_COURT,
    LITIGATION,
    PAYMENT_ORDER,
    PROTECTION_JUDGE,
    SIMPLIFIED_PROCEDURE,
    SUMMARY_PROCEEDINGS,
    names_fr,
)

# legal_fr.md §6 (7): a formal notice leaves the debtor a deadline, 8 to 15 days in practice.
DEFAULT_FORMAL_NOTICE_DAYS = 8
MIN_FORMAL_NOTICE_DAYS = 8

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

COURT_NAMES_FR = {
    COMMERCIAL_COURT: "tribunal de commerce",
    ECONOMIC_COURT: "tribunal des activités économiques",
    JUDICIAL_COURT: "tribunal judiciaire",
    PROTECTION_JUDGE: "juge des contentieux de la protection",
}

# The procedures a letter may announce: only those the law opens for the claim (legal_fr.md §6
# (8), §15: no threat of an action that is not available).
PROCEDURE_NAMES_FR = {
    SIMPLIFIED_PROCEDURE: (
        "la procédure simplifiée de recouvrement des petites créances, confiée à un commissaire "
        "de justice (article L125-1 du Code des procédures civiles d'exécution)"
    ),
    PAYMENT_ORDER: (
        "une requête en injonction de payer devant le %(court)s du lieu de votre %(seat)s "
        "(articles 1405 et suivants du Code de procédure civile)"
    ),
    SUMMARY_PROCEEDINGS: "une assignation en référé-provision devant le %(court)s",
    LITIGATION: "une assignation en paiement devant le %(court)s",
}
ANNOUNCED_PROCEDURES = (SIMPLIFIED_PROCEDURE, PAYMENT_ORDER, SUMMARY_PROCEEDINGS, LITIGATION)


def date_fr(day, weekday=False):
    """A date written out in French: ``1er décembre 2026``, ``lundi 23 novembre 2026``."""
    check_date(day, "date")
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {MONTHS_FR[day.month - 1]} {day.year}"
    return f"{WEEKDAYS_FR[day.weekday()]} {text}" if weekday else text


# French elision: « l' » before a vowel or a mute h (« l'injonction de payer », never « la
# injonction »).
ELIDING_INITIALS = "aàâäeéèêëiîïoôöuùûüyh"


def with_definite_article_fr(noun, feminine=False):
    """``noun`` after its definite article: ``l'injonction de payer``, ``le référé-provision``."""
    if noun[:1].lower() in ELIDING_INITIALS:
        return f"l'{noun}"
    return f"{'la' if feminine else 'le'} {noun}"


# The gender of the procedures' French names: « le référé-provision », « l'injonction de payer ».
MASCULINE_PROCEDURES = (SUMMARY_PROCEEDINGS,)


def procedure_name_defined_fr(code):
    """The French name of the procedure ``code`` after its definite article."""
    return with_definite_article_fr(names_fr()[code], feminine=code not in MASCULINE_PROCEDURES)


def percent_fr(rate):
    """A rate in French notation: ``Decimal('13.15')`` gives ``13,15 %``."""
    rate = to_decimal(rate, "rate").quantize(Decimal("0.01"))
    return f"{rate:.2f}".replace(".", ",") + "\N{NO-BREAK SPACE}%"


def days_in_words_fr(days):
    """``8`` gives ``huit (8) jours``, as a deadline is written in a formal notice."""
    return f"{num2words(days, lang='fr')} ({days}) jour{'s' if days > 1 else ''}"


# Cass. 1re civ. 22 Jun 2017 n° 16-18.418: the acceleration clause states notice and cure period.
def acceleration_clause_fr(terms):
    """The acceleration clause of an instalment agreement (``instalments.AccelerationTerms``),
    word for word as the agreement prints it and the portal shows it before acceptance."""
    after = (
        f"{days_in_words_fr(terms.grace_days)} après sa date"
        if terms.grace_days
        else "après sa date"
    )
    return (
        f"Si une échéance reste impayée {after}, le créancier adressera au débiteur une mise en "
        "demeure de la régler. Si cette mise en demeure reste sans effet pendant un délai de "
        f"{days_in_words_fr(terms.cure_days)} à compter de son envoi, la déchéance du terme sera "
        "acquise : la totalité des sommes restant dues deviendra immédiatement exigible et le "
        "créancier reprendra le recouvrement, y compris par voie judiciaire."
    )


# Art. 1344 C. civ.: the formal notice is a demand to pay within a stated deadline.
def payment_deadline(letter_date, days):
    """The last day to pay, ``days`` days after the letter (at least the customary 8 days)."""
    check_date(letter_date, "letter date")
    if isinstance(days, bool) or not isinstance(days, int) or days < MIN_FORMAL_NOTICE_DAYS:
        raise LegalError(
            _lt("A formal notice leaves the debtor at least %(min)s days to pay, got %(days)r."),
            min=MIN_FORMAL_NOTICE_DAYS,
            days=days,
        )
    return letter_date + datetime.timedelta(days=days)


# Art. 1406 CPC: the payment order goes to the court of the place where the debtor lives.
def procedure_name_fr(option, consumer=False):
    """How a letter names the procedure of a ``ProcedureOption`` (``None`` if not announced)."""
    if option.code not in PROCEDURE_NAMES_FR:
        return None
    court = COURT_NAMES_FR.get(option.court or "", "tribunal compétent")
    seat = "domicile" if consumer else "siège ou domicile"
    return PROCEDURE_NAMES_FR[option.code] % {"court": court, "seat": seat}


def announced_procedure_fr(options, consumer=False):
    """The first procedure open for the claim, named as the letter announces it, or ``None``.

    ``consumer``: the letter is to a consumer, who has a home (domicile), not a seat (siège).
    """
    for option in options:
        if option.allowed and option.code in ANNOUNCED_PROCEDURES:
            return procedure_name_fr(option, consumer=consumer)
    return None


def _group(digits, sizes):
    parts, start = [], 0
    for size in sizes:
        parts.append(digits[start : start + size])
        start += size
    return " ".join(part for part in parts if part)


def format_siren_fr(siren):
    """``552032534`` gives ``552 032 534``, as the trade register prints it."""
    return _group(siren, (3, 3, 3))


def format_siret_fr(siret):
    """``55203253400646`` gives ``552 032 534 00646``."""
    return _group(siret, (3, 3, 3, 5))
