"""Wage floors read from the shipped CSV, and the arithmetic of what a worker is owed.

The expected floors are typed out from DOMAIN.md §1.2-1.3, not computed from the CSV, so a
wrong row in the data fails here.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from grievance.rules import RuleError
from grievance.rules.wages import (
    DATA_DIR,
    WageFloor,
    applicable_floor,
    hourly_wage,
    overtime_multiplier_hours,
    overtime_pay,
    pkwt_compensation,
    read_categories,
    read_csv,
    read_regions,
    read_sectors,
    severance_months,
    severance_pay,
    shortfall,
    thr_entitlement,
)

D = Decimal
FLOORS = read_csv(DATA_DIR / "wage_floors.csv")

# DOMAIN §1.2 and §1.3, typed out: UMP by year, and UMK 2024/2025/2026 by region.
DOMAIN_UMP = {2024: "3360858.00", 2025: "3579313.77", 2026: "3762431.00"}
DOMAIN_UMK = {
    "64.72": ("3497124.13", "3724437.20", "3983882.00"),  # Kota Samarinda (Governor's 2026 figure)
    "64.71": ("3475595.00", "3701508.68", "3856694.43"),  # Kota Balikpapan
    "64.74": ("3549307.67", "3780012.66", "3799480.00"),  # Kota Bontang
    "64.03": ("3536506.28", "3766379.19", "3991797.00"),  # Kutai Kartanegara
    "64.04": ("3515324.00", "3743820.00", "4067436.00"),  # Kutai Timur
    "64.02": ("3711017.82", "3952233.98", "4231617.40"),  # Kutai Barat
    "64.05": ("3832297.00", "4081376.31", "4391337.55"),  # Berau
    "64.01": ("3372362.00", "3591565.53", "3776998.06"),  # Paser
    "64.09": ("3715817.74", "3957345.89", "4181134.00"),  # Penajam Paser Utara
    "64.11": ("3711017.82", "3952233.98", None),  # Mahakam Ulu: Kutai Barat's UMK, then the UMP
}
DOMAIN_FLOORS = [
    (region, year, "UMK" if umk else "UMP", umk or DOMAIN_UMP[year])
    for region, amounts in DOMAIN_UMK.items()
    for year, umk in zip((2024, 2025, 2026), amounts, strict=True)
]


@pytest.mark.parametrize(("region", "year", "kind", "amount"), DOMAIN_FLOORS)
def test_the_applicable_floor_without_a_sector_is_the_one_in_domain(region, year, kind, amount):
    floor = applicable_floor(FLOORS, region, year)
    assert (floor.kind, floor.amount) == (kind, D(amount))


def test_every_region_and_year_is_covered_by_the_table():
    regions = {region.code for region in read_regions()}
    assert {(r, y) for r, y, _, _ in DOMAIN_FLOORS} == {(r, y) for r in regions for y in (2024, 2025, 2026)}


@pytest.mark.parametrize(
    ("year", "amount"), [(2024, "3360858.00"), (2025, "3579313.77"), (2026, "3762431.00")]
)
def test_an_unknown_region_gets_the_ump_of_the_year(year, amount):
    floor = applicable_floor(FLOORS, "65.71", year)
    assert (floor.kind, floor.amount) == ("UMP", D(amount))


def test_samarinda_2025_without_a_sector_is_the_umk_from_the_contract_example():
    assert applicable_floor(FLOORS, "64.72", 2025).amount == D("3724437.20")


def test_mahakam_ulu_2026_has_no_umk_row_so_the_ump_applies():
    assert not [f for f in FLOORS if f.region_code == "64.11" and f.year == 2026]
    assert applicable_floor(FLOORS, "64.11", 2026).amount == D("3762431.00")


def test_mahakam_ulu_rows_say_they_follow_kutai_barat():
    rows = [f for f in FLOORS if f.region_code == "64.11"]
    assert [f.year for f in rows] == [2024, 2025]
    assert all(f.note == "mengikuti UMK Kutai Barat" for f in rows)


@pytest.mark.parametrize(
    ("region", "year", "sector", "kind", "amount"),
    [
        ("64.74", 2025, "gas_alam", "UMSK", "4950142.87"),
        ("64.74", 2026, "gas_alam", "UMSK", "4975637.00"),
        ("64.74", 2026, "kimia_dasar", "UMSK", "4017950.00"),
        ("64.71", 2026, "kilang_minyak", "UMSK", "4024614.91"),
        ("64.71", 2026, "komponen_turbin", "UMSK", "3999700.66"),
        ("64.72", 2025, "konstruksi", "UMSK", "3780303.76"),
        ("64.72", 2026, "kayu_lapis", "UMSK", "4226899.00"),
        ("64.05", 2026, "batubara", "UMSK", "4463705.35"),
        ("64.03", 2026, "sawit", "UMSK", "4060684.00"),
        ("64.01", 2025, "sawit", "UMSK", "3636000.00"),
    ],
)
def test_a_sector_minimum_above_the_umk_applies_to_its_sector(region, year, sector, kind, amount):
    floor = applicable_floor(FLOORS, region, year, sector)
    assert (floor.kind, floor.amount, floor.sector) == (kind, D(amount), sector)


def test_a_sector_minimum_does_not_apply_in_another_region_or_sector():
    assert applicable_floor(FLOORS, "64.71", 2025, "gas_alam").kind == "UMK"
    assert applicable_floor(FLOORS, "64.74", 2025, "perdagangan").kind == "UMK"


def test_a_provincial_sector_minimum_below_the_umk_loses_to_the_umk():
    # UMSP 2025 coal 3.722.486 < Samarinda UMK 3.724.437,20: the worker is owed the higher.
    assert applicable_floor(FLOORS, "64.72", 2025, "batubara").kind == "UMK"


def test_a_provincial_sector_minimum_above_the_umk_wins():
    # Paser UMK 2025 3.591.565,53 < UMSP forestry 3.650.900 (Paser has no forestry UMSK).
    floor = applicable_floor(FLOORS, "64.01", 2025, "kehutanan")
    assert (floor.kind, floor.amount) == ("UMSP", D("3650900.00"))


def _floor(kind, amount, region=None, sector=None, year=2030):
    return WageFloor(kind=kind, region_code=region, year=year, sector=sector, amount=D(amount))


def test_the_highest_floor_wins_even_when_it_is_less_specific():
    floors = [_floor("UMP", "300"), _floor("UMK", "200", "64.72"), _floor("UMSK", "250", "64.72", "sawit")]
    assert applicable_floor(floors, "64.72", 2030, "sawit").kind == "UMP"


@pytest.mark.parametrize(
    ("kinds", "winner"), [(["UMP", "UMK"], "UMK"), (["UMK", "UMSP"], "UMSP"), (["UMSP", "UMSK"], "UMSK")]
)
def test_a_tie_goes_to_the_most_specific_floor(kinds, winner):
    floors = [_floor("UMP", "100")] + [
        _floor(
            kind,
            "500",
            "64.72" if kind in ("UMK", "UMSK") else None,
            "sawit" if kind.startswith("UMS") else None,
        )
        for kind in kinds
    ]
    assert applicable_floor(floors, "64.72", 2030, "sawit").kind == winner


def test_without_a_ump_for_the_year_there_is_no_floor():
    assert applicable_floor(FLOORS, "64.72", 2023) is None
    assert applicable_floor([_floor("UMK", "500", "64.72")], "64.72", 2030) is None


def test_every_shipped_amount_has_two_decimals_and_a_legal_basis_and_source():
    assert FLOORS
    for floor in FLOORS:
        assert floor.amount == floor.amount.quantize(D("0.01")) and floor.amount.as_tuple().exponent == -2
        assert floor.legal_basis and floor.source


def test_uncertain_figures_are_marked_unconfirmed_with_a_note():
    unconfirmed = {(f.kind, f.region_code, f.year, f.sector) for f in FLOORS if not f.confirmed}
    assert unconfirmed == {("UMK", "64.05", 2024, None), ("UMSP", None, 2025, "sawit")}
    assert all(f.note for f in FLOORS if not f.confirmed)


def test_umk_2025_is_umk_2024_times_1_065_except_berau():
    by_key = {(f.region_code, f.year): f.amount for f in FLOORS if f.kind == "UMK"}
    for region in {r for r, _ in by_key} - {"64.05"}:
        assert abs(by_key[(region, 2024)] * D("1.065") - by_key[(region, 2025)]) < D("0.10")


def test_every_sector_used_by_a_floor_exists_in_sectors_csv():
    sectors = {sector.code for sector in read_sectors()}
    assert {f.sector for f in FLOORS if f.sector} <= sectors
    assert {f.region_code for f in FLOORS if f.region_code} <= {r.code for r in read_regions()}


def test_the_categories_are_exactly_those_of_the_contract():
    categories = read_categories()
    assert [c.code for c in sorted(categories, key=lambda c: c.sort_order)] == [
        "wage_below_minimum", "pkwt_misuse", "outsourcing_misuse", "bpjs_ketenagakerjaan",
        "bpjs_kesehatan", "thr_unpaid", "overtime_unpaid", "severance_unpaid", "other",
    ]  # fmt: skip
    vulnerable = {c.code for c in categories if c.vulnerable}
    assert vulnerable == {"wage_below_minimum", "bpjs_ketenagakerjaan", "bpjs_kesehatan", "thr_unpaid"}
    assert {c.code: c.route for c in categories}["severance_unpaid"] == "mediasi"


def test_regions_are_the_ten_of_kalimantan_timur():
    regions = read_regions()
    assert len(regions) == 10
    assert {r.kind for r in regions} == {"kota", "kabupaten"}
    assert {r.code: r.name for r in regions}["64.72"] == "Kota Samarinda"
    assert all(r.workforce is None and r.source for r in regions)


def test_a_malformed_amount_in_the_csv_names_the_line(tmp_path):
    path = tmp_path / "floors.csv"
    path.write_text(
        "kind,region_code,year,sector,amount,legal_basis,source,note,confirmed\n"
        "UMP,,2030,,3500000.00,x,y,,1\n"
        "UMP,,2031,,3.500.000,x,y,,1\n"
    )
    with pytest.raises(ValueError, match=r"floors\.csv:3"):
        read_csv(path)


@pytest.mark.parametrize(
    ("kind", "region", "sector"),
    [
        ("UMX", None, None),
        ("UMP", "64.72", None),
        ("UMK", None, None),
        ("UMK", "64.72", "sawit"),
        ("UMSK", "64.72", None),
    ],
)
def test_a_floor_that_could_never_apply_is_refused(kind, region, sector):
    with pytest.raises(RuleError):
        WageFloor(kind=kind, region_code=region, year=2030, sector=sector, amount=D("1.00"))


def test_a_floor_must_be_a_positive_decimal():
    with pytest.raises(RuleError):
        WageFloor(kind="UMP", region_code=None, year=2030, sector=None, amount=D("0"))


# --- arithmetic ----------------------------------------------------------------------------


def test_shortfall_is_the_difference_below_the_floor_and_zero_at_or_above_it():
    assert shortfall(D("3724437.20"), D("3000000")) == D("724437.20")
    assert shortfall(D("3724437.20"), D("3724437.19")) == D("0.01")
    assert shortfall(D("3724437.20"), D("3724437.20")) == D("0.00")
    assert shortfall(D("3724437.20"), D("5000000")) == D("0.00")


def test_the_hourly_wage_is_a_173rd_of_the_month_kept_unrounded():
    assert hourly_wage(D("3460000")) == D("20000")
    assert hourly_wage(D("1000000")) * 173 == D("1000000")


def test_workday_overtime_is_one_and_a_half_for_the_first_hour_then_double():
    wage = D("3460000")  # 20.000 an hour
    assert overtime_pay(wage, [1]) == D("30000.00")
    assert overtime_pay(wage, [2]) == D("70000.00")
    assert overtime_pay(wage, [4]) == D("150000.00")
    assert overtime_pay(wage, [1, 3]) == D("30000.00") + D("110000.00")
    assert overtime_pay(wage, [D("0.5")]) == D("15000.00")
    assert overtime_pay(wage, []) == D("0.00")


def test_rest_day_overtime_in_a_5_day_week_is_double_to_8_hours_triple_at_9_then_quadruple():
    assert overtime_multiplier_hours(8, rest_day=True) == D(16)
    assert overtime_multiplier_hours(9, rest_day=True) == D(19)
    assert overtime_multiplier_hours(12, rest_day=True) == D(31)
    assert overtime_pay(D("3460000"), [9], rest_day=True) == D("380000.00")


def test_rest_day_overtime_in_a_6_day_week_follows_the_7_8_11_table():
    assert overtime_multiplier_hours(7, True, six_day_week=True) == D(14)
    assert overtime_multiplier_hours(8, True, six_day_week=True) == D(17)
    assert overtime_multiplier_hours(11, True, six_day_week=True) == D(29)


def test_a_holiday_on_the_shortest_workday_of_a_6_day_week_follows_the_5_6_9_table():
    assert overtime_multiplier_hours(5, True, six_day_week=True, shortest_day=True) == D(10)
    assert overtime_multiplier_hours(6, True, six_day_week=True, shortest_day=True) == D(13)
    assert overtime_multiplier_hours(9, True, six_day_week=True, shortest_day=True) == D(25)


def test_overtime_pay_is_rounded_once_at_the_end():
    # 3.724.437,20 / 173 = 21.528,5387…; per hour rounding would give a different sum.
    assert overtime_pay(D("3724437.20"), [1, 1, 1]) == D("96878.42")


def test_negative_overtime_hours_are_refused():
    with pytest.raises(RuleError):
        overtime_pay(D("3000000"), [-1])


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (0, "0.00"),
        (D("0.99"), "0.00"),
        (1, "250000.00"),
        (6, "1500000.00"),
        (12, "3000000.00"),
        (24, "6000000.00"),
    ],
)
def test_pkwt_compensation_is_months_over_12_of_the_wage_from_one_month(months, expected):
    assert pkwt_compensation(D("3000000"), months) == D(expected)


def test_pkwt_compensation_for_12_months_is_exactly_one_months_wage():
    assert pkwt_compensation(D("3724437.20"), 12) == D("3724437.20")
    assert pkwt_compensation(D("3724437.20"), 7) == D("2172588.37")  # 26.071.060,40 / 12 = 2.172.588,366…


@pytest.mark.parametrize(
    ("months", "expected"),
    [(0, "0.00"), (1, "300000.00"), (11, "3300000.00"), (12, "3600000.00"), (40, "3600000.00")],
)
def test_thr_is_proportional_from_one_month_and_one_months_wage_from_twelve(months, expected):
    assert thr_entitlement(D("3600000"), months) == D(expected)


def test_negative_months_of_service_are_refused():
    with pytest.raises(RuleError):
        thr_entitlement(D("3600000"), -1)


@pytest.mark.parametrize(
    ("years", "expected"),
    [(0, (1, 0)), (1, (2, 0)), (2, (3, 0)), (3, (4, 2)), (5, (6, 2)), (6, (7, 3)), (7, (8, 3)),
     (8, (9, 3)), (9, (9, 4)), (12, (9, 5)), (15, (9, 6)), (18, (9, 7)), (21, (9, 8)), (23, (9, 8)),
     (24, (9, 10)), (40, (9, 10))],
)  # fmt: skip
def test_severance_months_follow_the_pp_35_table(years, expected):
    assert severance_months(years * 12) == expected


def test_severance_just_under_a_year_boundary_stays_in_the_lower_band():
    assert severance_months(35) == (3, 0)
    assert severance_months(36) == (4, 2)


def test_severance_pay_applies_the_factor_to_pesangon_only():
    assert severance_pay(D("4000000"), 36) == D("24000000.00")
    assert severance_pay(D("4000000"), 36, D("0.5")) == D("16000000.00")
