"""Sign-in for staff and union representatives. Workers never need an account."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ...errors import ValidationFailed
from ...extensions import limiter
from ...services.users import (
    MIN_PASSWORD_LENGTH,
    authenticate,
    change_own_password,
    end_sessions,
    reset_password_with_token,
    user_for_reset_token,
)
from .forms import ChangePasswordForm, LoginForm, NewPasswordForm

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


def _fresh_session() -> None:
    """Nothing from before survives a sign-in or a password change but the language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def _link_not_valid():
    # One page for a forged, expired or already used link: it must not tell which.
    return render_template("auth/password_reset_invalid.html"), 400


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit)
def password_reset(token: str):
    """Choose a new password through the link an admin had mailed (24 hours, once)."""
    if user_for_reset_token(token) is None:
        return _link_not_valid()
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = reset_password_with_token(token, form.password.data)
        except ValidationFailed:  # the form already checks the length; kept for safety
            form.password.errors.append(_("Kata sandi minimal %(n)s karakter.",
                                          n=MIN_PASSWORD_LENGTH))
        else:
            if user is None:  # used in another tab meanwhile
                return _link_not_valid()
            if current_user.is_authenticated:
                logout_user()
            _fresh_session()
            flash(_("Kata sandi baru disimpan. Silakan masuk."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/password_reset.html", form=form,
                           min_length=MIN_PASSWORD_LENGTH)


@bp.route("/account/password", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def change_password():
    """A signed-in user changes their own password; their other sessions end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            changed = change_own_password(current_user, form.current_password.data,
                                          form.password.data)
        except ValidationFailed:
            changed = None
            form.password.errors.append(_("Kata sandi minimal %(n)s karakter.",
                                          n=MIN_PASSWORD_LENGTH))
        if changed:
            user = current_user._get_current_object()
            _fresh_session()
            login_user(user)  # the nonce rotated: sign this session in again
            flash(_("Kata sandi diubah. Sesi lain akun ini telah diakhiri."), "success")
            return redirect(home_for(user))
        if changed is False:
            form.current_password.errors.append(_("Kata sandi saat ini salah."))
    return render_template("auth/change_password.html", form=form,
                           min_length=MIN_PASSWORD_LENGTH)


@bp.post("/logout")
def logout():
    # A copied session cookie must not outlive signing out: end the user's sessions.
    end_sessions(current_user._get_current_object())
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("public.home"))
