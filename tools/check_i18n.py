"""Check that i18n/fr.po translates every entry of i18n/debt_recovery_fr.pot."""

import sys
from pathlib import Path

import polib

addon = Path(sys.argv[1])
pot = polib.pofile(str(addon / "i18n" / "debt_recovery_fr.pot"))
po = polib.pofile(str(addon / "i18n" / "fr.po"))
translated = {(e.msgctxt, e.msgid): e for e in po if e.msgstr and not e.obsolete}
missing = [e.msgid for e in pot if (e.msgctxt, e.msgid) not in translated]
fuzzy = [e.msgid for e in po.fuzzy_entries()]
for msgid in missing:
    print(f"fr.po: no translation for {msgid!r}")
for msgid in fuzzy:
    print(f"fr.po: fuzzy translation for {msgid!r}")
print(f"fr.po: {len(pot) - len(missing)}/{len(pot)} entries translated")
sys.exit(1 if missing or fuzzy else 0)
