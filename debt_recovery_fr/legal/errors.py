"""Errors and notices of the French-law rules.

Every error carries a constant English message template (``%(name)s`` placeholders) in
``.template`` and its values in ``.params``; ``str(err)`` renders it. The Odoo layer translates
with ``env._(err.template, **err.params)``.
"""

from dataclasses import dataclass, field


def _lt(template):
    """Mark a message template for translation and return it unchanged.

    Odoo's term extraction collects ``_lt("...")`` calls of the module's Python files, so every
    template of these rules is in ``i18n/*.po``; the Odoo layer translates it when it shows it.
    """
    return template


class TemplatedError(Exception):
    """An error whose message is ``.template`` (English, marked with ``_lt``) with ``.params``.

    Subclasses set their default ``template``; an instance may be given another one.
    """

    template = _lt("An error occurred.")

    def __init__(self, template=None, **params):
        if template is not None:
            self.template = template
        self.params = params
        super().__init__(self.message)

    @property
    def message(self):
        """The template rendered with its parameters."""
        return self.template % self.params if self.params else self.template

    def __str__(self):
        return self.message


class LegalError(TemplatedError, ValueError):
    """Base class: a rule cannot be applied to the given input."""

    template = _lt("A legal rule could not be applied.")


class InvalidAmountError(LegalError):
    """An amount is negative, zero where it must not be, or not a number of cents."""


class InvalidDateError(LegalError):
    """Dates are missing or in the wrong order."""


class UnknownDebtorTypeError(LegalError):
    """The debtor type is neither ``b2b`` nor ``b2c``."""


class MissingRateError(LegalError):
    """The rate table has no confirmed rate for the date needed."""


class InvalidRateTableError(LegalError):
    """A row of the rate table is malformed."""


class InvalidIdentifierError(LegalError):
    """A SIREN or SIRET number is malformed or fails its check digit."""


class InvalidPhoneError(LegalError):
    """A phone number cannot be parsed, is invalid, or is not a mobile."""


class InvalidPostcodeError(LegalError):
    """A postcode is malformed or not in a French département."""


class FeeNotAllowedError(LegalError):
    """A recovery fee would be charged to a consumer without an enforceable title."""


class InstalmentPlanError(LegalError):
    """An instalment plan cannot be built as requested."""


class PrescriptionEventError(LegalError):
    """A prescription event is unknown or malformed."""


@dataclass(frozen=True)
class LegalNotice:
    """A compliance warning attached to a result (same template/params contract as errors)."""

    template: str
    params: dict = field(default_factory=dict)

    @property
    def message(self):
        """The template rendered with its parameters."""
        return self.template % self.params if self.params else self.template

    def __str__(self):
        return self.message
