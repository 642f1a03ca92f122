"""Migrations: one head, and upgrading an empty database gives exactly the models' schema."""

from __future__ import annotations

import json
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from grievance.extensions import db
from grievance.extensions_setup import MIGRATIONS


def test_migrations_have_a_single_head():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several Alembic heads: {heads}; merge them"


@pytest.fixture
def empty_database_url(database, tmp_path):
    kind, url = database
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_from_empty_gives_the_models_schema(make_app, empty_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_flask_db_upgrade_command_creates_the_schema_and_is_repeatable(make_app, empty_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()
    for _ in range(2):  # a second upgrade is a no-op, not an error
        result = runner.invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        with db.engine.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        db.engine.dispose()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert version == ScriptDirectory.from_config(config).get_current_head()


def test_upgrade_to_0002_fills_the_flags_of_existing_complaints(make_app, empty_database_url):
    """Complaints filed before ``flags`` existed get the rule names of their checks."""
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    checks = {
        1: [{"rule": "below_minimum_wage", "kind": "violation"},
            {"rule": "bpjs_not_registered", "kind": "violation"}],
        2: [],
        3: [{"kind": "info"}, {"rule": "thr_owed", "kind": "info"}],
    }
    with app.app_context():
        upgrade(directory=str(MIGRATIONS), revision="0001")
        now = "2025-01-02 03:04:05"
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO regions (code, name, short_name, kind, source) "
                              "VALUES ('64.72', 'Kota Samarinda', 'Samarinda', 'kota', 'uji')"))
            conn.execute(text("INSERT INTO categories (code, label_id, label_en, hint_id, hint_en, "
                              "route, vulnerable, sort_order) VALUES ('wage_below_minimum', 'Upah', "
                              "'Wage', '', '', 'inspection', false, 1)"))
            conn.execute(text("INSERT INTO employers (id, name, name_normalized, region_code, "
                              "address, created_at) VALUES (1, 'PT A', 'pt a', '64.72', '', :now)"),
                         {"now": now})
            for case_id, case_checks in checks.items():
                conn.execute(text(
                    "INSERT INTO complaints (id, tracking_code, access_code_hash, category, status, "
                    "priority, region_code, employer_id, description, workers_affected, privacy, "
                    "details, checks, language, source, created_at, updated_at, status_changed_at) "
                    "VALUES (:id, :code, 'x', 'wage_below_minimum', 'received', 2, '64.72', 1, "
                    "'Upah', 1, 'confidential', '{}', :checks, 'id', 'web', :now, :now, :now)"),
                    {"id": case_id, "code": f"PK-{case_id}", "checks": json.dumps(case_checks),
                     "now": now})
        upgrade(directory=str(MIGRATIONS))
        with db.engine.connect() as conn:
            flags = dict(conn.execute(text("SELECT id, flags FROM complaints")).all())
        db.engine.dispose()
    assert flags == {1: "below_minimum_wage bpjs_not_registered", 2: "", 3: "thr_owed"}
