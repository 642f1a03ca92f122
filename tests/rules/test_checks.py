"""Intake checks: each category with its checks, at the boundaries the law draws.

Floors come from the shipped CSV; the figures expected here are typed out from DOMAIN.md.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grievance.rules import RuleError
from grievance.rules.checks import (
    CONTRACT_TYPES,
    DATE_PARAMS,
    MONEY_PARAMS,
    IntakeFacts,
    add_months,
    add_years,
    months_between,
    pkwt_max_end,
    run_checks,
    thr_deadline,
)
from grievance.rules.wages import read_csv

D = Decimal
FLOORS = read_csv()
SAMARINDA_2025 = D("3724437.20")
WELL_PAID = D("5000000")  # above every 2024-2026 floor in the CSV except Bontang's natural-gas UMSK
CATEGORIES = [
    "wage_below_minimum", "pkwt_misuse", "outsourcing_misuse", "bpjs_ketenagakerjaan", "bpjs_kesehatan",
    "thr_unpaid", "overtime_unpaid", "severance_unpaid", "other",
]  # fmt: skip


def facts(**overrides) -> IntakeFacts:
    values = {"category": "other", "region_code": "64.72", "filed_on": date(2025, 6, 2)}
    return IntakeFacts(**(values | overrides))


def checks(**overrides) -> list[dict]:
    return run_checks(facts(**overrides), FLOORS)


def rules(**overrides) -> list[str]:
    return [check["rule"] for check in checks(**overrides)]


def only(rule: str, **overrides) -> dict:
    found = [check for check in checks(**overrides) if check["rule"] == rule]
    assert len(found) == 1, rules(**overrides)
    return found[0]


# --- no facts, no checks ---------------------------------------------------------------------


@pytest.mark.parametrize("category", CATEGORIES)
def test_no_check_fires_when_the_worker_gave_only_a_category(category):
    assert checks(category=category) == []


@pytest.mark.parametrize("contract_type", CONTRACT_TYPES)
def test_a_contract_type_alone_flags_nothing(contract_type):
    assert checks(contract_type=contract_type) == []


# --- every category with its checks ----------------------------------------------------------


HOLIDAY = date(2025, 3, 31)  # Idulfitri 2025; THR deadline 24 March
CATEGORY_FACTS = {
    "wage_below_minimum": ({"monthly_wage": D("3000000")}, {"below_minimum_wage"}),
    "pkwt_misuse": (
        {
            "contract_type": "pkwt",
            "contract_start": date(2019, 1, 1),
            "renewals": 5,
            "written": False,
            "permanent_work": True,
        },
        {"pkwt_over_5_years", "pkwt_unwritten", "pkwt_for_permanent_work"},
    ),
    "outsourcing_misuse": (
        {"contract_type": "outsourced", "bpjs_ketenagakerjaan": False},
        {"bpjs_not_registered"},
    ),
    "bpjs_ketenagakerjaan": (
        {"bpjs_ketenagakerjaan": False, "bpjs_kesehatan": True},
        {"bpjs_not_registered"},
    ),
    "bpjs_kesehatan": ({"bpjs_kesehatan": False}, {"bpjs_not_registered"}),
    "thr_unpaid": (
        {"thr_holiday": HOLIDAY, "monthly_wage": WELL_PAID, "months_of_service": 6},
        {"thr_late", "thr_owed"},
    ),
    "overtime_unpaid": ({"monthly_wage": WELL_PAID, "overtime_hours": [2, 3]}, {"overtime_pay_owed"}),
    "severance_unpaid": ({"monthly_wage": WELL_PAID, "months_of_service": 40}, {"severance_owed"}),
    "other": ({"monthly_wage": WELL_PAID, "contract_type": "pkwtt", "written": False}, set()),
}


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_category_with_its_typical_facts_gets_its_checks(category):
    given_facts, expected = CATEGORY_FACTS[category]
    assert set(rules(category=category, **given_facts)) == expected


def test_checks_follow_the_facts_not_the_category():
    found = rules(category="pkwt_misuse", contract_type="pkwt", written=False, monthly_wage=D("3000000"))
    assert found == ["below_minimum_wage", "pkwt_unwritten"]


# --- below_minimum_wage ----------------------------------------------------------------------


def test_the_contract_example_for_samarinda_2025_is_reproduced_exactly():
    check = only("below_minimum_wage", monthly_wage=D("3000000"))
    expected = {
        "rule": "below_minimum_wage", "region_code": "64.72", "year": 2025, "floor_kind": "UMK",
        "floor": "3724437.20", "reported": "3000000", "shortfall": "724437.20",
    }  # fmt: skip
    assert {key: check[key] for key in expected} == expected
    assert check["floor_basis"].startswith("Keputusan Gubernur Kaltim 100.3.3.1/530/2024")
    assert "iknpos.id" in check["floor_source"]
    assert check["kind"] == "violation" and check["floor_confirmed"] is True


def test_a_wage_exactly_at_the_floor_is_not_below_it():
    assert checks(monthly_wage=SAMARINDA_2025) == []


def test_one_rupiah_below_the_floor_is_below_it():
    check = only("below_minimum_wage", monthly_wage=SAMARINDA_2025 - 1)
    assert (check["reported"], check["shortfall"]) == ("3724436.20", "1.00")


def test_one_sen_below_the_floor_is_below_it():
    assert only("below_minimum_wage", monthly_wage=D("3724437.19"))["shortfall"] == "0.01"


@pytest.mark.parametrize(
    ("wage", "reported"), [(3000000, "3000000"), (D("3000000"), "3000000"), (D("3000000.50"), "3000000.50")]
)
def test_the_reported_wage_keeps_the_workers_own_figure(wage, reported):
    assert only("below_minimum_wage", monthly_wage=wage)["reported"] == reported


def test_an_unpaid_worker_is_short_the_whole_floor():
    assert only("below_minimum_wage", monthly_wage=D(0))["shortfall"] == "3724437.20"


def test_the_year_defaults_to_the_filing_year_and_can_be_set():
    assert (
        only("below_minimum_wage", monthly_wage=D("3500000"), filed_on=date(2026, 1, 5))["floor"]
        == "3983882.00"
    )
    assert (
        only("below_minimum_wage", monthly_wage=D("3490000"), filed_on=date(2026, 1, 5), year=2024)["floor"]
        == "3497124.13"
    )
    assert checks(monthly_wage=D("3500000"), filed_on=date(2026, 1, 5), year=2024) == []


@pytest.mark.parametrize(
    ("region", "year", "kind", "floor"),
    [("64.11", 2025, "UMK", "3952233.98"), ("64.11", 2026, "UMP", "3762431.00"),
     ("64.05", 2026, "UMK", "4391337.55"), ("64.01", 2026, "UMK", "3776998.06"),
     ("65.71", 2025, "UMP", "3579313.77")],
)  # fmt: skip
def test_the_floor_used_is_the_regions_umk_or_the_ump(region, year, kind, floor):
    check = only("below_minimum_wage", region_code=region, year=year, monthly_wage=D("3000000"))
    assert (check["floor_kind"], check["floor"], check["region_code"]) == (kind, floor, region)


def test_a_sector_minimum_is_used_when_the_employers_sector_has_one():
    check = only(
        "below_minimum_wage", region_code="64.74", year=2026, sector="gas_alam", monthly_wage=D("4500000")
    )
    assert (check["floor_kind"], check["sector"], check["floor"], check["shortfall"]) == (
        "UMSK", "gas_alam", "4975637.00", "475637.00",
    )  # fmt: skip
    assert checks(region_code="64.74", year=2026, monthly_wage=D("4500000")) == []


def test_the_region_param_names_the_regency_for_a_umk_and_the_province_for_the_ump():
    assert only("below_minimum_wage", monthly_wage=D("3000000"))["params"]["region"] == "64.72"
    ump = only("below_minimum_wage", region_code="64.11", year=2026, monthly_wage=D("3000000"))
    assert (ump["params"]["region"], ump["region_code"]) == ("64", "64.11")


def test_an_unconfirmed_floor_still_applies_but_says_so():
    check = only("below_minimum_wage", region_code="64.05", year=2024, monthly_wage=D("3800000"))
    assert check["floor_confirmed"] is False
    assert "Rp20" in check["floor_note"]


def test_without_a_ump_for_the_year_no_wage_check_fires():
    assert checks(monthly_wage=D("1000"), year=2023) == []


def test_without_a_region_the_ump_still_applies():
    assert only("below_minimum_wage", region_code=None, monthly_wage=D("3000000"))["floor_kind"] == "UMP"


# --- PKWT ------------------------------------------------------------------------------------


def pkwt(**overrides) -> dict:
    return {"contract_type": "pkwt", "contract_start": date(2020, 1, 1)} | overrides


def test_a_pkwt_of_exactly_five_years_is_not_over():
    assert "pkwt_over_5_years" not in rules(**pkwt(contract_end=date(2024, 12, 31), renewals=4))


def test_a_pkwt_one_day_longer_than_five_years_is_over():
    check = only("pkwt_over_5_years", **pkwt(contract_end=date(2025, 1, 1), renewals=4))
    assert (check["start"], check["end"], check["max_end"], check["days_over"], check["renewals"]) == (
        "2020-01-01", "2025-01-01", "2024-12-31", 1, 4,
    )  # fmt: skip
    assert check["still_running"] is False


def test_a_running_pkwt_is_measured_up_to_the_filing_day():
    assert "pkwt_over_5_years" not in rules(**pkwt(), filed_on=date(2024, 12, 31))
    check = only("pkwt_over_5_years", **pkwt(), filed_on=date(2025, 1, 1))
    assert check["end"] == "2025-01-01" and check["still_running"] is True


def test_a_pkwt_begun_on_29_february_may_run_to_28_february_five_years_on():
    start = date(2020, 2, 29)
    assert pkwt_max_end(start) == date(2025, 2, 28)
    assert "pkwt_over_5_years" not in rules(**pkwt(contract_start=start, contract_end=date(2025, 2, 28)))
    assert "pkwt_over_5_years" in rules(**pkwt(contract_start=start, contract_end=date(2025, 3, 1)))


def test_a_pkwt_without_a_start_date_is_not_measured():
    assert rules(contract_type="pkwt", contract_end=date(2030, 1, 1)) == []


@pytest.mark.parametrize(("written", "fires"), [(False, True), (True, False), (None, False)])
def test_an_unwritten_pkwt_is_flagged_only_when_the_worker_says_so(written, fires):
    assert ("pkwt_unwritten" in rules(contract_type="pkwt", written=written)) is fires


@pytest.mark.parametrize(("permanent", "fires"), [(True, True), (False, False), (None, False)])
def test_a_pkwt_for_permanent_work_is_flagged_only_when_the_worker_says_so(permanent, fires):
    assert ("pkwt_for_permanent_work" in rules(contract_type="pkwt", permanent_work=permanent)) is fires


@pytest.mark.parametrize("contract_type", ["pkwtt", "outsourced", "none", None])
def test_pkwt_rules_apply_only_to_a_pkwt(contract_type):
    found = rules(
        contract_type=contract_type,
        contract_start=date(2010, 1, 1),
        written=False,
        permanent_work=True,
        monthly_wage=WELL_PAID,
    )
    assert found == []


def test_pkwt_compensation_for_twelve_months_is_one_months_wage():
    check = only(
        "pkwt_compensation_owed",
        **pkwt(contract_start=date(2024, 1, 1), contract_end=date(2024, 12, 31)),
        monthly_wage=WELL_PAID,
    )
    assert (check["months"], check["amount"], check["wage_basis"], check["kind"]) == (
        12,
        "5000000.00",
        "reported",
        "info",
    )


def test_pkwt_compensation_starts_at_one_full_month():
    base = pkwt(contract_start=date(2025, 1, 1))
    assert "pkwt_compensation_owed" not in rules(
        **base, contract_end=date(2025, 1, 30), monthly_wage=WELL_PAID
    )
    check = only("pkwt_compensation_owed", **base, contract_end=date(2025, 1, 31), monthly_wage=D("6000000"))
    assert (check["months"], check["amount"]) == (1, "500000.00")


def test_pkwt_compensation_is_never_computed_on_less_than_the_floor():
    check = only(
        "pkwt_compensation_owed",
        **pkwt(contract_start=date(2025, 1, 1), contract_end=date(2025, 12, 31)),
        monthly_wage=D("3000000"),
    )
    assert (check["wage"], check["wage_basis"], check["amount"]) == ("3724437.20", "UMK", "3724437.20")


# --- BPJS ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ketenagakerjaan", "kesehatan", "programs"),
    [
        (False, False, ["ketenagakerjaan", "kesehatan"]),
        (False, True, ["ketenagakerjaan"]),
        (None, False, ["kesehatan"]),
    ],
)
def test_bpjs_not_registered_lists_the_missing_programs(ketenagakerjaan, kesehatan, programs):
    check = only(
        "bpjs_not_registered",
        bpjs_ketenagakerjaan=ketenagakerjaan,
        bpjs_kesehatan=kesehatan,
        employment_start=date(2024, 3, 1),
    )
    assert check["programs"] == programs
    assert check["employment_start"] == "2024-03-01"


@pytest.mark.parametrize(("ketenagakerjaan", "kesehatan"), [(True, True), (None, None), (True, None)])
def test_bpjs_is_not_flagged_unless_the_worker_says_a_program_is_missing(ketenagakerjaan, kesehatan):
    assert checks(bpjs_ketenagakerjaan=ketenagakerjaan, bpjs_kesehatan=kesehatan) == []


@pytest.mark.parametrize(("wage", "possible"), [("3579313.76", True), ("3579313.77", False), (None, False)])
def test_a_worker_below_the_ump_without_bpjs_kesehatan_may_also_qualify_for_gratispol(wage, possible):
    wage = D(wage) if wage else None
    assert (
        only("bpjs_not_registered", bpjs_kesehatan=False, monthly_wage=wage)["gratispol_possible"] is possible
    )


# --- THR -------------------------------------------------------------------------------------


def thr(**overrides) -> dict:
    return {"category": "thr_unpaid", "thr_holiday": HOLIDAY, "filed_on": date(2025, 4, 10)} | overrides


def test_the_thr_deadline_is_seven_days_before_the_holiday():
    assert thr_deadline(HOLIDAY) == date(2025, 3, 24)


def test_thr_paid_on_the_seventh_day_before_the_holiday_is_on_time():
    assert "thr_late" not in rules(**thr(thr_paid_on=date(2025, 3, 24)))


def test_thr_paid_on_the_sixth_day_before_the_holiday_is_late():
    check = only("thr_late", **thr(thr_paid_on=date(2025, 3, 25)))
    assert (check["deadline"], check["holiday"], check["paid_on"], check["thr_paid"], check["days_late"]) == (
        "2025-03-24", "2025-03-31", "2025-03-25", True, 1,
    )  # fmt: skip


def test_thr_paid_well_before_the_deadline_is_on_time():
    assert "thr_late" not in rules(**thr(thr_paid_on=date(2025, 3, 1)))


def test_unpaid_thr_is_not_late_while_the_deadline_day_lasts():
    assert "thr_late" not in rules(**thr(filed_on=date(2025, 3, 24)))


def test_unpaid_thr_is_late_the_day_after_the_deadline():
    check = only("thr_late", **thr(filed_on=date(2025, 3, 25)))
    assert (check["thr_paid"], check["paid_on"], check["days_late"]) == (False, None, 1)


def test_the_late_fine_is_five_percent_of_the_thr_due_when_it_can_be_computed():
    assert (
        only("thr_late", **thr(monthly_wage=D("4000000"), months_of_service=24))["late_fine"] == "200000.00"
    )
    assert only("thr_late", **thr())["late_fine"] is None


@pytest.mark.parametrize(("start", "entitled"), [(date(2025, 3, 1), False), (date(2025, 2, 28), True)])
def test_thr_is_due_only_after_a_full_month_of_service_before_the_holiday(start, entitled):
    assert ("thr_late" in rules(**thr(employment_start=start))) is entitled


def test_thr_with_months_of_service_below_one_is_not_due():
    assert rules(**thr(months_of_service=0, monthly_wage=WELL_PAID)) == []


def test_thr_owed_is_proportional_and_counts_what_was_paid():
    check = only(
        "thr_owed",
        **thr(
            monthly_wage=D("4800000"),
            months_of_service=6,
            thr_paid_on=date(2025, 3, 20),
            thr_amount=D("1000000"),
        ),
    )
    assert (check["entitled"], check["paid"], check["outstanding"], check["months"]) == (
        "2400000.00", "1000000.00", "1400000.00", 6,
    )  # fmt: skip
    assert "thr_late" not in rules(
        **thr(monthly_wage=D("4800000"), months_of_service=6, thr_paid_on=date(2025, 3, 20))
    )


def test_thr_paid_in_full_leaves_nothing_owed():
    paid = thr(
        monthly_wage=WELL_PAID, months_of_service=12, thr_paid_on=date(2025, 3, 20), thr_amount=WELL_PAID
    )
    assert rules(**paid) == []


def test_thr_paid_without_an_amount_cannot_be_checked_for_a_shortfall():
    assert rules(**thr(monthly_wage=WELL_PAID, months_of_service=12, thr_paid_on=date(2025, 3, 20))) == []


def test_thr_months_are_counted_from_the_start_of_employment_to_the_holiday():
    check = only("thr_owed", **thr(monthly_wage=D("4800000"), employment_start=date(2024, 12, 31)))
    assert (check["months"], check["entitled"]) == (3, "1200000.00")


def test_thr_owed_needs_a_holiday_or_a_thr_complaint():
    assert "thr_owed" in rules(category="thr_unpaid", monthly_wage=WELL_PAID, months_of_service=12)
    assert rules(category="other", monthly_wage=WELL_PAID, months_of_service=12) == []


# --- overtime --------------------------------------------------------------------------------

HOURLY_24000 = D("4152000")  # / 173 = 24.000 an hour, above every Samarinda floor


def test_workday_overtime_owed_uses_one_and_a_half_then_double():
    check = only("overtime_pay_owed", monthly_wage=HOURLY_24000, overtime_hours=[1, 2])
    assert (check["hours"], check["hourly"], check["amount"]) == ("3", "24000.00", "120000.00")


def test_rest_day_overtime_owed_uses_the_5_day_week_table_by_default():
    assert (
        only("overtime_pay_owed", monthly_wage=HOURLY_24000, overtime_rest_day_hours=[8])["amount"]
        == "384000.00"
    )
    six = only("overtime_pay_owed", monthly_wage=HOURLY_24000, overtime_rest_day_hours=[8], six_day_week=True)
    assert six["amount"] == "408000.00"


def test_workday_and_rest_day_overtime_add_up():
    check = only(
        "overtime_pay_owed", monthly_wage=HOURLY_24000, overtime_hours=[1], overtime_rest_day_hours=[1]
    )
    assert (check["workday_hours"], check["rest_day_hours"], check["amount"]) == ("1", "1", "84000.00")


def test_overtime_is_never_computed_on_less_than_the_floor():
    assert only("overtime_pay_owed", monthly_wage=D("1000000"), overtime_hours=[1])["wage_basis"] == "UMK"


def test_overtime_needs_a_wage_and_some_hours():
    assert checks(overtime_hours=[2, 3]) == []
    assert checks(monthly_wage=WELL_PAID, overtime_hours=[0]) == []


@pytest.mark.parametrize(("hours", "fires"), [([4], False), ([D("4.5")], True), ([5, 6, 2], True)])
def test_more_than_four_hours_of_workday_overtime_is_over_the_limit(hours, fires):
    assert ("overtime_over_limit" in rules(overtime_hours=hours)) is fires


def test_the_overtime_limit_does_not_count_rest_days():
    assert "overtime_over_limit" not in rules(overtime_rest_day_hours=[10])


# --- severance -------------------------------------------------------------------------------


def test_severance_owed_follows_the_pp_35_table_for_a_dismissal_complaint():
    check = only(
        "severance_owed", category="severance_unpaid", monthly_wage=D("4000000"), months_of_service=36
    )
    assert (check["pesangon_months"], check["upmk_months"], check["amount"]) == (4, 2, "24000000.00")


def test_severance_months_count_from_the_start_of_employment_to_the_end():
    check = only(
        "severance_owed", category="severance_unpaid", monthly_wage=D("4000000"),
        employment_start=date(2022, 6, 3), filed_on=date(2025, 6, 2),
    )  # fmt: skip
    assert (check["months"], check["pesangon_months"]) == (35, 3)


def test_severance_is_only_estimated_for_a_dismissal_complaint_with_the_facts():
    assert checks(category="other", monthly_wage=WELL_PAID, months_of_service=36) == []
    assert checks(category="severance_unpaid", monthly_wage=WELL_PAID) == []
    assert checks(category="severance_unpaid", months_of_service=36) == []


# --- facts and helpers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        {"contract_type": "freelance"},
        {"monthly_wage": D("-1")},
        {"thr_amount": D("-1")},
        {"renewals": -1},
        {"months_of_service": -1},
        {"overtime_hours": [2, -1]},
        {"overtime_rest_day_hours": [-1]},
        {"contract_start": date(2025, 1, 2), "contract_end": date(2025, 1, 1)},
    ],
)
def test_impossible_facts_are_refused(overrides):
    with pytest.raises(RuleError):
        facts(**overrides)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [(date(2025, 1, 31), 1, date(2025, 2, 28)), (date(2024, 1, 31), 1, date(2024, 2, 29)),
     (date(2025, 1, 15), 12, date(2026, 1, 15)), (date(2025, 11, 30), 3, date(2026, 2, 28))],
)  # fmt: skip
def test_add_months_clamps_to_the_end_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [(date(2025, 1, 1), date(2025, 2, 1), 1), (date(2025, 1, 1), date(2025, 1, 31), 0),
     (date(2025, 1, 31), date(2025, 2, 28), 1), (date(2025, 3, 15), date(2025, 3, 1), 0),
     (date(2020, 1, 1), date(2025, 1, 1), 60)],
)  # fmt: skip
def test_months_between_counts_whole_months(start, end, months):
    assert months_between(start, end) == months


def test_add_years_moves_29_february_to_1_march():
    assert add_years(date(2020, 2, 29), 5) == date(2025, 3, 1)
    assert add_years(date(2020, 2, 29), 4) == date(2024, 2, 29)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)), st.integers(0, 120))
def test_months_between_undoes_add_months(start, months):
    assert months_between(start, add_months(start, months)) == months
    if months and start.day <= 28:  # later days are clamped, so the day before may still be a full month
        assert months_between(start, add_months(start, months) - timedelta(days=1)) == months - 1


# --- the shape of every check ----------------------------------------------------------------

MAYBE = st.none() | st.booleans()
DATES = st.none() | st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 12, 31))
WAGES = st.none() | st.integers(0, 10_000_000_00).map(lambda sen: D(sen) / 100)


@st.composite
def any_facts(draw):
    start, end = draw(DATES), draw(DATES)
    if start and end and end < start:
        start, end = end, start
    return IntakeFacts(
        category=draw(st.sampled_from(CATEGORIES)),
        region_code=draw(st.sampled_from(["64.01", "64.05", "64.11", "64.72", "64.74", "65.71", None])),
        filed_on=draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))),
        sector=draw(st.sampled_from([None, "sawit", "gas_alam", "batubara", "perdagangan"])),
        monthly_wage=draw(WAGES),
        contract_type=draw(st.sampled_from([*CONTRACT_TYPES, None])),
        contract_start=start,
        contract_end=end,
        renewals=draw(st.integers(0, 10)),
        written=draw(MAYBE),
        permanent_work=draw(MAYBE),
        bpjs_ketenagakerjaan=draw(MAYBE),
        bpjs_kesehatan=draw(MAYBE),
        employment_start=draw(DATES),
        thr_holiday=draw(DATES),
        thr_paid_on=draw(DATES),
        thr_amount=draw(WAGES),
        months_of_service=draw(st.none() | st.integers(0, 400)),
        overtime_hours=draw(st.lists(st.integers(0, 8), max_size=5)),
        overtime_rest_day_hours=draw(st.lists(st.integers(0, 14), max_size=3)),
        six_day_week=draw(st.booleans()),
    )


def _is_two_decimal_amount(text: str) -> bool:
    integer, _, cents = text.partition(".")
    return integer.isdigit() and len(cents) == 2 and cents.isdigit()


@settings(max_examples=300, deadline=None)
@given(any_facts())
def test_every_check_has_the_contract_shape_and_a_message_its_params_fill(facts_):
    found = run_checks(facts_, FLOORS)
    kinds = [check["kind"] for check in found]
    assert kinds == sorted(kinds, key=lambda kind: kind != "violation")
    assert len({check["rule"] for check in found}) == len(found)
    for check in found:
        assert check["kind"] in ("violation", "info")
        assert check["message"] % check["params"]
        for key, value in check.items():
            if key in MONEY_PARAMS and key != "reported" and value is not None:
                assert _is_two_decimal_amount(value), (key, value)
            if key in DATE_PARAMS and value is not None:
                date.fromisoformat(value)
        for key, value in check["params"].items():
            assert isinstance(value, (str, int)), (key, value)
            if key in MONEY_PARAMS:
                D(value)
