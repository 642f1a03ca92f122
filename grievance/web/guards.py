"""Role gates for whole pages. Per-case checks go through the fetch-then-check helpers."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user


def require(check: Callable[[object], bool]):
    """403 unless ``check(current_user)``; the guard has already turned strangers away."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated or not check(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
