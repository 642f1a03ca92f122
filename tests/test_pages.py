"""Pages: both languages, error pages (HTML and JSON), health, headers, WITA and rupiah."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import text

from grievance.extensions import db
from grievance.i18n import rupiah, wita_date, wita_datetime

from .factories import make_user


@pytest.mark.parametrize("path", ["/", "/complaints/new", "/track", "/stats", "/login", "/privacy"])
def test_public_page_renders_in_indonesian_by_default(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="id">' in html
    assert "Pengaduan Pekerja Kaltim" in html


def test_lang_parameter_switches_to_english_and_sticks(client):
    html = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html and "File a complaint" in html
    assert '<html lang="en">' in client.get("/privacy").get_data(as_text=True)
    assert '<html lang="id">' in client.get("/?lang=id").get_data(as_text=True)


def test_switcher_links_to_the_same_page_in_the_other_language(client):
    html = client.get("/privacy").get_data(as_text=True)
    assert 'href="/privacy?lang=en"' in html


def test_unknown_language_falls_back_to_indonesian(client):
    assert '<html lang="id">' in client.get("/?lang=xx").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/cases", "/cases/1", "/union", "/admin"])
def test_staff_pages_exist_for_the_right_role(client, auth, app, path):
    role = {"/union": "union_rep", "/admin": "admin"}.get(path, "coordinator")
    auth.login_as(make_user(role))
    assert client.get(path).status_code in (200, 404)


def test_404_page_in_both_languages(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)
    response = client.get("/no-such-page?lang=en")
    assert "Page not found" in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    body = response.get_json()
    assert body["error"]["code"] == "not_found"
    assert set(body["error"]) == {"code", "message", "fields"}


def test_oversized_request_gets_the_friendly_413_page(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024)
    response = app.test_client().post("/login", data={"email": "x" * 4096, "password": "y"})
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)


def test_405_page_for_a_wrong_method(client):
    assert client.delete("/").status_code == 405


def test_unexpected_error_gives_500_page_and_rolls_back(make_app, caplog):
    app = make_app()

    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret complaint text must not be logged")

    from grievance.auth_guard import PUBLIC_ENDPOINTS

    app.view_functions["boom"] = boom
    client = app.test_client()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("grievance.auth_guard.PUBLIC_ENDPOINTS", PUBLIC_ENDPOINTS | {"boom"})
        response = client.get("/boom-for-test")
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.get_data(as_text=True)
    assert "secret complaint text" not in caplog.text
    assert "RuntimeError" in caplog.text


def test_healthz_reports_the_database(client):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}


def test_healthz_says_so_when_the_database_is_gone(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/x.db")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_every_page_carries_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP in tests


def test_security_headers_keep_what_a_view_set_and_are_not_doubled(client):
    response = client.get("/api/v1/stats")  # the statistics may be cached: no personal data
    assert response.headers.getlist("Cache-Control") == ["public, max-age=300"]
    for name in ("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy"):
        assert len(response.headers.getlist(name)) == 1


def test_https_deployments_get_hsts(make_app):
    response = make_app(SESSION_COOKIE_SECURE=True).test_client().get("/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_pages_need_no_javascript_and_load_one_small_stylesheet(client):
    html = client.get("/").get_data(as_text=True)
    assert "<script" not in html
    assert html.count('rel="stylesheet"') == 1
    css = client.get("/static/app.css")
    assert len(css.get_data()) < 12_000
    css.close()


def test_money_is_shown_as_rupiah_with_cents_only_when_there_are_any():
    assert rupiah(Decimal("3724437.20")) == "Rp 3.724.437,20"
    assert rupiah(Decimal("3579313.00")) == "Rp 3.579.313"
    assert rupiah(None) == ""


def test_times_are_shown_in_wita(app):
    with app.test_request_context("/"):
        # 16:30 UTC is 00:30 the next day in Makassar time (UTC+8).
        assert wita_datetime(datetime(2025, 3, 1, 16, 30, tzinfo=timezone.utc)) == "2 Mar 2025 00.30 WITA" \
            or wita_datetime(datetime(2025, 3, 1, 16, 30, tzinfo=timezone.utc)).startswith("2 Mar 2025 00")
        assert wita_date(date(2025, 12, 25)) == "25 Des 2025"


def test_sqlite_and_postgres_both_answer(app, db_kind):
    assert db.session.execute(text("SELECT 1")).scalar() == 1
    assert db.engine.dialect.name == db_kind


@pytest.mark.parametrize("line", [
    "GET /api/v1/track/KT-7F3K-9QX2 HTTP/1.1",
    "GET /track?code=kt7f3k9qx2 HTTP/1.1",
    "GET /track?code=KT%207F3K%209QX2 HTTP/1.1",
    "access ABCD-EFGH-JKMN-PQRS",
    "nik 6472015508900001",
    "GET /password/reset/eyJ1IjoxLCJuIjoiYWJjIn0.Zx1.sig HTTP/1.1",
])
def test_codes_and_niks_in_log_lines_are_redacted(app, caplog, line):
    import logging

    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logging.getLogger("werkzeug").info('127.0.0.1 - - "%s" 200 -', line)
    assert "[kode]" in caplog.text
    for secret in ("7F3K", "7f3k", "ABCD-EFGH", "6472015508900001", "eyJ1Ijox"):
        assert secret not in caplog.text


def test_hsts_is_sent_only_when_the_site_runs_on_https(make_app):
    assert "Strict-Transport-Security" not in make_app().test_client().get("/").headers
    secure = make_app(SESSION_COOKIE_SECURE=True).test_client().get("/")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_session_cookie_is_httponly_and_samesite_strict(client, auth, app):
    user = make_user("coordinator")
    response = auth.login(user.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


@pytest.mark.parametrize("setting", ["RATELIMIT_STATS", "TRACKING_FAILURE_LIMIT", "RATELIMIT_LOGIN"])
def test_a_rate_setting_that_does_not_parse_stops_the_app_at_start(tmp_path, setting):
    from grievance.config import ConfigError, load_config

    with pytest.raises(ConfigError, match=setting):
        load_config(tmp_path, env={setting: "lots", "SECRET_KEY": "k" * 40})


def test_rate_settings_come_from_the_environment(tmp_path):
    from grievance.config import load_config

    config = load_config(tmp_path, env={"RATELIMIT_STATS": "5 per minute",
                                        "TRACKING_FAILURE_LIMIT": "3 per hour"})
    assert config["RATELIMIT_STATS"] == "5 per minute"
    assert config["TRACKING_FAILURE_LIMIT"] == "3 per hour"


@pytest.mark.parametrize("url,options", [
    # psycopg: checked on checkout by connections.py, retired after an hour
    ("postgresql://satgas@db.example/pengaduan", {"pool_recycle": 3600}),
    ("postgresql+psycopg://satgas@db.example/pengaduan", {"pool_recycle": 3600}),
    ("mysql+pymysql://satgas@db.example/pengaduan", {"pool_pre_ping": True}),
    ("sqlite:////var/lib/pengaduan/grievance.db", {}),
    ("", {}),  # the embedded default
])
def test_server_connections_are_checked_before_use_and_sqlite_files_are_not(tmp_path, url, options):
    from grievance.config import load_config

    config = load_config(tmp_path, env={"DATABASE_URL": url})
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == options


def test_engine_options_given_by_the_caller_win(tmp_path):
    from grievance.config import load_config

    options = {"pool_pre_ping": False, "pool_recycle": 300}
    config = load_config(tmp_path, {"SQLALCHEMY_ENGINE_OPTIONS": options},
                         env={"DATABASE_URL": "postgresql://db.example/x"})
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == options


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    import stat

    from grievance.config import load_config

    first = load_config(tmp_path, env={})["SECRET_KEY"]
    assert len(first) >= 64
    assert load_config(tmp_path, env={})["SECRET_KEY"] == first
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600


@pytest.mark.parametrize("status,path,english", [
    (403, "/admin", "Access denied"),
    (404, "/no-such-page", "Page not found"),
    (405, "/logout", "Method not allowed"),
])
def test_error_pages_speak_english_when_asked(client, auth, app, status, path, english):
    auth.login_as(make_user("union_rep"))
    client.get("/?lang=en")
    response = client.get(path)
    assert response.status_code == status
    assert english in response.get_data(as_text=True)


def test_429_and_500_pages_speak_both_languages(make_app):
    from werkzeug.exceptions import InternalServerError, TooManyRequests

    app = make_app()
    for error, indonesian, english in ((TooManyRequests(), "Terlalu banyak permintaan",
                                        "Too many requests"),
                                       (InternalServerError(), "Terjadi kesalahan",
                                        "Something went wrong")):
        from grievance.errors import error_response

        with app.test_request_context("/"):
            assert indonesian in error_response(error.code).get_data(as_text=True)
        with app.test_request_context("/?lang=en"):
            assert english in error_response(error.code).get_data(as_text=True)


def test_400_page_for_a_bad_form_submission(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/login?lang=en", data={"email": "x@uji.test"})
    assert response.status_code == 400
    assert "Bad request" in response.get_data(as_text=True)
