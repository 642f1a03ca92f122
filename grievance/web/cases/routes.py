"""The inspectors' queue and case pages (filled by the casework issue)."""

from __future__ import annotations

from flask import Blueprint, render_template

from ...rules import access
from ..guards import require

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.get("")
@require(access.can_use_staff_queue)
def queue():
    return render_template("placeholder.html", page="cases")


@bp.get("/<int:case_id>")
@require(access.can_use_staff_queue)
def detail(case_id: int):
    return render_template("placeholder.html", page="case")
