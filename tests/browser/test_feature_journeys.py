"""Journeys through the merged features in Chromium, each done as a visitor or an editor
would: by clicking links, ticking boxes and pressing buttons."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

pytestmark = pytest.mark.browser

STAFF_PASSWORD = "a-long-known-test-password"


def result_count(page):
    text = page.locator(".repository__count").inner_text()
    return int(re.search(r"\d+", text).group())


def test_visitor_reads_a_story_then_filters_the_repository_and_downloads_a_pdf(browser, demo_site):
    # Filters must work without JavaScript: the "Apply filters" button submits the form.
    context = browser.new_context(base_url=demo_site.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")

    card = page.locator(".story-card").filter(has_text="Learn more").first
    title = card.locator(".card__link").inner_text().strip()
    # The whole card is the link: a click on "Learn more" lands on the stretched title link.
    card.get_by_text("Learn more").click(force=True)
    page.wait_for_url("**/news-events/*/")
    assert page.locator("h1").inner_text().strip() == title

    page.get_by_role("navigation", name="Main").get_by_role("link", name="COVID-19 Repository", exact=True).click()
    page.wait_for_url("**/covid-19-repository/")
    everything = result_count(page)

    filters = page.locator("form[data-repository-filters]")
    filters.get_by_label(re.compile(r"^Public health & health systems")).check()
    filters.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"theme=public-health-health-systems"))
    by_theme = result_count(page)
    assert 0 < by_theme < everything

    country = filters.locator("#facet-country-kr")
    if not country.is_visible():
        filters.locator("summary").filter(has_text=re.compile(r"^Country")).click()
    country.check()
    filters.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"country=kr"))
    assert result_count(page) == 1
    page.locator(".repository__results .card__link").first.click()
    page.wait_for_url("**/covid-19-repository/flattening-the-curve-korea-ict/")

    # Back to the theme alone, then a resource that has a PDF file.
    page.go_back()
    page.locator(".repository__active .chip").filter(has_text="Korea").click()
    page.wait_for_url(re.compile(r"theme=public-health-health-systems"))
    assert result_count(page) == by_theme
    page.get_by_role("link", name=re.compile(r"^Strengthening preparedness for COVID-19 in cities")).click()
    page.wait_for_url("**/covid-19-repository/strengthening-preparedness-covid-19-cities/")

    link = page.get_by_role("link", name=re.compile(r"^Download PDF"))
    # The file opens in the browser's PDF viewer (or downloads): either way the response is a PDF.
    with page.expect_response(lambda response: "pdf" in response.headers.get("content-type", "")) as pdf:
        link.click()
    assert pdf.value.status == 200
    assert pdf.value.headers["content-type"].startswith("application/pdf")
    context.close()


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
    # The link also reads the page type's description.
    page.get_by_role("link", name=re.compile(r"^Story\b")).click()
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
    assert page.locator("h1").inner_text().strip() == "Confirm your subscription"
    page.get_by_role("button", name="Confirm subscription").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text().strip() == "Subscription confirmed"
    assert page.get_by_role("status").is_visible()
