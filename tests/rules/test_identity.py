"""NIK structure (women's day + 40), phone numbers in E.164, e-mail, NIB and NPWP."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grievance.rules import RuleError
from grievance.rules.identity import (
    PROVINCE_CODES,
    nik_birth_info,
    normalize_email,
    normalize_nib,
    normalize_nik,
    normalize_npwp,
    normalize_phone,
)

KALTIM = {"64.01", "64.02", "64.03", "64.04", "64.05", "64.09", "64.11", "64.71", "64.72", "64.74"}
DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@st.composite
def niks(draw):
    """Structurally valid NIKs with the sex, day, month and year they encode."""
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    regency_and_district = draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, DAYS[month - 1]))
    sex = draw(st.sampled_from("FM"))
    year = draw(st.integers(0, 99))
    serial = draw(st.integers(1, 9999))
    encoded_day = day + 40 if sex == "F" else day
    nik = f"{province}{regency_and_district}{encoded_day:02d}{month:02d}{year:02d}{serial:04d}"
    return nik, (sex, day, month, year)


def test_there_are_38_provinces_including_kaltim_and_kaltara():
    assert len(PROVINCE_CODES) == 38
    assert PROVINCE_CODES["64"] == "Kalimantan Timur" and PROVINCE_CODES["65"] == "Kalimantan Utara"


@given(niks())
def test_a_structurally_valid_nik_is_accepted_and_its_birth_data_read_back(case):
    nik, birth = case
    assert normalize_nik(nik) == (nik, [])
    assert nik_birth_info(nik) == birth


@given(niks(), st.sampled_from([" ", ".", "-"]))
def test_spaces_dots_and_dashes_in_a_nik_are_ignored(case, separator):
    nik, _ = case
    written = separator.join([nik[:2], nik[2:4], nik[4:6], nik[6:12], nik[12:]])
    assert normalize_nik(written)[0] == nik


def test_a_womans_nik_carries_her_birth_day_plus_40():
    assert nik_birth_info("6472054112900001") == ("F", 1, 12, 90)
    assert nik_birth_info("6472057112900001") == ("F", 31, 12, 90)
    assert nik_birth_info("6472053112900001") == ("M", 31, 12, 90)


def test_29_february_is_allowed_because_the_century_is_unknown():
    assert normalize_nik("6472052902010001")[0] == "6472052902010001"
    assert normalize_nik("6472056902010001")[0] == "6472056902010001"


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("647205010190001", "nik_length"),
        ("64720501019000011", "nik_length"),
        ("647205010190000a", "nik_length"),
        ("", "nik_length"),
        ("\uff16472050101900001", "nik_length"),  # a full-width digit is not a digit we store
        ("0072050101900001", "nik_province"),
        ("2072050101900001", "nik_province"),
        ("9972050101900001", "nik_province"),
        ("6472050100900001", "nik_month"),
        ("6472050113900001", "nik_month"),
        ("6472050001900001", "nik_day"),
        ("6472053201900001", "nik_day"),
        ("6472054001900001", "nik_day"),
        ("6472057201900001", "nik_day"),
        ("6472053102900001", "nik_day"),
        ("6472053002900001", "nik_day"),
        ("6472057002900001", "nik_day"),
        ("6472053104900001", "nik_day"),
        ("6472057104900001", "nik_day"),
        ("6472050101900000", "nik_serial"),
    ],
)
def test_a_structurally_impossible_nik_is_refused(nik, code):
    with pytest.raises(RuleError) as caught:
        normalize_nik(nik)
    assert caught.value.code == code
    assert caught.value.message % caught.value.params


def test_an_unknown_kaltim_regency_code_only_warns():
    nik, warnings = normalize_nik("6407050101900001", KALTIM)  # a pre-2012 Kaltara code
    assert nik == "6407050101900001"
    assert len(warnings) == 1


@pytest.mark.parametrize("codes", [KALTIM, {code.replace(".", "") for code in KALTIM}])
def test_a_known_regency_code_gives_no_warning_in_either_code_style(codes):
    assert normalize_nik("6472050101900001", codes) == ("6472050101900001", [])


def test_a_nik_from_another_province_is_not_warned_about_when_we_only_know_kaltim():
    assert normalize_nik("3171050101900001", KALTIM)[1] == []


def test_without_known_codes_no_regency_warning_is_given():
    assert normalize_nik("6499050101900001")[1] == []


# --- phones --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("+62 (0)812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("0811234567", "+62811234567"),
        ("0812345678901", "+62812345678901"),
        ("(0541) 123456", "+62541123456"),
        ("0541-7654321", "+625417654321"),
        ("021 5551234", "+62215551234"),
        ("+62 545 123456", "+62545123456"),
    ],
)
def test_an_indonesian_phone_number_is_stored_in_e164(written, e164):
    assert normalize_phone(written) == e164


@pytest.mark.parametrize(
    "written",
    [
        "",
        "0812345",  # too short
        "08123456789012",  # too long
        "0801234567",  # 080 is not a mobile prefix
        "0812345678a",
        "812345678",  # no trunk prefix: could be anything
        "+6581234567",  # Singapore
        "+1 541 123 4567",
        "0112345678",  # 01 is not an area code
        "0812.3456.7890",
    ],
)
def test_a_number_that_is_not_an_indonesian_phone_is_refused(written):
    with pytest.raises(RuleError) as caught:
        normalize_phone(written)
    assert caught.value.code == "phone_invalid"


MOBILES = st.from_regex(r"08[1-9][0-9]{7,10}", fullmatch=True)


@given(MOBILES)
def test_every_national_mobile_number_round_trips_through_e164(national):
    e164 = normalize_phone(national)
    assert e164 == "+62" + national[1:]
    assert normalize_phone(e164) == e164
    assert normalize_phone("0" + e164[3:]) == e164


@given(
    MOBILES,
    st.sampled_from(["{0}", "+62{1}", "62{1}", "+62 (0){1}", "({0})"]),
    st.sampled_from([" ", "-", ""]),
)
def test_the_same_mobile_written_any_accepted_way_gives_one_e164(national, template, separator):
    body = separator.join([national[1:4], national[4:8], national[8:]])
    written = template.format("0" + body, body)
    assert normalize_phone(written) == "+62" + national[1:]


# --- e-mail, NIB, NPWP ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("buruh@example.com", "buruh@example.com"),
        ("  Buruh@Example.COM ", "Buruh@example.com"),
        ("pengawas@disnakertrans.kaltimprov.go.id", "pengawas@disnakertrans.kaltimprov.go.id"),
    ],
)
def test_an_email_is_trimmed_and_its_domain_lowercased(written, stored):
    assert normalize_email(written) == stored


@pytest.mark.parametrize(
    "written", ["", "buruh", "buruh@", "@example.com", "buruh@example", "a b@example.com"]
)
def test_a_malformed_email_is_refused(written):
    with pytest.raises(RuleError) as caught:
        normalize_email(written)
    assert caught.value.code == "email_invalid"


@pytest.mark.parametrize(
    ("written", "stored"), [("1234567890123", "1234567890123"), ("1234 5678 90123", "1234567890123")]
)
def test_a_nib_is_13_digits(written, stored):
    assert normalize_nib(written) == stored


@pytest.mark.parametrize("written", ["", "123456789012", "12345678901234", "12345678901a3"])
def test_a_nib_of_the_wrong_length_is_refused(written):
    with pytest.raises(RuleError):
        normalize_nib(written)


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("02.271.824.1-413.000", "0022718241413000"),
        ("022718241413000", "0022718241413000"),
        ("0022718241413000", "0022718241413000"),
        ("6472 0541 0190 0001", "6472054101900001"),
    ],
)
def test_a_legacy_15_digit_npwp_gets_a_leading_zero_and_16_digits_stay(written, stored):
    assert normalize_npwp(written) == stored


@pytest.mark.parametrize("written", ["", "02.271.824.1-413.00", "12345678901234567", "02.271.824.1-413.00x"])
def test_an_npwp_of_the_wrong_length_is_refused(written):
    with pytest.raises(RuleError):
        normalize_npwp(written)
