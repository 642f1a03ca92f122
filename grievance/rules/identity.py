"""Normalising and checking Indonesian identifiers: NIK, phone, e-mail, NIB, NPWP (DOMAIN §10).

Each ``normalize_*`` returns the canonical form we store, or raises ``RuleError`` with an
Indonesian message. None of these identifiers has a public check digit, so a typo can still
look valid: the checks catch structure, not truth.
"""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

from . import N_, RuleError

# Kemendagri province codes (Kepmendagri 050-145/2022 and the 2022 Papua split). A NIK keeps
# the code of the place it was first issued, so pre-2022 Papuan NIKs (91 Papua Barat,
# 94 Papua) are still covered: both numbers remain province codes after the renumbering.
PROVINCE_CODES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}

# The century of a NIK's birth year is unknown, so 29 February is always possible.
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_WOMAN_OFFSET = 40

_NIK_SEPARATORS = re.compile(r"[\s.\-]")
_PHONE_SEPARATORS = re.compile(r"[\s\-()]")
_MOBILE = re.compile(r"^08[1-9][0-9]{7,10}$")
_LANDLINE = re.compile(r"^0[2-79][0-9]{7,10}$")
_ID_SEPARATORS = re.compile(r"[\s.\-\u2013/]")


def _digits_only(value: str | None, separators: re.Pattern[str]) -> str:
    return separators.sub("", value or "")


def normalize_nik(value: str, known_regency_codes: set[str] | None = None) -> tuple[str, list[str]]:
    """The 16 NIK digits and a list of warnings; structural errors raise ``RuleError``.

    ``known_regency_codes`` (``"64.72"`` or ``"6472"``) lets us warn about a regency code we
    do not know in a province we do know. Only warn: a NIK keeps the code of the place it was
    first issued, which may have been retired or split since (DOMAIN §1.4).
    """
    nik = _digits_only(value, _NIK_SEPARATORS)
    if not re.fullmatch(r"[0-9]{16}", nik):
        raise RuleError("nik_length", N_("NIK harus 16 angka."))
    province, regency = nik[:2], nik[:4]
    if province not in PROVINCE_CODES:
        raise RuleError(
            "nik_province", N_("Dua angka pertama NIK (%(province)s) bukan kode provinsi."), province=province
        )
    day, month = int(nik[6:8]), int(nik[8:10])
    if not 1 <= month <= 12:
        raise RuleError("nik_month", N_("Bulan lahir dalam NIK (angka ke-9 dan ke-10) harus 01 sampai 12."))
    birth_day = day - _WOMAN_OFFSET if day > _WOMAN_OFFSET else day
    if not 1 <= birth_day <= _DAYS_IN_MONTH[month - 1]:
        raise RuleError("nik_day", N_("Tanggal lahir dalam NIK (angka ke-7 dan ke-8) tidak mungkin."))
    if nik[12:] == "0000":
        raise RuleError("nik_serial", N_("Empat angka terakhir NIK tidak boleh 0000."))
    return nik, _nik_warnings(province, regency, known_regency_codes)


def _nik_warnings(province: str, regency: str, known_regency_codes: set[str] | None) -> list[str]:
    if not known_regency_codes:
        return []
    known = {code.replace(".", "") for code in known_regency_codes}
    if regency in known or all(not code.startswith(province) for code in known):
        return []
    return [
        N_(
            "Kode kabupaten/kota dalam NIK tidak ada di daftar kami. Bisa jadi itu kode lama "
            "tempat NIK pertama dibuat; periksa kembali NIK Anda."
        )
    ]


def nik_birth_info(nik: str) -> tuple[str, int, int, int]:
    """(sex ``'F'``/``'M'``, day, month, two-digit year) encoded in a valid NIK; women's day is +40."""
    digits, _ = normalize_nik(nik)
    day, month, year = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if day > _WOMAN_OFFSET:
        return "F", day - _WOMAN_OFFSET, month, year
    return "M", day, month, year


def normalize_phone(value: str) -> str:
    """An Indonesian mobile or landline number in E.164 (``+62812…``).

    Accepts ``0812-3456-789``, ``+62 812 3456 789``, ``62812…``, ``(0541) 123456`` and
    ``+62 (0)812…``: separators go, ``+62``/``62`` becomes the trunk ``0``, then the national
    number must match the mobile or landline pattern of DOMAIN §10.4.
    """
    number = _digits_only(value, _PHONE_SEPARATORS)
    for country_prefix in ("+62", "62"):
        if number.startswith(country_prefix):
            number = "0" + number.removeprefix(country_prefix).removeprefix("0")
            break
    if not (_MOBILE.match(number) or _LANDLINE.match(number)):
        raise RuleError(
            "phone_invalid", N_("Nomor telepon tidak valid. Contoh: 0812 3456 7890 atau (0541) 123456.")
        )
    return "+62" + number[1:]


def normalize_email(value: str) -> str:
    """A syntactically valid address with the domain lower-cased; no DNS look-up, so it works offline."""
    try:
        # No SMTPUTF8: most mail servers on the way cannot deliver to a non-ASCII mailbox,
        # and a worker would never hear from us.
        return validate_email((value or "").strip(), check_deliverability=False,
                              allow_smtputf8=False).normalized
    except EmailNotValidError as exc:
        raise RuleError("email_invalid", N_("Alamat email tidak valid.")) from exc


def normalize_nib(value: str) -> str:
    """NIB (Nomor Induk Berusaha): exactly 13 digits from OSS; no public check digit."""
    nib = _digits_only(value, _ID_SEPARATORS)
    if not re.fullmatch(r"[0-9]{13}", nib):
        raise RuleError("nib_invalid", N_("NIB harus 13 angka."))
    return nib


def normalize_npwp(value: str) -> str:
    """NPWP as 16 digits (PMK 112/2022): a legacy 15-digit NPWP gets a leading ``0``."""
    npwp = _digits_only(value, _ID_SEPARATORS)
    if re.fullmatch(r"[0-9]{15}", npwp):
        return "0" + npwp
    if re.fullmatch(r"[0-9]{16}", npwp):
        return npwp
    raise RuleError("npwp_invalid", N_("NPWP harus 15 angka (format lama) atau 16 angka."))
