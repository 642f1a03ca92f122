"""Casework forms. The services hold the rules; these only check shapes (and CSRF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ...rules import workflow
from ...rules.ids import MAX_ID
from ...rules.priority import PRIORITY_LABELS


class MoveForm(FlaskForm):
    to = HiddenField(validators=[DataRequired()])
    note = TextAreaField(_l("Alasan / keterangan (terlihat oleh pengadu dan serikat)"),
                         validators=[Optional(), Length(max=10_000)])
    compliance_deadline = DateField(_l("Batas waktu pemenuhan"), validators=[Optional()])
    referral_body = SelectField(_l("Instansi tujuan pelimpahan"), validators=[Optional()],
                                choices=[("", "")] + list(workflow.REFERRAL_BODIES.items()))
    merged_into = IntegerField(_l("Nomor kasus tujuan penggabungan"),
                               validators=[Optional(), NumberRange(min=1, max=MAX_ID)])

    def translate_choices(self, gettext) -> None:
        self.referral_body.choices = [("", "—")] + [
            (code, gettext(label)) for code, label in workflow.REFERRAL_BODIES.items()]


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Catatan"), validators=[DataRequired(), Length(max=10_000)])
    public = BooleanField(_l("Publik: terkirim ke pengadu dan serikat"))


class AssignForm(FlaskForm):
    inspector = SelectField(_l("Pengawas"), validators=[DataRequired()], choices=[])


class BulkAssignForm(AssignForm):
    pass


class PriorityForm(FlaskForm):
    priority = SelectField(_l("Prioritas"), coerce=int,
                           choices=[(level, label) for level, label in PRIORITY_LABELS.items()])


class EmployerLinkForm(FlaskForm):
    employer_id = IntegerField(_l("Nomor pemberi kerja"),
                               validators=[DataRequired(), NumberRange(min=1, max=MAX_ID)])


class EmployerCorrectForm(FlaskForm):
    name = StringField(_l("Nama pemberi kerja"), validators=[DataRequired(), Length(max=200)])
    address = StringField(_l("Alamat"), validators=[Optional(), Length(max=300)])
    nib = StringField(_l("NIB"), validators=[Optional(), Length(min=13, max=13)])
