"""Amounts in words in French, for letters and acknowledgments of debt."""

from decimal import Decimal

from num2words import num2words

from .common import check_amount

CENT = Decimal("0.01")


def _words(number):
    return num2words(number, lang="fr")


def _euros(units):
    words = _words(units)
    if units in (0, 1):
        return words + " euro"
    # Usage: « un million d'euros », « deux milliards d'euros » (de before a noun of number).
    if units % 1_000_000 == 0:
        return words + " d'euros"
    return words + " euros"


def _centimes(cents):
    return _words(cents) + (" centime" if cents == 1 else " centimes")


# Art. 1376 C. civ.: an acknowledgment of debt states the sum in words and in figures.
def amount_to_words_fr(amount):
    """French words for an amount in euros.

    ``Decimal('1234.56')`` gives ``'mille deux cent trente-quatre euros et cinquante-six
    centimes'`` (traditional spelling, as num2words writes it).
    """
    amount = check_amount(amount, allow_zero=True)
    units = int(amount)
    cents = int((amount - units) / CENT)
    if units and cents:
        return f"{_euros(units)} et {_centimes(cents)}"
    if cents:
        return _centimes(cents)
    return _euros(units)
