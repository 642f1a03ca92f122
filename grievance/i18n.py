"""Language, time zone and number formats: Bahasa Indonesia first, English second, WITA."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlencode

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, get_locale

from .extensions import babel


def select_locale() -> str:
    languages = ("id", "en")
    if not has_request_context():  # CLI, outbox worker: Indonesian
        return "id"
    wanted = request.args.get("lang")
    if wanted in languages:
        # Remembered for the next page; an API request has no session (``?lang`` is per call).
        if not current_app.session_interface.is_null_session(session):
            session["lang"] = wanted
        return wanted
    if session.get("lang") in languages:
        return session["lang"]
    # No Accept-Language guessing: the audience reads Indonesian first, and a phone set to
    # English must not make a worker's page unexpectedly English. The switcher is one tap.
    return "id"


def rupiah(amount) -> str:
    """``Rp 3.724.437,20``; cents only when there are any (``Rp 3.579.313``)."""
    if amount is None or amount == "":
        return ""
    from .rules.money import format_rupiah

    return format_rupiah(Decimal(str(amount)))


def wita_datetime(value: datetime | None, fmt: str = "d MMM yyyy HH:mm") -> str:
    if value is None:
        return ""
    return f"{format_datetime(value, fmt)} WITA"


def wita_date(value: date | datetime | None, fmt: str = "d MMM yyyy") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, fmt)
    return format_date(value, fmt)


def lang_url(lang: str) -> str:
    """The current page in another language (GET parameters kept)."""
    args = request.args.to_dict(flat=True)
    args["lang"] = lang
    return f"{request.path}?{urlencode(args)}"


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["rupiah"] = rupiah
    app.jinja_env.filters["wita"] = wita_datetime
    app.jinja_env.filters["wita_date"] = wita_date
    app.jinja_env.globals["lang_url"] = lang_url
    # Templates ask the rules who may see what (the menu), never decide by role themselves.
    from .rules import access

    app.jinja_env.globals["access"] = access
    from .rules.checks import RULE_LABELS

    app.jinja_env.globals["rule_labels"] = RULE_LABELS
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "id")
    app.jinja_env.add_extension("jinja2.ext.do")
