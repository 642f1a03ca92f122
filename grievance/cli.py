"""Command line, exactly as CONTRACT.md lists it (``flask --app wsgi …``)."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from .errors import DomainError
from .extensions import db


def _fail(error: DomainError) -> None:
    from .errors import translate

    fields = "; ".join(f"{k}: {translate(v)}" for k, v in error.fields.items())
    raise click.ClickException(translate(error.message, error.params) + (f" ({fields})" if fields else ""))


users_cli = AppGroup("users", help="Staff and union representative accounts.")
outbox_cli = AppGroup("outbox", help="Deliver queued mail.")


@click.command("seed")
def seed_command():
    """Load reference data (regions, sectors, categories, wage floors); idempotent."""
    from .services.seed import seed_reference_data

    report = seed_reference_data()
    for table, counts in report.items():
        click.echo(f"{table}: {counts['inserted']} inserted, {counts['kept']} already present")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["admin", "coordinator", "inspector", "union_rep"]))
@click.option("--union", "union_name", help="The union of a union_rep (created if new).")
@click.option("--name", "full_name", default="", help="Full name shown to colleagues.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_create(email, role, union_name, full_name, password_stdin):
    """Create an account."""
    from .services.users import create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, role, password, union_name=union_name, full_name=full_name)
    except DomainError as error:
        _fail(error)
    click.echo(f"created user {user.id} ({user.role})")


@users_cli.command("token")
@click.argument("email")
@click.option("--name", default="cli", help="A label to recognise the token later.")
def users_token(email, name):
    """Print a new API bearer token for EMAIL (shown once, stored hashed)."""
    from .models import User
    from .services.tokens import create_token
    from .services.users import normalize_email

    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None or not user.is_active:
        raise click.ClickException("no active user with that email")
    token = create_token(user, name=name)
    click.echo("Token (shown once; store it safely):")
    click.echo(token)


@click.command("demo-data")
@click.option("--complaints", "count", type=click.IntRange(min=0), default=200, show_default=True)
@click.option("--seed", "seed", type=int, default=1, show_default=True)
@click.option("--if-empty", is_flag=True, help="Do nothing when complaints already exist.")
def demo_data_command(count, seed, if_empty):
    """Make COUNT realistic synthetic complaints with employers, unions and histories."""
    from .services.demo import generate

    summary = generate(count, seed=seed, if_empty=if_empty)
    click.echo(summary)


@click.command("demo-users")
def demo_users_command():
    """Create or reset the demo accounts and print their passwords (local use only)."""
    from .services.demo import reset_demo_users

    click.echo("Demo accounts (passwords are new on every run):")
    for email, role, password in reset_demo_users():
        click.echo(f"  {role:<12} {email:<32} {password}")


@outbox_cli.command("send")
@click.option("--limit", default=100, show_default=True)
def outbox_send(limit):
    """Send due mail once."""
    from .services.outbox import send_pending

    counts = send_pending(limit)
    click.echo(f"sent {counts['sent']}, will retry {counts['retry']}, failed {counts['failed']}")


@outbox_cli.command("worker")
@click.option("--interval", default=10.0, show_default=True, help="Seconds between rounds.")
@click.option("--max-loops", type=int, default=None, hidden=True)
def outbox_worker(interval, max_loops):
    """Keep sending mail with retries until stopped."""
    from .services.outbox import run_worker

    run_worker(interval=interval, max_loops=max_loops)


def init_app(app: Flask) -> None:
    for command in (seed_command, demo_data_command, demo_users_command, users_cli, outbox_cli):
        app.cli.add_command(command)
    from . import cli_casework

    cli_casework.init_app(app)
