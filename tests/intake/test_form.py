"""The public form: two steps without JavaScript, input kept on error, one complaint per form."""

from __future__ import annotations

import pytest

from grievance.extensions import db
from grievance.models import Complaint

from .helpers import codes_from_receipt, form_fields, hidden, open_form, post_form

CATEGORY_FIELDS = {
    "wage_below_minimum": ["monthly_wage", "wage_year"],
    "pkwt_misuse": ["contract_type", "contract_start", "renewals", "written"],
    "outsourcing_misuse": ["outsourcing_company"],
    "bpjs_ketenagakerjaan": ["bpjs_ketenagakerjaan", "bpjs_kesehatan", "bpjs_start"],
    "bpjs_kesehatan": ["bpjs_ketenagakerjaan", "bpjs_kesehatan", "bpjs_start"],
    "thr_unpaid": ["thr_holiday", "thr_amount"],
    "overtime_unpaid": ["overtime_hours"],
    "severance_unpaid": ["severance_end", "service_years"],
    "other": [],
}


def count() -> int:
    return db.session.scalar(db.select(db.func.count(Complaint.id)))


def test_first_step_lists_the_categories_as_a_plain_get_form(client):
    html = client.get("/complaints/new").get_data(as_text=True)
    assert 'method="get"' in html and 'name="category"' in html
    assert "Upah di bawah upah minimum" in html and "Masalah lain" in html


@pytest.mark.parametrize("category", sorted(CATEGORY_FIELDS))
def test_each_category_shows_only_its_own_fields_and_files(client, category):
    html = open_form(client, category)
    for name in CATEGORY_FIELDS[category]:
        assert f'name="{name}"' in html, name
    others = {n for c, names in CATEGORY_FIELDS.items() if c != category for n in names}
    for name in others - set(CATEGORY_FIELDS[category]) - {"monthly_wage", "wage_year"}:
        assert f'name="{name}"' not in html, name
    response = post_form(client, category, html=html)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert count() == 1


def test_receipt_shows_both_codes_once_with_checks_in_plain_words(client):
    post_form(client)
    html = client.get("/complaints/receipt").get_data(as_text=True)
    tracking, access = codes_from_receipt(html)
    assert "Tulis kedua kode ini" in html and "Cetak tanda terima" in html
    assert "Upah Anda Rp 3.000.000 di bawah UMK Kota Samarinda 2025 (Rp 3.724.437,20)" in html
    assert "kurang Rp 724.437,20" in html
    again = client.get("/complaints/receipt").get_data(as_text=True)
    assert access not in again and tracking not in again


def test_receipt_in_english(client):
    client.get("/?lang=en")
    post_form(client)
    html = client.get("/complaints/receipt").get_data(as_text=True)
    assert "Write both codes down" in html


def test_an_error_keeps_everything_typed_and_sits_next_to_its_field(client):
    response = post_form(client, monthly_wage="3,5 juta", description="Upah saya dipotong terus.",
                         name="Siti Aminah", phone="0812 3456 7890")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="3,5 juta"' in html and "Upah saya dipotong terus." in html
    assert 'value="Siti Aminah"' in html and 'value="0812 3456 7890"' in html
    assert 'value="PT Borneo Sawit Lestari"' in html
    assert 'id="monthly_wage-error"' in html and "3.500.000" in html
    assert count() == 0


def test_the_corrected_form_then_files(client):
    first = post_form(client, monthly_wage="3,5 juta")
    fixed = post_form(client, html=first.get_data(as_text=True), monthly_wage="3.500.000")
    assert fixed.status_code == 302 and count() == 1


def test_double_submit_creates_one_complaint_and_shows_the_receipt(client):
    html = open_form(client)
    first = post_form(client, html=html)
    second = post_form(client, html=html)
    assert first.status_code == second.status_code == 302
    assert count() == 1
    receipt = client.get("/complaints/receipt").get_data(as_text=True)
    tracking, access = codes_from_receipt(receipt)
    assert db.session.scalar(db.select(Complaint.tracking_code)) == tracking


def test_a_resend_after_the_receipt_files_nothing_new(client):
    html = open_form(client)
    post_form(client, html=html)
    client.get("/complaints/receipt")
    again = post_form(client, html=html)
    assert again.status_code == 302 and count() == 1


def test_a_new_form_after_filing_gets_a_new_token(client):
    html = open_form(client)
    post_form(client, html=html)
    client.get("/complaints/receipt")
    assert hidden(open_form(client), "form_token") != hidden(html, "form_token")


def test_anonymous_with_a_name_is_refused_and_the_name_kept_for_correction(client):
    response = post_form(client, privacy="anonymous", name="Budi")
    assert response.status_code == 422
    assert "kosongkan identitas" in response.get_data(as_text=True)


def test_the_form_refuses_a_post_without_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        html = client.get("/complaints/new?category=other").get_data(as_text=True)
        data = form_fields("other")
        data["form_token"] = hidden(html, "form_token")
        response = client.post("/complaints/new?category=other", data=data)
        assert response.status_code == 400
        assert count() == 0
        data["csrf_token"] = hidden(html, "csrf_token")
        assert client.post("/complaints/new?category=other", data=data).status_code == 302


def test_filing_is_rate_limited_per_address_and_the_429_page_keeps_the_input(make_app):
    app = make_app(RATELIMIT_PUBLIC_FILING="2 per hour")
    client = app.test_client()
    with app.app_context():
        for _ in range(2):
            assert post_form(client).status_code == 302
            client.get("/complaints/receipt")
        response = post_form(client, description="Cerita ketiga yang tidak boleh hilang.")
        assert response.status_code == 429
        assert "Cerita ketiga yang tidak boleh hilang." in response.get_data(as_text=True)
        assert count() == 2
