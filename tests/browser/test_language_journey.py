"""A visitor reading a story switches to its translation with the header's language switcher,
by touch on a phone and by keyboard on a desktop, without any script being needed."""

import re

import pytest

from .conftest import audit, format_reports

pytestmark = pytest.mark.browser

STORY = "/news-events/cop26-highlight/"


def test_a_phone_visitor_switches_a_story_to_its_translation(phone):
    page = phone.page
    phone.visit(STORY)
    page.locator("summary.language-switcher__toggle").click()
    page.get_by_role("link", name="Bahasa Indonesia").click()
    page.wait_for_url(re.compile(r"/id/news-events/cop26-highlight/$"))
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").inner_text().strip() == "Sorotan COP26"
    phone.visit("/id" + STORY)  # the audit weighs a page it loaded itself
    report = audit(phone, "story-id-phone")
    assert not report["problems"], format_reports([report])


def test_a_keyboard_user_switches_a_story_to_its_translation(desktop):
    page = desktop.page
    desktop.visit("/id" + STORY)
    page.locator("summary.language-switcher__toggle").focus()
    page.keyboard.press("Enter")
    korean = page.get_by_role("link", name="한국어")
    assert korean.is_visible()
    korean.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ko/news-events/cop26-highlight/$"))
    assert page.locator("html").get_attribute("lang") == "ko"
    desktop.visit("/ko" + STORY)
    report = audit(desktop, "story-ko-desktop")
    assert not report["problems"], format_reports([report])
