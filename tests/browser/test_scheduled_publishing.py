"""An editor schedules a story a minute or two ahead in the admin; nothing shows it before
its time, and the background worker's next tick after it publishes it."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser

STAFF_PASSWORD = "a-long-known-test-password"
TITLE = "Coastal mayors agree on a shared flood warning system"


def _status_for_visitor(browser, demo_site, path):
    context = browser.new_context(base_url=demo_site.url)
    try:
        return context.new_page().goto(demo_site.url + path).status
    finally:
        context.close()


def test_an_editor_schedules_a_story_and_the_worker_publishes_it_on_time(browser, demo_site, desktop):
    from django.contrib.auth import get_user_model

    from tests.builders_news import make_story
    from tests.worker_queue import run_worker

    get_user_model().objects.create_superuser("scheduler", "scheduler@example.org", STAFF_PASSWORD)
    story = make_story(TITLE, live=False)
    path = story.get_url()
    page = desktop.page
    page.set_default_timeout(20_000)
    desktop.visit("/admin/")
    page.get_by_label("Username").fill("scheduler")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")

    # The widget takes whole minutes: the next-but-one minute is one to two minutes ahead.
    go_live = (timezone.localtime() + timedelta(minutes=2)).replace(second=0, microsecond=0)
    page.goto(f"/admin/pages/{story.pk}/edit/")
    page.locator('[data-side-panel-toggle="status"]').click()
    page.get_by_role("button", name="Set schedule").click()
    # Set as the date picker would (typing opens its calendar over the dialog's buttons).
    page.locator("#id_go_live_at").evaluate(
        "(field, value) => { field.value = value; field.dispatchEvent(new Event('change', {bubbles: true})); }",
        go_live.strftime("%Y-%m-%d %H:%M"),
    )
    page.get_by_role("button", name="Save schedule").click()
    page.wait_for_selector(".messages li")

    page.locator("footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name="Schedule to publish").click()
    page.wait_for_selector(".messages li")
    message = page.locator(".messages").inner_text()
    assert "scheduled" in message.lower(), message

    run_worker()
    assert _status_for_visitor(browser, demo_site, path) == 404, "not public before its time"

    time.sleep(max((go_live - timezone.now()).total_seconds(), 0) + 1)
    assert _status_for_visitor(browser, demo_site, path) == 404, "only the worker publishes it"
    run_worker()
    assert _status_for_visitor(browser, demo_site, path) == 200
    desktop.visit(path)
    assert page.locator("h1").inner_text().strip() == TITLE
