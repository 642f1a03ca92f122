"""Sign-in for staff and union representatives. Workers never need an account."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ...extensions import limiter
from ...services.users import authenticate
from .forms import LoginForm

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target:
        return None
    target = target.strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def home_for(user) -> str:
    if user.role == "union_rep":
        return url_for("unions.dashboard")
    if user.role == "admin":
        return url_for("admin.index")
    return url_for("cases.queue")


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            lang = session.get("lang")
            session.clear()  # a fresh session: nothing from before sign-in survives
            if lang:
                session["lang"] = lang
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or home_for(user))
        # One message for every failure: it must not tell which accounts exist.
        flash(_("Email atau kata sandi salah, atau akun sedang dikunci sementara."), "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("public.home"))
