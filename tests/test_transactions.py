"""How a request's transaction ends: COMMIT when it only read, ROLLBACK otherwise.

A read-only request ends with COMMIT so that psycopg keeps its prepared statements (it drops
them all on ROLLBACK); anything that wrote and did not commit must still be rolled back.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, insert, select, text, update

from grievance.extensions import db
from grievance.models import Region, Union
from grievance.services.tokens import create_token
from grievance.transactions import end_read_only
from tests.factories import make_complaint, make_user


@pytest.fixture
def endings(app):
    """The transaction endings the engine sees, in order ("commit" / "rollback")."""
    seen: list[str] = []
    engine = db.engine

    def on_commit(conn):
        seen.append("commit")

    def on_rollback(conn):
        seen.append("rollback")

    event.listen(engine, "commit", on_commit)
    event.listen(engine, "rollback", on_rollback)
    yield seen
    event.remove(engine, "commit", on_commit)
    event.remove(engine, "rollback", on_rollback)


def _unions() -> int:
    return db.session.scalar(select(func.count()).select_from(Union))


def test_a_request_that_only_read_ends_with_commit_on_postgresql(app, endings, db_kind):
    with app.test_request_context():
        db.session.execute(select(Region.code)).all()
        end_read_only(None)
        db.session.remove()
    # SQLite's driver keeps its statements across a ROLLBACK: nothing to gain, nothing done.
    assert endings == (["commit"] if db_kind == "postgresql" else ["rollback"])


def test_an_uncommitted_insert_is_rolled_back_not_committed(app, endings):
    before = _unions()
    db.session.remove()
    with app.test_request_context():
        db.session.execute(insert(Union).values(name="Serikat yang tidak jadi"))
        end_read_only(None)
        db.session.remove()
    assert "commit" not in endings
    assert _unions() == before


def test_an_uncommitted_text_update_counts_as_a_write(app, endings):
    make_complaint()
    db.session.remove()
    endings.clear()
    with app.test_request_context():
        db.session.execute(text("UPDATE complaints SET workers_affected = 99"))
        end_read_only(None)
        db.session.remove()
    assert "commit" not in endings
    assert db.session.scalar(text("SELECT max(workers_affected) FROM complaints")) == 1


def test_reads_after_a_committed_write_end_with_commit_on_postgresql(app, endings, db_kind):
    with app.test_request_context():
        db.session.execute(update(Region).where(Region.code == "64.72").values(workforce=10))
        db.session.commit()
        db.session.execute(select(Region.code)).all()
        end_read_only(None)
        db.session.remove()
    assert endings == ["commit", "commit" if db_kind == "postgresql" else "rollback"]


def test_pending_objects_are_never_committed_by_the_teardown(app, endings):
    before = _unions()
    db.session.remove()
    with app.test_request_context():
        db.session.execute(select(Region.code)).all()
        db.session.add(Union(name="Serikat belum disimpan"))
        end_read_only(None)
        db.session.remove()
    assert "commit" not in endings
    assert _unions() == before


def test_a_request_that_failed_is_rolled_back(app, endings):
    with app.test_request_context():
        db.session.execute(select(Region.code)).all()
        end_read_only(RuntimeError("the view failed"))
        db.session.remove()
    assert endings == ["rollback"]


def test_psycopg_keeps_the_queue_statement_prepared_from_request_to_request(
        app, client, db_kind):
    if db_kind != "postgresql":
        pytest.skip("SQLite's driver keeps its statements whatever ends a transaction")
    user = make_user("coordinator")
    make_complaint(status="triaged")
    token = create_token(user)
    db.session.remove()
    for _ in range(12):  # psycopg prepares a statement on its fifth execution
        response = client.get("/api/v1/cases?status=open",
                              headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200
    # Requests take turns on the pooled connections: twelve reach five on each.
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        prepared = [row[0] for row in raw.execute(
            "SELECT statement FROM pg_prepared_statements").fetchall()]
    assert any("walked" in statement for statement in prepared), prepared


def _marked_endpoints(app) -> set[str]:
    return {name for name, view in app.view_functions.items() if getattr(view, "read_only", False)}


def test_only_the_queue_runs_without_a_transaction(app):
    # A view marked read-only must not write anything that needs a transaction: whoever marks
    # another one adds it here, with a request below that proves it only reads.
    assert _marked_endpoints(app) == {"api.list_cases", "cases.queue"}


def test_read_only_views_read_in_autocommit_on_postgresql_and_write_nothing(
        app, client, auth, db_kind):
    coordinator = make_user("coordinator")
    make_complaint(status="triaged")
    token = create_token(coordinator)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/cases", headers=headers).status_code == 200  # last_used_at set
    auth.login_as(coordinator)
    db.session.remove()
    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        driver = conn.connection.driver_connection
        mode = driver.autocommit if db_kind == "postgresql" else driver.isolation_level
        seen.append((statement.lstrip().split()[0].upper(), mode))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get("/api/v1/cases?status=open", headers=headers).status_code == 200
        assert client.get("/cases?status=open").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert seen and {verb for verb, _ in seen} == {"SELECT"}
    expected = True if db_kind == "postgresql" else ""  # pysqlite's default, untouched
    assert {mode for _, mode in seen} == {expected}
    with db.engine.connect() as conn:  # back in the pool, the connection is transactional again
        driver = conn.connection.driver_connection
        assert (driver.autocommit if db_kind == "postgresql" else driver.isolation_level) in (
            False, "")
