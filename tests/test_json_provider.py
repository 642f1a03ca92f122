"""JSON responses through orjson say what Flask's own encoder said, dates in ISO 8601."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
from flask import jsonify, render_template_string
from flask.json.provider import DefaultJSONProvider
from markupsafe import Markup

from grievance.json_provider import OrjsonProvider


@dataclass
class Figure:
    label: str
    amount: Decimal


DOCUMENT = {
    "id": 7,
    "name": "Pekerja Sawit — Kutai Timur",
    "filed": datetime(2026, 11, 22, 1, 30, tzinfo=timezone.utc),
    "due": date(2026, 12, 1),
    "shortfall": Decimal("250000.50"),
    "ref": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "figure": Figure("UMK", Decimal("3724437.20")),
    "note": Markup("<b>tebal</b>"),
    "counts": {2025: 3, 2026: 4},
    "items": [1.5, None, True, ("a", "b")],
}


def test_the_app_encodes_with_orjson(app):
    assert isinstance(app.json, OrjsonProvider)


def test_documents_are_the_same_as_flasks_encoder_writes_them_but_for_dates(app):
    ours = json.loads(app.json.dumps(DOCUMENT))
    flasks = json.loads(DefaultJSONProvider(app).dumps(DOCUMENT))
    assert {k: v for k, v in ours.items() if k not in ("filed", "due")} == {
        k: v for k, v in flasks.items() if k not in ("filed", "due")}
    # Money and ids as strings, keys in written order.
    assert ours["shortfall"] == "250000.50"
    assert list(ours) == list(DOCUMENT)


@pytest.mark.parametrize("value", [
    date(2026, 12, 1),
    datetime(2026, 11, 22, 1, 30, tzinfo=timezone.utc),
    datetime(2026, 11, 22, 1, 30, 5, 123456, tzinfo=timezone.utc),
    datetime(2026, 11, 22, 9, 30, tzinfo=timezone(timedelta(hours=8))),  # WITA
    datetime(2026, 11, 22, 1, 30),  # naive: no zone is invented
    time(7, 45),
])
def test_dates_and_times_are_written_exactly_as_isoformat_on_every_path(app, value):
    expected = value.isoformat()
    assert json.loads(app.json.dumps({"v": value})) == {"v": expected}
    # The fallback encoder (``sort_keys``, debug's indentation) writes the same.
    assert json.loads(app.json.dumps({"v": value}, sort_keys=True)) == {"v": expected}
    app.debug = True
    try:
        with app.test_request_context():
            body = jsonify({"v": value}).get_data(as_text=True)
    finally:
        app.debug = False
    assert json.loads(body) == {"v": expected}


def test_a_response_is_compact_utf8_json_with_a_final_newline(app):
    with app.test_request_context():
        response = jsonify({"name": "Pekerja Sawit — Kutai Timur", "b": 1, "a": 2})
    assert response.mimetype == "application/json"
    assert response.get_data() == ('{"name":"Pekerja Sawit — Kutai Timur","b":1,"a":2}\n'
                                   .encode())


def test_debug_mode_still_pretty_prints(app):
    app.debug = True
    try:
        with app.test_request_context():
            body = jsonify({"a": 1}).get_data(as_text=True)
    finally:
        app.debug = False
    assert body == '{\n  "a": 1\n}\n'


def test_unknown_objects_are_refused_as_before(app):
    with pytest.raises(TypeError):
        app.json.dumps({"x": object()})


def test_tojson_in_templates_stays_html_safe(app):
    with app.test_request_context():
        html = render_template_string("{{ value|tojson }}", value={"t": "</script><b>"})
    assert "<" not in html and "\\u003c/script\\u003e" in html
