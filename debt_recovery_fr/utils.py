# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers shared by the models."""

import ast

from odoo.exceptions import UserError
from odoo.tools import float_round, get_lang

from odoo.addons.base.models.res_lang import intersperse

from .services.common import CRON_MAX_WAIT, USER_MAX_WAIT


def legal_message(env, template, params):
    """A message template of a ``legal/`` rule, in the user's language, with its parameters.

    The rules write their templates in English and mark them ``_lt(...)``, so they are in
    ``i18n/*.po``; this translates the template, then fills it.
    """
    return env._(template, **params)


def legal_error_message(env, error):
    """The message of an error (``LegalError``) of a ``legal/`` rule, in the user's language."""
    return legal_message(env, error.template, error.params)


def service_client(env, client_class, url_param, default_url, patient=False):
    """A client of a public service configured by the system parameters.

    ``patient``: for the scheduled action, which may wait longer for a busy service than a
    user's button (see ``services/common.py``)."""
    # Technical settings of the module (URLs, timeouts), readable whatever the user's rights.
    get = env["ir.config_parameter"].sudo().get_param
    return client_class(
        get(url_param) or default_url,
        timeout=float(get("debt_recovery_fr.http_timeout") or 10),
        retries=int(get("debt_recovery_fr.http_retries") or 2),
        backoff=float(get("debt_recovery_fr.http_backoff") or 1),
        max_wait=CRON_MAX_WAIT if patient else USER_MAX_WAIT,
    )


def service_error(env, error):
    """A ``UserError`` with the translated message of a ``ServiceError``."""
    return UserError(legal_error_message(env, error))


class AmountFormatter:
    """``odoo.tools.format_amount`` for many amounts: the language and each currency are read
    once, not at every amount (a batch of the scheduled action formats thousands).

    ``formatter(amount, currency)`` is ``format_amount(env, amount, currency, lang_code)``.
    """

    def __init__(self, env, lang_code=None):
        lang = get_lang(env, lang_code)
        self._decimal_point = lang.decimal_point
        self._thousands_sep = lang.thousands_sep or ""
        self._grouping = ast.literal_eval(lang.grouping)
        self._currencies = {}

    def __call__(self, amount, currency):
        if currency.id not in self._currencies:
            symbol = currency.symbol or ""
            self._currencies[currency.id] = (
                currency.rounding,
                f"%.{currency.decimal_places}f",
                f"{symbol}\N{NO-BREAK SPACE}" if currency.position == "before" else "",
                f"\N{NO-BREAK SPACE}{symbol}" if currency.position != "before" else "",
            )
        rounding, fmt, pre, post = self._currencies[currency.id]
        parts = (fmt % float_round(amount, precision_rounding=rounding)).split(".")
        parts[0] = intersperse(parts[0], self._grouping, self._thousands_sep)[0]
        number = (
            self._decimal_point.join(parts)
            .replace(" ", "\N{NO-BREAK SPACE}")
            .replace("-", "-\N{ZERO WIDTH NO-BREAK SPACE}")
        )
        return f"{pre}{number}{post}"
