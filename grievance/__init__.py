"""Pengaduan Pekerja Kaltim: the worker grievance tracker of Satgas Pengawasan Ketenagakerjaan.

``create_app`` is a list of steps; each module binds its own part. Nothing runs at import.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    config = dict(config or {})
    app = Flask(
        __name__,
        instance_path=config.pop("INSTANCE_PATH", None),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    from .config import load_config

    app.config.update(load_config(app.instance_path, config))
    # orjson, keys in the order the code writes them (id first): see json_provider.py.
    from .json_provider import OrjsonProvider

    app.json = OrjsonProvider(app)

    from . import (
        auth_guard,
        cli,
        connections,
        converters,
        errors,
        extensions_setup,
        i18n,
        logging_setup,
        security,
        transactions,
    )
    from .api import init_app as init_api
    from .web import init_app as init_web

    logging_setup.init_app(app)
    converters.init_app(app)
    extensions_setup.init_app(app)
    connections.init_app(app)
    transactions.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    auth_guard.init_app(app)
    init_web(app)
    init_api(app)
    errors.init_app(app)
    cli.init_app(app)
    return app
