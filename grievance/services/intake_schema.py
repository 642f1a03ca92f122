"""The one complaint schema behind both front doors (the HTML form and ``POST /api/v1/complaints``).

``parse_complaint(payload)`` takes the CONTRACT.md body (a nested dict; the HTML form is
flattened into the same shape by the web layer) and returns typed, normalised ``IntakeData``
or raises ``ValidationFailed`` whose ``fields`` are keyed by dotted paths
(``"employer.name"``, ``"wage.monthly_wage"``) with Indonesian msgids.

Facts are read from every section sent, whatever the category (checks follow the facts);
which facts are *required* depends on the category (``REQUIRED``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ..errors import ValidationFailed
from ..rules import N_, RuleError
from ..rules.checks import CONTRACT_TYPES
from ..rules.identity import normalize_email, normalize_nik, normalize_phone
from ..rules.money import parse_rupiah

CATEGORIES = (
    "wage_below_minimum", "pkwt_misuse", "outsourcing_misuse", "bpjs_ketenagakerjaan",
    "bpjs_kesehatan", "thr_unpaid", "overtime_unpaid", "severance_unpaid", "other",
)
PRIVACY = ("anonymous", "confidential", "open")

# The sections (and so the form fields) each category asks for, in form order.
SECTIONS: dict[str, tuple[str, ...]] = {
    "wage_below_minimum": ("wage",),
    "pkwt_misuse": ("contract", "wage"),
    "outsourcing_misuse": ("outsourcing", "wage"),
    "bpjs_ketenagakerjaan": ("bpjs", "wage"),
    "bpjs_kesehatan": ("bpjs", "wage"),
    "thr_unpaid": ("thr", "wage"),
    "overtime_unpaid": ("overtime", "wage"),
    "severance_unpaid": ("severance", "wage"),
    "other": (),
}
# Facts without which a category's complaint cannot be checked at all.
REQUIRED: dict[str, tuple[str, ...]] = {
    "wage_below_minimum": ("wage.monthly_wage",),
    "pkwt_misuse": ("contract.type", "contract.start_date"),
    "thr_unpaid": ("thr.holiday",),
    "overtime_unpaid": ("overtime.days", "overtime.hours_per_day"),
    "severance_unpaid": ("severance.end_date", "severance.service_years"),
}

MAX_DESCRIPTION = 5000
MIN_DESCRIPTION = 10
MAX_WORKERS = 100_000
MAX_AFFECTED_LIST = 500
FIRST_YEAR = 2015

REQUIRED_MSG = N_("Wajib diisi.")


@dataclass
class IntakeData:
    """A complaint that passed the schema: typed, normalised, ready for the service."""

    category: str
    employer_name: str
    region_code: str
    description: str
    privacy: str = "confidential"
    employer_address: str = ""
    sector: str | None = None
    workers_affected: int = 1
    identity: dict[str, str] | None = None
    details: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    affected_workers: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class IntakeInvalid(ValidationFailed):
    """Bad fields, keyed by dotted path; some messages take params (the money parser's)."""

    def __init__(self, fields: dict[str, str], field_params: dict[str, dict]):
        super().__init__(N_("Periksa kembali isian Anda."), fields=fields)
        self.field_params = field_params

    def field_messages(self) -> dict[str, str]:
        """Each field's message translated, its params filled, and the money hint appended."""
        from flask_babel import gettext

        out = {}
        for path, message in self.fields.items():
            params = dict(self.field_params.get(path, {}))
            hint = params.pop("hint", None)
            text = gettext(message, **params) if params else gettext(message)
            out[path] = f"{text} {gettext(hint)}" if hint else text
        return out


class _Reader:
    """Collects errors per dotted field instead of stopping at the first one."""

    def __init__(self, payload: dict):
        self.payload = payload if isinstance(payload, dict) else {}
        self.errors: dict[str, str] = {}
        self.errors_params: dict[str, dict] = {}

    def raw(self, path: str) -> Any:
        node: Any = self.payload
        for part in path.split("."):
            if not isinstance(node, dict):
                return None
            node = node.get(part)
        if isinstance(node, str):
            node = node.strip()
            return node or None
        return node

    def fail(self, path: str, message: str) -> None:
        self.errors.setdefault(path, message)

    def text(self, path: str, *, max_len: int, required: bool = False) -> str | None:
        value = self.raw(path)
        if value is None:
            if required:
                self.fail(path, REQUIRED_MSG)
            return None
        if not isinstance(value, str):
            self.fail(path, N_("Isian harus berupa teks."))
            return None
        value = " ".join(value.split()) if "\n" not in value else value.replace("\r\n", "\n")
        if len(value) > max_len:
            self.fail(path, N_("Terlalu panjang."))
            return None
        return value

    def integer(self, path: str, *, low: int, high: int, required: bool = False) -> int | None:
        value = self.raw(path)
        if value is None:
            if required:
                self.fail(path, REQUIRED_MSG)
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            self.fail(path, N_("Tulis angka bulat, misalnya 3."))
            return None
        if isinstance(value, str):
            if not re.fullmatch(r"\d{1,9}", value):
                self.fail(path, N_("Tulis angka bulat, misalnya 3."))
                return None
            value = int(value)
        if not low <= value <= high:
            self.fail(path, N_("Angka di luar batas yang masuk akal."))
            return None
        return value

    def hours(self, path: str, *, required: bool = False) -> Decimal | None:
        value = self.raw(path)
        if value is None:
            if required:
                self.fail(path, REQUIRED_MSG)
            return None
        text = str(value).replace(",", ".") if not isinstance(value, bool) else ""
        if isinstance(value, float) or not re.fullmatch(r"\d{1,2}(\.\d{1,2})?", text):
            self.fail(path, N_("Tulis jumlah jam, misalnya 3 atau 2,5."))
            return None
        hours = Decimal(text)
        if not 0 < hours <= 24:
            self.fail(path, N_("Jam harus lebih dari 0 dan paling banyak 24."))
            return None
        return hours

    def money(self, path: str, *, required: bool = False) -> Decimal | None:
        value = self.raw(path)
        if value is None:
            if required:
                self.fail(path, REQUIRED_MSG)
            return None
        if isinstance(value, bool) or isinstance(value, float):
            # Floats are never exact: the API takes whole rupiah as an int, or a string.
            self.fail(path, N_("Tulis jumlah rupiah sebagai angka bulat, misalnya 3500000."))
            return None
        try:
            amount = Decimal(value) if isinstance(value, int) else parse_rupiah(str(value))
        except RuleError as error:
            self.fail(path, error.message)
            self.errors_params[path] = error.params
            return None
        if amount < 0:
            self.fail(path, N_("Jumlah uang tidak boleh negatif."))
            return None
        return amount

    def day(self, path: str, *, today: date, required: bool = False,
            future_ok: bool = False) -> date | None:
        value = self.raw(path)
        if value is None:
            if required:
                self.fail(path, REQUIRED_MSG)
            return None
        parsed = parse_date(value) if isinstance(value, str) else None
        if parsed is None:
            self.fail(path, N_("Tanggal tidak valid. Contoh: 2025-03-31 atau 31/03/2025."))
            return None
        if parsed.year < 1950 or (not future_ok and parsed > today):
            self.fail(path, N_("Tanggal tidak mungkin: periksa kembali."))
            return None
        return parsed

    def yes_no(self, path: str) -> bool | None:
        value = self.raw(path)
        if value is None or isinstance(value, bool):
            return value
        text = str(value).lower()
        if text in ("ya", "yes", "true", "1"):
            return True
        if text in ("tidak", "no", "false", "0"):
            return False
        if text in ("tidak_tahu", "unknown"):
            return None
        self.fail(path, N_("Pilih ya, tidak, atau tidak tahu."))
        return None

    def choice(self, path: str, options, *, default: str | None = None) -> str | None:
        value = self.raw(path)
        if value is None:
            if default is None:
                self.fail(path, REQUIRED_MSG)
            return default
        # A code is text: a list or an object in the API's JSON is refused like any unknown
        # code (``{} in a_set`` would raise, not answer).
        if not isinstance(value, str) or value not in options:
            self.fail(path, N_("Pilihan tidak dikenal."))
            return default
        return value


def parse_date(text: str) -> date | None:
    """ISO ``2025-03-31`` (what a date input sends) or Indonesian ``31/03/2025`` / ``31-03-2025``."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
        if match:
            day, month, year = map(int, match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


def _identity(reader: _Reader, privacy: str, known_regions: set[str]) -> tuple[dict | None, list]:
    fields = ("name", "phone", "email", "nik")
    sent = {name: reader.raw(f"complainant.{name}") for name in fields}
    sent = {name: value for name, value in sent.items() if value not in (None, "")}
    if privacy == "anonymous":
        for name in sent:
            reader.fail(f"complainant.{name}",
                        N_("Anda memilih anonim: kosongkan identitas, atau pilih rahasia."))
        return None, []
    if not sent:
        return None, []
    identity: dict[str, str] = {}
    warnings: list[str] = []
    name = reader.text("complainant.name", max_len=200)
    if name:
        identity["name"] = name
    for key, normalize in (("phone", normalize_phone), ("email", normalize_email)):
        if key in sent:
            try:
                identity[key] = normalize(str(sent[key]))
            except RuleError as error:
                reader.fail(f"complainant.{key}", error.message)
    if "nik" in sent:
        try:
            identity["nik"], warnings = normalize_nik(str(sent["nik"]), known_regions)
        except RuleError as error:
            reader.fail("complainant.nik", error.message)
            reader.errors_params["complainant.nik"] = error.params
    return identity or None, warnings


def _affected(reader: _Reader) -> list[dict[str, str]]:
    value = reader.payload.get("affected_workers")
    if value in (None, "", []):
        return []
    if isinstance(value, str):  # the form's textarea: one worker a line, "Nama; jabatan"
        value = [dict(zip(("name", "position"), (p.strip() for p in line.split(";", 1)), strict=False))
                 for line in value.splitlines() if line.strip()]
    if not isinstance(value, list) or len(value) > MAX_AFFECTED_LIST:
        reader.fail("affected_workers", N_("Daftar pekerja tidak valid (paling banyak 500 orang)."))
        return []
    workers = []
    for item in value:
        name = item.get("name") if isinstance(item, dict) else None
        position = item.get("position") if isinstance(item, dict) else None
        # Each must be text (a list or a number in the API's JSON is refused, not a crash).
        name = name.strip() if isinstance(name, str) else ""
        position = position.strip() if isinstance(position, str) else (
            "" if position is None else None)
        if not name or position is None or len(name) > 200 or len(position) > 200:
            reader.fail("affected_workers",
                        N_("Setiap baris: nama pekerja (dan jabatan setelah titik koma)."))
            return []
        workers.append({"name": " ".join(name.split()), "position": " ".join(position.split())})
    return workers


def parse_complaint(payload: dict, *, today: date, known_regions: set[str],
                    known_sectors: set[str]) -> IntakeData:
    """Validate and normalise a complaint body; ``ValidationFailed`` lists every bad field."""
    r = _Reader(payload)
    category = r.choice("category", CATEGORIES)
    privacy = r.choice("privacy", PRIVACY, default="confidential")
    employer_name = r.text("employer.name", max_len=200, required=True)
    region = r.raw("employer.region_code")
    if region is None:
        r.fail("employer.region_code", REQUIRED_MSG)
    elif not isinstance(region, str) or region not in known_regions:
        r.fail("employer.region_code", N_("Pilih kabupaten/kota di Kalimantan Timur."))
    sector = r.raw("employer.sector")
    if sector is not None and (not isinstance(sector, str) or sector not in known_sectors):
        r.fail("employer.sector", N_("Pilihan tidak dikenal."))
    address = r.text("employer.address", max_len=300) or ""
    description = r.text("description", max_len=MAX_DESCRIPTION, required=True)
    if description is not None and len(description) < MIN_DESCRIPTION:
        r.fail("description", N_("Ceritakan sedikit lebih banyak (paling sedikit 10 huruf)."))
    workers = r.integer("workers_affected", low=1, high=MAX_WORKERS) or 1

    required = set(REQUIRED.get(category or "", ()))
    details, facts = _facts(r, category, required, today)
    identity, warnings = _identity(r, privacy or "confidential", known_regions)
    affected = _affected(r)
    if r.errors:
        raise IntakeInvalid(dict(r.errors), r.errors_params)
    return IntakeData(
        category=category, employer_name=employer_name, region_code=region, description=description,
        privacy=privacy, employer_address=address, sector=sector, workers_affected=workers,
        identity=identity, details=details, facts=facts, affected_workers=affected,
        warnings=warnings,
    )


def _facts(r: _Reader, category: str | None, required: set[str], today: date):
    """The category facts as stored (``details``, JSON-ready) and as the rules take them."""
    def need(path: str) -> bool:
        return path in required

    details: dict[str, dict] = {}
    facts: dict[str, Any] = {}

    wage = r.money("wage.monthly_wage", required=need("wage.monthly_wage"))
    year = r.integer("wage.year", low=FIRST_YEAR, high=today.year + 1)
    if wage is not None:
        facts["monthly_wage"] = wage
        facts["year"] = year or today.year
        details["wage"] = {"monthly_wage": f"{wage:f}", "year": facts["year"]}

    default_type = "pkwt" if category == "pkwt_misuse" else None
    ctype = r.raw("contract.type")
    if ctype is None:
        ctype = default_type
    elif not isinstance(ctype, str) or ctype not in CONTRACT_TYPES:
        r.fail("contract.type", N_("Pilihan tidak dikenal."))
        ctype = None
    start = r.day("contract.start_date", today=today, required=need("contract.start_date"))
    end = r.day("contract.end_date", today=today, future_ok=True)
    if start and end and end < start:
        r.fail("contract.end_date", N_("Tanggal akhir kontrak tidak boleh sebelum tanggal mulai."))
        end = None
    renewals = r.integer("contract.renewals", low=0, high=50)
    written = r.yes_no("contract.written")
    permanent = r.yes_no("contract.permanent_work")
    if ctype or start:
        facts.update(contract_type=ctype, contract_start=start, contract_end=end,
                     renewals=renewals or 0, written=written, permanent_work=permanent)
        details["contract"] = {"type": ctype, "start_date": _iso(start), "end_date": _iso(end),
                               "renewals": renewals or 0, "written": written,
                               "permanent_work": permanent}

    company = r.text("outsourcing.company", max_len=200)
    if company:
        details["outsourcing"] = {"company": company}

    defaults = {"bpjs_ketenagakerjaan": "ketenagakerjaan", "bpjs_kesehatan": "kesehatan"}
    bpjs = {program: r.yes_no(f"bpjs.{program}") for program in ("ketenagakerjaan", "kesehatan")}
    if category in defaults and r.raw(f"bpjs.{defaults[category]}") is None:
        bpjs[defaults[category]] = False  # the category itself says "not registered"
    bpjs_start = r.day("bpjs.employment_start", today=today)
    if any(v is not None for v in bpjs.values()) or bpjs_start:
        facts.update(bpjs_ketenagakerjaan=bpjs["ketenagakerjaan"], bpjs_kesehatan=bpjs["kesehatan"],
                     employment_start=bpjs_start)
        details["bpjs"] = {**bpjs, "employment_start": _iso(bpjs_start)}

    holiday = r.day("thr.holiday", today=today, required=need("thr.holiday"), future_ok=True)
    paid_on = r.day("thr.paid_on", today=today)
    paid = r.money("thr.amount_paid")
    thr_start = r.day("thr.employment_start", today=today)
    if holiday or paid_on or paid is not None:
        facts.update(thr_holiday=holiday, thr_paid_on=paid_on, thr_amount=paid)
        if thr_start:
            facts["employment_start"] = thr_start
        details["thr"] = {"holiday": _iso(holiday), "paid_on": _iso(paid_on),
                          "amount_paid": f"{paid:f}" if paid is not None else None,
                          "employment_start": _iso(thr_start)}

    days = r.integer("overtime.days", low=1, high=366, required=need("overtime.days"))
    per_day = r.hours("overtime.hours_per_day", required=need("overtime.hours_per_day"))
    rest_days = r.integer("overtime.rest_days", low=1, high=366)
    rest_hours = r.hours("overtime.rest_day_hours", required=rest_days is not None)
    if (days and per_day) or (rest_days and rest_hours):
        facts["overtime_hours"] = [per_day] * days if days and per_day else []
        facts["overtime_rest_day_hours"] = [rest_hours] * rest_days if rest_days and rest_hours else []
        details["overtime"] = {"days": days, "hours_per_day": _num(per_day),
                               "rest_days": rest_days, "rest_day_hours": _num(rest_hours)}

    sev_end = r.day("severance.end_date", today=today, required=need("severance.end_date"))
    years = r.integer("severance.service_years", low=0, high=60,
                      required=need("severance.service_years"))
    months = r.integer("severance.service_months", low=0, high=11)
    if sev_end or years is not None:
        facts["months_of_service"] = (years or 0) * 12 + (months or 0)
        if sev_end and "contract_end" not in facts:
            facts["contract_end"] = sev_end
        details["severance"] = {"end_date": _iso(sev_end), "service_years": years,
                                "service_months": months}
    return details, facts


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _num(value: Decimal | None) -> str | None:
    return f"{value:f}" if value is not None else None
