"""Package contract: no Odoo import, error templates, public names."""

import ast
import pathlib

import pytest

from debt_recovery_fr import legal
from debt_recovery_fr.legal import errors

LEGAL_DIR = pathlib.Path(legal.__file__).parent


@pytest.mark.parametrize("path", sorted(LEGAL_DIR.glob("*.py")), ids=lambda p: p.name)
def test_no_odoo_import(path):
    """DESIGN.md: legal/ is plain Python, unit-testable alone."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        assert not any(n == "odoo" or n.startswith("odoo.") for n in names), path


def test_raise_sites_use_constant_templates():
    """Templates are marked string literals so the Odoo layer can translate them."""
    for path in LEGAL_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                call = node.exc
                if call.args:
                    # _lt("...") marks the template for Odoo's term extraction (i18n/*.po).
                    marked = call.args[0]
                    assert isinstance(marked, ast.Call), (path.name, node.lineno)
                    assert getattr(marked.func, "id", None) == "_lt", (path.name, node.lineno)
                    assert isinstance(marked.args[0], ast.Constant), (path.name, node.lineno)
                    assert isinstance(marked.args[0].value, str), (path.name, node.lineno)


def test_error_template_and_params():
    err = errors.MissingRateError("No %(kind)s rate for %(half_year)s.", kind="mro", half_year="x")
    assert err.template == "No %(kind)s rate for %(half_year)s."
    assert err.params == {"kind": "mro", "half_year": "x"}
    assert str(err) == "No mro rate for x."
    assert isinstance(err, errors.LegalError)
    assert isinstance(err, ValueError)
    plain = errors.FeeNotAllowedError("100% sure, no placeholder.")
    assert str(plain) == "100% sure, no placeholder."


def test_public_api():
    assert callable(legal.penalties.compute_late_penalties)
    assert legal.RateTable.default() is legal.RateTable.default()
