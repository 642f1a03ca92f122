"""``flask demo-data``: realistic synthetic cases, deterministic for a seed, and fast.

Rows are built as plain dicts with explicit ids and written with bulk ``INSERT``s: 100,000
complaints with their histories take seconds, not minutes. Nothing here is real: names, NIKs,
phone numbers and companies are made up (Faker ``id_ID``); demo staff cannot sign in.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from faker import Faker
from sqlalchemy import func, select, text

from ..extensions import db
from ..models import (
    CaseEvent,
    Category,
    Complainant,
    Complaint,
    Employer,
    Message,
    Region,
    Sector,
    Union,
    User,
    WageFloorRow,
)
from ..rules.checks import IntakeFacts, flags_text, run_checks
from ..rules.codes import hash_access_code, new_access_code, new_tracking_code
from ..rules.deadlines import add_working_days
from ..rules.duplicates import normalize_employer_name
from ..rules.wages import WageFloor, applicable_floor
from ..rules.workflow import DUE_WORKING_DAYS
from .seed import seed_reference_data

WITA = timezone(timedelta(hours=8))
START = date(2024, 1, 2)
# A fixed end keeps the data identical for a seed whatever day it is generated.
END = date(2026, 11, 15)
BATCH = 5000

CATEGORY_WEIGHTS = {
    "wage_below_minimum": 28, "pkwt_misuse": 16, "bpjs_ketenagakerjaan": 14,
    "thr_unpaid": 10, "overtime_unpaid": 9, "bpjs_kesehatan": 8, "severance_unpaid": 7,
    "outsourcing_misuse": 5, "other": 3,
}
REGION_WEIGHTS = {
    "64.72": 22, "64.71": 20, "64.03": 14, "64.04": 10, "64.74": 8, "64.05": 8,
    "64.01": 7, "64.09": 6, "64.02": 4, "64.11": 1,
}
UNIONS = (
    "FSP Kahutindo Kaltim", "FSP KEP KSPI Kaltim", "KSBSI Kaltim", "FSPMI Kota Balikpapan",
    "SPSI Kota Samarinda", "FSP Perkebunan Kutai Timur", "SBSI Kabupaten Berau",
    "FSP Pertambangan Kutai Kartanegara", "Serikat Pekerja Hotel Balikpapan",
    "FSP Konstruksi Bontang",
)
COMPANY_WORDS = (
    "Borneo", "Mahakam", "Etam", "Kaltim", "Khatulistiwa", "Nusantara", "Benua", "Sangatta",
    "Berau", "Tenggarong", "Bumi", "Samudra", "Lestari", "Jaya", "Makmur", "Sentosa", "Abadi",
)
COMPANY_KINDS = {
    "sawit": ("Agro", "Plantation", "Sawit"), "batubara": ("Coal", "Mining", "Tambang"),
    "migas": ("Energi", "Petro", "Migas"), "konstruksi": ("Konstruksi", "Karya", "Bangun"),
    "kehutanan": ("Timber", "Hutan", "Wood"), "perhotelan": ("Hotel", "Resort", "Inn"),
    "perdagangan": ("Mart", "Niaga", "Trading"),
}
DESCRIPTIONS = {
    "wage_below_minimum": "Upah bulanan kami Rp {wage} padahal UMK {year} lebih tinggi. "
                          "Sudah {months} bulan seperti ini.",
    "pkwt_misuse": "Saya dikontrak PKWT sejak {start_year} dan terus diperpanjang untuk pekerjaan "
                   "tetap di bagian produksi.",
    "outsourcing_misuse": "Kami dipekerjakan lewat perusahaan alih daya untuk pekerjaan inti "
                          "perusahaan dan gaji sering dipotong.",
    "bpjs_ketenagakerjaan": "Perusahaan tidak mendaftarkan kami ke BPJS Ketenagakerjaan walaupun "
                            "sudah bekerja {months} bulan.",
    "bpjs_kesehatan": "Kami tidak didaftarkan BPJS Kesehatan; saat berobat harus bayar sendiri.",
    "thr_unpaid": "THR tahun {year} belum dibayar sampai sekarang.",
    "overtime_unpaid": "Lembur sekitar {hours} jam seminggu tidak pernah dibayar.",
    "severance_unpaid": "Saya di-PHK setelah {years} tahun bekerja tanpa pesangon.",
    "other": "Jam kerja dan cuti tidak sesuai perjanjian kerja.",
}
# (final status, weight) for cases older than 90 days; younger cases stay earlier in the flow.
FINAL_OLD = (("resolved", 38), ("referred", 12), ("rejected", 9), ("merged", 3),
             ("note_1", 8), ("note_2", 5), ("investigation", 3), ("inspection", 12),
             ("triaged", 6), ("received", 4))
FINAL_YOUNG = (("received", 25), ("triaged", 25), ("inspection", 25), ("note_1", 8),
               ("resolved", 8), ("rejected", 5), ("referred", 3), ("merged", 1))
MAIN_PATH = ("received", "triaged", "inspection", "note_1", "note_2", "investigation")
REFERRAL_BODIES = ("mediator_disnaker", "bpjs_ketenagakerjaan", "bpjs_kesehatan",
                   "police_labour_desk", "other")
DEMO_ACCOUNTS = (
    ("admin@demo.test", "admin", None),
    ("koordinator@demo.test", "coordinator", None),
    ("inspektur@demo.test", "inspector", None),
    ("serikat@demo.test", "union_rep", UNIONS[0]),
)


def _weighted(rng: random.Random, table) -> str:
    items = list(table.items()) if isinstance(table, dict) else list(table)
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def _at(day: date, rng: random.Random) -> datetime:
    """A plausible office-hours moment on ``day`` in WITA, as UTC."""
    moment = datetime.combine(day, time(rng.randint(7, 17), rng.randint(0, 59)), WITA)
    return moment.astimezone(timezone.utc)


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def _fix_sequences(*models) -> None:
    if db.engine.dialect.name != "postgresql":
        return
    for model in models:
        table = model.__tablename__
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"GREATEST((SELECT MAX(id) FROM {table}), 1))"))


def _bulk(model, rows: list[dict]) -> None:
    # Core executemany on the table, not the ORM's bulk path (which here fell back to one
    # INSERT per row): one prepared statement, thousands of parameter sets.
    for start in range(0, len(rows), BATCH):
        db.session.execute(model.__table__.insert(), rows[start:start + BATCH])


def _unusable_password() -> str:
    # Not a hash any algorithm produces: demo staff exist to own cases, not to sign in.
    return "!demo-" + secrets.token_hex(8)


def _ensure_unions() -> list[int]:
    existing = {u.name: u.id for u in db.session.scalars(select(Union))}
    for name in UNIONS:
        if name not in existing:
            union = Union(name=name)
            db.session.add(union)
            db.session.flush()
            existing[name] = union.id
    return [existing[name] for name in UNIONS]


def _ensure_staff(fake: Faker) -> tuple[list[int], list[int]]:
    """Demo coordinators and inspectors (who own cases); returns their ids."""
    ids: dict[str, list[int]] = {"coordinator": [], "inspector": []}
    for role, count, stem in (("coordinator", 3, "koordinator"), ("inspector", 24, "pengawas")):
        for n in range(1, count + 1):
            email = f"{stem}{n:02d}@staf.demo.test"
            user = db.session.scalar(select(User).where(User.email == email))
            if user is None:
                user = User(email=email, role=role, full_name=fake.name(),
                            password_hash=_unusable_password())
                db.session.add(user)
                db.session.flush()
            ids[role].append(user.id)
    return ids["coordinator"], ids["inspector"]


def _employers(rng: random.Random, fake: Faker, count: int, sectors: list[str]) -> list[dict]:
    next_id = _next_id(Employer)
    rows = []
    seen: set[str] = set()
    for i in range(count):
        region = _weighted(rng, REGION_WEIGHTS)
        sector = rng.choice(sectors)
        kind = rng.choice(COMPANY_KINDS.get(sector, ("Sejahtera", "Mandiri", "Utama")))
        while True:
            name = f"PT {rng.choice(COMPANY_WORDS)} {kind} {rng.choice(COMPANY_WORDS)}"
            if rng.random() < 0.25:
                name = name.replace("PT ", "CV ", 1)
            if name not in seen or len(seen) > count * 3:
                break
            name = f"{name} {rng.randint(2, 99)}"
            if name not in seen:
                break
        seen.add(name)
        rows.append({
            "id": next_id + i, "name": name, "name_normalized": normalize_employer_name(name),
            "region_code": region, "address": fake.street_address(), "sector": sector,
            "nib": "".join(rng.choice("0123456789") for _ in range(13)) if rng.random() < 0.6 else None,
            "npwp": None, "created_at": _at(START, rng),
        })
    return rows


def _nik(rng: random.Random, region_code: str) -> str:
    born = date(rng.randint(1970, 2004), rng.randint(1, 12), rng.randint(1, 28))
    day = born.day + (40 if rng.random() < 0.4 else 0)
    return (region_code.replace(".", "") + f"{rng.randint(1, 20):02d}" + f"{day:02d}"
            + f"{born.month:02d}" + f"{born.year % 100:02d}" + f"{rng.randint(1, 9999):04d}")


def _phone(rng: random.Random) -> str:
    return "+628" + rng.choice(("11", "12", "13", "21", "22", "52", "53", "57", "58", "77", "95")) \
        + "".join(rng.choice("0123456789") for _ in range(rng.randint(7, 8)))


def _path_to(final: str, rng: random.Random) -> list[str]:
    """A consistent sequence of statuses from ``received`` to ``final``."""
    if final in MAIN_PATH:
        return list(MAIN_PATH[: MAIN_PATH.index(final) + 1])
    if final == "resolved":
        stop = rng.choice(("inspection", "inspection", "note_1", "note_1", "note_2", "investigation"))
    elif final == "referred":
        stop = rng.choice(("triaged", "triaged", "inspection", "note_1", "note_2"))
    else:  # rejected, merged
        stop = rng.choice(("received", "triaged"))
    return list(MAIN_PATH[: MAIN_PATH.index(stop) + 1]) + [final]


class _Floors:
    def __init__(self) -> None:
        self.rows = [
            WageFloor(kind=f.kind, region_code=f.region_code, year=f.year, sector=f.sector,
                      amount=f.amount)
            for f in db.session.scalars(select(WageFloorRow))
        ]
        self.cache: dict[tuple, WageFloor | None] = {}

    def year(self, year: int) -> list[WageFloor]:
        return [f for f in self.rows if f.year == year]

    def get(self, region: str, year: int, sector: str | None):
        key = (region, year, sector)
        if key not in self.cache:
            self.cache[key] = applicable_floor(self.rows, region, year, sector)
        return self.cache[key]


def generate(count: int, *, seed: int = 1, if_empty: bool = False) -> str:
    if if_empty and db.session.scalar(select(func.count(Complaint.id))):
        return "complaints already present: nothing generated"
    if not db.session.scalar(select(func.count()).select_from(Region)):
        seed_reference_data()
    rng = random.Random(seed)
    fake = Faker("id_ID")
    fake.seed_instance(seed)

    sectors = [s.code for s in db.session.scalars(select(Sector).order_by(Sector.code))]
    categories = {c.code for c in db.session.scalars(select(Category))}
    union_ids = _ensure_unions()
    coordinators, inspectors = _ensure_staff(fake)
    floors = _Floors()

    employers = _employers(rng, fake, max(20, count // 20), sectors)
    _bulk(Employer, employers)
    # Repeat offenders: a fifth of the employers draw most complaints.
    hot = employers[: max(1, len(employers) // 5)]

    existing_codes = set(db.session.scalars(select(Complaint.tracking_code))) if count else set()
    complaint_id, event_id, message_id = _next_id(Complaint), _next_id(CaseEvent), _next_id(Message)
    complaint_id0 = complaint_id
    complaints, complainants, events, messages = [], [], [], []
    span = (END - START).days
    end_moment = datetime.combine(END, time(23, 0), WITA).astimezone(timezone.utc)

    def flush() -> None:
        _bulk(Complaint, complaints)
        _bulk(Complainant, complainants)
        _bulk(CaseEvent, events)
        _bulk(Message, messages)
        for rows in (complaints, complainants, events, messages):
            rows.clear()

    for _ in range(count):
        employer = rng.choice(hot) if rng.random() < 0.6 else rng.choice(employers)
        category = _weighted(rng, CATEGORY_WEIGHTS)
        if category not in categories:
            category = "other"
        filed_day = START + timedelta(days=int(span * rng.random() ** 0.8))
        created = _at(filed_day, rng)
        age = (END - filed_day).days
        final = _weighted(rng, FINAL_OLD if age > 90 else FINAL_YOUNG)
        path = _path_to(final, rng)
        by_union = rng.random() < 0.3
        workers = rng.choice((1, 1, 1, 1, 2, 3, 5)) if not by_union else rng.randint(3, 250)
        privacy = _weighted(rng, {"anonymous": 25, "confidential": 55, "open": 20})
        if by_union and privacy == "anonymous":
            privacy = "confidential"
        year = filed_day.year
        details: dict = {}
        reported = shortfall = None
        facts = {"category": category, "region_code": employer["region_code"],
                 "filed_on": filed_day, "sector": employer["sector"]}
        floor = floors.get(employer["region_code"], year, employer["sector"])
        if category == "wage_below_minimum" and floor is not None:
            reported = (floor.amount * Decimal(rng.uniform(0.6, 0.99))).quantize(Decimal("1000"))
            shortfall = (floor.amount - reported).quantize(Decimal("0.01"))
            details = {"wage": {"monthly_wage": int(reported), "year": year}}
            facts["monthly_wage"] = reported
        elif category in ("bpjs_ketenagakerjaan", "bpjs_kesehatan"):
            kt = category == "bpjs_kesehatan" and rng.random() < 0.5
            details = {"bpjs": {"ketenagakerjaan": kt, "kesehatan": category != "bpjs_kesehatan"}}
            facts.update(bpjs_ketenagakerjaan=kt, bpjs_kesehatan=category != "bpjs_kesehatan")
        elif category == "pkwt_misuse":
            start = filed_day - timedelta(days=rng.randint(200, 2400))
            contract = {"type": "pkwt", "start_date": start.isoformat(),
                        "renewals": rng.randint(0, 6), "written": rng.random() < 0.7}
            details = {"contract": contract}
            facts.update(contract_type="pkwt", contract_start=start, renewals=contract["renewals"],
                         written=contract["written"])
        # The same rules as a real filing, so demo cases explain themselves like real ones.
        checks = run_checks(IntakeFacts(**facts), floors.year(year)) if len(facts) > 4 else []
        description = DESCRIPTIONS[category].format(
            wage=f"{int(reported or 2500000):,}".replace(",", "."), year=year,
            months=rng.randint(2, 30), start_year=year - rng.randint(1, 6),
            hours=rng.randint(4, 20), years=rng.randint(1, 15))

        # Walk the path: each step a few (working) days after the previous one.
        moment = created
        assignee = None
        history = []
        for i, status in enumerate(path):
            if i:
                # Each step a few days on, but never past END: halve the remaining gap instead.
                step = timedelta(days=rng.randint(1, 25), hours=rng.randint(0, 8))
                moment = moment + min(step, (end_moment - moment) / 2)
            history.append((status, moment))
            if status == "triaged" and (rng.random() < 0.6 or len(path) > 2):
                assignee = rng.choice(inspectors)
        if len(path) > 2 and path[2] == "inspection" and assignee is None:
            assignee = rng.choice(inspectors)
        status, changed_at = history[-1]
        closed = status in ("resolved", "referred", "rejected", "merged")
        days = DUE_WORKING_DAYS.get(status)
        due = add_working_days(changed_at.astimezone(WITA).date(), days) if days and not closed else None
        compliance = None
        if status in ("note_1", "note_2"):
            compliance = changed_at.astimezone(WITA).date() + timedelta(days=30)
            due = compliance

        code = new_tracking_code(rng)
        while code in existing_codes:
            code = new_tracking_code(rng)
        existing_codes.add(code)
        row = {
            "id": complaint_id, "tracking_code": code,
            "access_code_hash": hash_access_code(new_access_code(rng)),
            "category": category, "status": status,
            "priority": _weighted(rng, {1: 15, 2: 55, 3: 22, 4: 8}),
            "region_code": employer["region_code"], "employer_id": employer["id"],
            "description": description, "workers_affected": workers, "privacy": privacy,
            "details": details, "checks": checks, "flags": flags_text(checks),
            "reported_wage": reported, "shortfall": shortfall,
            "filed_by_user_id": None, "filed_by_union_id": rng.choice(union_ids) if by_union else None,
            "assignee_id": assignee, "due_date": due, "compliance_deadline": compliance,
            "referral_body": rng.choice(REFERRAL_BODIES) if status == "referred" else None,
            "merged_into_id": None, "language": "id", "source": "demo", "form_token": None,
            "created_at": created, "updated_at": changed_at, "status_changed_at": changed_at,
            "last_public_update_at": changed_at if len(history) > 1 else None,
            "closed_at": changed_at if closed else None,
        }
        if status == "merged" and complaint_id > complaint_id0:
            row["merged_into_id"] = rng.randint(complaint_id0, complaint_id - 1)
        complaints.append(row)
        if privacy != "anonymous":
            complainants.append({
                "complaint_id": complaint_id, "name": fake.name(), "phone": _phone(rng),
                "email": fake.free_email() if rng.random() < 0.4 else None,
                "nik": _nik(rng, employer["region_code"]) if rng.random() < 0.7 else None,
                "entered_by_union_id": row["filed_by_union_id"], "created_at": created,
            })
        actor = None
        for i, (status_i, at) in enumerate(history):
            if i == 0:
                events.append({"id": event_id, "complaint_id": complaint_id, "actor_user_id": None,
                               "actor_kind": "union" if by_union else "complainant", "kind": "filed",
                               "from_status": None, "to_status": "received", "note": None,
                               "public": True, "data": None, "created_at": at})
            else:
                prev = history[i - 1][0]
                actor = assignee if prev in MAIN_PATH[2:] and assignee else rng.choice(coordinators)
                events.append({"id": event_id, "complaint_id": complaint_id, "actor_user_id": actor,
                               "actor_kind": "staff", "kind": "status_changed", "from_status": prev,
                               "to_status": status_i,
                               "note": "Duplikat laporan sebelumnya." if status_i == "merged" else None,
                               "public": True, "data": None, "created_at": at})
            event_id += 1
        if len(history) > 2 and rng.random() < 0.5:
            messages.append({"id": message_id, "complaint_id": complaint_id, "author_kind": "staff",
                             "author_user_id": assignee or rng.choice(coordinators),
                             "body": "Mohon kirimkan slip gaji tiga bulan terakhir.",
                             "visibility": "public", "created_at": history[1][1]})
            message_id += 1
        complaint_id += 1
        if len(complaints) >= BATCH:
            flush()
    flush()
    _fix_sequences(Employer, Complaint, CaseEvent, Message)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # What autovacuum would do a minute later, now: statistics for the planner (the queue
        # is planned from them) and the visibility map (the queue's index walks read the
        # index alone only on pages it marks all-visible). A benchmark right after must see
        # the database as production keeps it. VACUUM runs outside a transaction.
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM (ANALYZE) complaints, employers, case_events, messages"))
    return (f"{count} complaints, {len(employers)} employers, {len(union_ids)} unions, "
            f"{len(inspectors)} inspectors (seed {seed})")


def reset_demo_users() -> list[tuple[str, str, str]]:
    """Create the four demo accounts, or give them new passwords; returns what to print."""
    from .users import create_user, get_or_create_union, hash_password

    out = []
    for email, role, union_name in DEMO_ACCOUNTS:
        password = "-".join(secrets.token_urlsafe(4) for _ in range(3))
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            create_user(email, role, password, union_name=union_name,
                        full_name=f"Demo {role.replace('_', ' ')}")
        else:
            user.password_hash = hash_password(password)
            user.active = True
            user.failed_logins = 0
            user.locked_until = None
            if union_name:
                user.union = get_or_create_union(union_name)
            db.session.commit()
        out.append((email, role, password))
    return out
