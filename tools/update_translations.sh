#!/usr/bin/env bash
# Extract every marked string (gettext/_/_l in code and templates, N_ in rules) and merge it
# into the English catalogue. Then translate the new empty msgstr entries and run `make test`
# (tests/test_translations.py fails on any untranslated string).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pybabel extract -F babel.cfg -k _l -k N_ --no-wrap --sort-by-file -o /tmp/grievance-messages.pot . >/dev/null 2>&1
.venv/bin/pybabel update --no-wrap --ignore-obsolete -i /tmp/grievance-messages.pot -d grievance/translations -l en >/dev/null 2>&1
.venv/bin/pybabel compile --use-fuzzy -d grievance/translations >/dev/null 2>&1
