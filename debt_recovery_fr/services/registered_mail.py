"""What the registered-mail providers have in common, without Odoo.

A provider posts one letter (``Letter``) and answers ``Posted``: its own identifiers of the
letter; later, asked about it, a ``Tracking``: where the letter is, its dates and the proofs it
has, each a ``Proof`` to download. The Odoo layer stores them on the recovery step; the clients
(``maileva.py``, ``ar24.py``) translate each provider's answers into these.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from ..legal.errors import TemplatedError, _lt
from .common import ServiceError

# The providers' dates are UTC (Maileva) or Paris time (AR24); a French letter's dates are
# French days.
PARIS = ZoneInfo("Europe/Paris")

# Where a registered letter is (``Tracking.state``).
SUBMITTED = "submitted"  # handed to the provider, not yet posted
DEPOSITED = "deposited"  # posted: the deposit proof exists
DELIVERED = "delivered"  # received (AR signed, LRE accepted)
UNDELIVERED = "undelivered"  # returned: unknown address, not claimed, refused...
REFUSED = "refused"  # LRE refused by the recipient
NEGLIGENCE = "negligence"  # LRE not accepted within 15 days
FAILED = "failed"  # the provider could not post it (rejected)
FINAL_STATES = (DELIVERED, UNDELIVERED, REFUSED, NEGLIGENCE, FAILED)


class RegisteredMailError(ServiceError):
    """A provider refused or could not take a letter (message: see ``TemplatedError``)."""


class OutcomeUnknownError(RegisteredMailError):
    """The provider may have taken the letter (no answer to the request that sends it): it
    must not be sent again before someone checks at the provider."""


class InvalidLetterError(TemplatedError, ValueError):
    """The letter cannot be sent as it is (an address too long, no e-mail...): nothing was
    sent."""

    template = _lt("The letter cannot be sent as it is.")


@dataclass(frozen=True)
class Letter:
    """One letter to post: the PDF, who receives it, who sends it."""

    pdf: bytes
    file_name: str
    reference: str  # the step's own reference, given to the provider
    name: str  # what the provider shows of the sending
    recipient_company: str
    recipient_name: str
    recipient_street: str
    recipient_street2: str
    recipient_zip: str
    recipient_city: str
    recipient_country: str  # ISO 3166 code
    recipient_email: str = ""
    recipient_firstname: str = ""
    recipient_lastname: str = ""
    recipient_is_professional: bool = True
    sender_lines: tuple = ()  # up to six lines of the sender's address
    sender_country: str = "FR"


@dataclass(frozen=True)
class Posted:
    """What a provider answers when it takes a letter."""

    sending_id: str
    recipient_id: str = ""
    registered_number: str = ""


@dataclass(frozen=True)
class Proof:
    """A proof the provider keeps, to download: ``kind`` is one of ``PROOF_KINDS``."""

    kind: str
    url: str
    date: datetime.datetime | None = None


@dataclass(frozen=True)
class Tracking:
    """Where a letter is, as its provider says."""

    state: str
    registered_number: str = ""
    cost: float | None = None
    deposit_date: datetime.date | None = None
    received_date: datetime.date | None = None
    failure_code: str = ""
    failure_label: str = ""
    proofs: tuple = field(default_factory=tuple)


# The proofs a step keeps, in the order they come.
PROOF_KINDS = ("deposit", "acknowledgment", "undelivered", "refusal", "negligence")


def paris_date(value):
    """The French day of a provider's date-time (ISO 8601, UTC when it says so), else None."""
    if not value:
        return None
    text = str(value).strip().replace("Z", "+00:00")
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        try:
            return datetime.date.fromisoformat(text[:10])
        except ValueError:
            return None
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(PARIS).date()


def address_lines(letter, width):
    """The recipient's address as the six lines of the French postal standard (NF Z10-011):
    1 company, 2 person, 3 building, 4 street, 5 locality, 6 postcode and city; a line longer
    than ``width`` characters is an ``InvalidLetterError`` (nothing is cut: a cut address may
    not be delivered)."""
    lines = {
        1: letter.recipient_company,
        2: letter.recipient_name,
        3: letter.recipient_street2,
        4: letter.recipient_street,
        5: "",
        6: f"{letter.recipient_zip} {letter.recipient_city}".strip(),
    }
    lines = {number: " ".join((text or "").split()) for number, text in lines.items()}
    too_long = [text for text in lines.values() if len(text) > width]
    if too_long:
        raise InvalidLetterError(
            _lt(
                "The address line « %(line)s » is longer than the %(width)s characters a "
                "registered letter allows: shorten it on the debtor."
            ),
            line=too_long[0],
            width=width,
        )
    if not (lines[1] or lines[2]) or not lines[6]:
        raise InvalidLetterError(
            _lt("The debtor's address is incomplete: a name and a postcode and city are needed.")
        )
    return lines
