"""Every category through the intake service, with the checks it must produce (and boundaries)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grievance.extensions import db
from grievance.models import CaseEvent, Complaint, Employer
from grievance.rules.codes import access_code_matches
from grievance.services import intake
from grievance.services.intake_schema import IntakeInvalid, parse_date

from .helpers import body

FILED_ON = date(2025, 6, 2)


def file(payload: dict, filed_on: date = FILED_ON, **kwargs):
    data = intake.parse(payload, today=filed_on)
    return intake.file_complaint(data, filed_on=filed_on, **kwargs)


def rules_of(filed) -> list[str]:
    return [check["rule"] for check in filed.complaint.checks]


EXPECTED = {
    "wage_below_minimum": ["below_minimum_wage"],
    "pkwt_misuse": ["pkwt_over_5_years", "pkwt_unwritten", "pkwt_compensation_owed"],
    "outsourcing_misuse": [],
    "bpjs_ketenagakerjaan": ["bpjs_not_registered"],
    "bpjs_kesehatan": ["bpjs_not_registered"],
    "thr_unpaid": ["thr_late", "thr_owed"],
    "overtime_unpaid": ["overtime_pay_owed"],
    "severance_unpaid": ["severance_owed"],
    "other": [],
}


@pytest.mark.parametrize("category", sorted(EXPECTED))
def test_every_category_files_with_its_checks(app, category):
    payload = body(category)
    if category == "pkwt_misuse":
        payload["wage"] = {"monthly_wage": 4000000, "year": 2025}
    filed = file(payload)
    assert filed.created and filed.complaint.status == "received"
    assert rules_of(filed) == EXPECTED[category]
    assert filed.complaint.category == category


def test_below_minimum_wage_names_the_samarinda_umk_and_exact_shortfall(app):
    check = file(body()).complaint.checks[0]
    assert check["floor_kind"] == "UMK" and check["floor"] == "3724437.20"
    assert check["reported"] == "3000000" and check["shortfall"] == "724437.20"
    complaint = db.session.scalars(db.select(Complaint)).one()
    assert complaint.shortfall == Decimal("724437.20")
    assert complaint.reported_wage == Decimal("3000000")


@pytest.mark.parametrize("wage, flagged", [("3.724.437,20", False), ("3.724.436,20", True),
                                           ("Rp 3.724.437,19", True), (3724438, False)])
def test_wage_exactly_at_the_floor_is_legal_one_rupiah_below_is_not(app, wage, flagged):
    filed = file(body(wage={"monthly_wage": wage, "year": 2025}))
    assert ("below_minimum_wage" in rules_of(filed)) is flagged


@pytest.mark.parametrize("end, over", [("2024-12-31", False), ("2025-01-01", True)])
def test_pkwt_of_exactly_five_years_is_allowed_one_day_more_is_not(app, end, over):
    contract = {"type": "pkwt", "start_date": "2020-01-01", "end_date": end, "written": True}
    filed = file(body("pkwt_misuse", contract=contract))
    assert ("pkwt_over_5_years" in rules_of(filed)) is over


@pytest.mark.parametrize("paid_on, late", [("2025-03-24", False), ("2025-03-25", True)])
def test_thr_paid_on_the_seventh_day_before_the_holiday_is_on_time(app, paid_on, late):
    thr = {"holiday": "2025-03-31", "paid_on": paid_on, "amount_paid": 4000000,
           "employment_start": "2020-01-01"}
    filed = file(body("thr_unpaid", thr=thr))
    assert ("thr_late" in rules_of(filed)) is late


def test_overtime_pay_uses_the_1_173_rule_exactly(app):
    filed = file(body("overtime_unpaid"))
    check = filed.complaint.checks[0]
    assert check["hourly"] == "25000.00"
    assert check["amount"] == "875000.00"  # 10 days x (1h x 1.5 + 1h x 2) x 25.000


def test_pkwt_compensation_owed_is_months_over_twelve_times_wage(app):
    contract = {"type": "pkwt", "start_date": "2024-01-01", "end_date": "2024-12-31",
                "written": True}
    filed = file(body("pkwt_misuse", contract=contract,
                      wage={"monthly_wage": 4800000, "year": 2024}))
    check = next(c for c in filed.complaint.checks if c["rule"] == "pkwt_compensation_owed")
    assert check["months"] == 12 and check["amount"] == "4800000.00"


def test_severance_estimate_for_four_years(app):
    check = file(body("severance_unpaid")).complaint.checks[0]
    assert (check["pesangon_months"], check["upmk_months"]) == (5, 2)
    assert check["amount"] == "28000000.00"


def test_filing_stores_only_the_hash_of_the_access_code_and_leaves_an_event(app):
    filed = file(body())
    complaint = filed.complaint
    assert filed.access_code not in complaint.access_code_hash
    assert access_code_matches(filed.access_code, complaint.access_code_hash)
    assert complaint.tracking_code.startswith("KT-") and len(complaint.tracking_code) == 12
    event = db.session.scalars(db.select(CaseEvent)).one()
    assert (event.kind, event.to_status, event.public) == ("filed", "received", True)
    assert complaint.due_date is not None


def test_same_employer_spelled_differently_is_one_employer(app):
    file(body(employer={"name": "PT. Borneo Sawit Lestari", "region_code": "64.72"}))
    file(body(employer={"name": "borneo sawit lestari", "region_code": "64.72"}))
    assert db.session.scalar(db.select(db.func.count(Employer.id))) == 1


def test_same_form_token_files_once(app):
    first = file(body(), form_token="tok-1")
    second = file(body(), form_token="tok-1")
    assert first.created and not second.created
    assert second.complaint.id == first.complaint.id
    assert db.session.scalar(db.select(db.func.count(Complaint.id))) == 1


@pytest.mark.parametrize("payload, field", [
    (body(employer={"name": "", "region_code": "64.72"}), "employer.name"),
    (body(employer={"name": "PT X", "region_code": "31.71"}), "employer.region_code"),
    (body(wage={"monthly_wage": "3,5 juta"}), "wage.monthly_wage"),
    (body(wage={"monthly_wage": 3500000.5}), "wage.monthly_wage"),
    (body(wage={}), "wage.monthly_wage"),
    (body(description="pendek"), "description"),
    (body(category="nope"), "category"),
    (body("pkwt_misuse", contract={"type": "pkwt"}), "contract.start_date"),
    (body("thr_unpaid", thr={}), "thr.holiday"),
    (body("severance_unpaid", severance={"end_date": "2025-01-31"}), "severance.service_years"),
    (body("overtime_unpaid", overtime={"days": 3, "hours_per_day": "30"}), "overtime.hours_per_day"),
    (body(complainant={"nik": "1234"}), "complainant.nik"),
    (body(complainant={"phone": "12345"}), "complainant.phone"),
    (body(complainant={"email": "bukan-email"}), "complainant.email"),
    (body(privacy="anonymous", complainant={"name": "Siti"}), "complainant.name"),
    (body(workers_affected=0), "workers_affected"),
])
def test_bad_input_names_the_field(app, payload, field):
    with pytest.raises(IntakeInvalid) as caught:
        intake.parse(payload, today=FILED_ON)
    assert field in caught.value.fields


def test_ambiguous_money_gets_a_helpful_message_not_a_guess(app):
    with pytest.raises(IntakeInvalid) as caught:
        intake.parse(body(wage={"monthly_wage": "3,5"}), today=FILED_ON)
    message = caught.value.field_messages()["wage.monthly_wage"]
    assert "3,5 juta" in message and "3.500.000" in message


@pytest.mark.parametrize("written", ["3500000", "3.500.000", "Rp 3.500.000", 3500000])
def test_money_accepts_the_usual_ways_of_writing(app, written):
    data = intake.parse(body(wage={"monthly_wage": written}), today=FILED_ON)
    assert data.facts["monthly_wage"] == Decimal(3500000)


def test_identity_is_normalised_and_an_unknown_regency_in_the_nik_only_warns(app):
    data = intake.parse(body(complainant={"name": " Siti  Aminah ", "phone": "0812-3456-7890",
                                          "email": "Siti@Example.COM", "nik": "6499015708900001"}),
                        today=FILED_ON)
    assert data.identity == {"name": "Siti Aminah", "phone": "+6281234567890",
                             "email": "Siti@example.com", "nik": "6499015708900001"}
    assert data.warnings


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(wage=st.one_of(st.integers(min_value=-10, max_value=2_000_000_000), st.text(max_size=20)))
def test_any_wage_is_either_read_exactly_or_refused_with_a_field_error(app, wage):
    try:
        data = intake.parse(body(wage={"monthly_wage": wage}), today=FILED_ON)
    except IntakeInvalid as error:
        assert set(error.fields) <= {"wage.monthly_wage"}
        return
    assert isinstance(data.facts["monthly_wage"], Decimal)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)))
def test_dates_are_read_in_both_iso_and_indonesian_order(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day:02d}/{day.month:02d}/{day.year}") == day
    assert parse_date(f"{day.day}-{day.month}-{day.year}") == day
