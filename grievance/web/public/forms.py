"""The complaint form (public and union), tracking and reply forms.

The complaint form's fields are plain text on purpose: the one schema
(``services.intake_schema``) validates them for the form and the API alike; this class gives
CSRF, labels, hints and a place for each field's error. ``FIELD_PATHS`` maps each form
field to its place in the API body, so an API error lands next to the right form field.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ...services.intake_schema import SECTIONS

YES_NO = [("ya", _l("Ya")), ("tidak", _l("Tidak")), ("tidak_tahu", _l("Tidak tahu"))]
NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}
DATE = {"type": "date", "placeholder": "2025-03-31"}

FIELD_PATHS: dict[str, str] = {
    "category": "category",
    "employer_name": "employer.name",
    "employer_region": "employer.region_code",
    "employer_address": "employer.address",
    "employer_sector": "employer.sector",
    "description": "description",
    "workers_affected": "workers_affected",
    "affected_workers": "affected_workers",
    "privacy": "privacy",
    "name": "complainant.name",
    "phone": "complainant.phone",
    "email": "complainant.email",
    "nik": "complainant.nik",
    "monthly_wage": "wage.monthly_wage",
    "wage_year": "wage.year",
    "contract_type": "contract.type",
    "contract_start": "contract.start_date",
    "contract_end": "contract.end_date",
    "renewals": "contract.renewals",
    "written": "contract.written",
    "permanent_work": "contract.permanent_work",
    "outsourcing_company": "outsourcing.company",
    "bpjs_ketenagakerjaan": "bpjs.ketenagakerjaan",
    "bpjs_kesehatan": "bpjs.kesehatan",
    "bpjs_start": "bpjs.employment_start",
    "thr_holiday": "thr.holiday",
    "thr_paid_on": "thr.paid_on",
    "thr_amount": "thr.amount_paid",
    "thr_start": "thr.employment_start",
    "overtime_days": "overtime.days",
    "overtime_hours": "overtime.hours_per_day",
    "overtime_rest_days": "overtime.rest_days",
    "overtime_rest_hours": "overtime.rest_day_hours",
    "severance_end": "severance.end_date",
    "service_years": "severance.service_years",
    "service_months": "severance.service_months",
}
PATH_FIELDS = {path: name for name, path in FIELD_PATHS.items()}
COMMON = ("category", "employer_name", "employer_region", "employer_address", "employer_sector",
          "description", "workers_affected", "affected_workers", "privacy", "name", "phone",
          "email", "nik")


def section_fields(section: str) -> list[str]:
    return [name for name, path in FIELD_PATHS.items() if path.startswith(section + ".")]


HINTS = {
    "employer_name": _l("Nama perusahaan tempat Anda bekerja, misalnya PT Sawit Makmur."),
    "employer_region": _l("Tempat Anda bekerja, bukan tempat tinggal."),
    "description": _l("Ceritakan dengan kata-kata Anda sendiri: apa yang terjadi, sejak kapan."),
    "monthly_wage": _l("Upah pokok sebulan, contoh: 3.500.000"),
    "wage_year": _l("Tahun upah itu dibayar."),
    "renewals": _l("Berapa kali kontrak diperpanjang. Tulis 0 jika belum pernah."),
    "contract_end": _l("Kosongkan jika kontrak masih berjalan."),
    "permanent_work": _l("Pekerjaan yang terus ada sepanjang tahun, bukan musiman atau proyek."),
    "thr_holiday": _l("Tanggal hari raya keagamaan Anda (misalnya Idul Fitri)."),
    "thr_paid_on": _l("Kosongkan jika THR belum dibayar."),
    "thr_amount": _l("Kosongkan jika belum dibayar sama sekali."),
    "overtime_days": _l("Berapa hari kerja dengan lembur yang tidak dibayar."),
    "overtime_hours": _l("Rata-rata jam lembur per hari, contoh: 2 atau 2,5."),
    "nik": _l("16 angka di KTP. Boleh dikosongkan."),
    "phone": _l("Agar petugas dapat menghubungi Anda. Contoh: 0812 3456 7890"),
    "affected_workers": _l("Boleh dikosongkan. Satu pekerja per baris: Nama; jabatan"),
    "workers_affected": _l("Termasuk Anda sendiri."),
}


def _text(label, max_len: int = 200, **kw):
    return StringField(label, validators=[Length(max=max_len)], **kw)


class ComplaintForm(FlaskForm):
    form_token = HiddenField()
    category = HiddenField()
    employer_name = _text(_l("Nama perusahaan"))
    employer_region = SelectField(_l("Kabupaten/kota tempat kerja"), choices=[], validate_choice=False)
    employer_address = _text(_l("Alamat perusahaan (boleh dikosongkan)"), 300)
    employer_sector = SelectField(_l("Bidang usaha (boleh dikosongkan)"), choices=[],
                                  validate_choice=False)
    description = TextAreaField(_l("Ceritakan masalah Anda"), validators=[Length(max=5000)])
    workers_affected = _text(_l("Jumlah pekerja yang mengalami masalah ini"), 9,
                             render_kw=NUMERIC)
    affected_workers = TextAreaField(_l("Daftar pekerja terdampak"), validators=[Length(max=40000)])
    privacy = RadioField(_l("Identitas Anda"), default="confidential", validate_choice=False, choices=[
        ("confidential", _l("Rahasia: nama saya hanya untuk petugas yang menangani")),
        ("anonymous", _l("Anonim: saya tidak memberi nama")),
        ("open", _l("Terbuka: nama saya boleh dilihat serikat yang melapor"))])
    name = _text(_l("Nama"), render_kw={"autocomplete": "name"})
    phone = _text(_l("Nomor HP"), 30, render_kw={"type": "tel", "autocomplete": "tel"})
    email = _text(_l("Email"), 320, render_kw={"type": "email", "autocomplete": "email"})
    nik = _text(_l("NIK"), 30, render_kw=NUMERIC)

    monthly_wage = _text(_l("Upah sebulan (Rp)"), 30, render_kw=NUMERIC)
    wage_year = SelectField(_l("Tahun"), choices=[], validate_choice=False)

    contract_type = SelectField(_l("Jenis hubungan kerja"), validate_choice=False, choices=[
        ("pkwt", _l("Kontrak (PKWT)")), ("pkwtt", _l("Tetap (PKWTT)")),
        ("outsourced", _l("Alih daya (outsourcing)")), ("none", _l("Tanpa perjanjian"))])
    contract_start = _text(_l("Mulai kontrak pertama"), 20, render_kw=DATE)
    contract_end = _text(_l("Akhir kontrak"), 20, render_kw=DATE)
    renewals = _text(_l("Jumlah perpanjangan"), 3, render_kw=NUMERIC)
    written = RadioField(_l("Apakah kontrak tertulis?"), choices=YES_NO, validate_choice=False)
    permanent_work = RadioField(_l("Apakah pekerjaannya bersifat tetap?"), choices=YES_NO,
                                validate_choice=False)

    outsourcing_company = _text(_l("Nama perusahaan penyalur (outsourcing)"))

    bpjs_ketenagakerjaan = RadioField(_l("Terdaftar BPJS Ketenagakerjaan?"), choices=YES_NO,
                                      validate_choice=False)
    bpjs_kesehatan = RadioField(_l("Terdaftar BPJS Kesehatan?"), choices=YES_NO,
                                validate_choice=False)
    bpjs_start = _text(_l("Mulai bekerja"), 20, render_kw=DATE)

    thr_holiday = _text(_l("Tanggal hari raya"), 20, render_kw=DATE)
    thr_paid_on = _text(_l("Tanggal THR dibayar"), 20, render_kw=DATE)
    thr_amount = _text(_l("THR yang dibayar (Rp)"), 30, render_kw=NUMERIC)
    thr_start = _text(_l("Mulai bekerja"), 20, render_kw=DATE)

    overtime_days = _text(_l("Jumlah hari lembur"), 3, render_kw=NUMERIC)
    overtime_hours = _text(_l("Jam lembur per hari"), 5, render_kw={"inputmode": "decimal"})
    overtime_rest_days = _text(_l("Jumlah hari libur yang tetap bekerja"), 3, render_kw=NUMERIC)
    overtime_rest_hours = _text(_l("Jam kerja per hari libur"), 5, render_kw={"inputmode": "decimal"})

    severance_end = _text(_l("Tanggal PHK (terakhir bekerja)"), 20, render_kw=DATE)
    service_years = _text(_l("Masa kerja (tahun)"), 2, render_kw=NUMERIC)
    service_months = _text(_l("Ditambah bulan"), 2, render_kw=NUMERIC)

    attachment = FileField(_l("Lampiran (boleh dikosongkan)"))

    def to_payload(self, category: str, *, union: bool = False) -> dict:
        """The API body this form describes: common fields plus the category's sections."""
        names = list(COMMON)
        for section in SECTIONS.get(category, ()):
            names += section_fields(section)
        payload: dict = {}
        for name in names:
            if name in ("workers_affected", "affected_workers") and not union:
                continue
            value = self[name].data
            if value in (None, ""):
                continue
            node = payload
            *parents, leaf = FIELD_PATHS[name].split(".")
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = value
        payload["category"] = category
        return payload

    def attach_errors(self, messages: dict[str, str]) -> None:
        """Put the schema's errors (by API path) next to the form fields they belong to."""
        for path, message in messages.items():
            name = PATH_FIELDS.get(path, "description")
            field = self[name]
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]


class TrackForm(FlaskForm):
    tracking_code = StringField(_l("Kode lacak"), validators=[
        DataRequired(_l("Isi kode lacak.")), Length(max=30)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})
    access_code = StringField(_l("Kode akses"), validators=[
        DataRequired(_l("Isi kode akses.")), Length(max=40)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Pesan Anda"), validators=[
        DataRequired(_l("Tulis pesan Anda.")), Length(max=5000)])


class UploadForm(FlaskForm):
    file = FileField(_l("Pilih berkas (PDF, JPEG atau PNG)"))


class PostOnlyForm(FlaskForm):
    """Buttons that only need CSRF (leaving the tracking session)."""
