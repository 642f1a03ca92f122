"""Security review fixes in casework: lists show only cases the reader may open, and
redirects back to the referring page stay on this site."""

from __future__ import annotations

import pytest

from tests.factories import make_complaint, make_employer, make_user

HIDDEN = "kasus lain yang tidak dapat Anda buka"


@pytest.fixture
def employer_cases(app):
    """An employer with a case for one inspector, one in intake and one of another inspector."""
    inspector = make_user("inspector")
    employer = make_employer("PT Rahasia Sekali")
    mine = make_complaint(employer=employer, status="inspection", assignee=inspector)
    received = make_complaint(employer=employer, status="received", workers_affected=7)
    elsewhere = make_complaint(employer=employer, status="inspection",
                               assignee=make_user("inspector"))
    return inspector, employer, mine, (received, elsewhere)


def test_inspector_sees_only_openable_cases_on_the_employer_page(client, auth, employer_cases):
    inspector, employer, mine, hidden = employer_cases
    auth.login_as(inspector)
    html = client.get(f"/employers/{employer.id}").get_data(as_text=True)
    assert mine.tracking_code in html
    for case in hidden:
        assert client.get(f"/cases/{case.id}").status_code == 404
        assert case.tracking_code not in html
        assert f"/cases/{case.id}\"" not in html
    assert f"+ 2 {HIDDEN}" in html


def test_employer_totals_stay_aggregate_for_inspectors(client, auth, employer_cases):
    inspector, employer, _, _ = employer_cases
    auth.login_as(inspector)
    html = client.get(f"/employers/{employer.id}").get_data(as_text=True)
    # three live cases, 1 + 7 + 1 workers: the totals count every case
    assert "<dd>3</dd>" in html and "<dd>9</dd>" in html


def test_inspector_case_page_lists_no_other_codes_it_cannot_open(client, auth, employer_cases):
    inspector, _, mine, hidden = employer_cases
    auth.login_as(inspector)
    html = client.get(f"/cases/{mine.id}").get_data(as_text=True)
    for case in hidden:
        assert case.tracking_code not in html
    assert f"+ 2 {HIDDEN}" in html
    assert "Tidak ada." not in html.split("Kasus lain terhadap pemberi kerja ini")[1]


def test_coordinator_sees_every_case_of_the_employer(client, auth, employer_cases):
    _, employer, mine, hidden = employer_cases
    auth.login_as(make_user("coordinator"))
    for path in (f"/employers/{employer.id}", f"/cases/{mine.id}"):
        html = client.get(path).get_data(as_text=True)
        for case in hidden:
            assert case.tracking_code in html
        assert HIDDEN not in html


@pytest.mark.parametrize("referrer,expected", [
    (None, "/cases"),
    ("http://localhost/cases?status=triaged", "/cases?status=triaged"),
    ("https://evil.example/cases?status=x", "/cases?status=x"),   # only the path is kept
    ("https://evil.example//evil.example/phish", "/cases"),       # protocol-relative: refused
    ("https://evil.example/\\evil.example", "/cases"),
    ("not a url", "/cases"),
])
@pytest.mark.parametrize("valid", [True, False])
def test_bulk_assign_goes_back_to_a_page_of_this_site(app, client, auth, referrer, expected,
                                                      valid):
    inspector = make_user("inspector")
    case = make_complaint(status="triaged")
    auth.login_as(make_user("coordinator"))
    data = {"inspector": inspector.email, "case_ids": [str(case.id)]} if valid else {}
    headers = {"Referer": referrer} if referrer else {}
    response = client.post("/cases/assign", data=data, headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == expected
