#!/usr/bin/env bash
# Extract every marked string (gettext/_/_l in code and templates, N_ in rules) and merge it
# into the English catalogue, fill it from tools/translations/*.json, and compile.
# Add new English translations to the JSON file of your area, never to the .po by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pybabel extract -F babel.cfg -k _l -k N_ --no-wrap --sort-by-file -o /tmp/grievance-messages.pot . >/dev/null 2>&1
.venv/bin/pybabel update --no-wrap --no-fuzzy-matching --ignore-obsolete -i /tmp/grievance-messages.pot -d grievance/translations -l en >/dev/null 2>&1
.venv/bin/python tools/fill_translations.py
.venv/bin/pybabel compile -d grievance/translations >/dev/null 2>&1
