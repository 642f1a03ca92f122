"""Input no form offers, as a fuzzer or a careless script sends it: ids too large for the
database, digits that are not ASCII, NUL characters. Each gets a clear 4xx on both
databases, never a 500 (found by running schemathesis against /api/v1/openapi.json).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from grievance.extensions import db
from grievance.models import Complaint
from grievance.rules.ids import MAX_ID
from grievance.services.users import load_user_from_session
from tests.casework.helpers import Api
from tests.factories import make_complaint, make_user
from tests.intake.helpers import body

TOO_LARGE = [str(MAX_ID + 1), "99999999999999999999"]


@pytest.mark.parametrize("case_id", TOO_LARGE)
def test_a_case_id_past_the_database_range_is_404_in_api_and_pages(app, auth, case_id):
    coordinator = make_user("coordinator")
    api = Api(app.test_client(), coordinator)
    assert api.get(f"/cases/{case_id}").status_code == 404
    assert api.post(f"/cases/{case_id}/claim").status_code == 404
    auth.login_as(coordinator)
    assert auth.client.get(f"/cases/{case_id}").status_code == 404
    assert auth.client.get(f"/employers/{case_id}").status_code == 404


@pytest.mark.parametrize("assignee", TOO_LARGE + ["²"])
def test_an_assignee_that_cannot_be_a_user_id_is_a_400_naming_the_field(app, assignee):
    response = Api(app.test_client(), make_user("coordinator")).get(
        "/cases", query_string={"assignee": assignee})
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"assignee"}


def test_employer_digits_that_cannot_be_an_id_are_searched_as_a_name(app):
    make_complaint(status="triaged")
    response = Api(app.test_client(), make_user("coordinator")).get(
        "/cases", query_string={"employer": TOO_LARGE[1]})
    assert response.status_code == 200
    assert response.get_json()["items"] == []


def test_merging_into_a_case_id_past_the_range_is_a_422_on_merged_into(app):
    case = make_complaint(status="triaged")
    response = Api(app.test_client(), make_user("coordinator")).post(
        f"/cases/{case.id}/transitions",
        {"to": "merged", "note": "Duplikat.", "merged_into": MAX_ID + 1})
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"merged_into"}
    db.session.expire_all()
    assert db.session.get(Complaint, case.id).status == "triaged"


def test_bulk_assign_ignores_ids_no_case_can_have(app, auth):
    inspector = make_user("inspector")
    case = make_complaint(status="triaged")
    auth.login_as(make_user("coordinator"))
    response = auth.client.post("/cases/assign", data={
        "inspector": inspector.email, "case_ids": ["²", TOO_LARGE[1], str(case.id)]})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Complaint, case.id).assignee_id == inspector.id


def test_a_session_naming_an_impossible_user_id_is_nobody(app):
    assert load_user_from_session(f"{TOO_LARGE[1]}:nonce") is None
    assert load_user_from_session("²:nonce") is None


@pytest.mark.parametrize("params", [{"q": "lembur\x00"}, {"employer": "PT\x00"},
                                    {"assignee": "a\x00@x.id"}, {"status\x00": "open"}])
def test_a_nul_in_a_queue_parameter_is_a_400_naming_it(app, params):
    response = Api(app.test_client(), make_user("coordinator")).get("/cases",
                                                                    query_string=params)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_request"
    assert "NUL" in error["message"]
    assert list(error["fields"]) == [next(iter(params)).replace("\x00", "\\0")]


def test_a_nul_in_the_html_queue_search_is_a_400_page_in_the_users_language(app, auth):
    auth.login_as(make_user("coordinator"))
    response = auth.client.get("/cases", query_string={"q": "a\x00b"})
    assert response.status_code == 400
    assert "karakter yang tidak dapat disimpan" in response.get_data(as_text=True)


def test_a_complaint_with_a_nul_is_refused_naming_the_field_and_nothing_is_stored(client):
    response = client.post("/api/v1/complaints",
                           json=body(description="Upah saya\x00 di bawah UMK sejak Januari."))
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == {
        "description": "Karakter tidak diizinkan."}
    nested = client.post("/api/v1/complaints",
                         json=body(employer={"name": "PT\x00 Borneo", "region_code": "64.72"}))
    assert nested.get_json()["error"]["fields"] == {"employer.name": "Karakter tidak diizinkan."}
    assert db.session.scalar(select(func.count(Complaint.id))) == 0


def test_a_nul_in_a_form_post_is_refused(app, auth):
    case = make_complaint(status="triaged")
    auth.login_as(make_user("coordinator"))
    response = auth.client.post(f"/cases/{case.id}/notes",
                                data={"body": "Catatan\x00", "visibility": "internal"})
    assert response.status_code == 400


def test_the_text_a_backslash_u0000_is_not_mistaken_for_a_nul(client):
    # Typed literally (six characters), it is text like any other.
    response = client.post("/api/v1/complaints", json=body(
        description="Di slip gaji tertulis \\u0000 di kolom lembur, upah di bawah UMK."))
    assert response.status_code == 201, response.get_data(as_text=True)


# Digits that are not ASCII: "²".isdigit() is true and int("²") raises ValueError.

@pytest.mark.parametrize("path", ["/api/v1/stats?year=²", "/stats?year=²",
                                  "/stats/monthly?year=²", "/stats/monthly?month=²"])
def test_public_statistics_refuse_a_superscript_year_with_a_message(client, path):
    response = client.get(path)
    assert response.status_code == 422


@pytest.mark.parametrize("params", [{"limit": "²"}, {"priority": "²"}, {"limit": "٣"}])
def test_queue_limit_and_priority_accept_ascii_digits_only(app, params):
    response = Api(app.test_client(), make_user("coordinator")).get("/cases",
                                                                    query_string=params)
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == set(params)


def test_an_nib_in_other_scripts_digits_is_refused(app, auth):
    case = make_complaint(status="triaged")
    auth.login_as(make_user("coordinator"))
    response = auth.client.post(f"/employers/{case.employer_id}", data={
        "name": "PT Borneo Sawit Lestari", "nib": "١٢٣٤٥٦٧٨٩٠١٢٣"}, follow_redirects=True)
    assert "NIB terdiri dari 13 angka" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(case), case.id).employer.nib is None


@pytest.mark.parametrize("field", ["date_from", "date_to"])
def test_a_filing_date_in_year_one_is_a_400_not_an_overflow(app, field):
    response = Api(app.test_client(), make_user("coordinator")).get(
        "/cases", query_string={field: "0001-01-01"})
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {field}


def test_the_queue_date_message_names_the_years_the_filter_accepts(app):
    from grievance.rules.years import FIRST_YEAR, LAST_YEAR
    from grievance.services.queue import DATE_RANGE_MESSAGE

    # The message spells the years out (it is a msgid): it must not drift from the rule.
    assert re.findall(r"\d{4}", DATE_RANGE_MESSAGE) == [str(FIRST_YEAR), str(LAST_YEAR)]
    api = Api(app.test_client(), make_user("coordinator"))
    assert api.get("/cases", query_string={"date_from": f"{FIRST_YEAR}-01-01",
                                           "date_to": f"{LAST_YEAR}-12-31"}).status_code == 200
    for day in (f"{FIRST_YEAR - 1}-12-31", f"{LAST_YEAR + 1}-01-01"):
        response = api.get("/cases", query_string={"date_from": day})
        assert response.status_code == 400
        assert response.get_json()["error"]["fields"]["date_from"] == DATE_RANGE_MESSAGE


@pytest.mark.parametrize("worker", [{"name": "Siti", "position": [None, None]},
                                    {"name": ["Siti"]}, {"name": 7}, "Siti"])
def test_an_affected_worker_that_is_not_text_is_a_422_on_the_list(client, worker):
    response = client.post("/api/v1/complaints", json=body(affected_workers=[worker]))
    assert response.status_code == 422
    assert "affected_workers" in response.get_json()["error"]["fields"]


def test_control_characters_in_a_complaint_do_not_break_the_xlsx_export(app):
    import io

    from openpyxl import load_workbook

    from tests.factories import make_employer

    # An escape character survives the intake's whitespace clean-up (it is no whitespace);
    # the sheet's XML cannot hold it, and openpyxl refused the whole export.
    make_complaint(employer=make_employer("PT Borneo\x1b Sawit\x02 Lestari"))
    response = Api(app.test_client(), make_user("coordinator")).get("/reports/cases.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.data), read_only=True).active.values)
    assert len(rows) == 2
    assert rows[1][rows[0].index("employer")] == "PT Borneo\ufffd Sawit\ufffd Lestari"


@pytest.mark.parametrize("override,field", [
    ({"employer": {"name": "PT Borneo", "region_code": "64.72", "sector": {}}}, "employer.sector"),
    ({"employer": {"name": "PT Borneo", "region_code": ["64.72"]}}, "employer.region_code"),
    ({"category": {"wage_below_minimum": 1}}, "category"),
    ({"privacy": ["open"]}, "privacy"),
    ({"contract": {"type": {}}}, "contract.type"),
])
def test_a_code_sent_as_a_list_or_object_is_a_422_on_its_field(client, override, field):
    response = client.post("/api/v1/complaints", json={**body(), **override})
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_a_multipart_part_without_a_name_is_no_crash(client):
    boundary = "b0409607ba10614282daaa14b88bbac8"
    data = (f"--{boundary}\r\nContent-Disposition: form-data\r\n\r\nx\r\n"
            f"--{boundary}--\r\n").encode()
    response = client.post("/api/v1/complaints/KT-AAAA-AAAA/attachments", data=data,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code in (400, 401, 404, 422)
