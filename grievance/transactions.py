"""Transactions of a request: none for a marked read-only view on PostgreSQL, and COMMIT
rather than ROLLBACK at the end of any request that wrote nothing.

Views marked ``@read_only`` (the queue, as page and as API) only read, apart from writes
that are one statement each and need no transaction around them (the API token's
``last_used_at``). On PostgreSQL they run in autocommit: no ``BEGIN`` before the first
statement and no ``COMMIT``/``ROLLBACK`` after the last, two round trips saved on a page
that costs ~0.8 ms of SQL. Each statement still sees one consistent snapshot, as it does
inside a READ COMMITTED transaction. SQLite's driver opens no transaction for a SELECT in
the first place, so nothing changes there. The pool restores the normal mode when the
connection comes back.

Every other request runs in a transaction, and Flask-SQLAlchemy ends it by closing the
session, which rolls back whatever is still open. For a request that only read, ROLLBACK
and COMMIT leave the data the same, but not the connection: psycopg forgets every prepared
statement on ROLLBACK (a rolled-back transaction may have dropped what a statement refers
to), so on PostgreSQL each request would plan its statements afresh (~1.4 ms for the
queue's, more than its ~0.8 ms of execution at 100,000 cases). A COMMIT of a read-only
transaction keeps them. (SQLite's driver keeps its statements either way: there, requests
end as Flask-SQLAlchemy ends them.)

"Wrote nothing" is decided on the connection, not guessed from the view: every statement the
engine sends that is not a plain SELECT (INSERT, UPDATE, DELETE, DDL, anything in text SQL
that does not start with SELECT) marks the transaction as writing, and the mark is cleared
when the transaction begins. A request that wrote and did not commit, that ended in an
exception, or whose session still holds unflushed objects keeps the ROLLBACK.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, g, request
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db

log = logging.getLogger(__name__)

WROTE = "grievance.transaction_wrote"
View = TypeVar("View", bound=Callable)


def read_only(view: View) -> View:
    """Mark ``view`` as one that only reads (see the module docstring)."""
    view.read_only = True
    return view


def begin_read_only() -> None:
    """Before the request's first statement: autocommit for a read-only view on PostgreSQL."""
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "read_only", False) and db.engine.dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        # What ``end_read_only`` recognises: while the session still has this transaction,
        # the request ran in autocommit and there is nothing to end.
        g.autocommit_transaction = db.session().get_transaction()


def _is_read(statement: str, context) -> bool:
    if context is not None and (context.isinsert or context.isupdate or context.isdelete
                                or context.isddl):
        return False
    return statement.lstrip()[:6].upper() == "SELECT"


def _on_begin(conn: Connection) -> None:
    conn.info[WROTE] = False


def _on_execute(conn: Connection, cursor, statement, parameters, context, executemany) -> None:
    if not _is_read(statement, context):
        conn.info[WROTE] = True


def watch(engine) -> None:
    """Track writes on ``engine`` (PostgreSQL only, see ``end_read_only``; idempotent)."""
    if engine.dialect.name != "postgresql":
        return
    if not event.contains(engine, "begin", _on_begin):
        event.listen(engine, "begin", _on_begin)
        event.listen(engine, "before_cursor_execute", _on_execute)


def end_read_only(exc: BaseException | None) -> None:
    """Commit the request's transaction if it only read (see the module docstring).

    PostgreSQL only: SQLite's driver keeps its statements whatever ends a transaction, and a
    read-only view in autocommit has no transaction for a ROLLBACK to end.
    """
    if exc is not None:
        return
    session = db.session()
    transaction = session.get_transaction()
    if transaction is None or transaction is g.get("autocommit_transaction"):
        return
    if db.engine.dialect.name != "postgresql" or session.new or session.dirty or session.deleted:
        return
    connection = session.connection()
    if (connection.info.get(WROTE, True)
            or connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"):
        return
    try:
        session.commit()
    except SQLAlchemyError as error:  # nothing was written: the rollback loses nothing
        # The type only: a driver's message can quote SQL, and logs carry no case data.
        log.warning("committing a read-only transaction failed (%s); rolling back",
                    type(error).__name__)
        session.rollback()


def init_app(app: Flask) -> None:
    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        watch(engine)
    if not any(engine.dialect.name == "postgresql" for engine in engines):
        return  # nothing to do on SQLite (see above): no hooks at all
    # Registered before the sign-in hooks, so it runs before the token lookup's query.
    app.before_request(begin_read_only)
    # Request teardowns run before Flask-SQLAlchemy's app-context teardown closes the session.
    app.teardown_request(end_read_only)
