# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers shared by the models."""


def legal_message(env, template, params):
    """A message template of a ``legal/`` rule, in the user's language, with its parameters.

    The rules write their templates in English and mark them ``_lt(...)``, so they are in
    ``i18n/*.po``; this translates the template, then fills it.
    """
    return env._(template, **params)


def legal_error_message(env, error):
    """The message of an error (``LegalError``) of a ``legal/`` rule, in the user's language."""
    return legal_message(env, error.template, error.params)
