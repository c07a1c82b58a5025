"""An editor's journey in Chromium: a story with a newly uploaded image whose alt text the
editor types, published, then read on the public site with that alt text."""

import re
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STAFF_PASSWORD = "a-long-known-test-password"
ALT = "Volunteers planting mangrove seedlings along the coast of Surabaya"


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "DSC_0042.png"
    Image.new("RGB", (800, 450), (30, 110, 70)).save(path)
    return path


def test_editor_publishes_a_story_with_an_uploaded_image_and_its_alt_text(desktop, photo):
    from django.contrib.auth import get_user_model

    from pages.models import NewsIndexPage, SiteImage, StoryPage

    get_user_model().objects.create_superuser("alt-editor", "alt-editor@example.org", STAFF_PASSWORD)
    page = desktop.page
    page.set_default_timeout(15_000)
    desktop.visit("/admin/")
    page.get_by_label("Username").fill("alt-editor")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")

    news = NewsIndexPage.objects.get(locale__language_code="en")
    page.goto(f"/admin/pages/{news.pk}/add_subpage/")
    # The link also reads the page type's description.
    page.get_by_role("link", name=re.compile(r"^Story\b")).click()
    page.wait_for_url("**/add/pages/storypage/*/")

    title = "Mangrove planting day in Surabaya"
    page.locator("#id_title").fill(title)
    page.locator("#id_teaser").fill("Volunteers and city staff planted ten thousand mangrove seedlings.")

    # Upload a new image from the chooser: the title comes from the file name, the alt text
    # field stays empty until the editor types it.
    page.locator("#id_hero_image-chooser .unchosen button").click()
    page.locator(".modal-content").get_by_role("tab", name="Upload").click()
    page.locator("#id_image-chooser-upload-file").set_input_files(str(photo))
    # The admin copies the file name into the title a moment after the file is chosen (its
    # input handler waits 100 ms for more input); an editor sees it before pressing Upload.
    expect(page.locator("#id_image-chooser-upload-title")).to_have_value("DSC_0042")
    assert page.locator("#id_image-chooser-upload-description").input_value() == ""
    assert page.locator(".modal-content").get_by_text("Alt text (description)").first.is_visible()
    page.locator("#id_image-chooser-upload-description").fill(ALT)
    page.locator(".modal-content").get_by_role("button", name="Upload").click()
    page.wait_for_selector("#id_hero_image-chooser:not(.blank)")

    page.locator("footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_selector(".messages li")
    assert "published" in page.locator(".messages").inner_text().lower()

    story = StoryPage.objects.get(title=title)
    assert story.live
    assert SiteImage.objects.get(pk=story.hero_image_id).description == ALT

    desktop.visit(urlsplit(story.full_url).path)
    hero = page.locator("img.story__hero-image")
    assert hero.get_attribute("alt") == ALT

    desktop.visit(urlsplit(news.full_url).path)
    card = page.locator(".story-card").filter(has_text=title)
    assert card.locator("img.card__image").get_attribute("alt") == ALT
