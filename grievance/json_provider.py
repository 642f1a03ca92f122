"""JSON responses through orjson: the same documents as Flask's encoder, about four times faster.

The staff queue sends 50 cases per page; with Python's ``json`` module encoding them took
~0.2 ms of a ~1.5 ms request. orjson writes the same values: dates and datetimes go through
Flask's own ``default`` (``OPT_PASSTHROUGH_DATETIME``), as do Decimals, UUIDs, dataclasses
(``OPT_PASSTHROUGH_DATACLASS``) and objects with ``__html__``, so nothing an API client
sees changes except the spelling of non-ASCII text (UTF-8 instead of ``\\u`` escapes, the
same string once parsed) and insignificant whitespace. Keys keep the order the code wrote
them in, as with ``sort_keys = False`` before.

Calls that ask for something orjson does not do (``indent`` in debug mode, ``sort_keys``,
a ``cls``) fall back to Flask's provider. Parsing (``request.get_json``) is Flask's.
"""

from __future__ import annotations

from typing import Any

import orjson
from flask.json.provider import DefaultJSONProvider

_OPTIONS = (orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
            | orjson.OPT_PASSTHROUGH_DATACLASS)


class OrjsonProvider(DefaultJSONProvider):
    sort_keys = False

    def _fast(self, kwargs: dict[str, Any]) -> bool:
        return not self.sort_keys and set(kwargs) <= {"default"}

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if not self._fast(kwargs):
            return super().dumps(obj, **kwargs)
        return orjson.dumps(obj, default=kwargs.get("default", self.default),
                            option=_OPTIONS).decode()

    def response(self, *args: Any, **kwargs: Any):
        if self.compact is False or (self.compact is None and self._app.debug) or self.sort_keys:
            return super().response(*args, **kwargs)  # pretty-printed for a developer
        obj = self._prepare_response_obj(args, kwargs)
        body = orjson.dumps(obj, default=self.default, option=_OPTIONS | orjson.OPT_APPEND_NEWLINE)
        return self._app.response_class(body, mimetype=self.mimetype)
