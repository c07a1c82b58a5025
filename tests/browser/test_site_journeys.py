"""Journeys through the site in Chromium, and the checks every page type must pass.

Page types added later join `PAGES_BY_TYPE` with one of their demo pages."""

import pytest

from .conftest import audit, format_reports

pytestmark = pytest.mark.browser

PAGES_BY_TYPE = [
    ("home", "/"),
    ("section", "/capacity-building/"),
    ("standard", "/about-us/"),
    ("search-results", "/search/?q=local+governments"),
    ("not-found", "/no-such-page/"),
    ("news-index", "/news-events/"),
    ("story", "/news-events/uclgs-pact-for-the-future/"),
    ("event", "/news-events/8th-uclg-aspac-congress/"),
    ("programme-index", "/programmes-projects/"),
    ("programme", "/programmes-projects/gender-responsive-participatory-budgeting/"),
    ("repository", "/covid-19-repository/?theme=public-health-health-systems"),
    ("resource", "/covid-19-repository/strengthening-preparedness-covid-19-cities/"),
    ("newsletter-archive", "/newsletters/"),
    ("volume", "/newsletters/vol-37/"),
    ("subscribe", "/newsletters/subscribe/"),
    ("membership", "/be-a-member/"),
    ("member-directory", "/be-a-member/members/"),
]
MAX_TABS = 80


def test_every_page_type_is_accessible_light_and_self_hosted(desktop, phone):
    reports = []
    for name, path in PAGES_BY_TYPE:
        for label, browser_page in (("desktop", desktop), ("phone", phone)):
            browser_page.visit(path)
            reports.append(audit(browser_page, f"{name}-{label}"))
    summary = format_reports(reports)
    print(f"\n{summary}")
    assert not any(report["problems"] for report in reports), summary


def main_nav_links(page):
    links = page.locator(".main-nav__item > .main-nav__link")
    return [(links.nth(i).inner_text().strip(), links.nth(i).get_attribute("href")) for i in range(links.count())]


def test_visitor_reaches_every_main_section_from_the_home_page(desktop):
    page = desktop.page
    desktop.visit("/")
    sections = main_nav_links(page)
    assert len(sections) >= 4
    for title, href in sections:
        desktop.visit("/")
        page.get_by_role("navigation", name="Main").get_by_role("link", name=title, exact=True).first.click()
        page.wait_for_url(f"**{href}")
        assert page.locator("h1").count() == 1
        assert page.locator("h1").inner_text().strip() == title
        current = page.get_by_role("navigation", name="Main").locator('[aria-current="page"]')
        assert current.inner_text().strip() == title


def focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {
                tag: el.tagName.toLowerCase(),
                text: (el.innerText || el.value || "").trim(),
                cls: el.className || "",
                outline: getComputedStyle(el).outlineStyle,
                expanded: el.getAttribute("aria-expanded"),
            };
        }"""
    )


def tab_to(page, predicate):
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            return element
    raise AssertionError("the element was not reached with the Tab key")


def test_phone_visitor_opens_the_menu_and_navigates_by_keyboard_only(phone):
    page = phone.page
    phone.visit("/")
    nav = page.locator("#main-nav")
    menu_button = page.locator(".site-header__menu-button")
    assert menu_button.is_visible()
    assert not nav.is_visible()

    skip = tab_to(page, lambda el: "skip-link" in el["cls"])
    assert skip["outline"] != "none"
    button = tab_to(page, lambda el: "site-header__menu-button" in el["cls"])
    assert button["expanded"] == "false"
    assert button["outline"] != "none"

    page.keyboard.press("Enter")
    assert menu_button.get_attribute("aria-expanded") == "true"
    assert nav.is_visible()
    assert focused(page)["cls"] == "main-nav__link"

    page.keyboard.press("Escape")
    assert menu_button.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()
    assert "site-header__menu-button" in focused(page)["cls"]

    page.keyboard.press("Enter")
    target = tab_to(page, lambda el: el["text"] == "Policy & Research")
    assert target["outline"] != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**/policy-research/")
    assert page.locator("h1").inner_text().strip() == "Policy & Research"


def test_keyboard_focus_moves_through_the_whole_page_without_a_trap(desktop):
    page = desktop.page
    desktop.visit("/about-us/")
    last_link = page.locator("footer a").last.inner_text().strip()
    seen = []
    for _ in range(MAX_TABS * 2):
        page.keyboard.press("Tab")
        element = focused(page)
        seen.append(element["text"])
        if element["text"] == last_link:
            break
    else:
        raise AssertionError(f"focus never reached the footer; last elements: {seen[-5:]}")
    assert len(set(seen)) > 5
