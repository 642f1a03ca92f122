"""Mail through an outbox table: requests only insert rows; ``flask outbox send`` delivers.

Delivery retries with exponential backoff and marks a message failed after
OUTBOX_MAX_ATTEMPTS. Nothing here ever raises into a request. Log lines carry ids only.
"""

from __future__ import annotations

import logging
import smtplib
import time
from datetime import timedelta
from pathlib import Path

from flask import current_app, render_template
from flask_mail import Message as MailMessage
from sqlalchemy import select

from ..extensions import db, mail
from ..models import OutboxMessage, utcnow

log = logging.getLogger("grievance.outbox")

BACKOFF_BASE_SECONDS = 60


def queue(recipient: str, subject: str, body_text: str, *, kind: str,
          body_html: str | None = None, complaint_id: int | None = None) -> OutboxMessage | None:
    """Add a message to the caller's transaction (committed with the change it reports)."""
    recipient = (recipient or "").strip()
    if not recipient:
        return None
    row = OutboxMessage(recipient=recipient, subject=subject[:255], body_text=body_text,
                        body_html=body_html, kind=kind, complaint_id=complaint_id)
    db.session.add(row)
    return row


def queue_template(recipient: str, template: str, *, kind: str, complaint_id: int | None = None,
                   **context) -> OutboxMessage | None:
    """Render ``templates/email/<template>.txt`` (+ ``.html`` if present) and queue it.

    The first line of the text template is the subject.
    """
    text = render_template(f"email/{template}.txt", **context)
    subject, _, body = text.partition("\n")
    html = None
    try:
        html = render_template(f"email/{template}.html", **context)
    except Exception:  # noqa: BLE001  (no HTML variant: text only)
        html = None
    return queue(recipient, subject.strip(), body.lstrip("\n"), kind=kind, body_html=html,
                 complaint_id=complaint_id)


def _due(limit: int):
    now = utcnow()
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        # Two senders never take the same message.
        stmt = stmt.with_for_update(skip_locked=True)
    return list(db.session.scalars(stmt))


def _deliver(row: OutboxMessage) -> None:
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        folder = Path(current_app.instance_path) / "mail"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{row.id:08d}.eml"
        path.write_text(f"To: {row.recipient}\nSubject: {row.subject}\n\n{row.body_text}\n")
        log.info("outbox %s (%s) written to %s (no MAIL_SERVER set)", row.id, row.kind, path)
        return
    message = MailMessage(subject=row.subject, recipients=[row.recipient], body=row.body_text,
                          html=row.body_html, sender=config["MAIL_DEFAULT_SENDER"])
    mail.send(message)


def send_pending(limit: int = 100) -> dict[str, int]:
    """Try every due message once; returns counts of sent, retried and failed."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    max_attempts = current_app.config["OUTBOX_MAX_ATTEMPTS"]
    for row in _due(limit):
        row.attempts += 1
        try:
            _deliver(row)
        except (smtplib.SMTPException, OSError) as error:
            # The type and the server's reply code only: SMTP messages can quote the address.
            code = getattr(error, "smtp_code", None)
            row.last_error = f"{type(error).__name__}" + (f" {code}" if code else "")
            if row.attempts >= max_attempts:
                row.status = "failed"
                counts["failed"] += 1
                log.warning("outbox %s failed for good after %s attempts", row.id, row.attempts)
            else:
                delay = BACKOFF_BASE_SECONDS * 2 ** (row.attempts - 1)
                row.next_attempt_at = utcnow() + timedelta(seconds=delay)
                counts["retry"] += 1
                log.info("outbox %s attempt %s failed (%s); retry in %ss", row.id,
                         row.attempts, type(error).__name__, delay)
        except Exception as error:  # noqa: BLE001  (one bad message must not block the rest)
            # Not a delivery problem but a message that can never be sent (an address the
            # mail library cannot encode, a broken body): fail it now, keep only the type.
            row.status = "failed"
            row.last_error = type(error).__name__
            counts["failed"] += 1
            log.warning("outbox %s cannot be sent (%s); marked failed", row.id,
                        type(error).__name__)
        else:
            row.status = "sent"
            row.sent_at = utcnow()
            row.last_error = None
            counts["sent"] += 1
        db.session.commit()
    return counts


def run_worker(interval: float = 10.0, max_loops: int | None = None) -> None:
    """Keep sending until interrupted (or ``max_loops`` rounds, for tests)."""
    loops = 0
    while max_loops is None or loops < max_loops:
        try:
            counts = send_pending()
            if any(counts.values()):
                log.info("outbox round: %s", counts)
        except Exception:  # noqa: BLE001  (a bad round must not stop the worker)
            db.session.rollback()
            log.exception("outbox round failed")
        loops += 1
        if max_loops is None or loops < max_loops:
            time.sleep(interval)
