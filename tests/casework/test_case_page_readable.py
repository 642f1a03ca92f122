"""The staff case page speaks in words: form answers with the form's labels, checks explained."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from grievance.extensions import db
from grievance.models import Attachment
from grievance.rules.checks import IntakeFacts, run_checks
from grievance.services.reference import floors

from ..factories import make_complaint, make_user


def _wage_case(**fields):
    checks = run_checks(IntakeFacts(category="wage_below_minimum", region_code="64.72",
                                    filed_on=date(2025, 5, 2), monthly_wage=Decimal("3000000")),
                        floors(2025))
    return make_complaint(details={"wage": {"monthly_wage": 3000000, "year": 2025}},
                          checks=checks, **fields)


def test_case_page_shows_form_answers_with_labels_and_rupiah(client, auth, app):
    auth.login_as(make_user("coordinator"))
    case = _wage_case()
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Rp 3.000.000" in html
    assert "monthly_wage" not in html
    assert "di bawah UMK Kota Samarinda 2025" in html


def test_pool_inspector_sees_that_worker_files_exist_but_gets_no_link(client, auth, app):
    inspector = make_user("inspector")
    auth.login_as(inspector)
    case = _wage_case(status="triaged")
    db.session.add(Attachment(complaint_id=case.id, stored_name="x" * 32, original_name="slip.pdf",
                              size=1000, content_type="application/pdf", sha256="0" * 64,
                              uploaded_by_kind="complainant"))
    db.session.commit()
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "slip.pdf" not in html
    assert "1 berkas dari pelapor" in html


def test_every_form_field_on_the_case_page_has_its_own_id(client, auth, app):
    """Screen readers tie a label to the first element with its id: ids must be unique."""
    import re
    from collections import Counter

    auth.login_as(make_user("coordinator"))
    case = _wage_case(status="inspection")
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    ids = Counter(re.findall(r'\bid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
