"""Row ids and other numbers as people and programs type them: in a URL, a filter, a form or
a JSON body.

Every id column is PostgreSQL ``integer`` (SQLite's is 64-bit): a number past 2,147,483,647
cannot name a row, and sent to the database it is an error ("integer out of range", or
SQLite's overflow), not an empty answer. So an id is checked here before any query sees it:
ASCII digits (``"²".isdigit()`` is true, and ``int("²")`` raises) or an ``int`` (not a
``bool``), from 1 to ``MAX_ID``. Anything else is no id, and the caller answers as it does
for a row that does not exist.
"""

from __future__ import annotations

import re

MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


def parse_id(value: object) -> int | None:
    """``value`` as a row id, or None if it cannot be one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def is_digits(text: str) -> bool:
    """Whether ``text`` is ASCII digits only: what ``int()`` reads as a plain number.

    ``str.isdigit()`` alone is not that: it is true for "²", which ``int()`` refuses."""
    return text.isascii() and text.isdigit()
