"""Public statistics: ``/stats`` (charts and tables), ``/stats.csv``, ``/stats/monthly``.

Everything here is public, so everything goes through ``services.stats``, which publishes
aggregates only and hides small counts. The views only pick the filters and the template.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import get_locale, gettext

from ...errors import ValidationFailed
from ...extensions import limiter
from ...rules import N_
from ...rules.ids import is_digits
from ...services import stats
from ...services.sqltime import today_wita
from . import svg

bp = Blueprint("stats", __name__)


def _limit() -> str:
    return current_app.config.get("RATELIMIT_STATS", "120 per minute")


def _threshold() -> int:
    return current_app.config["STATS_SUPPRESS_BELOW"]


def _locale() -> str:
    return str(get_locale() or "id")


def marker(cell, threshold: int) -> str:
    """What a hidden cell shows: "< 5" if it is small, else a dash (complementary)."""
    return f"< {threshold}" if getattr(cell, "small", True) else "—"


@bp.app_template_global("stats_chart")
def chart(kind: str, cells, title: str, desc: str = "", threshold: int | None = None):
    """An SVG chart of ``cells`` (anything with ``label`` and ``count``); hidden ones marked.

    ``desc`` defaults to a sentence pointing at the table below, where the numbers are.
    """
    limit = threshold if threshold is not None else _threshold()
    items = [(c.label, c.count, marker(c, limit) if c.count is None else "") for c in cells]
    desc = desc or gettext("Angka yang sama tersedia pada tabel di bawah grafik ini.")
    draw = svg.column_chart if kind == "columns" else svg.bar_chart
    return draw(items, title, desc)


def _year_choices() -> list[int]:
    today = today_wita()
    return list(range(today.year, 2023, -1))


@bp.get("/stats")
@limiter.limit(_limit)
def index():
    filters = stats.StatsFilters.from_args(request.args)
    report = stats.public_stats(filters, _threshold(), locale=_locale())
    regions, categories = stats.reference_lists(_locale())
    return render_template(
        "stats/index.html", report=report, filters=filters, regions=regions,
        categories=categories, years=_year_choices(), marker=marker,
        threshold=_threshold(),
    )


@bp.get("/stats.csv", endpoint="csv")
@limiter.limit(_limit)
def csv_download():
    filters = stats.StatsFilters.from_args(request.args)
    report = stats.public_stats(filters, _threshold(), locale=_locale())
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["table", "key", "label", "count", "hidden"])
    for table, cells in report.tables():
        for cell in cells:
            hidden = "" if not cell.hidden else ("small" if cell.small else "complementary")
            writer.writerow([table, cell.key, cell.label,
                             "" if cell.count is None else cell.count, hidden])
    median = report.median_days_to_resolve
    writer.writerow(["median_days_to_resolve", "", gettext("Median hari sampai selesai"),
                     "" if median is None else median, "" if median is not None else "small"])
    writer.writerow(["suppressed_below", "", gettext("Angka di bawah batas ini disembunyikan"),
                     report.threshold, ""])
    name = "statistik-pengaduan"
    for value in filters.as_args().values():
        name += "-" + value.replace(".", "")
    return Response(buffer.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}.csv"',
        "Cache-Control": "public, max-age=300"})


def _month_args(today: date) -> tuple[int, int]:
    """``year`` and ``month`` from the query; default: the last complete month."""
    default = date(today.year, today.month, 1)
    default = date(default.year - (default.month == 1), (default.month - 2) % 12 + 1, 1)
    year_raw = request.args.get("year", "").strip() or str(default.year)
    month_raw = request.args.get("month", "").strip() or str(default.month)
    errors = {}
    if not (is_digits(year_raw) and 2000 <= int(year_raw) <= 2100):
        errors["year"] = N_("Tahun tidak valid.")
    if not (is_digits(month_raw) and 1 <= int(month_raw) <= 12):
        errors["month"] = N_("Bulan tidak valid.")
    if errors:
        raise ValidationFailed(N_("Filter statistik tidak valid."), fields=errors)
    return int(year_raw), int(month_raw)


@bp.get("/stats/monthly")
@limiter.limit(_limit)
def monthly():
    today = today_wita()
    year, month = _month_args(today)
    prev_year, prev_month = (year - 1, 12) if month == 1 else (year, month - 1)
    current = stats.month_figures(year, month, _threshold(), locale=_locale(), today=today)
    previous = stats.month_figures(prev_year, prev_month, _threshold(), locale=_locale(),
                                   today=today)
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return render_template(
        "stats/monthly.html", current=current, previous=previous, marker=marker,
        threshold=_threshold(), today=today, month_date=date(year, month, 1),
        prev_date=date(prev_year, prev_month, 1), next_date=date(next_year, next_month, 1),
        has_next=(next_year, next_month) <= (today.year, today.month),
    )
