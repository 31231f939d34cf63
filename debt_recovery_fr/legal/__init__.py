"""French debt-recovery law as plain Python (no Odoo import).

Each rule is a function named after it, with its article in a one-line comment; the Odoo models
call these functions and never re-implement a rule. Money and rates are ``Decimal``; rates are in
percentage points (``Decimal('12.15')``).
"""

from . import (
    amount_words,
    claim,
    collective,
    common,
    consumer,
    errors,
    escalation,
    identifiers,
    indemnity,
    instalments,
    payment_order,
    penalties,
    phone,
    postcode,
    prescription,
    procedures,
    rates,
)
from .claim import Claim, ClaimCost, ClaimItem, ClaimTitle, compute_claim
from .errors import (
    FeeNotAllowedError,
    InstalmentPlanError,
    InvalidAmountError,
    InvalidDateError,
    InvalidIdentifierError,
    InvalidPhoneError,
    InvalidPostcodeError,
    InvalidRateTableError,
    LegalError,
    LegalNotice,
    MissingRateError,
    PrescriptionEventError,
    UnknownDebtorTypeError,
)
from .penalties import PenaltyResult, Period, compute_late_penalties
from .rates import RateRow, RateTable

__all__ = [
    "Claim",
    "ClaimCost",
    "ClaimItem",
    "ClaimTitle",
    "FeeNotAllowedError",
    "InstalmentPlanError",
    "InvalidAmountError",
    "InvalidDateError",
    "InvalidIdentifierError",
    "InvalidPhoneError",
    "InvalidPostcodeError",
    "InvalidRateTableError",
    "LegalError",
    "LegalNotice",
    "MissingRateError",
    "PenaltyResult",
    "Period",
    "PrescriptionEventError",
    "RateRow",
    "RateTable",
    "UnknownDebtorTypeError",
    "amount_words",
    "claim",
    "collective",
    "common",
    "compute_claim",
    "compute_late_penalties",
    "consumer",
    "errors",
    "escalation",
    "identifiers",
    "indemnity",
    "instalments",
    "payment_order",
    "penalties",
    "phone",
    "postcode",
    "prescription",
    "procedures",
    "rates",
]
