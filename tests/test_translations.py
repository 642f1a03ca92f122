"""Every string users see has an English translation with the same placeholders.

Strings are extracted from the sources here (not read from the catalogue), so a string added
without running ``tools/update_translations.sh`` fails this test too.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "grievance" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "N_": None}


def _source_msgids() -> set[str]:
    # The same mapping and options as tools/update_translations.sh: babel.cfg (whose Jinja
    # sections know the app's extensions and fail on a template they cannot parse).
    with open(ROOT / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map=method_map,
                                                options_map=options_map, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {m for m in found if m}


def test_every_template_with_strings_is_read_by_the_extractor():
    """A template the extractor could not parse used to lose all its strings from the
    catalogue without a word (the {% do %} tag did that to the queue page)."""
    with open(ROOT / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    read = {filename for filename, *_ in extract_from_dir(
        str(ROOT), method_map=method_map, options_map=options_map, keywords=KEYWORDS)}
    with_strings = {str(path.relative_to(ROOT)) for path in (ROOT / "templates").rglob("*")
                    if path.suffix in (".html", ".txt") and "_(" in path.read_text()}
    assert "templates/cases/queue.html" in with_strings
    assert with_strings <= read, sorted(with_strings - read)


def _catalogue():
    with open(CATALOGUE, "rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def test_every_user_facing_string_has_an_english_translation():
    catalogue = _catalogue()
    missing = sorted(m for m in _source_msgids() if not catalogue.get(m))
    assert not missing, f"{len(missing)} untranslated (run tools/update_translations.sh): {missing[:10]}"


def test_translations_keep_the_placeholders_of_their_msgid():
    for msgid, msgstr in _catalogue().items():
        if isinstance(msgid, str) and msgstr:
            assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(msgstr)), msgid


def test_no_translation_is_a_fuzzy_guess():
    """pybabel guesses from similar msgids ("fuzzy"); a guess is not a translation."""
    with open(CATALOGUE, "rb") as handle:
        fuzzy = [m.id for m in read_po(handle) if m.id and "fuzzy" in m.flags]
    assert not fuzzy, f"fuzzy entries (translate them in tools/translations/): {fuzzy[:10]}"
