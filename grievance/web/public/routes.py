"""Public pages: home, the complaint form, tracking. No account needed."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    return render_template("public/home.html")


@bp.route("/complaints/new", methods=["GET", "POST"])
def complaint_new():
    return render_template("placeholder.html", page="complaint_new")


@bp.route("/track", methods=["GET", "POST"])
def track():
    return render_template("placeholder.html", page="track")


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html")
