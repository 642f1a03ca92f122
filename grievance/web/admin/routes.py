"""Administration: users, unions, wage floors, region workforce. Thin views over
services/admin.py."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from ...errors import ValidationFailed, translate
from ...extensions import db
from ...models import AuditEvent, Region, Union, User, WageFloorRow
from ...rules import access
from ...services import admin
from ..guards import require
from .forms import RoleForm, UnionForm, UserForm, WageFloorForm, WorkforceForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _floor_form() -> WageFloorForm:
    form = WageFloorForm()
    form.region_code.choices = [("", "—")] + [
        (r.code, r.name) for r in db.session.scalars(select(Region).order_by(Region.name))]
    return form


def _invalid(error: ValidationFailed) -> None:
    details = "; ".join(translate(m) for m in error.fields.values())
    flash(translate(error.message, error.params) + (f" ({details})" if details else ""), "error")


def _page(status: int = 200, workforce_input: dict | None = None):
    """The admin page; ``workforce_input`` keeps a refused workforce entry in its field."""
    return render_template(
        "admin/index.html", user_form=UserForm(), union_form=UnionForm(),
        floor_form=_floor_form(), role_form=RoleForm(),
        regions=db.session.scalars(select(Region).order_by(Region.code)).all(),
        workforce_input=workforce_input or {},
        users=db.session.scalars(select(User).order_by(User.role, User.email)).all(),
        unions=db.session.scalars(select(Union).order_by(Union.name)).all(),
        floors=db.session.scalars(select(WageFloorRow).order_by(
            WageFloorRow.year.desc(), WageFloorRow.kind, WageFloorRow.region_code)
            .limit(60)).all(),
        events=db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())
                                  .limit(30)).all()), status


@bp.get("")
@require(access.can_admin)
def index():
    return _page()


def _done(message: str):
    flash(message, "success")
    return redirect(url_for("admin.index"))


@bp.post("/users")
@require(access.can_admin)
def create_user():
    form = UserForm()
    if not form.validate_on_submit():
        flash(gettext("Periksa kembali isian Anda."), "error")
        return redirect(url_for("admin.index"))
    try:
        admin.create_user(current_user, form.email.data, form.role.data, form.full_name.data or "",
                          form.union.data or None)
    except ValidationFailed as error:
        _invalid(error)
        return redirect(url_for("admin.index"))
    return _done(gettext("Akun dibuat; tautan untuk memilih kata sandi dikirim lewat email."))


@bp.post("/users/<int:user_id>/active")
@require(access.can_admin)
def toggle_active(user_id: int):
    user = db.session.get(User, user_id)
    try:
        admin.set_active(current_user, user_id, not (user and user.active))
    except ValidationFailed as error:
        _invalid(error)
        return redirect(url_for("admin.index"))
    return _done(gettext("Status akun diubah."))


@bp.post("/users/<int:user_id>/role")
@require(access.can_admin)
def change_role(user_id: int):
    form = RoleForm()
    if not form.validate_on_submit():
        flash(gettext("Periksa kembali isian Anda."), "error")
        return redirect(url_for("admin.index"))
    try:
        admin.change_role(current_user, user_id, form.role.data, form.union.data or None)
    except ValidationFailed as error:
        _invalid(error)
        return redirect(url_for("admin.index"))
    return _done(gettext("Peran diubah."))


@bp.post("/users/<int:user_id>/password")
@require(access.can_admin)
def reset_password(user_id: int):
    admin.reset_password(current_user, user_id)
    return _done(gettext("Tautan atur ulang kata sandi dikirim lewat email."))


@bp.post("/unions")
@require(access.can_admin)
def create_union():
    form = UnionForm()
    if not form.validate_on_submit():
        flash(gettext("Periksa kembali isian Anda."), "error")
        return redirect(url_for("admin.index"))
    try:
        admin.create_union(current_user, form.name.data, form.contact_email.data)
    except ValidationFailed as error:
        _invalid(error)
        return redirect(url_for("admin.index"))
    return _done(gettext("Serikat ditambahkan."))


@bp.post("/wage-floors")
@require(access.can_admin)
def add_wage_floor():
    form = _floor_form()
    if not form.validate_on_submit():
        flash(gettext("Periksa kembali isian Anda."), "error")
        return redirect(url_for("admin.index"))
    try:
        admin.add_wage_floor(current_user, kind=form.kind.data, year=form.year.data,
                             amount=form.amount.data, legal_basis=form.legal_basis.data,
                             source=form.source.data, region_code=form.region_code.data or None,
                             confirmed=form.confirmed.data)
    except ValidationFailed as error:
        _invalid(error)
        return redirect(url_for("admin.index"))
    return _done(gettext("Upah minimum ditambahkan."))


@bp.post("/regions/<code>/workforce")
@require(access.can_admin)
def set_workforce(code: str):
    """Set or clear one region's workforce; a refused value is shown again, not lost."""
    form = WorkforceForm()
    kept = {"code": code, "workforce": form.workforce.data or "", "source": form.source.data or ""}
    if not form.validate_on_submit():
        kept["error"] = gettext("Periksa kembali isian Anda.")
        flash(kept["error"], "error")
        return _page(422, kept)
    try:
        region = admin.set_region_workforce(current_user, code, form.workforce.data,
                                            form.source.data or "")
    except ValidationFailed as error:
        kept["error"] = "; ".join(translate(m) for m in error.fields.values()) or translate(
            error.message, error.params)
        _invalid(error)
        return _page(422, kept)
    return _done(gettext("Tenaga kerja %(region)s disimpan.", region=region.name))
