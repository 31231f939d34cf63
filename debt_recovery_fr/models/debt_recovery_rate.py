# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..legal.errors import LegalError
from ..legal.rates import RateTable, mro_dates_confirmed_by_ecb, mro_rows_from_ecb
from ..services.common import ServiceError
from ..services.ecb import DEFAULT_URL as ECB_URL
from ..services.ecb import EcbClient
from ..utils import legal_error_message, service_client, service_error

RATE_TABLE_CACHE_KEY = "debt_recovery_fr.rate_table"


class DebtRecoveryRate(models.Model):
    """A dated rate of the French recovery rules, editable by a manager.

    The rows shipped in ``legal/rates.csv`` are loaded on install and update (only those not yet
    in the database, so an administrator's corrections are kept); a new half-year is added here,
    without a code change.
    """

    _name = "debt.recovery.rate"
    _description = "Recovery Rate"
    _order = "kind, date_from desc"

    kind = fields.Selection(
        [
            ("mro", "ECB Main Refinancing Rate"),
            ("legal_private", "Legal Interest Rate - Private Creditor"),
            ("legal_other", "Legal Interest Rate - Other Cases"),
        ],
        required=True,
        help="ECB rate: in force from its date of effect. Legal interest rates: for the "
        "half-year starting on the date (1 January or 1 July); 'private creditor' is a natural "
        "person not acting for professional needs, 'other cases' applies to businesses.",
    )
    date_from = fields.Date(string="From", required=True)
    rate = fields.Float(string="Rate (%)", digits=(6, 4), required=True, aggregator=False)
    source = fields.Char(help="Where the figure comes from (Journal officiel, ECB decision...).")
    confirmed = fields.Boolean(
        default=True,
        help="Only confirmed rates are used; an unconfirmed figure blocks the computations "
        "that need it until an administrator checks it.",
    )

    _kind_date_uniq = models.Constraint(
        "UNIQUE(kind, date_from)", "There is already a rate of this kind on this date."
    )

    @api.constrains("kind", "date_from", "rate")
    def _check_rate_row(self):
        for rate in self:
            try:
                RateTable.from_rows([rate._to_rate_row()])
            except LegalError as error:
                raise ValidationError(
                    self.env._(
                        "Invalid rate: %(reason)s", reason=legal_error_message(self.env, error)
                    )
                ) from error

    def _to_rate_row(self):
        self.ensure_one()
        return {
            "kind": self.kind,
            "date_from": self.date_from,
            "rate": Decimal(str(self.rate)),
            "source": self.source or "",
            "confirmed": self.confirmed,
        }

    @api.model_create_multi
    def create(self, vals_list):
        self.env.cr.cache.pop(RATE_TABLE_CACHE_KEY, None)
        return super().create(vals_list)

    def write(self, vals):
        self.env.cr.cache.pop(RATE_TABLE_CACHE_KEY, None)
        return super().write(vals)

    def unlink(self):
        self.env.cr.cache.pop(RATE_TABLE_CACHE_KEY, None)
        return super().unlink()

    @api.model
    def _get_rate_table(self):
        """The rate table of the database, as the rules of ``legal/`` read it.

        Read once per transaction (the cursor's cache is cleared on commit, rollback and
        invalidation): the daily run needs it for every case. Changing a rate forgets it.
        """
        cache = self.env.cr.cache
        if RATE_TABLE_CACHE_KEY not in cache:
            cache[RATE_TABLE_CACHE_KEY] = self._read_rate_table()
        return cache[RATE_TABLE_CACHE_KEY]

    @api.model
    def _read_rate_table(self):
        # The rates are law, the same for every company: read them whatever the user's rights.
        records = self.sudo().search_fetch([], ["kind", "date_from", "rate", "source", "confirmed"])
        try:
            return RateTable.from_rows(record._to_rate_row() for record in records)
        except LegalError as error:
            raise UserError(
                self.env._(
                    "The recovery rate table is invalid: %(reason)s",
                    reason=legal_error_message(self.env, error),
                )
            ) from error

    @api.model
    def _load_shipped_rates(self):
        """Create the shipped rates that the database does not have yet."""
        existing = {
            (rate.kind, rate.date_from) for rate in self.search_fetch([], ["kind", "date_from"])
        }
        self.create(
            [
                {
                    "kind": row.kind,
                    "date_from": row.date_from,
                    "rate": float(row.rate),
                    "source": row.source,
                    "confirmed": row.confirmed,
                }
                for row in RateTable.default().rows
                if (row.kind, row.date_from) not in existing
            ]
        )

    @api.model
    def _debt_recovery_ecb_enabled(self):
        # A technical switch of the settings, read whatever the user's rights.
        param = self.env["ir.config_parameter"].sudo().get_param("debt_recovery_fr.ecb_rates")
        return param not in (False, "", "False", "0")

    @api.model
    def _debt_recovery_update_from_ecb(self, today=None, patient=False):
        """Add the ECB main refinancing rates the table lacks (changes and the 1 January /
        1 July reference dates reached). ``ServiceError`` when the ECB cannot be read or gives
        a rate outside the plausible range (``services/ecb.py``), and then nothing is added
        nor confirmed. ``patient``: the scheduled action's, which may wait for a busy ECB."""
        client = service_client(
            self.env, EcbClient, "debt_recovery_fr.ecb_url", ECB_URL, patient=patient
        )
        changes = client.mro_changes()
        table = self._get_rate_table()
        # A provisional figure the ECB publishes as such is confirmed.
        confirmed = self.search(
            [
                ("kind", "=", "mro"),
                ("confirmed", "=", False),
                ("date_from", "in", mro_dates_confirmed_by_ecb(table, changes)),
            ]
        )
        confirmed.confirmed = True
        rows = mro_rows_from_ecb(table, changes, today or fields.Date.context_today(self))
        return confirmed | self.create(
            [
                {
                    "kind": row.kind,
                    "date_from": row.date_from,
                    "rate": float(row.rate),
                    "source": row.source,
                    "confirmed": True,
                }
                for row in rows
            ]
        )

    @api.model
    def action_debt_recovery_update_from_ecb(self):
        """Button: fetch the ECB rate now and say what was added."""
        if not self._debt_recovery_ecb_enabled():
            raise UserError(
                self.env._(
                    "The ECB rate update is switched off: enable it in the Debt Recovery settings."
                )
            )
        try:
            rates = self._debt_recovery_update_from_ecb()
        except ServiceError as error:
            raise service_error(self.env, error) from error
        message = (
            self.env._(
                "ECB rates added: %(rates)s",
                rates=", ".join(f"{rate.date_from} {rate.rate:g} %" for rate in rates),
            )
            if rates
            else self.env._("The rate table already has every ECB rate.")
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": "success", "sticky": False},
        }
