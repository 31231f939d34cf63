# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers shared by the models."""


def legal_error_message(env, error):
    """The message of an error of a ``legal/`` rule, in the user's language.

    The rules raise ``LegalError`` with an English template marked ``_lt(...)``, so the
    template is in ``i18n/*.po``; it is translated here, then filled with its parameters.
    """
    return env._(error.template, **error.params)
