"""Where a queue request's time goes: the request with its stages replaced, one after another,
by their prepared answers, timed in one loop with the page's bare SQL and a bare route.

    DATABASE_URL=sqlite:////tmp/bench.db .venv/bin/python -m bench queue_stages

Same database and first page as ``bench.queue`` (run that one first: it creates the
benchmark coordinator). Sides, each through the Flask test client unless said otherwise:

- **request**: ``GET /api/v1/cases?status=open`` as the application serves it;
- **− token**: the token check answers a prepared caller (no hashing, no SQL); the page
  then takes the request's pooled connection itself;
- **− page**: and ``queue.page`` answers prepared rows (no connection, no SQL, no rows to
  convert, no session to close);
- **− JSON**: and the view answers the prepared body (no items, no JSON);
- **bare route**: a Flask app with one route returning that body (``bench.queue``'s);
- **bare SQL**: the page's SELECT on a DBAPI cursor (``bench.queue``'s baseline).

The differences between neighbouring sides are what each stage costs inside a request. One
more pair: the page's SELECT timed from the driver's ``execute`` call to its return (where
SQLite and PostgreSQL do nearly all of the statement's work: the walks, the sort, the
joins), inside the request (engine events) and bare. The statement runs slower inside the
request than in a tight loop of bare executions: everything else the request runs takes
the processor's caches from it. That share of the ratio no change to the request's Python
can win back except by running less of it.
"""

from __future__ import annotations

import statistics
import time

from bench.queue import (
    PAGES,
    ROUNDS,
    _bare_route,
    _p95,
    _record,
    _time_blocks,
    coordinator_app,
)

SIDES = ("request", "- token", "- page", "- JSON", "bare route", "bare SQL")


def main(config: dict | None = None, *, rounds: int | None = None,
         limit: int | None = None) -> dict[str, float]:
    """Print the table; return {side: median ms} (and the two execute medians)."""
    from flask import Response
    from sqlalchemy import event

    import grievance.api.cases as api_cases
    from grievance.extensions import db
    from grievance.services import queue, tokens

    rounds = rounds or ROUNDS
    app, token, engine = coordinator_app(config, "bench-stages")

    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    params = dict(PAGES["first page"], **({"limit": str(limit)} if limit else {}))

    def request_page():
        response = client.get("/api/v1/cases", query_string=params, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_data()

    body = request_page()
    page_sql = next(s for s in _record(engine, request_page) if " AS walked" in s[0])
    with app.test_request_context():
        caller = tokens.caller_for_token(token)
        filters = queue.QueueFilters.from_args(params)
        prepared_page = queue.page(caller, filters, queue.today_wita(), columns="api")
        db.session.remove()
    real = (tokens.caller_for_token, queue.page, api_cases.jsonify)

    def without(depth: int):
        def run():
            if depth >= 1:
                tokens.caller_for_token = lambda _token: caller
            if depth >= 2:
                queue.page = lambda *_args, **_kwargs: prepared_page
            if depth >= 3:
                api_cases.jsonify = lambda _obj: Response(body, mimetype="application/json")
            try:
                answer = request_page()
            finally:
                tokens.caller_for_token, queue.page, api_cases.jsonify = real
            assert answer == body, "a prepared stage answered differently"
        return run

    bare_app = _bare_route()
    bare_app.config["BODY"] = body
    bare_client = bare_app.test_client()
    raw = engine.raw_connection()
    executes: dict[str, list[float]] = {"in the request": [], "bare": []}
    started: list[float] = []

    def before(conn, cursor, statement, *_args):
        if " AS walked" in statement:
            started.append(time.perf_counter())

    def after(conn, cursor, statement, *_args):
        if " AS walked" in statement:
            executes["in the request"].append((time.perf_counter() - started.pop()) * 1000)

    def bare_sql():
        cursor = raw.cursor()
        start = time.perf_counter()
        cursor.execute(*page_sql)
        executes["bare"].append((time.perf_counter() - start) * 1000)
        cursor.fetchall()
        cursor.close()

    fns = [request_page, without(1), without(2), without(3),
           lambda: bare_client.get("/api/v1/cases", query_string=params, headers=headers),
           bare_sql]
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        timed = _time_blocks(*fns, rounds=rounds)
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
        raw.rollback()
        raw.close()
        engine.dispose()

    med = statistics.median
    results = {side: med(times) for side, times in zip(SIDES, timed, strict=True)}
    print(f"queue stages: {engine.dialect.name}, first page, {rounds} rounds")
    print(f"{'side':<12} {'median':>8} {'p95':>8}  {'stage':<26} {'costs':>8}")
    for i, (side, times) in enumerate(zip(SIDES, timed, strict=True)):
        stage = ""
        if i < 3:
            stage = ("token check", "page (SQL, rows, session)", "items and JSON")[i]
            stage = f"{stage:<26} {med(times) - med(timed[i + 1]):>6.3f}ms"
        elif i == 3:
            stage = f"{'hooks, parsing, view':<26} {med(times) - med(timed[4]):>6.3f}ms"
        print(f"{side:<12} {med(times):>6.3f}ms {_p95(times):>6.3f}ms  {stage}")
    inside, bare = med(executes["in the request"]), med(executes["bare"])
    print(f"the page's execute: {inside:.3f}ms inside the request, {bare:.3f}ms bare "
          f"({inside / bare:.2f}x)")
    results["execute in the request"], results["execute bare"] = inside, bare
    return results


if __name__ == "__main__":
    main()
