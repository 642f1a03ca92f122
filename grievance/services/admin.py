"""Administration: accounts, unions, wage-floor reference data and region workforce. Admins
only; every action leaves an ``AuditEvent`` in the same transaction."""

from __future__ import annotations

import re
import secrets
from decimal import Decimal, InvalidOperation

from flask import current_app, url_for
from sqlalchemy import select

from ..errors import Forbidden, NotFound, ValidationFailed
from ..extensions import db
from ..models import ROLES, Region, Union, User, WageFloorRow
from ..models.people import new_session_nonce
from ..rules import N_, access
from . import outbox, users
from .audit import audit

FLOOR_KINDS = ("UMP", "UMK", "UMSP", "UMSK")


def _require_admin(actor: User) -> None:
    if not access.can_admin(actor):
        raise Forbidden(N_("Hanya admin yang dapat melakukan ini."))


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(N_("Pengguna tidak ditemukan."))
    return user


def create_user(actor: User, email: str, role: str, full_name: str = "",
                union_name: str | None = None) -> User:
    """A new account with a random password; the person sets their own through the mail."""
    _require_admin(actor)
    user = users.create_user(email, role, secrets.token_urlsafe(24), union_name=union_name,
                             full_name=full_name, actor=actor)  # audited and committed there
    _mail_reset_link(actor, user, kind="account_created")
    return user


def set_active(actor: User, user_id: int, active: bool) -> User:
    _require_admin(actor)
    user = _user(user_id)
    if user.id == actor.id and not active:
        raise ValidationFailed(N_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    user.active = active
    user.session_nonce = new_session_nonce()  # ends every session of the account
    audit("user_activated" if active else "user_deactivated", actor=actor, target_type="user",
          target_id=user.id)
    db.session.commit()
    return user


def change_role(actor: User, user_id: int, role: str, union_name: str | None = None) -> User:
    _require_admin(actor)
    user = _user(user_id)
    if role not in ROLES:
        raise ValidationFailed(N_("Peran tidak dikenal."), fields={"role": N_("Peran tidak dikenal.")})
    if user.id == actor.id and role != "admin":
        raise ValidationFailed(N_("Anda tidak dapat mencabut peran admin Anda sendiri."))
    if role == "union_rep":
        if not union_name:
            raise ValidationFailed(N_("Perwakilan serikat harus memiliki serikat."),
                                   fields={"union": N_("Wajib untuk perwakilan serikat.")})
        user.union = users.get_or_create_union(union_name)
    else:
        user.union = None
    audit("user_role_changed", actor=actor, target_type="user", target_id=user.id,
          data={"from": user.role, "to": role})
    user.role = role
    user.session_nonce = new_session_nonce()
    db.session.commit()
    return user


def _mail_reset_link(actor: User, user: User, *, kind: str) -> None:
    """Mail a one-time link to choose a password; never a password.

    The old password and every session end now (a reset is also what an admin does when an
    account may be compromised); the new nonce also voids any earlier link.
    """
    user.password_hash = users.hash_password(secrets.token_urlsafe(32))  # known to no one
    user.session_nonce = new_session_nonce()
    user.failed_logins = 0
    user.locked_until = None
    token = users.password_reset_token(user)
    link = current_app.config["PUBLIC_BASE_URL"] + url_for("auth.password_reset", token=token)
    outbox.queue_template(user.email, "password_reset", kind=kind, link=link,
                          hours=users.RESET_MAX_AGE_SECONDS // 3600,
                          new_account=kind == "account_created")
    audit("password_reset_mailed", actor=actor, target_type="user", target_id=user.id)
    db.session.commit()


def reset_password(actor: User, user_id: int) -> User:
    """Mail a reset link through the outbox; the old password and sessions end."""
    _require_admin(actor)
    user = _user(user_id)
    _mail_reset_link(actor, user, kind="password_reset")
    return user


def create_union(actor: User, name: str, contact_email: str | None = None) -> Union:
    _require_admin(actor)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationFailed(N_("Nama serikat wajib diisi."), fields={"name": N_("Wajib diisi.")})
    if db.session.scalar(select(Union.id).where(Union.name == name)) is not None:
        raise ValidationFailed(N_("Serikat ini sudah ada."), fields={"name": N_("Sudah ada.")})
    union = Union(name=name, contact_email=(contact_email or "").strip().lower() or None)
    db.session.add(union)
    db.session.flush()
    audit("union_created", actor=actor, target_type="union", target_id=union.id)
    db.session.commit()
    return union


def add_wage_floor(actor: User, *, kind: str, year: int, amount: str, legal_basis: str,
                   source: str, region_code: str | None = None, sector: str | None = None,
                   note: str = "", confirmed: bool = True) -> WageFloorRow:
    """Next year's UMP/UMK (or a sector floor), with the legal basis and where it came from."""
    _require_admin(actor)
    fields = {}
    if kind not in FLOOR_KINDS:
        fields["kind"] = N_("Pilih UMP, UMK, UMSP atau UMSK.")
    if not (2000 <= int(year or 0) <= 2100):
        fields["year"] = N_("Tahun tidak masuk akal.")
    try:
        value = Decimal(str(amount).replace(".", "").replace(",", ".")) if "," in str(amount) \
            else Decimal(str(amount))
        if value <= 0 or value != value.quantize(Decimal("0.01")):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        fields["amount"] = N_("Jumlah rupiah tidak valid.")
        value = None
    if kind in ("UMK", "UMSK") and not region_code:
        fields["region_code"] = N_("UMK memerlukan kabupaten/kota.")
    if region_code and db.session.get(Region, region_code) is None:
        fields["region_code"] = N_("Wilayah tidak dikenal.")
    if not (legal_basis or "").strip():
        fields["legal_basis"] = N_("Dasar hukum wajib diisi.")
    if not (source or "").strip():
        fields["source"] = N_("Sumber wajib diisi.")
    if fields:
        raise ValidationFailed(N_("Periksa kembali isian Anda."), fields=fields)
    if kind in ("UMP", "UMSP"):
        region_code = None
    existing = db.session.scalar(select(WageFloorRow).where(
        WageFloorRow.kind == kind, WageFloorRow.year == int(year),
        WageFloorRow.region_code.is_(None) if region_code is None
        else WageFloorRow.region_code == region_code,
        WageFloorRow.sector.is_(None) if not sector else WageFloorRow.sector == sector))
    if existing is not None:
        raise ValidationFailed(N_("Upah minimum ini sudah tercatat untuk tahun tersebut."),
                               fields={"year": N_("Sudah ada.")})
    row = WageFloorRow(kind=kind, year=int(year), amount=value, region_code=region_code,
                       sector=sector or None, legal_basis=legal_basis.strip(),
                       source=source.strip(), note=note or "", confirmed=confirmed)
    db.session.add(row)
    db.session.flush()
    audit("wage_floor_added", actor=actor, target_type="wage_floor", target_id=row.id,
          data={"kind": kind, "year": int(year), "region_code": region_code,
                "amount": f"{value:.2f}"})
    db.session.commit()
    return row


WORKFORCE_MAX = 10_000_000  # more than the whole province: a typing mistake


def set_region_workforce(actor: User, code: str, workforce: int | str | None,
                         source: str = "") -> Region:
    """Set (or clear, with None or "") a region's workforce, the dashboard's per-10,000 base.

    Only ``Region.workforce`` changes (``Region.source`` is the code list's provenance); where
    the figure came from (``source``, e.g. "BPS Sakernas Agustus 2025") goes to the audit event.
    """
    _require_admin(actor)
    region = db.session.get(Region, code)
    if region is None:
        raise NotFound(N_("Wilayah tidak dikenal."))
    raw = "" if workforce is None else str(workforce).strip()
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):  # Indonesian thousands: 1.234.567
        raw = raw.replace(".", "")
    if raw == "":
        value = None
    elif not re.fullmatch(r"\d+", raw, re.ASCII) or int(raw) > WORKFORCE_MAX:
        raise ValidationFailed(N_("Periksa kembali isian Anda."), fields={
            "workforce": N_("Isi bilangan bulat 0 atau lebih (tanpa koma), atau kosongkan.")})
    else:
        value = int(raw)
    source = " ".join((source or "").split())[:300]
    audit("region_workforce_set", actor=actor, target_type="region", target_id=region.code,
          data={"from": region.workforce, "to": value, "source": source})
    region.workforce = value
    db.session.commit()
    return region
