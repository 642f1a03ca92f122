"""URL converters: ``<int:…>`` in every route means a row id (``rules.ids``).

Werkzeug's ``int`` takes any number of digits; a case id of twenty digits then reached the
database and came back as a 500 ("integer out of range"). The app's ``int`` is bounded to
the ids a row can have: anything larger does not match the route, which is a 404, as for
any other case that does not exist.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from .rules.ids import MAX_ID


class RowIdConverter(IntegerConverter):
    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> None:
    """Before any blueprint is registered: rules pick their converters when they are added."""
    app.url_map.converters["int"] = RowIdConverter
