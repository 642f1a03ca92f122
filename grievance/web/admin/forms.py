"""Admin forms (shapes and CSRF; the rules live in services/admin.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ...models import ROLES
from ...services.admin import FLOOR_KINDS

# The same names as templates/_labels.html role_label (one msgid each, translated once).
ROLE_LABELS = {"admin": _l("Admin"), "coordinator": _l("Koordinator"), "inspector": _l("Pengawas"),
               "union_rep": _l("Perwakilan serikat")}


class UserForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=320)])
    full_name = StringField(_l("Nama lengkap"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Peran"), choices=lambda: [(r, ROLE_LABELS[r]) for r in ROLES])
    union = StringField(_l("Serikat (untuk perwakilan serikat)"),
                        validators=[Optional(), Length(max=200)])


class RoleForm(FlaskForm):
    role = SelectField(_l("Peran"), choices=lambda: [(r, ROLE_LABELS[r]) for r in ROLES])
    union = StringField(_l("Serikat"), validators=[Optional(), Length(max=200)])


class UnionForm(FlaskForm):
    name = StringField(_l("Nama serikat"), validators=[DataRequired(), Length(max=200)])
    contact_email = EmailField(_l("Email kontak"), validators=[Optional(), Length(max=320)])


class WageFloorForm(FlaskForm):
    kind = SelectField(_l("Jenis"), choices=[(k, k) for k in FLOOR_KINDS])
    year = IntegerField(_l("Tahun"), validators=[DataRequired(), NumberRange(2000, 2100)])
    region_code = SelectField(_l("Kabupaten/kota (untuk UMK)"), choices=[], validate_choice=False)
    amount = StringField(_l("Jumlah (rupiah per bulan)"), validators=[DataRequired()])
    legal_basis = StringField(_l("Dasar hukum"), validators=[DataRequired(), Length(max=300)])
    source = TextAreaField(_l("Sumber (alamat web atau dokumen)"), validators=[DataRequired()])
    confirmed = BooleanField(_l("Sudah dipastikan dari sumber resmi"), default=True)


class WorkforceForm(FlaskForm):
    """One region's workforce (checked in services/admin.py, so a bad value comes back kept)."""

    workforce = StringField(_l("Tenaga kerja"), validators=[Optional(), Length(max=20)])
    source = StringField(_l("Sumber angka"), validators=[Optional(), Length(max=300)])
