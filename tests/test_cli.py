"""The command line of CONTRACT.md, through ``app.test_cli_runner()``."""

from __future__ import annotations

from sqlalchemy import func, select

from grievance.extensions import db
from grievance.models import ApiToken, OutboxMessage, User
from grievance.services.outbox import queue
from grievance.services.tokens import user_for_token


def test_users_create_reads_the_password_from_stdin(runner, app):
    result = runner.invoke(args=["users", "create", "Koor@Uji.test", "--role", "coordinator",
                                 "--password-stdin"], input="kata-sandi-panjang-sekali\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "koor@uji.test"))
    assert user.role == "coordinator"
    assert user.password_hash.startswith("pbkdf2:")
    assert "kata-sandi-panjang-sekali" not in result.output


def test_users_create_union_rep_creates_the_union(runner, app):
    result = runner.invoke(args=["users", "create", "rep@uji.test", "--role", "union_rep",
                                 "--union", "KSBSI Kaltim", "--password-stdin"],
                           input="kata-sandi-panjang-sekali\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "rep@uji.test"))
    assert user.union.name == "KSBSI Kaltim"


def test_users_create_refuses_a_union_rep_without_union(runner, app):
    result = runner.invoke(args=["users", "create", "rep@uji.test", "--role", "union_rep",
                                 "--password-stdin"], input="kata-sandi-panjang-sekali\n")
    assert result.exit_code != 0
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_users_create_refuses_an_unknown_role(runner, app):
    result = runner.invoke(args=["users", "create", "x@uji.test", "--role", "boss",
                                 "--password-stdin"], input="kata-sandi-panjang-sekali\n")
    assert result.exit_code == 2


def test_users_create_refuses_a_short_password(runner, app):
    result = runner.invoke(args=["users", "create", "x@uji.test", "--role", "inspector",
                                 "--password-stdin"], input="pendek\n")
    assert result.exit_code == 1
    assert "minimal" in result.output


def test_users_create_refuses_a_duplicate_email(runner, app):
    args = ["users", "create", "x@uji.test", "--role", "inspector", "--password-stdin"]
    assert runner.invoke(args=args, input="kata-sandi-panjang-sekali\n").exit_code == 0
    result = runner.invoke(args=args, input="kata-sandi-panjang-sekali\n")
    assert result.exit_code == 1 and "sudah terdaftar" in result.output


def test_users_token_prints_a_working_token_alone_on_the_last_line(runner, app):
    runner.invoke(args=["users", "create", "api@uji.test", "--role", "coordinator",
                        "--password-stdin"], input="kata-sandi-panjang-sekali\n")
    result = runner.invoke(args=["users", "token", "api@uji.test"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert user_for_token(token).email == "api@uji.test"
    stored = db.session.scalar(select(ApiToken))
    assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_a_token_of_a_deactivated_user_stops_working(runner, app):
    runner.invoke(args=["users", "create", "api@uji.test", "--role", "coordinator",
                        "--password-stdin"], input="kata-sandi-panjang-sekali\n")
    token = runner.invoke(args=["users", "token", "api@uji.test"]).output.strip().splitlines()[-1]
    user = db.session.scalar(select(User).where(User.email == "api@uji.test"))
    user.active = False
    db.session.commit()
    assert user_for_token(token) is None


def test_users_token_for_an_unknown_user_fails(runner, app):
    assert runner.invoke(args=["users", "token", "ghost@uji.test"]).exit_code == 1


def test_outbox_send_without_mail_server_writes_the_mail_to_instance(runner, app):
    queue("pekerja@contoh.test", "Pengaduan diterima", "Isi surat", kind="test")
    db.session.commit()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "sent 1" in result.output
    row = db.session.scalar(select(OutboxMessage))
    assert row.status == "sent" and row.attempts == 1


def test_outbox_worker_runs_rounds_until_told_to_stop(runner, app):
    queue("pekerja@contoh.test", "Subjek", "Isi", kind="test")
    db.session.commit()
    result = runner.invoke(args=["outbox", "worker", "--interval", "0", "--max-loops", "2"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(OutboxMessage.status)) == "sent"


def test_demo_users_prints_four_accounts_that_can_sign_in(runner, app, client, auth):
    result = runner.invoke(args=["demo-users"])
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines()[1:]]
    assert [line[0] for line in lines] == ["admin", "coordinator", "inspector", "union_rep"]
    role, email, password = lines[1]
    assert auth.login(email, password).status_code == 302
    # A second run gives new passwords: the old one stops working.
    runner.invoke(args=["demo-users"])
    client.post("/logout")
    assert auth.login(email, password).status_code == 200


def test_a_message_that_can_never_be_sent_does_not_block_the_others(runner, make_app, monkeypatch):
    """A broken message (here: one the mail library cannot encode) is failed at once, with
    only its error type kept, and the messages behind it are still delivered."""
    from grievance.services import outbox

    app = make_app(MAIL_SERVER="127.0.0.1")
    sent = []

    def fake_deliver(row):
        if not row.recipient.isascii():
            raise UnicodeEncodeError("ascii", row.recipient, 6, 7, "ordinal not in range(128)")
        sent.append(row.recipient)

    monkeypatch.setattr(outbox, "_deliver", fake_deliver)
    with app.app_context():
        queue("pekerjä@contoh.test", "Subjek", "Isi", kind="test")
        queue("normal@contoh.test", "Subjek", "Isi", kind="test")
        db.session.commit()
        assert outbox.send_pending() == {"sent": 1, "retry": 0, "failed": 1}
        rows = {r.recipient: r for r in db.session.scalars(select(OutboxMessage))}
        assert rows["pekerjä@contoh.test"].status == "failed"
        assert rows["pekerjä@contoh.test"].last_error == "UnicodeEncodeError"
        assert sent == ["normal@contoh.test"]


def test_non_ascii_email_addresses_are_refused_at_intake():
    import pytest

    from grievance.rules import RuleError
    from grievance.rules.identity import normalize_email

    with pytest.raises(RuleError):
        normalize_email("pekerjä@contoh.id")
    assert normalize_email("Pekerja@Contoh.ID") == "Pekerja@contoh.id"
