"""The editor's preview side panel shows the rendered page for each main page type."""

import pytest

pytestmark = pytest.mark.browser

STAFF_PASSWORD = "a-long-known-test-password"
PREVIEWED_TYPES = [
    ("pages", "StoryPage"),
    ("pages", "EventPage"),
    ("repository", "ResourcePage"),
    ("newsletters", "VolumePage"),
    ("programmes", "ProgrammePage"),
]


def log_in(desktop):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("previewer", "previewer@example.org", STAFF_PASSWORD)
    page = desktop.page
    desktop.visit("/admin/login/")
    page.get_by_label("Username").fill("previewer")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def test_the_preview_panel_shows_each_page_type(desktop):
    from django.apps import apps

    page = desktop.page
    page.set_default_timeout(20_000)
    log_in(desktop)
    blank = []
    for app_label, model_name in PREVIEWED_TYPES:
        previewed = apps.get_model(app_label, model_name).objects.live().first()
        # Leaving an editor sends its last requests (releasing the editing session); the test
        # server's threads share one in-memory SQLite connection, so let them finish first.
        desktop.visit("/admin/")
        desktop.visit(f"/admin/pages/{previewed.pk}/edit/")
        toggle = page.locator('[data-side-panel-toggle="preview"]')
        # The admin reopens the side panel that was open last: open it only when it is closed.
        if toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        heading = page.frame_locator("#w-preview-iframe").locator("h1").first
        try:
            heading.wait_for(state="visible")
        except Exception:  # noqa: BLE001 - a frame the browser refused stays empty until the timeout
            blank.append(model_name)
            continue
        assert previewed.title in heading.inner_text(), model_name
    assert blank == [], f"The preview panel stayed blank for {', '.join(blank)}"
