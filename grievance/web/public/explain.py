"""The intake checks in plain words: the rule's message with its figures formatted for people."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext

from ...i18n import wita_date
from ...rules.checks import DATE_PARAMS, MONEY_PARAMS, PROVINCE_CODE
from ...rules.money import format_rupiah
from ...services import reference


def region_names() -> dict[str, str]:
    names = {region.code: region.name for region in reference.regions()}
    names[PROVINCE_CODE] = "Kalimantan Timur"
    return names


def explain(check: dict, regions: dict[str, str]) -> str:
    params = {}
    for key, value in (check.get("params") or {}).items():
        if value is not None and key in MONEY_PARAMS:
            value = format_rupiah(Decimal(str(value)))
        elif value and key in DATE_PARAMS:
            value = wita_date(date.fromisoformat(value))
        elif key == "region":
            value = regions.get(value, value)
        params[key] = value
    msgid = check.get("message")  # a rules msgid (extracted from rules/ through N_)
    if not msgid:  # a check stored without its sentence (older data): name the rule at least
        return gettext("Temuan awal: %(rule)s", rule=check.get("rule", "?"))
    return gettext(msgid, **params)


def explain_all(checks: list[dict]) -> list[dict]:
    """``[{"kind": "violation"|"info", "text": ...}]`` in the order the rules gave them."""
    regions = region_names()
    return [{"kind": check.get("kind", "info"), "rule": check.get("rule"),
             "text": explain(check, regions)} for check in checks or []]


_MONEY_KEYS = {"monthly_wage", "amount", "thr_amount", "wage"}


def _format_value(key: str, value):
    if isinstance(value, bool):
        return gettext("Ya") if value else gettext("Tidak")
    if value is None or value == "":
        return "–"
    if key in _MONEY_KEYS:
        try:
            return format_rupiah(Decimal(str(value)))
        except ArithmeticError:
            return str(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return wita_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def describe_details(details: dict | None) -> list[tuple[str, str]]:
    """The category-specific answers of the form as (label, value), labelled as on the form."""
    from .forms import PATH_FIELDS, ComplaintForm

    form = ComplaintForm(meta={"csrf": False}, formdata=None)
    rows = []
    for group, values in (details or {}).items():
        items = values.items() if isinstance(values, dict) else [("", values)]
        for key, value in items:
            name = PATH_FIELDS.get(f"{group}.{key}" if key else group)
            label = str(form[name].label.text) if name and name in form else f"{group} {key}".strip()
            rows.append((label, _format_value(key, value)))
    return rows
