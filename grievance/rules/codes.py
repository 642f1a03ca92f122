"""Tracking and access codes a worker can write on paper and read over the phone.

Crockford base32 (no I, L, O, U: nothing to confuse with 1, 0 or V), upper case, in groups
of four. The tracking code ``KT-7F3K-9QX2`` carries 40 random bits: it names a case and is
printed on receipts. The access code ``ABCD-EFGH-JKMN-PQRS`` carries 80 random bits: it proves
the holder filed the case, is shown once, and is stored only as a hash.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
TRACKING_PREFIX = "KT"
TRACKING_CHARS = 8  # 8 × 5 bits = 40 bits
ACCESS_CHARS = 16  # 16 × 5 bits = 80 bits


def _random_chars(count: int, rng: random.Random | None) -> str:
    pick = rng.choice if rng is not None else secrets.choice
    return "".join(pick(ALPHABET) for _ in range(count))


def _group(chars: str) -> str:
    return "-".join(chars[i:i + 4] for i in range(0, len(chars), 4))


def new_tracking_code(rng: random.Random | None = None) -> str:
    """A fresh tracking code; pass ``rng`` only for reproducible demo data."""
    return f"{TRACKING_PREFIX}-{_group(_random_chars(TRACKING_CHARS, rng))}"


def new_access_code(rng: random.Random | None = None) -> str:
    return _group(_random_chars(ACCESS_CHARS, rng))


def _clean(value: str) -> str:
    return "".join(ch for ch in (value or "").upper() if ch.isalnum()).translate(_CONFUSABLE)


def normalize_tracking_code(value: str) -> str | None:
    """``kt 7f3k 9qx2`` → ``KT-7F3K-9QX2``; None if it cannot be a tracking code."""
    chars = _clean(value)
    if chars.startswith(TRACKING_PREFIX):
        chars = chars[len(TRACKING_PREFIX):]
    if len(chars) != TRACKING_CHARS or any(ch not in ALPHABET for ch in chars):
        return None
    return f"{TRACKING_PREFIX}-{_group(chars)}"


def normalize_access_code(value: str) -> str | None:
    chars = _clean(value)
    if len(chars) != ACCESS_CHARS or any(ch not in ALPHABET for ch in chars):
        return None
    return _group(chars)


def hash_access_code(code: str) -> str:
    """SHA-256 of the normalised code. 80 random bits cannot be brute-forced through a hash,
    so a slow password hash would only slow filing down without adding safety."""
    normalized = normalize_access_code(code) or ""
    return hashlib.sha256(normalized.encode()).hexdigest()


def access_code_matches(code: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_access_code(code), stored_hash or "")
