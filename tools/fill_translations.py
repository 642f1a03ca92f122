"""Fill the English catalogue from tools/translations/*.json ({msgid: msgstr}, one file per
area so that people working on different features never edit the same file)."""
import json
from pathlib import Path

from babel.messages.pofile import read_po, write_po

T = {}
for file in sorted(Path("tools/translations").glob("*.json")):
    T.update(json.loads(file.read_text(encoding="utf-8")))
path = "grievance/translations/en/LC_MESSAGES/messages.po"
with open(path, "rb") as handle:
    cat = read_po(handle, locale="en")
n = 0
for m in cat:
    if m.id and isinstance(m.id, str) and m.id in T and m.string != T[m.id]:
        m.string = T[m.id]
        m.flags.discard("fuzzy")
        n += 1
with open(path, "wb") as handle:
    write_po(handle, cat, width=0, sort_by_file=True, ignore_obsolete=True)
missing = [m.id for m in cat if m.id and not m.string]
print(f"translations: {n} updated, {len(missing)} still untranslated")
for msgid in missing[:20]:
    print("  untranslated:", msgid)
