"""Dated rate table: ECB main refinancing rate and French legal interest rates.

Rows have a ``kind``, a ``date_from``, a ``rate`` in percentage points (``Decimal``), a
``source`` and a ``confirmed`` flag.

* ``mro``: the ECB main refinancing operations fixed rate in force from ``date_from`` (date of
  effect, not of announcement). The series is only known up to its latest row: an administrator
  who checks that the rate did not change adds a row dated 1 January / 1 July with the rate in
  force, which is how a new half-year is added without a code change.
* ``legal_private`` / ``legal_other``: the taux de l'intérêt légal of the half-year starting on
  ``date_from`` (1 January or 1 July), for a creditor who is a natural person not acting for
  professional needs, and for all other cases.

Unverified figures (legal_fr.md §18) are shipped with ``confirmed=False``. A lookup that needs
an unconfirmed or missing rate raises ``MissingRateError``; a caller who knowingly accepts a
provisional figure passes ``allow_provisional=True``.
"""

import bisect
import csv
import datetime
import functools
import io
import pathlib
from dataclasses import dataclass
from decimal import Decimal

from .common import half_year_label, half_year_start, next_half_year_start, to_decimal
from .errors import InvalidRateTableError, MissingRateError, _lt

KIND_MRO = "mro"
KIND_LEGAL_PRIVATE = "legal_private"
KIND_LEGAL_OTHER = "legal_other"
KINDS = (KIND_MRO, KIND_LEGAL_PRIVATE, KIND_LEGAL_OTHER)
DEFAULT_CSV = pathlib.Path(__file__).with_name("rates.csv")

# L441-10 II C. com.: default penalty rate = ECB refinancing rate + 10 percentage points.
B2B_PENALTY_MARGIN = Decimal("10")
# L441-10 II C. com.: a contractual penalty rate may not be lower than 3 times the legal rate.
CONTRACT_RATE_FLOOR_FACTOR = Decimal("3")


@dataclass(frozen=True)
class RateRow:
    """One dated rate."""

    kind: str
    date_from: datetime.date
    rate: Decimal
    source: str = ""
    confirmed: bool = True


def _parse_bool(value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y", "t"):
        return True
    if text in ("0", "false", "no", "n", "f", ""):
        return False
    raise InvalidRateTableError(_lt("Invalid confirmed flag %(value)r."), value=value)


def _parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidRateTableError(_lt("Invalid rate date %(value)r."), value=value) from None


def _make_row(row):
    if isinstance(row, RateRow):
        data = {f: getattr(row, f) for f in ("kind", "date_from", "rate", "source", "confirmed")}
    elif isinstance(row, dict):
        data = row
    else:
        raise InvalidRateTableError(
            _lt("A rate row must be a RateRow or a mapping, got %(row)r."), row=row
        )
    kind = data.get("kind")
    if kind not in KINDS:
        raise InvalidRateTableError(
            _lt("Unknown rate kind %(kind)r: expected one of %(kinds)s."),
            kind=kind,
            kinds=", ".join(KINDS),
        )
    date_from = _parse_date(data.get("date_from"))
    try:
        rate = to_decimal(data.get("rate"), "rate")
    except ValueError:
        raise InvalidRateTableError(
            _lt("Invalid %(kind)s rate %(rate)r on %(date)s."),
            kind=kind,
            rate=data.get("rate"),
            date=date_from,
        ) from None
    if kind != KIND_MRO:
        if date_from != half_year_start(date_from) or date_from.day != 1:
            raise InvalidRateTableError(
                _lt("A %(kind)s rate must start on 1 January or 1 July, got %(date)s."),
                kind=kind,
                date=date_from,
            )
        if rate < 0:
            raise InvalidRateTableError(
                _lt("A %(kind)s rate cannot be negative (%(rate)s on %(date)s)."),
                kind=kind,
                rate=rate,
                date=date_from,
            )
    return RateRow(
        kind=kind,
        date_from=date_from,
        rate=rate,
        source=str(data.get("source") or ""),
        confirmed=_parse_bool(data.get("confirmed", True)),
    )


class RateTable:
    """Immutable set of dated rates with the lookups the rules need."""

    def __init__(self, rows=()):
        by_key = {}
        for raw in rows:
            row = _make_row(raw)
            key = (row.kind, row.date_from)
            if key in by_key:
                raise InvalidRateTableError(
                    _lt("Two %(kind)s rates are dated %(date)s."), kind=row.kind, date=row.date_from
                )
            by_key[key] = row
        self._rows = tuple(sorted(by_key.values(), key=lambda r: (r.kind, r.date_from)))
        self._by_kind = {kind: [r for r in self._rows if r.kind == kind] for kind in KINDS}
        self._dates = {kind: [r.date_from for r in rows] for kind, rows in self._by_kind.items()}
        # The last date each kind of rate is known until, confirmed only or provisional too:
        # read by every lookup (a daily run looks up a rate per invoice).
        self._known_until = {
            (kind, provisional): max(
                (r.date_from for r in rows if r.confirmed or provisional), default=None
            )
            for kind, rows in self._by_kind.items()
            for provisional in (False, True)
        }

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_rows(cls, rows):
        """Build a table from ``RateRow`` objects or mappings (e.g. database records' values)."""
        return cls(rows)

    @classmethod
    def from_csv(cls, source):
        """Build a table from a CSV path or text stream (``#`` lines are comments)."""
        if isinstance(source, (str, pathlib.Path)):
            text = pathlib.Path(source).read_text(encoding="utf-8")
        else:
            text = source.read()
        lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
        return cls(csv.DictReader(io.StringIO("\n".join(lines))))

    @classmethod
    def default(cls):
        """The table shipped with the module (``rates.csv``)."""
        return _default_table()

    def with_rows(self, rows):
        """A new table where ``rows`` are added; a row with the same kind and date replaces."""
        merged = {(r.kind, r.date_from): r for r in self._rows}
        for raw in rows:
            row = _make_row(raw)
            merged[(row.kind, row.date_from)] = row
        return RateTable(merged.values())

    def merge(self, other):
        """A new table with the rows of ``other`` added to (or replacing) those of this one."""
        return self.with_rows(other.rows)

    @property
    def rows(self):
        """All rows, sorted by kind then date."""
        return self._rows

    def __len__(self):
        return len(self._rows)

    # -- lookups --------------------------------------------------------------------------
    def _row_at(self, kind, day, allow_provisional):
        rows, dates = self._by_kind[kind], self._dates[kind]
        index = bisect.bisect_right(dates, day) - 1
        if index < 0:
            raise MissingRateError(
                _lt("The rate table has no %(kind)s rate on or before %(date)s."),
                kind=kind,
                date=day,
            )
        row = rows[index]
        known_until = self._known_until[(kind, bool(allow_provisional))]
        if not row.confirmed and not allow_provisional:
            raise MissingRateError(
                _lt(
                    "The %(kind)s rate of %(rate)s%% in force on %(date)s is not confirmed by an "
                    "administrator."
                ),
                kind=kind,
                rate=row.rate,
                date=day,
            )
        if known_until is None or known_until < day:
            raise MissingRateError(
                _lt(
                    "The rate table does not say which %(kind)s rate is in force on %(date)s: "
                    "add a confirmed row dated on or after that day."
                ),
                kind=kind,
                date=day,
            )
        return row

    # MRO: ECB main refinancing operations fixed rate in force on a date (date of effect).
    def mro_at(self, day, allow_provisional=False):
        """ECB main refinancing rate in force on ``day``."""
        return self._row_at(KIND_MRO, day, allow_provisional).rate

    # L441-10 II C. com.: rate in force on 1 January for H1, on 1 July for H2.
    @staticmethod
    def mro_reference_date(day):
        """1 January or 1 July whose ECB rate applies to ``day``."""
        return half_year_start(day)

    # L441-10 II C. com.: contract rate (the floor when it is below it, legal_fr.md §19.3), or
    # without one the ECB rate of the half-year + 10 points.
    def penalty_rate_b2b(self, day, contract_rate=None, allow_provisional=False):
        """Penalty rate of ``day``: the contract rate, raised to the floor of 3 times the legal
        rate; without a contract rate, MRO + 10 points."""
        if contract_rate is None:
            return self.default_penalty_rate_b2b(day, allow_provisional)
        rate = to_decimal(contract_rate, "contract rate")
        return max(rate, self.contract_rate_floor(day, allow_provisional))

    # L441-10 II C. com.: statutory default rate, MRO of the half-year's reference date + 10.
    def default_penalty_rate_b2b(self, day, allow_provisional=False):
        """Statutory default B2B penalty rate of the half-year containing ``day``."""
        reference = self.mro_reference_date(day)
        return self.mro_at(reference, allow_provisional) + B2B_PENALTY_MARGIN

    # L313-2 C. mon. fin.: the category follows the creditor, never the debtor.
    def legal_rate(self, day, creditor_is_private_individual=False, allow_provisional=False):
        """Taux de l'intérêt légal of the half-year containing ``day``."""
        kind = KIND_LEGAL_PRIVATE if creditor_is_private_individual else KIND_LEGAL_OTHER
        start = half_year_start(day)
        for row in self._by_kind[kind]:
            if row.date_from == start:
                if not row.confirmed and not allow_provisional:
                    raise MissingRateError(
                        _lt(
                            "The %(kind)s rate of %(half_year)s is not confirmed "
                            "by an administrator."
                        ),
                        kind=kind,
                        half_year=half_year_label(day),
                    )
                return row.rate
        raise MissingRateError(
            _lt("The rate table has no %(kind)s rate for %(half_year)s."),
            kind=kind,
            half_year=half_year_label(day),
        )

    # L441-10 II C. com.: floor of a contractual rate = 3 times legal rate (« autres cas »).
    def contract_rate_floor(self, day, allow_provisional=False):
        """Lowest lawful contractual penalty rate for the half-year containing ``day``."""
        return CONTRACT_RATE_FLOOR_FACTOR * self.legal_rate(day, False, allow_provisional)

    # L441-10 II C. com.: a contractual rate below 3 times the legal rate is not applied.
    def cgv_rate_valid(self, rate, day, allow_provisional=False):
        """Whether a contractual penalty rate is lawful for the half-year containing ``day``."""
        rate = to_decimal(rate, "contract rate")
        return rate >= self.contract_rate_floor(day, allow_provisional)


@functools.lru_cache(maxsize=1)
def _default_table():
    return RateTable.from_csv(DEFAULT_CSV)


ECB_SOURCE = "ECB Data Portal FM/B.U2.EUR.4F.KR.MRR_FR.LEV (date of change)"
ECB_REFERENCE_SOURCE = (
    "rate in force on the reference date (L441-10 C. com.); ECB Data Portal series"
)


# L441-10 II C. com.: the half-year's penalty rate is the MRO in force on 1 January / 1 July.
def mro_rows_from_ecb(table, changes, today):
    """The ``mro`` rows the ECB series ``changes`` (``[(date of effect, rate)]``) adds to
    ``table`` on ``today``: each change after the table's last confirmed ``mro`` row, and the
    row of each reference date (1 January, 1 July) after it and reached by ``today``, with the
    rate in force that day. A date the table has is never added again (an administrator's
    corrections stay; see ``mro_dates_confirmed_by_ecb`` for provisional rows)."""
    changes = sorted((_parse_date(day), to_decimal(rate, "rate")) for day, rate in changes)
    if not changes:
        return []
    known = {row.date_from for row in table.rows if row.kind == KIND_MRO}
    confirmed = [row.date_from for row in table.rows if row.kind == KIND_MRO and row.confirmed]
    last_known = max(confirmed, default=changes[0][0] - datetime.timedelta(days=1))
    new = {
        day: RateRow(KIND_MRO, day, rate, ECB_SOURCE)
        for day, rate in changes
        if last_known < day <= today and day not in known
    }
    reference = last_known
    while True:
        reference = next_half_year_start(reference)
        if reference > today:
            break
        in_force = [rate for day, rate in changes if day <= reference]
        if reference not in known and reference not in new and in_force:
            new[reference] = RateRow(KIND_MRO, reference, in_force[-1], ECB_REFERENCE_SOURCE)
    return sorted(new.values(), key=lambda row: row.date_from)


def mro_dates_confirmed_by_ecb(table, changes):
    """Dates of the provisional ``mro`` rows of ``table`` whose rate the ECB series publishes."""
    published = {_parse_date(day): to_decimal(rate, "rate") for day, rate in changes}
    return [
        row.date_from
        for row in table.rows
        if row.kind == KIND_MRO and not row.confirmed and published.get(row.date_from) == row.rate
    ]
