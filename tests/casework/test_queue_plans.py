"""The queue's statement is one the database can plan once and reuse.

A page's statuses, priority levels and row limit are written into the SQL (they are part of
its shape); only values that vary within a shape (a user, a cursor, a filter) are bound.
With the status bound, PostgreSQL re-planned the 12-walk statement on every request.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from grievance.extensions import db
from grievance.services import queue
from grievance.services.queue import QueueFilters
from tests.factories import make_complaint, make_user

from .helpers import Api

TODAY = date(2025, 6, 10)


def _sqlite_plan(stmt, params) -> list[str]:
    """SQLite's EXPLAIN QUERY PLAN of a page statement, one detail line per step."""
    compiled = stmt.compile(dialect=db.engine.dialect)
    values = compiled.construct_params(params)
    plan = db.session.connection().exec_driver_sql(
        "EXPLAIN QUERY PLAN " + str(compiled),
        tuple(values[name] for name in compiled.positiontup)).all()
    return [row[-1] for row in plan]


@pytest.mark.parametrize("args", [{"status": "open"}, {"status": "open", "sort": "priority"},
                                  {"sort": "age", "limit": "7"}])
def test_statuses_levels_and_limit_are_written_into_the_statement(app, args):
    coordinator = make_user("coordinator")
    filters = QueueFilters.from_args(args)
    stmt, params = queue.page_query(coordinator, filters, TODAY)
    sql = str(stmt.compile(dialect=db.engine.dialect))
    for status in queue._statuses(filters.status):
        assert f"complaints.status = '{status}'" in sql
        assert status not in params.values()
    assert f"LIMIT {filters.limit + 1}" in sql
    if filters.sort == "priority":
        assert "complaints.priority = 4" in sql


def test_only_workflow_values_can_be_written_into_sql():
    with pytest.raises(ValueError):
        queue._constant("received' OR '1'='1", queue._C.status)
    with pytest.raises(ValueError):
        queue._constant(99, queue._C.priority)


def test_a_page_size_of_seven_pages_by_seven(app, client):
    for _ in range(9):
        make_complaint(status="triaged")
    api = Api(client, make_user("coordinator"))
    first = api.get("/cases?status=open&limit=7").get_json()
    second = api.get("/cases", query_string={"status": "open", "limit": "7",
                                             "cursor": first["next_cursor"]}).get_json()
    assert len(first["items"]) == 7 and len(second["items"]) == 2
    assert second["next_cursor"] is None


@pytest.mark.parametrize("sort", queue.SORTS)
def test_each_walk_reads_only_the_id_and_the_sort_key_so_its_index_covers_it(app, sort):
    """A walk that selects nothing but (id, sort key) is answered from the index
    ``(status, sort key, id)`` alone; with priority and filing time in every walk, each of
    the ~600 rows the walks bring up cost a table lookup (SQLite: 2-5x the whole page)."""
    coordinator = make_user("coordinator")
    filters = QueueFilters.from_args({"status": "open", "sort": sort})
    stmt, params = queue.page_query(coordinator, filters, TODAY)
    key = {"due": "due_date", "priority": "priority", "age": "created_at"}[sort]
    sql = " ".join(str(stmt.compile(dialect=db.engine.dialect)).split())
    walks = [part for part in sql.split("SELECT ")
             if part.startswith("complaints.id") and "FROM complaints WHERE" in part]
    assert len(walks) >= len(queue._statuses("open"))
    for walk in walks:
        assert re.match(rf"complaints\.id( AS id)?, complaints\.{key}( AS {key})? FROM ", walk), walk
    if db.engine.dialect.name == "sqlite":
        searches = [line for line in _sqlite_plan(stmt, params) if "complaints" in line
                    and "PRIMARY KEY" not in line]
        assert searches and all("COVERING INDEX" in s for s in searches), searches


@pytest.mark.parametrize("sort", queue.SORTS)
def test_an_inspectors_walks_use_their_own_index_in_every_order(app, sort):
    """An inspector's own cases are walked along (assignee_id, status, key, id) in each order
    (migrations 0003 and 0004). In priority and age order the walks used to go along the
    coordinators' (status, key, id) and look up every case of that status to filter the
    inspector's: 44 and 25 ms a page on SQLite at 100,000 cases, now ~1.5 ms."""
    inspector = make_user("inspector")
    filters = QueueFilters.from_args({"status": "open", "sort": sort})
    stmt, params = queue.page_query(inspector, filters, TODAY)
    compiled = stmt.compile(dialect=db.engine.dialect)
    sql = " ".join(str(compiled).split())
    assert "complaints.assignee_id = " in sql and "complaints.assignee_id IS NULL" in sql
    if db.engine.dialect.name == "sqlite":
        searches = [line for line in _sqlite_plan(stmt, params) if "SEARCH complaints" in line
                    and "PRIMARY KEY" not in line]
        assert searches and all(
            f"COVERING INDEX ix_complaints_assignee_queue_{sort} " in s for s in searches), searches
