"""Pure domain rules: no Flask, no database session, nothing of ours but other rules.

Every user-facing message in this package is an Indonesian string wrapped in ``N_``:
the marker lets ``pybabel extract`` find it, and the web layer translates it at render
time with ``gettext``. Keeping the marker here keeps the rules free of Flask.
"""


def N_(message: str) -> str:
    """Mark a message for translation without translating it (the web layer does)."""
    return message


class RuleError(ValueError):
    """Bad input caught by a rule: ``message`` is an Indonesian msgid, ``params`` fill it."""

    def __init__(self, code: str, message: str, **params):
        super().__init__(code)
        self.code = code
        self.message = message
        self.params = params
