"""Clients of public services over HTTP (``requests``), without Odoo.

Each client raises ``ServiceError`` (an English message template and its values, translated by
the Odoo layer like the errors of ``legal/``) for an unreachable service, an error answer or a
body it cannot read; it never returns half-read data.
"""
