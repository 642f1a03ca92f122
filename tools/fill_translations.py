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
    if not m.id or not isinstance(m.id, str):
        continue
    if m.id in T:
        if m.string != T[m.id] or "fuzzy" in m.flags:
            m.string = T[m.id]
            n += 1
        m.flags.discard("fuzzy")
    elif "fuzzy" in m.flags:
        # A guess from a similar msgid is not a translation: leave it empty so it is caught.
        m.string = ""
        m.flags.discard("fuzzy")
with open(path, "wb") as handle:
    write_po(handle, cat, width=0, sort_by_file=True, ignore_obsolete=True)
missing = [m.id for m in cat if m.id and not m.string]
print(f"translations: {n} updated, {len(missing)} still untranslated")
for msgid in missing[:20]:
    print("  untranslated:", msgid)
