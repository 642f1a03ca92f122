"""The task-force dashboard (``/dashboard``), the union figures (``/union/stats``) and the
session-authenticated export links (``/dashboard/cases.csv``, ``.xlsx``) for the queue page.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template, request
from flask_login import current_user

from ...rules import access
from ...rules.workflow import STATUS_LABELS
from ...services import dashboard, exports
from ..guards import require

bp = Blueprint("dashboard", __name__)


@dataclass(frozen=True)
class Bar:
    """One bar of a chart (the chart helper takes anything with ``label`` and ``count``)."""

    label: str
    count: int | None


@bp.app_template_global("report_status_label")
def status_label(status: str) -> str:
    """The msgid of a status label (templates translate it with ``_()``)."""
    return STATUS_LABELS.get(status, status)


@bp.get("/dashboard")
@require(access.can_view_dashboard)
def index():
    figures = dashboard.task_force()
    region_cells = [Bar(r.name, r.total) for r in figures["regions"]]
    open_total = sum(sum(row.values()) for row in figures["open_by_age"].values())
    return render_template("dashboard/index.html", f=figures, region_cells=region_cells,
                           open_total=open_total, buckets=dashboard.AGE_BUCKETS,
                           status_labels=STATUS_LABELS)


@bp.get("/union/stats")
@require(access.can_view_union_dashboard)
def union_stats():
    return render_template("dashboard/union.html",
                           union_figures=dashboard.union_figures(current_user.union_id),
                           union_name=current_user.union.name if current_user.union else "")


@bp.get("/dashboard/cases.csv")
@require(access.can_export_cases)
def export_csv():
    """The queue's "export" button: same filters as ``/cases``, same rules as the API."""
    return exports.response(current_user, "csv", request.args)


@bp.get("/dashboard/cases.xlsx")
@require(access.can_export_cases)
def export_xlsx():
    return exports.response(current_user, "xlsx", request.args)
