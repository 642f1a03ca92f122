"""Union reps: their union's cases only (404 otherwise), identities per privacy, filing for members."""

from __future__ import annotations

import pytest

from grievance.extensions import db
from grievance.models import AffectedWorker, Complainant, Complaint

from ..factories import make_complaint, make_union, make_user, sign_in_through_form
from .helpers import hidden, open_form, post_form


@pytest.fixture
def unions():
    return make_union("SPSI Samarinda"), make_union("KSBSI Kaltim")


def _with_identity(complaint, entered_by=None, name="Siti Rahasia"):
    db.session.add(Complainant(complaint_id=complaint.id, name=name, phone="+6281234567890",
                               entered_by_union_id=entered_by.id if entered_by else None))
    db.session.commit()
    return complaint


@pytest.mark.parametrize("path", ["/union/cases/{id}", "/union/cases/{id}/messages",
                                  "/union/cases/{id}/attachments"])
@pytest.mark.parametrize("owner", ["own", "other", "none"])
def test_union_isolation_matrix(client, auth, unions, path, owner):
    mine, theirs = unions
    union = {"own": mine, "other": theirs, "none": None}[owner]
    complaint = make_complaint(union=union)
    auth.login_as(make_user("union_rep", union=mine))
    url = path.format(id=complaint.id)
    method = client.get if path.endswith("{id}") else client.post
    response = method(url, data={"body": "halo"})
    if owner == "own":
        assert response.status_code in (200, 302, 400)
    else:
        assert response.status_code == 404
        assert complaint.tracking_code not in response.get_data(as_text=True)


def test_dashboard_lists_only_the_unions_cases_and_filters(client, auth, unions):
    mine, theirs = unions
    a = make_complaint(union=mine, category="thr_unpaid")
    b = make_complaint(union=mine, category="wage_below_minimum", status="inspection")
    c = make_complaint(union=theirs)
    d = make_complaint()
    auth.login_as(make_user("union_rep", union=mine))
    html = client.get("/union").get_data(as_text=True)
    assert a.tracking_code in html and b.tracking_code in html
    assert c.tracking_code not in html and d.tracking_code not in html
    filtered = client.get("/union?status=inspection").get_data(as_text=True)
    assert b.tracking_code in filtered and a.tracking_code not in filtered
    by_code = client.get(f"/union?q={a.tracking_code.lower()}").get_data(as_text=True)
    assert a.tracking_code in by_code and b.tracking_code not in by_code


@pytest.mark.parametrize("privacy, entered_by_union, visible", [
    ("confidential", False, False),
    ("confidential", True, True),
    ("open", False, True),
    ("anonymous", False, False),
])
def test_union_sees_an_identity_only_if_open_or_entered_by_itself(client, auth, unions, privacy,
                                                                  entered_by_union, visible):
    mine, _ = unions
    complaint = make_complaint(union=mine, privacy=privacy)
    if privacy != "anonymous":
        _with_identity(complaint, mine if entered_by_union else None)
    auth.login_as(make_user("union_rep", union=mine))
    html = client.get(f"/union/cases/{complaint.id}").get_data(as_text=True)
    assert ("Siti Rahasia" in html) is visible


def test_other_roles_cannot_open_union_pages(client, auth):
    auth.login_as(make_user("inspector"))
    assert client.get("/union").status_code == 403
    assert client.get("/union/complaints/new").status_code == 403


def test_union_files_a_collective_complaint_with_a_list_of_workers(client, auth, unions):
    mine, _ = unions
    auth.login_as(make_user("union_rep", union=mine))
    html = open_form(client, "wage_below_minimum", "/union/complaints/new")
    assert 'name="workers_affected"' in html and 'name="affected_workers"' in html
    response = post_form(client, "wage_below_minimum", "/union/complaints/new", html=html,
                         workers_affected="35", affected_workers="Andi; operator\nBudi; mandor panen",
                         name="Rina Anggota", privacy="confidential")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    complaint = db.session.scalars(db.select(Complaint)).one()
    assert complaint.tracking_code in receipt
    assert complaint.filed_by_union_id == mine.id and complaint.workers_affected == 35
    assert complaint.complainant.entered_by_union_id == mine.id
    workers = db.session.scalars(db.select(AffectedWorker).order_by(AffectedWorker.id)).all()
    assert [(w.name, w.position) for w in workers] == [("Andi", "operator"), ("Budi", "mandor panen")]
    page = client.get(f"/union/cases/{complaint.id}").get_data(as_text=True)
    assert "Rina Anggota" in page and "Budi" in page  # the union entered them itself
    assert complaint.tracking_code in client.get("/union").get_data(as_text=True)


def test_union_posts_a_public_message(client, auth, unions):
    mine, _ = unions
    complaint = make_complaint(union=mine)
    auth.login_as(make_user("union_rep", union=mine))
    response = client.post(f"/union/cases/{complaint.id}/messages", data={"body": "Anggota siap diperiksa."})
    assert response.status_code == 302
    assert "Anggota siap diperiksa." in client.get(f"/union/cases/{complaint.id}").get_data(as_text=True)


def test_union_filing_form_enforces_csrf(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        rep = make_user("union_rep")
        sign_in_through_form(client, rep)
        html = open_form(client, "other", "/union/complaints/new")
        data = {"category": "other", "employer_name": "PT A", "employer_region": "64.72",
                "description": "Masalah lain yang panjang.", "form_token": hidden(html, "form_token")}
        assert client.post("/union/complaints/new?category=other", data=data).status_code == 400
        complaint = make_complaint(union=rep.union)
        assert client.post(f"/union/cases/{complaint.id}/messages", data={"body": "x"}).status_code == 400
        assert db.session.scalar(db.select(db.func.count(Complaint.id))) == 1
