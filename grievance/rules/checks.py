"""What intake flags from a worker's own facts: the ``checks`` of CONTRACT.md.

Each check is a plain dict: ``rule``, ``kind`` (``"violation"`` of a labour norm, or ``"info"``
about money the worker is owed), the raw figures behind it (amounts as exact decimal strings,
dates as ISO strings), an Indonesian ``message`` msgid and the ``params`` that fill it. The web
layer translates the message and formats the params: keys in ``MONEY_PARAMS`` are rupiah,
keys in ``DATE_PARAMS`` are dates and ``region`` is a Kemendagri code to show as a name (the
regency/city of a UMK or UMSK, the province ``64`` for a UMP or UMSP).

Checks follow the facts, not the category: a PKWT complaint that also reports a wage below
the floor gets both flags, because an inspector visiting the employer needs to know. The one
exception is severance, which only makes sense once a dismissal is the complaint. A check
whose facts are missing never fires: ``None`` means "the worker did not say".
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from . import N_, RuleError
from .wages import (
    WageFloor,
    applicable_floor,
    hourly_wage,
    overtime_multiplier_hours,
    pkwt_compensation,
    round_money,
    severance_months,
    severance_pay,
    shortfall,
    thr_entitlement,
)

CONTRACT_TYPES = ("pkwt", "pkwtt", "outsourced", "none")
PROVINCE_CODE = "64"  # Kalimantan Timur: where a provincial floor (UMP, UMSP) applies
PKWT_MAX_YEARS = 5  # UU 6/2023 Pasal 81 angka 12 (Pasal 56(3)) jo. PP 35/2021 Pasal 8; MK 168
THR_DAYS_BEFORE_HOLIDAY = 7  # H-7: Permenaker 6/2016 and the yearly Menaker circular
THR_LATE_FINE = Decimal("0.05")  # 5% of the THR due, on top of the THR itself
OVERTIME_MAX_HOURS_PER_DAY = 4  # PP 35/2021 Pasal 26(1), workdays only

MONEY_PARAMS = frozenset(
    {
        "reported",
        "floor",
        "shortfall",
        "amount",
        "entitled",
        "paid",
        "outstanding",
        "wage",
        "late_fine",
        "hourly",
    }
)
DATE_PARAMS = frozenset({"start", "end", "max_end", "holiday", "deadline", "paid_on"})


@dataclass(kw_only=True)
class IntakeFacts:
    """What the worker told us, as typed values; ``None`` everywhere means "not said".

    ``contract_end`` ``None`` means the contract is still running: ``filed_on`` is used as
    its end. ``overtime_hours`` lists the overtime hours of each workday with overtime (one
    entry per day, hours beyond the normal day); ``overtime_rest_day_hours`` lists the hours
    worked on each weekly rest day or public holiday. ``six_day_week`` selects PP 35's
    rest-day table; by default the (lower) 5-day-week table is used.
    """

    category: str
    region_code: str | None
    filed_on: date
    year: int | None = None
    sector: str | None = None
    monthly_wage: Decimal | None = None
    contract_type: str | None = None
    contract_start: date | None = None
    contract_end: date | None = None
    renewals: int = 0
    written: bool | None = None
    permanent_work: bool | None = None
    bpjs_ketenagakerjaan: bool | None = None
    bpjs_kesehatan: bool | None = None
    employment_start: date | None = None
    thr_holiday: date | None = None
    thr_paid_on: date | None = None
    thr_amount: Decimal | None = None
    months_of_service: int | None = None
    overtime_hours: list[Decimal | int] = field(default_factory=list)
    overtime_rest_day_hours: list[Decimal | int] = field(default_factory=list)
    six_day_week: bool = False

    def __post_init__(self) -> None:
        """Default the year and refuse facts no honest form could produce."""
        if self.year is None:
            self.year = self.filed_on.year
        if self.contract_type is not None and self.contract_type not in CONTRACT_TYPES:
            raise RuleError(
                "contract_type", N_("Jenis kontrak %(value)s tidak dikenal."), value=self.contract_type
            )
        for name in ("monthly_wage", "thr_amount"):
            value = getattr(self, name)
            if value is not None:
                value = Decimal(value)
                if value < 0:
                    raise RuleError("negative_amount", N_("Jumlah uang tidak boleh negatif."))
                setattr(self, name, value)
        if self.renewals < 0 or (self.months_of_service is not None and self.months_of_service < 0):
            raise RuleError("negative_count", N_("Jumlah perpanjangan dan masa kerja tidak boleh negatif."))
        if any(Decimal(hours) < 0 for hours in [*self.overtime_hours, *self.overtime_rest_day_hours]):
            raise RuleError("negative_hours", N_("Jam lembur tidak boleh negatif."))
        if self.contract_start and self.contract_end and self.contract_end < self.contract_start:
            raise RuleError("contract_dates", N_("Tanggal akhir kontrak tidak boleh sebelum tanggal mulai."))

    @property
    def contract_last_day(self) -> date:
        """The last day the contract ran (inclusive): its end, or the filing day if still running."""
        return self.contract_end or self.filed_on


# --- calendar arithmetic --------------------------------------------------------------------


def add_months(start: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_years(start: date, years: int) -> date:
    """Same date ``years`` later; 29 Feb becomes 1 Mar, so a period never loses its last day."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` up to ``end`` (exclusive); zero if ``end`` is not later."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def pkwt_max_end(start: date) -> date:
    """The last day a PKWT begun on ``start`` may run: 5 years in total, renewals included."""
    return add_years(start, PKWT_MAX_YEARS) - timedelta(days=1)


def thr_deadline(holiday: date) -> date:
    """The last day THR may be paid: 7 days before the holiday (paying on that day is on time)."""
    return holiday - timedelta(days=THR_DAYS_BEFORE_HOLIDAY)


# --- formatting of figures ------------------------------------------------------------------


def _money(amount: Decimal) -> str:
    """A computed amount: exactly two decimals, as in CONTRACT (``"3724437.20"``)."""
    return f"{round_money(amount):f}"


def _as_written(amount: Decimal) -> str:
    """The worker's own figure, without decimals we did not hear (``"3000000"``)."""
    return f"{amount:f}"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _check(rule: str, kind: str, message: str, figures: dict, params: dict) -> dict:
    return {"rule": rule, "kind": kind, **figures, "message": message, "params": params}


# --- the checks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Wage:
    """The wage entitlements are computed on: never below the binding floor (PP 35/2021 Pasal 33, 157)."""

    amount: Decimal
    basis: str  # "reported", or the kind of floor that lifted it


def _wage_basis(facts: IntakeFacts, floor: WageFloor | None) -> _Wage | None:
    if facts.monthly_wage is None:
        return None
    if floor is not None and floor.amount > facts.monthly_wage:
        return _Wage(floor.amount, floor.kind)
    return _Wage(facts.monthly_wage, "reported")


def _below_minimum_wage(facts: IntakeFacts, floor: WageFloor | None) -> list[dict]:
    if facts.monthly_wage is None or floor is None or facts.monthly_wage >= floor.amount:
        return []
    figures = {
        "region_code": facts.region_code,
        "year": facts.year,
        "sector": floor.sector,
        "floor_kind": floor.kind,
        "floor": _money(floor.amount),
        "reported": _as_written(facts.monthly_wage),
        "shortfall": _money(shortfall(floor.amount, facts.monthly_wage)),
        "floor_basis": floor.legal_basis,
        "floor_source": floor.source,
        "floor_confirmed": floor.confirmed,
        "floor_note": floor.note,
    }
    params = {
        "reported": figures["reported"],
        "floor_kind": floor.kind,
        "region": floor.region_code or PROVINCE_CODE,
        "year": facts.year,
        "floor": figures["floor"],
        "shortfall": figures["shortfall"],
    }
    message = N_(
        "Upah Anda %(reported)s di bawah %(floor_kind)s %(region)s %(year)s (%(floor)s): "
        "kurang %(shortfall)s sebulan."
    )
    return [_check("below_minimum_wage", "violation", message, figures, params)]


def _pkwt_violations(facts: IntakeFacts) -> list[dict]:
    if facts.contract_type != "pkwt":
        return []
    found = []
    if facts.contract_start is not None:
        last_day, max_end = facts.contract_last_day, pkwt_max_end(facts.contract_start)
        if last_day > max_end:
            figures = {
                "start": _iso(facts.contract_start),
                "end": _iso(last_day),
                "max_end": _iso(max_end),
                "days_over": (last_day - max_end).days,
                "renewals": facts.renewals,
                "still_running": facts.contract_end is None,
            }
            message = N_(
                "PKWT Anda berjalan dari %(start)s sampai %(end)s, lebih dari 5 tahun termasuk perpanjangan "
                "(paling lama sampai %(max_end)s). Kontrak seperti ini demi hukum menjadi PKWTT "
                "(pekerja tetap)."
            )
            params = {key: figures[key] for key in ("start", "end", "max_end")}
            found.append(_check("pkwt_over_5_years", "violation", message, figures, params))
    if facts.written is False:
        message = N_(
            "PKWT wajib dibuat tertulis dalam bahasa Indonesia dan huruf Latin. "
            "PKWT yang tidak tertulis dianggap PKWTT (pekerja tetap)."
        )
        found.append(_check("pkwt_unwritten", "violation", message, {"written": False}, {}))
    if facts.permanent_work is True:
        message = N_(
            "PKWT tidak boleh dipakai untuk pekerjaan yang bersifat tetap (PP 35/2021 Pasal 4 ayat 2). "
            "Pekerja demi hukum menjadi PKWTT (pekerja tetap)."
        )
        found.append(_check("pkwt_for_permanent_work", "violation", message, {"permanent_work": True}, {}))
    return found


def _pkwt_compensation(facts: IntakeFacts, wage: _Wage | None) -> list[dict]:
    if facts.contract_type != "pkwt" or facts.contract_start is None or wage is None:
        return []
    months = months_between(facts.contract_start, facts.contract_last_day + timedelta(days=1))
    amount = pkwt_compensation(wage.amount, months)
    if amount <= 0:
        return []
    figures = {
        "months": months,
        "wage": _money(wage.amount),
        "wage_basis": wage.basis,
        "amount": _money(amount),
    }
    message = N_(
        "Uang kompensasi PKWT untuk %(months)s bulan kerja: %(months)s/12 x upah %(wage)s = %(amount)s."
    )
    return [
        _check(
            "pkwt_compensation_owed",
            "info",
            message,
            figures,
            {k: figures[k] for k in ("months", "wage", "amount")},
        )
    ]


_BPJS_MESSAGES = {
    ("ketenagakerjaan",): N_(
        "Anda tidak didaftarkan ke BPJS Ketenagakerjaan. "
        "Perusahaan wajib mendaftarkan semua pekerjanya (PP 86/2013)."
    ),
    ("kesehatan",): N_(
        "Anda tidak didaftarkan ke BPJS Kesehatan. Perusahaan wajib mendaftarkan pekerjanya dan membayar "
        "4 persen dari upah sebagai iuran (PP 86/2013, Perpres 64/2020)."
    ),
    ("ketenagakerjaan", "kesehatan"): N_(
        "Anda tidak didaftarkan ke BPJS Ketenagakerjaan maupun BPJS Kesehatan. "
        "Perusahaan wajib mendaftarkan semua pekerjanya (PP 86/2013)."
    ),
}


def _bpjs_not_registered(facts: IntakeFacts, ump: WageFloor | None) -> list[dict]:
    said = (("ketenagakerjaan", facts.bpjs_ketenagakerjaan), ("kesehatan", facts.bpjs_kesehatan))
    programs = tuple(program for program, registered in said if registered is False)
    if not programs:
        return []
    # DOMAIN §9.3: a worker paid below the UMP without BPJS Kesehatan may also qualify for
    # Gratispol Kesehatan; the inspector should know, though the employer still owes it.
    gratispol = (
        "kesehatan" in programs
        and facts.monthly_wage is not None
        and ump is not None
        and facts.monthly_wage < ump.amount
    )
    figures = {
        "programs": list(programs),
        "employment_start": _iso(facts.employment_start),
        "gratispol_possible": gratispol,
    }
    return [_check("bpjs_not_registered", "violation", _BPJS_MESSAGES[programs], figures, {})]


def _service_months(facts: IntakeFacts, until: date) -> int | None:
    """Months of service as said, else counted from the start of employment up to ``until``."""
    if facts.months_of_service is not None:
        return facts.months_of_service
    if facts.employment_start is None:
        return None
    return months_between(facts.employment_start, until)


def _thr_months(facts: IntakeFacts) -> int | None:
    """THR service counts up to the holiday it is paid for."""
    return _service_months(facts, facts.thr_holiday or facts.filed_on)


def _thr_paid_amount(facts: IntakeFacts) -> Decimal | None:
    """What was paid: the amount if given, nothing if not paid, unknown if paid without an amount."""
    if facts.thr_amount is not None:
        return facts.thr_amount if facts.thr_paid_on is not None else Decimal(0)
    return Decimal(0) if facts.thr_paid_on is None else None


def _thr_entitled(facts: IntakeFacts, wage: _Wage | None) -> Decimal | None:
    months = _thr_months(facts)
    if wage is None or months is None:
        return None
    return thr_entitlement(wage.amount, months)


def _thr_late(facts: IntakeFacts, wage: _Wage | None) -> list[dict]:
    holiday = facts.thr_holiday
    months = _thr_months(facts)
    if holiday is None or (months is not None and months < 1):
        return []
    deadline = thr_deadline(holiday)
    paid_on = facts.thr_paid_on
    if paid_on is not None and paid_on <= deadline:
        return []
    if paid_on is None and facts.filed_on <= deadline:
        return []  # not paid yet, but the employer still has time
    entitled = _thr_entitled(facts, wage)
    figures = {
        "holiday": _iso(holiday),
        "deadline": _iso(deadline),
        "paid_on": _iso(paid_on),
        "thr_paid": paid_on is not None,
        "days_late": ((paid_on or facts.filed_on) - deadline).days,
        "late_fine": _money(entitled * THR_LATE_FINE) if entitled else None,
    }
    params = {"holiday": figures["holiday"], "deadline": figures["deadline"]}
    if paid_on is None:
        message = N_(
            "THR belum dibayar, padahal batasnya %(deadline)s (7 hari sebelum hari raya %(holiday)s). "
            "Perusahaan dikenai denda 5 persen dari THR dan tetap wajib membayarnya."
        )
    else:
        params |= {"paid_on": figures["paid_on"], "days_late": figures["days_late"]}
        message = N_(
            "THR dibayar %(paid_on)s, terlambat %(days_late)s hari dari batas %(deadline)s "
            "(7 hari sebelum hari raya %(holiday)s). Perusahaan dikenai denda 5 persen dari THR."
        )
    return [_check("thr_late", "violation", message, figures, params)]


def _thr_owed(facts: IntakeFacts, wage: _Wage | None) -> list[dict]:
    if facts.thr_holiday is None and facts.category != "thr_unpaid":
        return []
    entitled, paid = _thr_entitled(facts, wage), _thr_paid_amount(facts)
    if entitled is None or paid is None or entitled <= paid or wage is None:
        return []
    figures = {
        "months": _thr_months(facts),
        "wage": _money(wage.amount),
        "wage_basis": wage.basis,
        "entitled": _money(entitled),
        "paid": _money(paid),
        "outstanding": _money(entitled - paid),
    }
    message = N_(
        "THR yang menjadi hak Anda untuk %(months)s bulan masa kerja: %(entitled)s. "
        "Sudah dibayar %(paid)s, kurang %(outstanding)s."
    )
    params = {key: figures[key] for key in ("months", "entitled", "paid", "outstanding")}
    return [_check("thr_owed", "info", message, figures, params)]


def _weighted_hours(hours: Sequence[Decimal | int], rest_day: bool, six_day_week: bool) -> Decimal:
    return sum((overtime_multiplier_hours(h, rest_day, six_day_week=six_day_week) for h in hours), Decimal(0))


def _overtime(facts: IntakeFacts, wage: _Wage | None) -> list[dict]:
    found = []
    too_long = [hours for hours in facts.overtime_hours if Decimal(hours) > OVERTIME_MAX_HOURS_PER_DAY]
    if too_long:
        figures = {
            "max_hours": OVERTIME_MAX_HOURS_PER_DAY,
            "days": len(too_long),
            "longest": f"{max(map(Decimal, too_long)):f}",
        }
        message = N_(
            "Lembur lebih dari %(max_hours)s jam sehari pada %(days)s hari. Batasnya 4 jam sehari dan "
            "18 jam seminggu (PP 35/2021 Pasal 26)."
        )
        params = {"max_hours": figures["max_hours"], "days": figures["days"]}
        found.append(_check("overtime_over_limit", "violation", message, figures, params))
    hours = [*facts.overtime_hours, *facts.overtime_rest_day_hours]
    if wage is None or not any(Decimal(h) > 0 for h in hours):
        return found
    weighted = _weighted_hours(facts.overtime_hours, False, facts.six_day_week) + _weighted_hours(
        facts.overtime_rest_day_hours, True, facts.six_day_week
    )
    total_hours = sum((Decimal(h) for h in hours), Decimal(0))
    figures = {
        "hours": f"{total_hours:f}",
        "workday_hours": f"{sum((Decimal(h) for h in facts.overtime_hours), Decimal(0)):f}",
        "rest_day_hours": f"{sum((Decimal(h) for h in facts.overtime_rest_day_hours), Decimal(0)):f}",
        "six_day_week": facts.six_day_week,
        "wage": _money(wage.amount),
        "wage_basis": wage.basis,
        "hourly": _money(hourly_wage(wage.amount)),
        "amount": _money(weighted * hourly_wage(wage.amount)),
    }
    message = N_(
        "Upah lembur untuk %(hours)s jam lembur (upah sejam = upah sebulan / 173 = %(hourly)s): %(amount)s."
    )
    params = {key: figures[key] for key in ("hours", "hourly", "amount")}
    found.append(_check("overtime_pay_owed", "info", message, figures, params))
    return found


def _severance(facts: IntakeFacts, wage: _Wage | None) -> list[dict]:
    if facts.category != "severance_unpaid" or wage is None:
        return []
    months = _service_months(facts, facts.contract_end or facts.filed_on)
    if months is None:
        return []
    pesangon, upmk = severance_months(months)
    figures = {
        "months": months,
        "pesangon_months": pesangon,
        "upmk_months": upmk,
        "wage": _money(wage.amount),
        "wage_basis": wage.basis,
        "amount": _money(severance_pay(wage.amount, months)),
    }
    message = N_(
        "Perkiraan pesangon penuh untuk %(months)s bulan masa kerja: %(pesangon_months)s bulan upah pesangon "
        "ditambah %(upmk_months)s bulan uang penghargaan masa kerja = %(amount)s. Besarnya tergantung alasan "
        "PHK; uang penggantian hak belum termasuk."
    )
    params = {key: figures[key] for key in ("months", "pesangon_months", "upmk_months", "amount")}
    return [_check("severance_owed", "info", message, figures, params)]


# A short name for each rule, for badges and lists (the queue's flags, the case page's
# checks). Translated when shown, one label at a time: as a dictionary built in the template,
# all eleven were translated for every badge, a tenth of the queue page's rendering.
RULE_LABELS = {
    "below_minimum_wage": N_("Di bawah upah minimum"),
    "bpjs_not_registered": N_("Tidak didaftarkan BPJS"),
    "overtime_over_limit": N_("Lembur melebihi batas"),
    "overtime_pay_owed": N_("Upah lembur terutang"),
    "pkwt_for_permanent_work": N_("PKWT untuk pekerjaan tetap"),
    "pkwt_over_5_years": N_("PKWT melebihi 5 tahun"),
    "pkwt_unwritten": N_("PKWT tidak tertulis"),
    "pkwt_compensation_owed": N_("Kompensasi PKWT terutang"),
    "severance_owed": N_("Pesangon terutang"),
    "thr_late": N_("THR terlambat"),
    "thr_owed": N_("THR terutang"),
}


def flags_text(checks: Iterable[object] | None) -> str:
    """The rule names of ``checks``, in their order, separated by spaces: the case's intake
    flags as the queue shows them (``Complaint.flags``, kept in step with ``checks``)."""
    return " ".join(c["rule"] for c in (checks or []) if isinstance(c, dict) and c.get("rule"))


def run_checks(facts: IntakeFacts, floors: Iterable[WageFloor]) -> list[dict]:
    """Every check the facts support: violations first, then what is owed, in a fixed order."""
    floors = list(floors)
    floor = applicable_floor(floors, facts.region_code, facts.year, facts.sector)
    ump = applicable_floor(floors, None, facts.year)  # no region and no sector: only the UMP applies
    wage = _wage_basis(facts, floor)
    checks = [
        *_below_minimum_wage(facts, floor),
        *_pkwt_violations(facts),
        *_bpjs_not_registered(facts, ump),
        *_thr_late(facts, wage),
        *_overtime(facts, wage),
        *_pkwt_compensation(facts, wage),
        *_thr_owed(facts, wage),
        *_severance(facts, wage),
    ]
    return sorted(checks, key=lambda check: check["kind"] != "violation")
