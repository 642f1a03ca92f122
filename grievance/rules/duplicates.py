"""Spotting complaints that are probably about the same thing.

Workers of one employer often complain separately, or a union files for members who
already filed themselves. A coordinator merges such cases; this module only *flags*
candidates, so it errs towards flagging.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import NamedTuple

# Legal-form words that say nothing about which company it is. "persero" marks state
# enterprises ("PT Pertamina (Persero)"), so it is noise for matching too.
LEGAL_FORMS: frozenset[str] = frozenset({"pt", "cv", "tbk", "ud", "persero"})

_DOTTED_ABBREVIATION = re.compile(r"\b(?:[a-z]\.){2,}")
_NOT_WORD = re.compile(r"[^\w]+|_+")


class DuplicateKey(NamedTuple):
    """What two cases are compared on; any (employer_id, category, created) works."""

    employer_id: int | None
    category: str
    created: date


def _as_date(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def is_possible_duplicate(
    a: tuple[int | None, str, date],
    b: tuple[int | None, str, date],
    window_days: int = 30,
) -> bool:
    """Same employer and category, filed within ``window_days`` (inclusive).

    Cases without a known employer are never matched: "unknown" is not a company. The
    caller excludes a case compared with itself.
    """
    if window_days < 0:
        raise ValueError("window_days must not be negative")
    employer_a, category_a, created_a = a
    employer_b, category_b, created_b = b
    if employer_a is None or employer_a != employer_b or category_a != category_b:
        return False
    gap = abs((_as_date(created_a) - _as_date(created_b)).days)
    return gap <= window_days


def normalize_employer_name(name: str) -> str:
    """Lower-case name without legal forms, accents or punctuation, single-spaced.

    "PT. Maju Jaya Tbk." and "maju  jaya" both give "maju jaya", so an employer typed
    in by hand finds the one already on file.
    """
    # Normalise again after casefold: folding can yield characters that decompose.
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", name).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # "P.T." and "C.V." are legal forms too; glue the letters before dropping dots.
    text = _DOTTED_ABBREVIATION.sub(lambda m: m.group(0).replace(".", "") + " ", text)
    words = _NOT_WORD.sub(" ", text).split()
    return " ".join(w for w in words if w not in LEGAL_FORMS)
