"""Check that i18n/fr.po translates every entry of the module's translation template.

Usage: check_i18n.py ADDON_DIR [TEMPLATE]: TEMPLATE defaults to i18n/debt_recovery_fr.pot; the
test command passes one freshly exported from the test database, so a new string that nobody
exported is caught too.
"""

import sys
from pathlib import Path

import polib

addon = Path(sys.argv[1])
template = sys.argv[2] if len(sys.argv) > 2 else addon / "i18n" / "debt_recovery_fr.pot"
pot = polib.pofile(str(template))
po = polib.pofile(str(addon / "i18n" / "fr.po"))
translated = {(e.msgctxt, e.msgid): e for e in po if e.msgstr and not e.obsolete}
missing = [e.msgid for e in pot if (e.msgctxt, e.msgid) not in translated]
fuzzy = [e.msgid for e in po.fuzzy_entries()]
for msgid in missing:
    print(f"fr.po: no translation for {msgid!r} (run tools/i18n, then translate)")
for msgid in fuzzy:
    print(f"fr.po: fuzzy translation for {msgid!r}")
print(f"fr.po: {len(pot) - len(missing)}/{len(pot)} entries translated")
sys.exit(1 if missing or fuzzy else 0)
