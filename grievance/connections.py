"""Pooled PostgreSQL connections are checked before use, without a round trip when healthy.

A pooled connection can die between two requests: PostgreSQL restarted, an administrator
ended the backend, ``idle_session_timeout`` closed it. Used blindly, it fails the request
that drew it (perhaps a worker's complaint). SQLAlchemy's ``pool_pre_ping`` sends
``SELECT 1`` on every checkout to find out: one round trip per request, a noticeable share
of a 1 ms queue page.

In every one of those cases the server closes the socket (after a goodbye message), so the
client side of an idle connection becomes readable. An idle, healthy connection has nothing
to read. So on checkout: a closed or broken connection is replaced; a quiet socket is used
as is; a socket with something waiting (the server's goodbye, or rarely a notice) gets the
real ``SELECT 1``, and is replaced if that fails (``DisconnectionError`` makes the pool
try a fresh connection). A connection lost without the server closing it (a cable, a
firewall dropping idle flows) is not visible this way, nor quickly to ``SELECT 1`` either;
``pool_recycle`` (config.py) retires connections before such idle limits bite.
"""

from __future__ import annotations

import logging
import select

from flask import Flask
from sqlalchemy import event, exc

from .extensions import db

log = logging.getLogger(__name__)


def _readable(fd: int) -> bool:
    # poll, not select: select() cannot watch a descriptor above 1023, which a busy worker
    # process reaches.
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLERR | select.POLLHUP)
        return bool(poller.poll(0))
    return bool(select.select([fd], [], [], 0)[0])


def _quiet(dbapi_connection) -> bool:
    """True when the connection is open and nothing is waiting on its socket."""
    if dbapi_connection.closed or dbapi_connection.broken:
        return False
    return not _readable(dbapi_connection.pgconn.socket)


def check_on_checkout(dbapi_connection, connection_record, connection_proxy) -> None:
    try:
        if _quiet(dbapi_connection):
            return
        if dbapi_connection.closed or dbapi_connection.broken:
            raise exc.DisconnectionError("the connection is closed")
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_connection.rollback()  # leave it idle, as the pool handed it over
    except exc.DisconnectionError:
        log.info("replacing a closed database connection")
        raise
    except Exception as error:  # the server is gone from this connection: take another
        log.info("replacing a database connection that failed its check: %s",
                 type(error).__name__)
        raise exc.DisconnectionError(str(error)) from error


def watch(engine) -> None:
    """Check ``engine``'s connections on checkout (psycopg only; idempotent)."""
    if engine.dialect.name != "postgresql" or engine.dialect.driver != "psycopg":
        return
    if not event.contains(engine, "checkout", check_on_checkout):
        event.listen(engine, "checkout", check_on_checkout)


def init_app(app: Flask) -> None:
    with app.app_context():
        for engine in db.engines.values():
            watch(engine)
