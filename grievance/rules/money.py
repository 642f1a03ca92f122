"""Reading and writing rupiah amounts the way Indonesians write them.

Indonesian uses the dot for thousands and the comma for sen (``Rp 3.724.437,20``). Workers
also write "3,5 juta", "3.5jt" or the English "3,500,000". A wrong guess turns a wage of
three and a half million into three and a half rupiah (or the reverse) and with it the
below-minimum-wage check, so anything that can be read two ways is refused with a hint
rather than guessed.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from . import N_, RuleError

MAX_AMOUNT = Decimal(1_000_000_000)  # no monthly wage or THR comes near; a typo or a joke does

_PREFIX = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_SUFFIX = re.compile(r"[.,]?-+$")  # "3.500.000,-" and "3.500.000.--": "no sen"
_SPACE_IN_NUMBER = re.compile(r"(?<=\d)\s+(?=\d)")
_NUMBER = re.compile(r"^(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?$")
_WORDS = re.compile(r"[a-z]", re.IGNORECASE)

_FULL_NUMBER_HINT = N_("Tulis angka lengkap, misalnya 3.500.000.")


def _refuse(code: str, message: str, text: str) -> RuleError:
    return RuleError(code, message, value=text, hint=_FULL_NUMBER_HINT)


def _clean(text: str) -> str:
    """Drop the currency prefix, the trailing "no sen" dash and grouping spaces."""
    cleaned = _PREFIX.sub("", text.strip().replace("\u00a0", " "))
    cleaned = _SUFFIX.sub("", cleaned.strip()).strip()
    # A space between digit groups is a thousands separator ("3 500 000"): treat it as a dot,
    # so the strict grouping rule below still applies to it.
    return _SPACE_IN_NUMBER.sub(".", cleaned)


def parse_rupiah(text: str) -> Decimal:
    """Read a rupiah amount written the Indonesian way; refuse anything ambiguous.

    Accepted: ``3500000``, ``3.500.000``, ``Rp 3.500.000``, ``Rp3.500.000,50``,
    ``3.500.000,-``. A dot is always a thousands separator and must be followed by exactly three
    digits (so ``3.500`` is 3500). A comma introduces sen, at most two digits, and only after at
    least a thousand rupiah: ``3,5`` is far more likely "3,5 juta" than three and a half rupiah.
    """
    if text is None or not str(text).strip():
        raise RuleError("money_empty", N_("Isi jumlah uang."))
    text = str(text)
    cleaned = _clean(text)
    if not cleaned:
        raise RuleError("money_empty", N_("Isi jumlah uang."))
    if cleaned.startswith(("-", "\u2212")):
        raise RuleError("money_negative", N_("Jumlah uang tidak boleh negatif."), value=text)
    if _WORDS.search(cleaned):
        raise _refuse(
            "money_words",
            N_("Tulis jumlah dengan angka saja, tanpa singkatan seperti 'juta' atau 'jt'."),
            text,
        )
    match = _NUMBER.match(cleaned)
    if match is None:
        if cleaned.count(",") > 1 or re.search(r",\d{3}(?!\d)", cleaned):
            raise _refuse(
                "money_comma_thousands",
                N_("Gunakan titik sebagai pemisah ribuan, bukan koma: %(value)s bisa dibaca dua cara."),
                text,
            )
        raise _refuse(
            "money_ambiguous",
            N_("Jumlah %(value)s tidak jelas. Gunakan titik untuk ribuan dan koma untuk sen."),
            text,
        )
    integer = Decimal(match["int"].replace(".", ""))
    fraction = match["frac"]
    if fraction is not None:
        if len(fraction) == 3:
            raise _refuse(
                "money_comma_thousands",
                N_("Gunakan titik sebagai pemisah ribuan, bukan koma: %(value)s bisa dibaca dua cara."),
                text,
            )
        if len(fraction) > 2:
            raise RuleError(
                "money_precision", N_("Sen paling banyak dua angka di belakang koma."), value=text
            )
        if integer < 1000:
            raise _refuse(
                "money_ambiguous_decimal",
                N_("Jumlah %(value)s tidak jelas: maksudnya %(value)s juta?"),
                text,
            )
    # Built from the digits as written, so "3.500.000,50" keeps its two decimals.
    amount = Decimal(f"{integer}.{fraction}") if fraction else integer
    if amount > MAX_AMOUNT:
        raise RuleError(
            "money_too_large", N_("Jumlah %(value)s terlalu besar; periksa kembali angkanya."), value=text
        )
    return amount


def format_rupiah(amount: Decimal) -> str:
    """``Rp 3.724.437,20``; sen only when non-zero (``Rp 3.579.313``); negative as ``-Rp 1.000``."""
    rounded = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    rupiah, sen = divmod(abs(rounded), 1)
    grouped = f"{int(rupiah):,}".replace(",", ".")
    cents = int(sen * 100)
    return f"{sign}Rp {grouped}" + (f",{cents:02d}" if cents else "")
