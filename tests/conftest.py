"""Fixtures in the flaskr style: ``app``, ``client``, ``runner``, ``auth``.

Every test that asks for ``app`` (or anything built on it) runs once on SQLite and once on
the database in ``TEST_DATABASE_URL`` (PostgreSQL in CI): the ``database`` fixture is
parametrized. Each database gets its schema once per session; after every test all rows are
removed and the reference data is seeded again, so tests never see each other's data.
"""

from __future__ import annotations

import contextvars
import os
from pathlib import Path

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from hypothesis import settings
from sqlalchemy import create_engine, text

from grievance import create_app
from grievance.extensions import db

from .factories import AuthActions, csrf_token_from  # noqa: F401  (imported by tests)

# The same examples on every run (CI must be deterministic), and no per-example deadline:
# a loaded two-core machine must not turn a slow example into a failure.
settings.register_profile("deterministic", derandomize=True, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
DATABASES = ["sqlite"] + (["postgresql"] if TEST_DATABASE_URL else [])
REFERENCE_TABLES = ("regions", "sectors", "categories", "wage_floors")


def postgres_url() -> str:
    url = TEST_DATABASE_URL
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    return url


def base_config(tmp: Path, url: str) -> dict:
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp / "instance"),
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "UPLOAD_DIR": str(tmp / "uploads"),
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast in tests; scrypt in production
        "MAIL_SERVER": None,
        "RATELIMIT_STORAGE_URI": "memory://",
    }


class IsolatedClient(FlaskClient):
    """Each request gets its own app context, as in production.

    The ``app`` fixture keeps an app context pushed so that tests can use ``db.session``;
    Flask would reuse it for requests, sharing ``g`` (the signed-in user, the locale) and the
    database session between requests. Running the request in a copy of the context with no
    app context pushed gives it a fresh one.
    """

    def open(self, *args, **kwargs):
        def run():
            _cv_app.set(None)
            return super(IsolatedClient, self).open(*args, **kwargs)

        return contextvars.copy_context().run(run)


def _reset_postgres_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session", params=DATABASES)
def database(request, tmp_path_factory):
    """(kind, url) of a database whose schema exists and whose reference data is seeded."""
    kind = request.param
    tmp = tmp_path_factory.mktemp(f"db-{kind}")
    if kind == "sqlite":
        url = f"sqlite:///{tmp / 'test.db'}"
    else:
        url = postgres_url()
        _reset_postgres_schema(url)  # fails loudly if PostgreSQL is unreachable: no silent skip
    app = create_app(base_config(tmp, url))
    with app.app_context():
        db.create_all()
        from grievance.services.seed import seed_reference_data

        seed_reference_data()
        db.session.remove()
        db.engine.dispose()
    return kind, url


def clear_database() -> None:
    """Remove every row but the reference data (which tests may change: re-seeded)."""
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(t.name for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()
    from grievance.services.seed import seed_reference_data

    seed_reference_data()


@pytest.fixture
def make_app(database, tmp_path):
    """Build an app on the current database with extra settings; cleaned up after the test."""
    kind, url = database
    apps = []

    def factory(**overrides):
        config = base_config(tmp_path, url)
        config.update(overrides)
        app = create_app(config)
        app.test_client_class = IsolatedClient
        apps.append(app)
        return app

    yield factory
    if apps:
        for app in apps:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
        # A test may have pointed its app elsewhere: clean the fixture's database itself.
        same = [a for a in apps if a.config["SQLALCHEMY_DATABASE_URI"] == url]
        cleaner = same[0] if same else create_app(base_config(tmp_path, url))
        with cleaner.app_context():
            clear_database()
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def db_kind(database) -> str:
    return database[0]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def auth(client):
    return AuthActions(client)


def pytest_collection_modifyitems(config, items):
    """Name the database in every parametrized id (``[postgresql]``) for the CI check."""
    if os.environ.get("REQUIRE_POSTGRES") and not TEST_DATABASE_URL:
        raise pytest.UsageError("REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not")
