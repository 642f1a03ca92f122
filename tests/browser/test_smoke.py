"""The home and login pages in a real browser at 360 px."""

from __future__ import annotations

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser


def test_home_page_fits_a_360px_phone_without_sideways_scrolling(live_server, phone, db_kind):
    phone.goto(live_server + "/")
    assert phone.title().startswith("Pengaduan Pekerja Kaltim")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide on a 360px screen"
    assert phone.get_by_role("link", name="Buat pengaduan").first.is_visible()
    path = screenshot(phone, f"home-360-{db_kind}")
    assert path.stat().st_size > 1000


def test_login_page_works_from_the_keyboard_without_javascript(live_server, phone_no_js, db_kind):
    page = phone_no_js
    page.goto(live_server + "/login")
    assert page.get_by_label("Email").is_visible()
    page.get_by_label("Email").fill("nobody@uji.test")
    page.get_by_label("Kata sandi").fill("salah-salah-salah")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Email atau kata sandi salah" in page.content()
    screenshot(page, f"login-360-{db_kind}")
