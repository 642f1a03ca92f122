"""What the staff case page ``/cases/<id>`` shows: the intake checks in words, the files with
their download links, the timeline (who, when in WITA), the deadline and the overdue marker,
internal notes, and exactly the moves ``rules.access.available_moves`` allows."""

from __future__ import annotations

import html as htmllib
import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from grievance.extensions import db
from grievance.models import CaseEvent, Complaint
from grievance.rules import access, workflow
from grievance.rules.checks import IntakeFacts, run_checks
from grievance.services import attachments, casework, queue
from grievance.services.reference import floors
from tests.factories import make_complaint, make_user, sign_in_through_form
from tests.intake.helpers import tiny_pdf

# --- reading the page -----------------------------------------------------------------------


def page_of(client, case_id: int) -> str:
    response = client.get(f"/cases/{case_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(html: str, heading: str) -> str:
    """The HTML from an ``<h2>`` to the next one."""
    match = re.search(rf"<h2>{re.escape(heading)}</h2>(.*?)(?=<h2>|$)", html, flags=re.S)
    assert match, f"no section {heading!r}"
    return match.group(1)


def move_forms(html: str, case_id: int) -> list[str]:
    return re.findall(rf'<form[^>]*action="/cases/{case_id}/move"[^>]*>.*?</form>', html,
                      flags=re.S)


def moves_offered(html: str, case_id: int) -> list[str]:
    out = []
    for form in move_forms(html, case_id):
        targets = re.findall(r'name="to" value="([^"]+)"', form)
        assert len(targets) == 1, form
        out.append(targets[0])
    return out


def timeline_items(html: str) -> list[str]:
    match = re.search(r'<ol class="timeline">(.*?)</ol>', html, flags=re.S)
    assert match, "no timeline"
    return [" ".join(htmllib.unescape(li).split())
            for li in re.findall(r"<li[^>]*>(.*?)</li>", match.group(1), flags=re.S)]


def wage_checks():
    return run_checks(IntakeFacts(category="wage_below_minimum", region_code="64.72",
                                  filed_on=date(2025, 5, 2), monthly_wage=Decimal("3000000")),
                      floors(2025))


# --- content ----------------------------------------------------------------------------------


def test_intake_checks_are_shown_in_words_not_codes(app, client, auth):
    auth.login_as(make_user("coordinator"))
    case = make_complaint(checks=wage_checks(),
                          details={"wage": {"monthly_wage": 3000000, "year": 2025}})
    checks = " ".join(htmllib.unescape(section(page_of(client, case.id),
                                               "Hasil pemeriksaan otomatis")).split())
    assert "Di bawah upah minimum" in checks
    assert "Rp 3.000.000" in checks and "Rp 3.724.437,20" in checks
    assert "Rp 724.437,20" in checks and "UMK Kota Samarinda 2025" in checks
    for code in ("below_minimum_wage", "%(", "3724437.20", "64.72", "floor_kind"):
        assert code not in checks, code


def test_a_case_without_findings_says_so(app, client, auth):
    auth.login_as(make_user("coordinator"))
    case = make_complaint(checks=[])
    assert "Tidak ada temuan." in section(page_of(client, case.id), "Hasil pemeriksaan otomatis")


def test_coordinator_gets_every_file_with_a_working_download_link(app, client, auth):
    coordinator = make_user("coordinator")
    auth.login_as(coordinator)
    case = make_complaint(status="triaged")
    from_worker = attachments.save(case, tiny_pdf(), "slip gaji.pdf", uploaded_by_kind="complainant")
    from_staff = attachments.save(case, tiny_pdf(), "berita acara.pdf", uploaded_by_kind="staff",
                                  user=coordinator)
    files = section(page_of(client, case.id), "Lampiran")
    for attachment, name in ((from_worker, "slip gaji.pdf"), (from_staff, "berita acara.pdf")):
        link = re.search(rf'<a href="([^"]+)">{re.escape(name)}</a>', files)
        assert link, f"no link for {name}"
        assert link.group(1) == f"/attachments/{attachment.id}"
        download = client.get(link.group(1))
        assert download.status_code == 200 and download.data == tiny_pdf()
    assert files.index("slip gaji.pdf") < files.index("berita acara.pdf")  # in upload order


def test_timeline_names_each_actor_and_shows_the_time_in_wita(app, client, auth):
    coordinator = make_user("coordinator")
    coordinator.full_name = "Rina Koordinator"
    inspector = make_user("inspector")
    inspector.full_name = "Budi Pengawas"
    db.session.commit()
    case = make_complaint(status="received")
    casework.transition(case, coordinator, "triaged", note="Berkas lengkap.")
    casework.assign(case, coordinator, inspector)
    casework.add_note(case, inspector, "Perusahaan akan dikunjungi Senin.", public=True)
    # Times where the day in WITA (UTC+8) differs from the day in UTC.
    moments = [datetime(2025, 3, 1, 16, 30, tzinfo=timezone.utc),   # 2 Mar 00:30 WITA
               datetime(2025, 3, 3, 1, 15, tzinfo=timezone.utc),    # 3 Mar 09:15 WITA
               datetime(2025, 3, 4, 23, 50, tzinfo=timezone.utc)]   # 5 Mar 07:50 WITA
    events = db.session.scalars(select(CaseEvent).where(CaseEvent.complaint_id == case.id)
                                .order_by(CaseEvent.id)).all()
    assert [e.kind for e in events] == ["status_changed", "assigned", "note_added"]
    for event, at in zip(events, moments, strict=True):
        event.created_at = at
    db.session.commit()

    auth.login_as(coordinator)
    items = timeline_items(page_of(client, case.id))
    assert len(items) == 3
    expected = [("Rina Koordinator", r"2 Mar 2025 00[.:]30 WITA", "Berkas lengkap."),
                ("Rina Koordinator", r"3 Mar 2025 09[.:]15 WITA", "Penugasan"),
                ("Budi Pengawas", r"5 Mar 2025 07[.:]50 WITA", "Perusahaan akan dikunjungi Senin.")]
    for item, (actor, when, text) in zip(items, expected, strict=True):
        assert actor in item, item
        assert re.search(when, item), item
        assert text in item, item
    assert "1 Mar 2025 16" not in " ".join(items)  # never the UTC time


def test_timeline_time_follows_wita_in_english_too(app, client, auth):
    coordinator = make_user("coordinator")
    case = make_complaint(status="received")
    casework.transition(case, coordinator, "triaged")
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.complaint_id == case.id))
    event.created_at = datetime(2025, 12, 31, 17, 5, tzinfo=timezone.utc)  # 1 Jan 2026 01:05
    db.session.commit()
    auth.login_as(coordinator)
    client.get("/?lang=en")
    (item,) = timeline_items(page_of(client, case.id))
    assert re.search(r"1 Jan 2026 01[.:]05 WITA", item), item
    assert coordinator.email in item  # no full name: the email stands for the actor


@pytest.mark.parametrize("days_late, marked", [(3, True), (1, True), (0, False), (-2, False)])
def test_deadline_is_shown_with_an_overdue_marker_once_it_has_passed(app, client, auth,
                                                                     days_late, marked):
    auth.login_as(make_user("coordinator"))
    due = queue.today_wita() - timedelta(days=days_late)
    case = make_complaint(status="triaged", due_date=due)
    html = page_of(client, case.id)
    facts = " ".join(re.search(r'<dl class="facts-grid">(.*?)</dl>', html, flags=re.S)
                     .group(1).split())
    deadline = re.search(r"<dt>Tenggat</dt> <dd>(.*?)</dd>", facts).group(1)
    assert f"{due.day} " in deadline and str(due.year) in deadline
    assert ("lewat tenggat" in deadline) is marked
    assert ('class="overdue"' in deadline) is marked


def test_a_closed_case_is_never_marked_overdue(app, client, auth):
    auth.login_as(make_user("coordinator"))
    case = make_complaint(status="resolved", due_date=date(2020, 1, 6))
    assert "lewat tenggat" not in page_of(client, case.id)


def test_case_without_a_due_date_shows_a_dash(app, client, auth):
    auth.login_as(make_user("coordinator"))
    case = make_complaint(status="resolved")
    facts = " ".join(page_of(client, case.id).split())
    assert "<dt>Tenggat</dt> <dd>–</dd>" in facts


def test_internal_notes_are_shown_to_the_coordinator_and_the_assigned_inspector(app, client,
                                                                                 auth):
    coordinator, inspector = make_user("coordinator"), make_user("inspector")
    case = make_complaint(status="inspection", assignee=inspector)
    casework.add_note(case, coordinator, "Pemilik perusahaan kerabat pejabat.", public=False)
    casework.add_note(case, inspector, "Jadwal pemeriksaan Senin.", public=True)
    for user in (coordinator, inspector):
        client.post("/logout")
        auth.login_as(user)
        items = timeline_items(page_of(client, case.id))
        internal = [i for i in items if "Pemilik perusahaan kerabat pejabat." in i]
        assert len(internal) == 1 and "internal" in internal[0], user.role
        public = [i for i in items if "Jadwal pemeriksaan Senin." in i]
        assert len(public) == 1 and "publik" in public[0], user.role
    html = page_of(client, case.id)
    assert 'class="internal"' in html


# --- the moves: exactly those the rules allow -------------------------------------------------


def csrf_client(make_app, user):
    """A client of an app with CSRF on, signed in through the real login form."""
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    sign_in_through_form(client, user)
    return client


@pytest.mark.parametrize("status", workflow.STATUSES)
def test_coordinator_is_offered_exactly_the_allowed_moves_each_with_a_csrf_token(
        app, make_app, status):
    coordinator = make_user("coordinator")
    case = make_complaint(status=status)
    allowed = access.available_moves(coordinator, case)
    client = csrf_client(make_app, coordinator)
    html = page_of(client, case.id)
    assert moves_offered(html, case.id) == [m.to_status for m in allowed]
    for form, move in zip(move_forms(html, case.id), allowed, strict=True):
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
        assert token and len(token.group(1)) > 20, form
        assert f">{move.label}</button>" in form
        if move.needs_reason:
            assert 'name="note"' in form
        if move.extra:
            assert f'name="{move.extra}"' in form
    assert ("Langkah berikutnya" in html) is bool(allowed)


def test_the_coordinator_reaches_reject_and_merge_from_triage(app, client, auth):
    auth.login_as(make_user("coordinator"))
    case = make_complaint(status="triaged")
    assert moves_offered(page_of(client, case.id), case.id) == [
        "inspection", "rejected", "merged", "referred"]


@pytest.mark.parametrize("status", ["triaged", "inspection", "note_1", "note_2", "investigation",
                                    "resolved", "rejected"])
def test_assigned_inspector_is_offered_only_the_assignees_moves(app, make_app, status):
    inspector = make_user("inspector")
    case = make_complaint(status=status, assignee=inspector)
    allowed = [m.to_status for m in access.available_moves(inspector, case)]
    client = csrf_client(make_app, inspector)
    html = page_of(client, case.id)
    offered = moves_offered(html, case.id)
    assert offered == allowed
    assert "rejected" not in offered and "merged" not in offered
    assert "triaged" not in offered  # reopening is the coordinator's
    for form in move_forms(html, case.id):
        assert re.search(r'name="csrf_token"[^>]*value="[^"]+"', form), form


def test_pool_inspector_is_offered_no_move_but_a_claim(app, client, auth):
    auth.login_as(make_user("inspector"))
    case = make_complaint(status="triaged")
    html = page_of(client, case.id)
    assert moves_offered(html, case.id) == []
    assert f'action="/cases/{case.id}/claim"' in html


def test_a_move_offered_on_the_page_is_one_the_server_accepts(app, make_app):
    """The page and the server agree: the offered form, sent back as it is, moves the case."""
    inspector = make_user("inspector")
    case = make_complaint(status="triaged", assignee=inspector)
    client = csrf_client(make_app, inspector)
    (form,) = move_forms(page_of(client, case.id), case.id)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    assert client.post(f"/cases/{case.id}/move", data=fields).status_code == 302
    db.session.expire_all()
    assert db.session.get(Complaint, case.id).status == "inspection"
