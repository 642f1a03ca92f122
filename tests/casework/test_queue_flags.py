"""Intake flags in the queue: the rule names of a case's checks, kept in ``Complaint.flags``."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from grievance.extensions import db
from grievance.models import Complaint
from grievance.rules.checks import flags_text
from tests.factories import make_complaint, make_user

from .helpers import Api

WAGE = {"rule": "below_minimum_wage", "kind": "violation", "message": "…", "params": {}}
BPJS = {"rule": "bpjs_not_registered", "kind": "violation", "message": "…", "params": {}}


def test_flags_follow_the_checks_whenever_they_are_set(app):
    complaint = make_complaint(checks=[WAGE, BPJS])
    assert complaint.flags == "below_minimum_wage bpjs_not_registered"
    complaint.checks = [BPJS]
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).flags == "bpjs_not_registered"


def test_flags_skip_entries_without_a_rule():
    assert flags_text([WAGE, {"kind": "info"}, "stray text", {"rule": ""}, BPJS]) == (
        "below_minimum_wage bpjs_not_registered")
    assert flags_text(None) == flags_text([]) == ""


def test_a_case_without_checks_has_no_flags(app):
    complaint = make_complaint()
    assert db.session.scalar(select(Complaint.flags).where(Complaint.id == complaint.id)) == ""


def test_the_queue_api_lists_each_case_with_its_intake_flags(app, client):
    flagged = make_complaint(status="triaged", checks=[WAGE, BPJS], shortfall=Decimal("250000"))
    plain = make_complaint(status="triaged")
    items = Api(client, make_user("coordinator")).get("/cases?status=open").get_json()["items"]
    by_id = {item["id"]: item for item in items}
    assert by_id[flagged.id]["flags"] == ["below_minimum_wage", "bpjs_not_registered"]
    assert by_id[flagged.id]["shortfall"] == "250000.00"
    assert by_id[plain.id]["flags"] == []


def test_the_queue_page_shows_the_flags_with_the_shortfall(app, client, auth):
    make_complaint(status="triaged", checks=[WAGE], shortfall=Decimal("250000"))
    coordinator = make_user("coordinator")
    auth.login(coordinator.email)
    html = client.get("/cases?status=open").get_data(as_text=True)
    assert '<span class="badge">Di bawah upah minimum: −Rp 250.000</span>' in html


def _rule_names() -> list[str]:
    """Every rule name the intake checks can raise (read from the rules' source)."""
    import re
    from pathlib import Path

    import grievance.rules.checks as checks

    source = Path(checks.__file__).read_text()
    return sorted(set(re.findall(r'_check\(\s*"([a-z0-9_]+)"', source)))


def test_every_intake_rule_has_a_label_in_both_languages(app):
    from flask import render_template_string

    names = _rule_names()
    assert len(names) >= 10
    template = '{% from "_labels.html" import rule_label %}{{ rule_label(rule) }}'
    for lang in ("id", "en"):
        with app.test_request_context(f"/?lang={lang}"):
            for rule in names:
                label = render_template_string(template, rule=rule)
                assert label and label != rule, f"no {lang} label for {rule}"
