"""``flask digest send``: the coordinators' daily digest (see services/digest.py)."""

from __future__ import annotations

from datetime import date

import click
from flask import Flask
from flask.cli import AppGroup

digest_cli = AppGroup("digest", help="The coordinators' daily digest.")


@digest_cli.command("send")
@click.option("--today", "today", default=None, help="Pretend today is YYYY-MM-DD (WITA).")
def digest_send(today):
    """Queue the digest of overdue and new cases to every active coordinator."""
    from .services.digest import send_digest
    from .services.queue import today_wita

    day = date.fromisoformat(today) if today else today_wita()
    click.echo(f"digest queued for {send_digest(day)} coordinators")


def init_app(app: Flask) -> None:
    app.cli.add_command(digest_cli)
