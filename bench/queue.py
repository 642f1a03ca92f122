"""The queue benchmark: each page through the Flask test client, as a ratio to its bare SQL.

    DATABASE_URL=sqlite:////tmp/bench.db .venv/bin/python -m bench queue

Needs a database with demo data (``flask db upgrade``, ``seed``, ``demo-data --complaints
100000``); it creates a benchmark coordinator and a token. For each page it measures

- the API request (``GET /api/v1/cases`` through the Flask test client: token check,
  parsing, the query, JSON), and
- the same page's SELECT, exactly as that request sent it to the database (SQL text and
  parameters, recorded with a ``before_cursor_execute`` listener), executed bare on a DBAPI
  cursor of a connection held open in the same process, rows fetched,

in alternating blocks of ten calls, every page and both baselines in one loop (so a noisy
neighbour slows every column alike, and no request runs between two timed bare executions),
and prints median and p95 of both and their ratio.
Target: every ratio ≤ 3, and page 200 no slower than page 1 (page 2 is the first page
with a cursor: page 200 against page 2 shows whether depth costs anything).

A second baseline, a bare Flask route returning the same body through the same test client
(``route``), shows what answering HTTP costs with no application at all; the last column
is the request against the sum of both baselines.
"""

from __future__ import annotations

import os
import statistics
import time

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))
PAGES = {
    "first page": {"status": "open"},
    "filtered page": {"status": "inspection", "region": "64.72", "sort": "priority"},
    "page 2 by cursor": {"status": "open", "_deep": 2},
    "page 200 by cursor": {"status": "open", "_deep": 200},
    "text search": {"q": "lembur"},
}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _time_blocks(*fns, rounds: int, block: int = 10) -> list[list[float]]:
    """Time each callable ``rounds`` times, in alternating blocks of ``block`` calls.

    Blocks, not single calls: a request between two bare executions would evict the CPU
    caches the bare SQL runs on and make the baseline slower than it is. Alternating blocks
    still lets a noisy neighbour slow every side alike.
    """
    for fn in fns:
        fn()
    out: list[list[float]] = [[] for _ in fns]
    while len(out[0]) < rounds:
        for fn, times in zip(fns, out, strict=True):
            fn()  # the first call of a block runs on caches the other side left: not timed
            for _ in range(min(block, rounds - len(times))):
                start = time.perf_counter()
                fn()
                times.append((time.perf_counter() - start) * 1000)
    return out


def _bare_route():
    """A Flask app with one route that returns a prepared body: what answering HTTP through
    the test client costs with no application in it (the second baseline)."""
    from flask import Flask, Response

    bare = Flask("bare_route")

    @bare.get("/api/v1/cases")
    def cases():
        return Response(bare.config["BODY"], mimetype="application/json")

    return bare


def _record(engine, fn) -> list[tuple[str, object]]:
    """The statements ``fn`` sends to the database (SQL text, DBAPI parameters)."""
    from sqlalchemy import event

    seen: list[tuple[str, object]] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return seen


COORDINATOR = "bench-coordinator@bench.test"


def coordinator_app(config: dict | None, token_name: str):
    """The app, a new bearer token of the benchmark coordinator and the engine, for the
    benchmarks that run after ``bench queue`` (which creates the coordinator)."""
    from sqlalchemy import select

    from grievance import create_app
    from grievance.extensions import db
    from grievance.models import User
    from grievance.services.tokens import create_token

    app = create_app({"RATELIMIT_ENABLED": False, **(config or {})})
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == COORDINATOR))
        if user is None:
            raise SystemExit("run `python -m bench queue` first (it creates the coordinator)")
        token = create_token(user, name=token_name)
        engine = db.engine
        db.session.remove()
    return app, token, engine


def deepen(client, params: dict, headers: dict, depth: int) -> dict:
    """``params`` moved to page ``depth`` by following cursors (no OFFSET: the cursor the
    page before returned). Stops with a clear message if the queue is not that deep."""
    params = dict(params)
    for page_number in range(2, depth + 1):
        body = client.get("/api/v1/cases", query_string=params, headers=headers).get_json()
        if not body.get("next_cursor"):
            raise SystemExit(f"the open queue ends before page {page_number}: load more "
                             f"demo data (`flask demo-data --complaints 100000`)")
        params["cursor"] = body["next_cursor"]
    return params


def main(config: dict | None = None, *, rounds: int | None = None,
         limit: int | None = None) -> dict[str, tuple[float, float]]:
    """Print the table; return {page: (request median ms, bare SQL median ms)}.

    ``config`` is merged into the app's settings (the smoke test points it at its own
    database), ``limit`` sets the page size of every page (default: the API's, 50).
    """
    from sqlalchemy import func, select

    from grievance import create_app
    from grievance.extensions import db
    from grievance.models import Complaint, User
    from grievance.services.tokens import create_token
    from grievance.services.users import create_user

    rounds = rounds or ROUNDS
    app = create_app({"RATELIMIT_ENABLED": False, **(config or {})})
    with app.app_context():
        total = db.session.scalar(select(func.count(Complaint.id)))
        if not total:
            raise SystemExit("no complaints: run `flask demo-data --complaints 100000` first")
        email = COORDINATOR
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = create_user(email, "coordinator", "bench-password-0123456789")
        token = create_token(user, name="bench")
        engine = db.engine
        db.session.remove()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    print(f"queue benchmark: {total} complaints on {engine.dialect.name}, {rounds} rounds, "
          f"limit {limit or 50}; bare SQL = the page's SELECT on a DBAPI cursor")
    print(f"{'page':<20} {'app median':>10} {'app p95':>8} {'SQL median':>10} {'SQL p95':>8}"
          f" {'ratio med':>9} {'ratio p95':>9} {'route med':>9} {'app/(SQL+route)':>15}")
    raw = engine.raw_connection()  # the bare side: one DBAPI connection, held open
    bare_app = _bare_route()
    bare_client = bare_app.test_client()
    sides = {}  # page name -> (request, bare SQL, bare route, statements per request)
    try:
        for name, params in PAGES.items():
            params = dict(params, **({"limit": str(limit)} if limit else {}))
            params = deepen(client, params, headers, params.pop("_deep", 1))

            def request_page(params=params):
                response = client.get("/api/v1/cases", query_string=params, headers=headers)
                assert response.status_code == 200, response.get_data(as_text=True)

            request_page()  # settles the token's last_used_at write before recording
            statements = _record(engine, request_page)
            page_sql = [s for s in statements if " AS walked" in s[0]]
            assert len(page_sql) == 1, statements
            sql, sql_params = page_sql[0]

            def bare(sql=sql, sql_params=sql_params):
                cursor = raw.cursor()
                cursor.execute(sql, sql_params)
                cursor.fetchall()
                cursor.close()

            body = client.get("/api/v1/cases", query_string=params, headers=headers).get_data()

            def route(params=params, body=body):
                bare_app.config["BODY"] = body
                bare_client.get("/api/v1/cases", query_string=params, headers=headers)

            sides[name] = (request_page, bare, route, len(statements))
        # Every page and both baselines in one loop of alternating blocks: a machine that
        # slows down for a minute slows every column alike, and the deep page and the first
        # are compared over the same minutes.
        fns = [fn for request_page, bare, route, _ in sides.values()
               for fn in (request_page, bare, route)]
        timed = _time_blocks(*fns, rounds=rounds)
    finally:
        raw.rollback()
        raw.close()
        engine.dispose()
    med = statistics.median
    results = {}
    for i, (name, (_, _, _, n_statements)) in enumerate(sides.items()):
        web, bare_ms, route_ms = timed[3 * i: 3 * i + 3]
        results[name] = (med(web), med(bare_ms))
        print(f"{name:<20} {med(web):>9.2f}ms {_p95(web):>6.2f}ms "
              f"{med(bare_ms):>9.2f}ms {_p95(bare_ms):>6.2f}ms "
              f"{med(web) / med(bare_ms):>8.2f}x {_p95(web) / _p95(bare_ms):>8.2f}x "
              f"{med(route_ms):>7.2f}ms {med(web) / (med(bare_ms) + med(route_ms)):>14.2f}x"
              f"   ({n_statements} statements per request)")
    deep, first, second = (results[name][0] for name in
                           ("page 200 by cursor", "first page", "page 2 by cursor"))
    print(f"page 200 / first page (median): {deep / first:.2f}; "
          f"page 200 / page 2: {deep / second:.2f}")
    return results


if __name__ == "__main__":
    main()
