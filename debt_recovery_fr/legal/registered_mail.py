"""Registered letters: when an electronic one (LRE) may stand for the paper one."""

from .common import check_date
from .errors import InvalidDateError, _lt

# Art. L100 CPCEl: an LRE sent by a qualified provider (art. 44 eIDAS) is equivalent to a
# registered letter; a recipient who is not a professional must have consented to receive LRE.
LRE_CONSENT_REQUIRED = _lt(
    "The debtor is a consumer who never consented to receive electronic registered letters "
    "(art. L100 CPCE): the letter goes by paper registered letter."
)
LRE_CONSENT_WITHDRAWN = _lt(
    "The debtor withdrew his consent to electronic registered letters on %(date)s (art. L100 "
    "CPCE): the letter goes by paper registered letter."
)
LRE_NO_EMAIL = _lt("The debtor has no e-mail address: the letter goes by paper registered letter.")


def lre_refusal(professional, consents, email, on_date):
    """Why an LRE may not be sent to this recipient on ``on_date`` (a message template and its
    values), or ``None`` when it may.

    ``consents``: ``(given on, withdrawn on or None)`` of each consent the recipient gave the
    sender. A professional needs none (art. L100 CPCEl); a consumer needs one given on or before
    ``on_date`` and not withdrawn by then.

    >>> import datetime
    >>> day = datetime.date(2026, 12, 3)
    >>> lre_refusal(True, [], "compta@example.fr", day) is None
    True
    >>> lre_refusal(False, [(datetime.date(2026, 1, 5), None)], "a@example.fr", day) is None
    True
    >>> lre_refusal(False, [], "a@example.fr", day)[0] == LRE_CONSENT_REQUIRED
    True
    """
    check_date(on_date, "on_date")
    if not (email or "").strip():
        return LRE_NO_EMAIL, {}
    if professional:
        return None
    withdrawn = []
    for given, withdrawn_on in consents:
        check_date(given, "given")
        if withdrawn_on is not None:
            check_date(withdrawn_on, "withdrawn_on")
            if withdrawn_on < given:
                raise InvalidDateError(
                    _lt("A consent cannot be withdrawn (%(withdrawn)s) before it was given."),
                    withdrawn=withdrawn_on.isoformat(),
                )
        if given > on_date:
            continue
        if withdrawn_on is None or withdrawn_on > on_date:
            return None
        withdrawn.append(withdrawn_on)
    if withdrawn:
        return LRE_CONSENT_WITHDRAWN, {"date": max(withdrawn)}
    return LRE_CONSENT_REQUIRED, {}
