"""Logs carry ids, never content. A filter also scrubs tracking and access codes that could
reach a log through a URL (werkzeug's access log prints the request line)."""

from __future__ import annotations

import logging
import re

from flask import Flask

# KT-7F3K-9QX2 (also typed KT7F3K9QX2 or kt 7f3k 9qx2) and access codes such as
# ABCD-EFGH-JKMN-PQRS (Crockford base32 groups, with or without separators).
CODE_PATTERN = re.compile(
    r"\bKT(?:-|\s|%20)*[0-9A-Z]{4}(?:-|\s|%20)*[0-9A-Z]{4}\b"
    r"|\b(?:[0-9A-Z]{4}[-\s]){3}[0-9A-Z]{4}\b"
    r"|\b[0-9A-Z]{16}\b"  # also catches a NIK (16 digits)
    r"|(?<=/password/reset/)[^\s?\"]+",  # one-time password-reset tokens
    re.I)
REDACTED = "[kode]"


class RedactCodes(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if CODE_PATTERN.search(message):
            record.msg = CODE_PATTERN.sub(REDACTED, message)
            record.args = ()
        return True


_FILTER = RedactCodes()


def init_app(app: Flask) -> None:
    for name in ("werkzeug", "grievance", app.logger.name):
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
    logging.getLogger("grievance").setLevel(logging.INFO)
