"""Links between areas: the queue's export button and the union page's figures."""

from __future__ import annotations

import pytest

from .factories import make_complaint, make_union, make_user


def test_queue_offers_an_export_that_keeps_the_current_filters(client, auth, app):
    auth.login_as(make_user("coordinator"))
    make_complaint(status="triaged", category="thr_unpaid")
    make_complaint(status="triaged", category="pkwt_misuse")
    html = client.get("/cases?status=triaged&category=thr_unpaid").get_data(as_text=True)
    assert "/dashboard/cases.csv?" in html and "category=thr_unpaid" in html
    response = client.get("/dashboard/cases.csv?status=triaged&category=thr_unpaid")
    assert response.status_code == 200
    lines = response.get_data(as_text=True).strip().splitlines()
    assert len(lines) == 2  # header + the one THR case


def test_inspectors_see_no_export_button(client, auth, app):
    auth.login_as(make_user("inspector"))
    assert "/dashboard/cases.csv" not in client.get("/cases").get_data(as_text=True)


def test_union_page_links_to_the_unions_own_figures(client, auth, app):
    union = make_union("KSBSI Kaltim")
    auth.login_as(make_user("union_rep", union=union))
    make_complaint(union=union)
    html = client.get("/union").get_data(as_text=True)
    assert "/union/stats" in html
    assert client.get("/union/stats").status_code == 200



@pytest.mark.parametrize("role,shown,hidden", [
    ("coordinator", ["/cases", "/dashboard"], ["/union\"", "/admin\""]),
    ("inspector", ["/cases"], ["/dashboard", "/union\"", "/admin\""]),
    ("union_rep", ["/union\""], ["/cases\"", "/dashboard", "/admin\""]),
    ("admin", ["/cases", "/dashboard", "/admin\""], ["/union\""]),
])
def test_the_menu_offers_each_role_exactly_the_pages_the_rules_allow(client, auth, app, role,
                                                                      shown, hidden):
    auth.login_as(make_user(role))
    nav = client.get("/privacy").get_data(as_text=True).split('<nav class="main"')[1].split("</nav>")[0]
    for href in shown:
        assert f'href="{href}' in nav, href
    for href in hidden:
        assert f'href="{href}' not in nav, href
