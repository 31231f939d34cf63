# The pure tests of debt_recovery_fr/legal/ import it without loading the Odoo addon around it.
import pathlib
import sys
import types

_addon = pathlib.Path(__file__).parent / "debt_recovery_fr"
# Stub packages, so that neither the addon's __init__.py nor its tests/__init__.py (both import
# Odoo) run when pytest collects debt_recovery_fr/tests/legal/.
for _name, _path in (
    ("debt_recovery_fr", _addon),
    ("debt_recovery_fr.tests", _addon / "tests"),
):
    if _name not in sys.modules:
        _pkg = types.ModuleType(_name)
        _pkg.__path__ = [str(_path)]
        _pkg.__file__ = str(_path / "__init__.py")
        sys.modules[_name] = _pkg
