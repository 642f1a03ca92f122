"""Domain exceptions, and the one place that turns errors into pages or JSON.

Services raise ``DomainError`` subclasses; views never build error responses by hand.
Under ``/api/`` every error is ``{"error": {"code", "message", "fields"}}`` (CONTRACT.md).
"""

from __future__ import annotations

import logging
import traceback

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from .extensions import db
from .rules import N_, RuleError

log = logging.getLogger("grievance.errors")


class DomainError(Exception):
    """A request that the rules refuse. ``message`` is an Indonesian msgid (translated here)."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, fields: dict | None = None, code: str | None = None,
                 **params):
        super().__init__(code or self.code)
        self.message = message
        self.fields = fields or {}
        self.params = params
        if code:
            self.code = code


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """Not allowed from the current state (e.g. an illegal workflow move)."""

    status = 409
    code = "conflict"


class ValidationFailed(DomainError):
    status = 422
    code = "validation_failed"


# Titles and explanations for error pages; Indonesian msgids.
PAGES = {
    400: (N_("Permintaan tidak valid"),
          N_("Permintaan tidak dapat diproses. Periksa isian lalu coba lagi.")),
    401: (N_("Perlu masuk"), N_("Silakan masuk terlebih dahulu.")),
    403: (N_("Akses ditolak"), N_("Anda tidak memiliki izin untuk membuka halaman ini.")),
    404: (N_("Halaman tidak ditemukan"), N_("Halaman atau data yang Anda cari tidak ada.")),
    405: (N_("Metode tidak diizinkan"),
          N_("Tindakan ini tidak dapat dilakukan dengan cara tersebut.")),
    409: (N_("Tidak dapat dilakukan"),
          N_("Tindakan ini tidak dapat dilakukan pada keadaan sekarang.")),
    413: (N_("Berkas terlalu besar"),
          N_("Berkas yang Anda kirim terlalu besar. Ukuran maksimal %(mb)s MB per berkas.")),
    415: (N_("Jenis berkas tidak didukung"), N_("Kirim berkas PDF, JPEG atau PNG.")),
    422: (N_("Isian belum benar"), N_("Periksa kembali isian Anda.")),
    429: (N_("Terlalu banyak permintaan"),
          N_("Anda mengirim terlalu banyak permintaan. Tunggu sebentar lalu coba lagi. "
             "Isian Anda tidak hilang: kembali ke halaman sebelumnya dengan tombol Kembali.")),
    500: (N_("Terjadi kesalahan"),
          N_("Terjadi kesalahan di sistem kami. Kesalahan ini sudah dicatat; coba lagi nanti.")),
}

API_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
    422: "validation_failed", 429: "rate_limited", 500: "server_error",
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _params(status: int) -> dict:
    from flask import current_app

    return {"mb": current_app.config.get("MAX_UPLOAD_MB", 10)}


def error_response(status: int, message: str | None = None, *, code: str | None = None,
                   fields: dict | None = None):
    title, default_text = PAGES.get(status, PAGES[500] if status >= 500 else PAGES[400])
    text = message if message is not None else gettext(default_text, **_params(status))
    if wants_json():
        body = {"error": {"code": code or API_CODES.get(status, "error"), "message": text,
                          "fields": fields or {}}}
        response = jsonify(body)
        response.status_code = status
        return response
    return make_response(render_template("errors/error.html", status=status, title=gettext(title),
                                         text=text, fields=fields or {}), status)


def translate(message: str, params: dict | None = None) -> str:
    return gettext(message, **(params or {}))


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(error: DomainError):
        fields = {name: translate(msg) for name, msg in error.fields.items()}
        return error_response(error.status, translate(error.message, error.params),
                              code=error.code, fields=fields)

    @app.errorhandler(RuleError)
    def _rule(error: RuleError):
        return error_response(422, translate(error.message, error.params), code=error.code)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        response = error_response(error.code or 500)
        if error.code == 405 and getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        if error.code == 429:
            retry = getattr(error, "retry_after", None)
            if retry:
                response.headers["Retry-After"] = str(retry)
        return response

    @app.errorhandler(Exception)
    def _crash(error: Exception):
        # Roll back so the next request on this connection is not poisoned; log the type and
        # the path only: a message could carry complaint text.
        db.session.rollback()
        # Where it happened is logged, not the exception's message nor the source lines: a
        # database error message can quote the values (an email, a NIK) being written.
        frames = "\n".join(f"  {f.filename}:{f.lineno} in {f.name}"
                           for f in traceback.extract_tb(error.__traceback__))
        log.error("unhandled %s on %s %s\n%s", type(error).__name__, request.method,
                  request.url_rule.rule if request.url_rule else "?", frames)
        return error_response(500)
