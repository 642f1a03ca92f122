"""A pooled PostgreSQL connection that the server dropped is replaced before a request uses it.

Only PostgreSQL has a server that can drop a connection; an SQLite file cannot, so the
SQLite half of these tests checks that nothing is in the way there.
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, event, text

from grievance.connections import check_on_checkout
from grievance.extensions import db
from tests.factories import make_user

from .casework.helpers import Api


def _backend_pid() -> int:
    pid = db.session.scalar(text("SELECT pg_backend_pid()"))
    db.session.remove()
    return pid


def _kill(url: str, pid: int) -> None:
    admin = create_engine(url)
    with admin.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        # The backend is gone once it no longer shows up among the server's processes.
        for _ in range(200):
            alive = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"),
                                 {"pid": pid}).scalar()
            if not alive:
                break
    admin.dispose()


@pytest.fixture
def single_connection_app(make_app, database):
    """An app whose pool holds one connection, so the next request draws the killed one."""
    return make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 1, "max_overflow": 0,
                                               "pool_recycle": 3600})


def test_sqlite_connections_are_not_checked(single_connection_app, db_kind):
    with single_connection_app.app_context():
        listening = event.contains(db.engine, "checkout", check_on_checkout)
    assert listening is (db_kind == "postgresql")


def test_a_request_after_the_server_ended_its_connection_succeeds(
        single_connection_app, database, db_kind):
    if db_kind != "postgresql":
        pytest.skip("an SQLite file has no server that could end a connection")
    app = single_connection_app
    with app.app_context():
        user = make_user("coordinator")
        api = Api(app.test_client(), user)
        before = _backend_pid()
    _kill(database[1], before)
    response = api.get("/cases")
    assert response.status_code == 200, response.get_data(as_text=True)
    with app.app_context():
        assert _backend_pid() != before  # a fresh connection took the dead one's place


def test_a_healthy_connection_with_a_message_waiting_is_kept(single_connection_app, database,
                                                             db_kind, monkeypatch):
    if db_kind != "postgresql":
        pytest.skip("an SQLite file has no server that could send a message")
    from grievance import connections

    quiet_answers = []
    real_quiet = connections._quiet

    def spy(dbapi_connection):
        quiet_answers.append(real_quiet(dbapi_connection))
        return quiet_answers[-1]

    monkeypatch.setattr(connections, "_quiet", spy)
    app = single_connection_app
    with app.app_context():
        db.session.execute(text("LISTEN grievance_test"))
        db.session.commit()
        before = _backend_pid()
        # Another session notifies: the idle pooled connection's socket becomes readable.
        other = create_engine(database[1])
        with other.begin() as conn:
            conn.execute(text("NOTIFY grievance_test"))
        other.dispose()
        time.sleep(0.2)  # a local socket: the notification has long arrived
        quiet_answers.clear()
        assert _backend_pid() == before  # checked with SELECT 1, found alive, kept
    assert quiet_answers == [False]  # the waiting message was seen, so SELECT 1 decided


def test_the_socket_check_works_above_descriptor_1023():
    """A busy worker holds many files: the check must not be limited to select()'s 1024."""
    import os
    import resource
    import socket

    from grievance.connections import _readable

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    high = 1500
    if soft <= high:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    ours, theirs = socket.socketpair()
    try:
        os.dup2(ours.fileno(), high)
        assert _readable(high) is False  # an idle connection: nothing to read
        theirs.sendall(b"E")  # the server's goodbye
        assert _readable(high) is True
    finally:
        os.close(high)
        ours.close()
        theirs.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
