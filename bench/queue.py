"""The queue benchmark: each page through the Flask test client, as a ratio to its bare SQL.

    DATABASE_URL=sqlite:////tmp/bench.db .venv/bin/python -m bench queue

Needs a database with demo data (``flask db upgrade``, ``seed``, ``demo-data --complaints
100000``); it creates a benchmark coordinator and a token. For each page it measures the
API request (``GET /api/v1/cases``: token check, parsing, query, JSON) and the same
page's SELECT executed bare on a connection in the same process, and prints median and
p95 of both and their ratio. Target: every ratio ≤ 3, and page 200 no slower than page 1.
"""

from __future__ import annotations

import os
import statistics
import time

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))
PAGES = {
    "first page": {"status": "open"},
    "filtered page": {"status": "inspection", "region": "64.72", "sort": "priority"},
    "page 200 by cursor": {"status": "open", "_deep": 200},
    "text search": {"q": "lembur"},
}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _time(fn, rounds: int) -> list[float]:
    fn()  # warm caches: both sides get the same treatment
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    from sqlalchemy import func, select

    from grievance import create_app
    from grievance.extensions import db
    from grievance.models import Complaint, User
    from grievance.services import queue
    from grievance.services.tokens import create_token
    from grievance.services.users import create_user

    app = create_app({"RATELIMIT_ENABLED": False})
    with app.app_context():
        total = db.session.scalar(select(func.count(Complaint.id)))
        if not total:
            raise SystemExit("no complaints: run `flask demo-data --complaints 100000` first")
        email = "bench-coordinator@bench.test"
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = create_user(email, "coordinator", "bench-password-0123456789")
        token = create_token(user, name="bench")
        user_id = user.id
        db.session.remove()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    dialect = app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0]
    print(f"queue benchmark: {total} complaints on {dialect}, {ROUNDS} rounds, limit 50")
    print(f"{'page':<20} {'app median':>10} {'app p95':>8} {'SQL median':>10} {'SQL p95':>8}"
          f" {'ratio med':>9} {'ratio p95':>9}")
    results = {}
    for name, params in PAGES.items():
        params = dict(params)
        deep = params.pop("_deep", 0)
        if deep:
            for _ in range(deep - 1):
                body = client.get("/api/v1/cases", query_string=params, headers=headers).get_json()
                params["cursor"] = body["next_cursor"]

        def request_page(params=params):
            response = client.get("/api/v1/cases", query_string=params, headers=headers)
            assert response.status_code == 200, response.get_data(as_text=True)

        with app.app_context():
            user = db.session.get(User, user_id)
            filters = queue.QueueFilters.from_args(params)
            stmt = queue.page_stmt(user, filters, queue.today_wita())
            connection = db.session.connection()

            def bare(stmt=stmt, connection=connection):
                connection.execute(stmt).all()

            sql = _time(bare, ROUNDS)
            db.session.remove()
        web = _time(request_page, ROUNDS)
        med_ratio = statistics.median(web) / statistics.median(sql)
        p95_ratio = _p95(web) / _p95(sql)
        results[name] = statistics.median(web)
        print(f"{name:<20} {statistics.median(web):>9.2f}ms {_p95(web):>6.2f}ms "
              f"{statistics.median(sql):>9.2f}ms {_p95(sql):>6.2f}ms "
              f"{med_ratio:>8.2f}x {p95_ratio:>8.2f}x")
    print(f"page 200 / first page (median): "
          f"{results['page 200 by cursor'] / results['first page']:.2f}")


if __name__ == "__main__":
    main()
