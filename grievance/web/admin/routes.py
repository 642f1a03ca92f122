"""Administration: users, unions, wage floors (filled by the casework issue)."""

from __future__ import annotations

from flask import Blueprint, render_template

from ...rules import access
from ..guards import require

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("")
@require(access.can_admin)
def index():
    return render_template("placeholder.html", page="admin")
