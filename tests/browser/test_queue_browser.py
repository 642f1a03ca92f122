"""A coordinator works the queue from a 360 px phone, keyboard only (Debian chromium)."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from grievance.services import queue
from tests.factories import PASSWORD, make_complaint, make_employer, make_user

from .conftest import screenshot

pytestmark = pytest.mark.browser

MAX_TABS = 120  # a page a keyboard user has to tab through more than this is broken anyway


def _cases():
    today = queue.today_wita()
    long_name = make_employer("PT Perkebunan Kelapa Sawit Nusantara Kalimantan Timur Sejahtera "
                              "Abadi Makmur Tbk")
    late = make_complaint(employer=long_name, status="triaged", priority=4,
                          due_date=today - timedelta(days=4), workers_affected=137,
                          checks=[{"rule": "below_minimum_wage", "shortfall": "724437.20"}],
                          shortfall=Decimal("724437.20"))
    make_complaint(status="received", due_date=today + timedelta(days=2))
    make_complaint(status="inspection", due_date=today + timedelta(days=10))
    return late


def _sign_in(page, base: str, user) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/login" not in page.url, "sign-in through the form failed"


def _focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {tag: el.tagName, href: el.getAttribute('href') || '',
                inTabs: !!el.closest('nav.tabs'), text: (el.textContent || '').trim()};
    }""")


def test_coordinator_works_the_queue_at_360px_with_the_keyboard(live_server, phone, db_kind):
    coordinator = make_user("coordinator")
    first_case = _cases()
    page = phone
    page.set_default_timeout(5000)
    _sign_in(page, live_server, coordinator)
    page.goto(f"{live_server}/cases")
    assert page.get_by_role("heading", name="Antrean kasus").is_visible()

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the queue is {width}px wide on a 360px screen"
    path = screenshot(page, f"queue-360-{db_kind}")
    assert path.stat().st_size > 1000

    # Keyboard only: Tab through the page; a status tab comes first, then a case link.
    page.locator("body").focus()
    reached_tab, case_link = False, None
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = _focused(page)
        if now["inTabs"]:
            reached_tab = True
        if re.fullmatch(r"/cases/\d+", now["href"]):
            case_link = now
            break
    assert reached_tab, "no status tab can be reached with Tab"
    assert case_link, f"no case link reached within {MAX_TABS} presses of Tab"
    assert case_link["text"] == first_case.tracking_code  # overdue comes first
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused link shows no focus ring"

    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(case_link["href"])
    assert first_case.tracking_code in page.get_by_role("heading", level=1).inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the case page is {width}px wide on a 360px screen"
    screenshot(page, f"queue-case-360-{db_kind}")
