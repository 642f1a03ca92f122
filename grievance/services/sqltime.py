"""SQL expressions for calendar parts and durations in WITA, on SQLite and PostgreSQL alike.

Reports group by the month a complaint was filed *in Kalimantan Timur* (UTC+8, no daylight
saving), so a complaint filed at 07:00 WITA on 1 March is a March complaint even though it
is still February in UTC.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Float, cast, func, literal_column

from ..extensions import db

WITA = timezone(timedelta(hours=8))


def _dialect() -> str:
    return db.engine.dialect.name


def month_key(column):
    """``'YYYY-MM'`` of a UTC timestamp column, in WITA."""
    if _dialect() == "postgresql":
        return func.to_char(func.timezone("Asia/Makassar", column), "YYYY-MM")
    return func.strftime("%Y-%m", column, "+8 hours")


def year_key(column):
    """``'YYYY'`` of a UTC timestamp column, in WITA."""
    if _dialect() == "postgresql":
        return func.to_char(func.timezone("Asia/Makassar", column), "YYYY")
    return func.strftime("%Y", column, "+8 hours")


def days_between(start, end):
    """``end - start`` in (fractional) days."""
    if _dialect() == "postgresql":
        return func.extract("epoch", end - start) / literal_column("86400.0")
    return cast(func.julianday(end) - func.julianday(start), Float)


def wita_start(day: date) -> datetime:
    """Midnight WITA at the start of ``day``, as an aware UTC datetime."""
    return datetime.combine(day, time(0), WITA).astimezone(timezone.utc)


def year_range(year: int) -> tuple[datetime, datetime]:
    return wita_start(date(year, 1, 1)), wita_start(date(year + 1, 1, 1))


def month_range(year: int, month: int) -> tuple[datetime, datetime]:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return wita_start(date(year, month, 1)), wita_start(nxt)


def today_wita() -> date:
    return datetime.now(WITA).date()


def wita_text(column):
    """``'2025-03-01 07:00+08:00'``: a UTC timestamp column as WITA text, done by the database
    (exports: 100,000 rows need no datetime objects in Python)."""
    if _dialect() == "postgresql":
        local = func.to_char(func.timezone("Asia/Makassar", column), "YYYY-MM-DD HH24:MI")
    else:
        local = func.strftime("%Y-%m-%d %H:%M", column, "+8 hours")
    return local.concat("+08:00")
