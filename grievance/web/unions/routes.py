"""The union representatives' dashboard (filled by the intake issue)."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..guards import require

bp = Blueprint("unions", __name__, url_prefix="/union")


def is_union_rep(user) -> bool:
    return user.is_active and user.role == "union_rep" and user.union_id is not None


@bp.get("")
@require(is_union_rep)
def dashboard():
    return render_template("placeholder.html", page="union")
