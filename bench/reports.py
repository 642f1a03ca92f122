"""The reports benchmark: statistics, dashboard and export, each as a ratio to its bare SQL.

    DATABASE_URL=sqlite:////tmp/bench.db .venv/bin/python -m bench reports

Needs a database with demo data (``flask db upgrade``, ``seed``, ``demo-data --complaints
100000``). For each page it records every SQL statement one request issues (a
``before_cursor_execute`` listener), then times

- the request through the Flask test client (parsing, queries, suppression, JSON/HTML), and
- the same statements replayed bare on a DBAPI cursor in the same process, rows fetched,

and prints the median of both and their ratio (target ≤ 3). The export is timed to the last
byte of the CSV against its SELECT fetched bare, and its memory is measured while the body is
consumed: tracemalloc's peak and the growth of the resident set above the idle process
(target < 100 MB).
"""

from __future__ import annotations

import os
import statistics
import time
import tracemalloc

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
PASSWORD = "bench-password-0123456789"  # noqa: S105  (a throwaway bench account)


def _time(fn, rounds: int) -> list[float]:
    fn()  # warm caches: both sides get the same treatment
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


class Recorder:
    """Collects the statements of one request, to replay them bare."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[tuple[str, object]] = []
        self.on = False

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if self.on and not executemany:
            self.statements.append((statement, parameters))

    def record(self, fn) -> list[tuple[str, object]]:
        from sqlalchemy import event

        self.statements = []
        self.on = True
        event.listen(self.engine, "before_cursor_execute", self)
        try:
            fn()
        finally:
            event.remove(self.engine, "before_cursor_execute", self)
            self.on = False
        return list(self.statements)

    def replay(self, statements) -> None:
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            for statement, parameters in statements:
                cursor.execute(statement, parameters)
                if cursor.description is not None:
                    cursor.fetchall()
            cursor.close()
            raw.rollback()
        finally:
            raw.close()


def _user(db, role: str):
    from sqlalchemy import select

    from grievance.models import User
    from grievance.services.users import create_user

    email = f"bench-reports-{role}@bench.test"
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = create_user(email, role, PASSWORD)
    return user


def main(config: dict | None = None, *, rounds: int | None = None) -> dict[str, tuple]:
    """Print the table; return {what: (request, bare SQL) medians in ms}, and under
    "export memory" (tracemalloc peak, RSS growth) in MB. ``config`` is merged into the
    app's settings (the smoke test points it at its own database)."""
    from sqlalchemy import func, select

    from grievance import create_app
    from grievance.extensions import db
    from grievance.models import Complaint
    from grievance.services.tokens import create_token

    rounds = rounds or ROUNDS
    app = create_app({"RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", **(config or {})})
    with app.app_context():
        total = db.session.scalar(select(func.count(Complaint.id)))
        if not total:
            raise SystemExit("no complaints: run `flask demo-data --complaints 100000` first")
        coordinator = _user(db, "coordinator")
        token = create_token(coordinator)
        email = coordinator.email
        engine = db.engine
        dialect = engine.dialect.name
    db_label = f"{dialect}, {total:,} complaints".replace(",", ".")
    print(f"\nreports benchmark ({db_label}, {rounds} rounds, median ms)")
    print(f"{'what':<28}{'request':>10}{'bare SQL':>10}{'ratio':>8}")

    api = app.test_client()
    browser = app.test_client()
    browser.post("/login", data={"email": email, "password": PASSWORD})
    recorder = Recorder(engine)
    pages = {
        "GET /api/v1/stats": lambda: api.get("/api/v1/stats"),
        "GET /api/v1/stats filtered": lambda: api.get(
            "/api/v1/stats?year=2025&region=64.72&category=wage_below_minimum"),
        "GET /dashboard": lambda: browser.get("/dashboard"),
    }
    results = {}
    for name, request in pages.items():
        response = request()
        assert response.status_code == 200, (name, response.status_code)
        statements = recorder.record(request)
        req = statistics.median(_time(request, rounds))
        bare = statistics.median(_time(lambda s=statements: recorder.replay(s), rounds))
        results[name] = (req, bare)
        print(f"{name:<28}{req:>10.1f}{bare:>10.1f}{req / bare:>8.2f}")

    headers = {"Authorization": f"Bearer {token}"}

    def export() -> int:
        response = api.get("/api/v1/reports/cases.csv", headers=headers, buffered=False)
        size = sum(len(chunk) for chunk in response.response)
        response.close()
        return size

    export_statements = recorder.record(export)

    def bare_export() -> None:
        recorder.replay(export_statements)

    export_rounds = max(3, rounds // 5)
    req = statistics.median(_time(export, export_rounds))
    bare = statistics.median(_time(bare_export, export_rounds))
    results["full CSV export"] = (req, bare)
    print(f"{'full CSV export':<28}{req:>10.1f}{bare:>10.1f}{req / bare:>8.2f}")

    idle = _rss_mb()
    peak_rss = idle
    tracemalloc.start()
    response = api.get("/api/v1/reports/cases.csv", headers=headers, buffered=False)
    size = 0
    for i, chunk in enumerate(response.response):
        size += len(chunk)
        if i % 10 == 0:
            peak_rss = max(peak_rss, _rss_mb())
    response.close()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"export: {size / 1e6:.1f} MB of CSV; tracemalloc peak {peak / 1e6:.1f} MB; "
          f"RSS {peak_rss - idle:+.1f} MB above idle ({idle:.0f} MB)")
    results["export memory"] = (peak / 1e6, peak_rss - idle)
    engine.dispose()
    return results

