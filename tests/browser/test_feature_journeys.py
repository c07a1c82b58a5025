"""Journeys through the merged features in Chromium, each done as a visitor or an editor
would: by clicking links, ticking boxes and pressing buttons."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

pytestmark = pytest.mark.browser

STAFF_PASSWORD = "a-long-known-test-password"


def test_staff_member_logs_in_and_publishes_a_story_with_an_image(desktop):
    from django.contrib.auth import get_user_model

    from pages.models import StoryPage

    get_user_model().objects.create_superuser("editor", "editor@example.org", STAFF_PASSWORD)
    page = desktop.page
    page.set_default_timeout(15_000)
    desktop.visit("/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")

    news = StoryPage.objects.first().get_parent()
    page.goto(f"/admin/pages/{news.pk}/add_subpage/")
    page.get_by_role("link", name="Story", exact=True).click()
    page.wait_for_url("**/add/pages/storypage/*/")

    title = "Mayors meet to share flood resilience plans"
    page.locator("#id_title").fill(title)
    page.locator("#id_teaser").fill("Mayors from across the region compared their flood resilience plans.")
    page.locator("#id_hero_image-chooser .unchosen button").click()
    page.locator(".modal-content [data-chooser-modal-choice]").first.click()
    page.wait_for_selector("#id_hero_image-chooser:not(.blank)")

    page.locator("footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_selector(".messages li")
    message = page.locator(".messages").inner_text()
    assert "published" in message.lower(), message

    story = StoryPage.objects.get(title=title)
    assert story.live and story.hero_image_id is not None

    desktop.visit("/news-events/")
    link = page.get_by_role("link", name=title)
    assert link.is_visible()
    link.click()
    page.wait_for_url(f"**/news-events/{story.slug}/")
    assert page.locator("h1").inner_text().strip() == title


def test_visitor_subscribes_to_the_newsletter_and_confirms_by_email(desktop):
    page = desktop.page
    mail.outbox.clear()
    desktop.visit("/newsletters/subscribe/")
    page.get_by_label("Email address").fill("reader@example.org")
    page.get_by_label(re.compile("I agree to receive the UCLG ASPAC newsletter")).check()
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text().strip() == "Check your inbox"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"]
    link = re.search(r"https?://\S+/newsletters/subscribe/confirm/\S+/", message.body).group()
    desktop.visit(urlsplit(link).path)
    assert page.locator("h1").inner_text().strip() == "Subscription confirmed"
    assert page.get_by_role("status").is_visible()
