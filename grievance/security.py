"""HTTP response headers that every page gets, and the characters no request may carry."""

from __future__ import annotations

from flask import Flask, Response, current_app, request

from .errors import DomainError
from .rules import N_

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


# Every response gets these unless the view set its own (``setdefault`` semantics).
_ALWAYS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    # Tracking codes can sit in URLs: never leak them to another site.
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
_HSTS = ("Strict-Transport-Security", "max-age=31536000")
# Pages show cases and identities: no shared or back-button caches on a shared phone.
_NO_STORE = ("Cache-Control", "no-store")


def _headers(response: Response) -> Response:
    # One pass over the headers the view set, then append what is missing: seven
    # ``setdefault`` calls each scanned the list again (a measurable share of an API call).
    present = {name.lower() for name, _ in response.headers}
    wanted = list(_ALWAYS)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        # Served over HTTPS (the operator says so by securing the cookie): stay on HTTPS.
        wanted.append(_HSTS)
    if response.mimetype in ("text/html", "application/json"):
        wanted.append(_NO_STORE)
    response.headers.extend([pair for pair in wanted if pair[0].lower() not in present])
    return response


class ForbiddenCharacter(DomainError):
    status = 400
    code = "bad_request"


def _nul_in(value, path: str) -> str | None:
    """The path of the first string holding a NUL in a JSON value, or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            found = inner if "\x00" in str(key) else _nul_in(item, inner)
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_in(item, f"{path}[{index}]")
            if found:
                return found
    return None


def _reject_nul() -> None:
    """Refuse a request that carries a NUL character anywhere we would read text from.

    Nobody types one, PostgreSQL cannot store one in text ("cannot contain NUL"), and
    sent as a query value it failed the request with a 500. One check here, before any view,
    answers 400 naming the field instead, on both databases alike.
    """
    field = None
    query = request.query_string  # a NUL reaches the query only percent-encoded (or raw)
    if b"%00" in query or b"\x00" in query:
        field = next((key for key, value in request.args.items(multi=True)
                      if "\x00" in key or "\x00" in value), None)
    if field is None and request.view_args:
        field = next((key for key, value in request.view_args.items()
                      if isinstance(value, str) and "\x00" in value), None)
    if field is None and request.method in ("POST", "PUT", "PATCH"):
        if request.is_json:
            # Only a body with an escaped NUL is parsed here (raw NUL is no JSON at all);
            # the view reads the same parsed body from Flask's cache.
            if b"\\u0000" in request.get_data(cache=True):
                field = _nul_in(request.get_json(silent=True), "")
        elif request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            # A multipart part may come without a name: its key is None.
            field = next((key for key, value in request.form.items(multi=True)
                          if "\x00" in (key or "") or "\x00" in value), None)
            field = field or next((key for key, upload in request.files.items(multi=True)
                                   if "\x00" in (upload.filename or "")), None)
    if field is not None:
        raise ForbiddenCharacter(
            N_("Isian berisi karakter yang tidak dapat disimpan (NUL). Hapus karakter itu "
               "lalu kirim lagi."),
            fields={field.replace("\x00", "\\0"): N_("Karakter tidak diizinkan.")})


def init_app(app: Flask) -> None:
    app.before_request(_reject_nul)
    app.after_request(_headers)
