"""How low the queue's ratio can go at all: the same request with SQLAlchemy taken out.

    DATABASE_URL=sqlite:////tmp/bench.db .venv/bin/python -m bench queue_floor

Same database and pages as ``bench.queue`` (run that one first: it creates the benchmark
coordinator). Three sides, timed in one loop of alternating blocks:

- **request**: ``GET /api/v1/cases`` as the application serves it;
- **floor**: the same Flask app, route, guard, parsing, items and JSON, but the token check
  and the page each run their recorded SQL straight on a DBAPI cursor of the request's
  pooled connection (no Session or Core execution, no result processors; only the two date
  columns are parsed and money turned from sen into rupiah, as the JSON needs them). No
  production code path looks like this: it is a measuring device, the cheapest request the
  rest of the stack allows (its answer is checked to be byte for byte the real one);
- **bare SQL**: the page's SELECT on a DBAPI cursor, as in ``bench.queue``.

If the floor's ratio is near 3, no change to our own code can bring the request under the
target: what is left is Flask, Werkzeug, the test client and the page's own work.
"""

from __future__ import annotations

import statistics
from datetime import date, datetime, timezone
from decimal import Decimal

from bench.queue import PAGES, ROUNDS, _p95, _record, _time_blocks, coordinator_app, deepen


def main(config: dict | None = None, *, rounds: int | None = None,
         limit: int | None = None) -> dict[str, tuple[float, float, float]]:
    """Print the table; return {page: (request, floor, bare SQL) medians in ms}. ``config``
    and ``limit`` as in ``bench.queue.main``."""
    from grievance.extensions import db
    from grievance.services import queue, tokens

    rounds = rounds or ROUNDS
    app, token, engine = coordinator_app(config, "bench-floor")

    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    real_caller, real_page = tokens.caller_for_token, queue.page
    parse_date, parse_time, utc = date.fromisoformat, datetime.fromisoformat, timezone.utc

    # Positions in the API's column set, by name (a reordered set must not shift them).
    columns = queue.page_columns("api")
    case_id, due, filed, shortfall = (columns.index(name) for name in
                                      ("id", "due_date", "created_at", "shortfall"))

    def floor_side(params, token_sql, page_sql):
        def run(sql, args):
            # The request's own pooled connection, as the application's session holds it
            # (on PostgreSQL in autocommit for this read-only view: no ROLLBACK at the end,
            # which would make psycopg forget its prepared statements).
            cursor = db.session.connection().connection.driver_connection.cursor()
            cursor.execute(sql, args)
            rows = cursor.fetchall()
            cursor.close()
            return rows

        def caller(_token):
            user_id, role, union_id, *_ = run(*token_sql)[0]
            return tokens.Caller(id=user_id, role=role, union_id=union_id)

        def page(_user, filters, _today, *, columns="queue"):
            rows = []
            for row in run(*page_sql):
                row = list(row)
                if isinstance(row[filed], str):  # SQLite: ISO text; PostgreSQL: objects
                    row[due] = parse_date(row[due]) if row[due] else None
                    row[filed] = parse_time(row[filed]).replace(tzinfo=utc)
                if row[shortfall] is not None:  # money is stored in whole sen
                    row[shortfall] = Decimal(row[shortfall]).scaleb(-2)
                rows.append(row)
            cursor = None
            if len(rows) > filters.limit:
                rows = rows[: filters.limit]
                # The floor's pages are all in due order (asserted below by the answer).
                cursor = queue.encode_cursor(filters.sort, rows[-1][due], rows[-1][case_id])
            return rows, cursor

        def request_floor():
            tokens.caller_for_token, queue.page = caller, page
            try:
                response = client.get("/api/v1/cases", query_string=params, headers=headers)
            finally:
                tokens.caller_for_token, queue.page = real_caller, real_page
            assert response.status_code == 200
            return response.get_data()

        return request_floor

    print(f"queue floor: {engine.dialect.name}, {rounds} rounds; floor = this app with "
          f"the token check and the page run as raw DBAPI calls")
    print(f"{'page':<20} {'request':>9} {'floor':>9} {'bare SQL':>9} {'request/SQL':>11}"
          f" {'floor/SQL':>9} {'floor/SQL p95':>13}")
    raw = engine.raw_connection()
    results = {}
    try:
        for name, params in PAGES.items():
            if name in ("filtered page", "text search"):
                continue  # within the target already; the floor is about the short pages
            params = dict(params, **({"limit": str(limit)} if limit else {}))
            params = deepen(client, params, headers, params.pop("_deep", 1))

            def request_page(params=params):
                assert client.get("/api/v1/cases", query_string=params,
                                  headers=headers).status_code == 200

            request_page()
            statements = _record(engine, request_page)
            token_sql = next(s for s in statements if "api_tokens" in s[0])
            page_sql = next(s for s in statements if " AS walked" in s[0])
            request_floor = floor_side(params, token_sql, page_sql)
            # The floor must answer exactly what the application answers, or it does less work.
            real_body = client.get("/api/v1/cases", query_string=params, headers=headers)
            assert request_floor() == real_body.get_data(), "the floor's answer differs"

            def bare(sql=page_sql[0], args=page_sql[1]):
                cursor = raw.cursor()
                cursor.execute(sql, args)
                cursor.fetchall()
                cursor.close()

            web, floor, sql = _time_blocks(request_page, request_floor, bare, rounds=rounds)
            med = statistics.median
            results[name] = (med(web), med(floor), med(sql))
            print(f"{name:<20} {med(web):>7.2f}ms {med(floor):>7.2f}ms {med(sql):>7.2f}ms "
                  f"{med(web) / med(sql):>10.2f}x {med(floor) / med(sql):>8.2f}x "
                  f"{_p95(floor) / _p95(sql):>12.2f}x")
    finally:
        raw.rollback()
        raw.close()
        engine.dispose()
    return results


if __name__ == "__main__":
    main()
