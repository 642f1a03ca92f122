"""Public statistics (filled by the reporting issue)."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("stats", __name__, url_prefix="/stats")


@bp.get("")
def index():
    return render_template("placeholder.html", page="stats")
