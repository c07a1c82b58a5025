"""Editors find their way: every page type explains itself in the "add page" chooser, the
sections take the pages editors add there, and the summary-like fields say where they show."""

import re
from html import unescape

import pytest
from django.urls import reverse
from wagtail.models import get_page_models
from wagtail.test.utils import WagtailPageTestCase

from pages.models import HomePage, NewsIndexPage, SectionPage, StandardPage

pytestmark = pytest.mark.django_db

SECTION_SLUGS = ["capacity-building", "policy-research", "decentralised-cooperations", "standing-committee"]


def panel_headings(html):
    return [heading.strip() for heading in re.findall(r"<span data-panel-heading-text>([^<]*)</span>", html)]


def field_help(html, field_name):
    """The help text Wagtail renders for a field of the edit form."""
    match = re.search(rf'id="panel-[^"]*-{field_name}-helptext"[^>]*>\s*<div class="help">(.*?)</div>', html, re.S)
    return unescape(re.sub(r"\s+", " ", match.group(1)).strip()) if match else ""


def test_every_page_type_has_a_description():
    missing = [
        model.__name__
        for model in get_page_models()
        if model._meta.app_label != "wagtailcore" and not model.get_page_description()
    ]
    assert missing == []


def test_the_add_page_chooser_under_the_home_page_describes_each_type(admin_client):
    home = HomePage.objects.get(locale__language_code="en")

    html = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[home.pk])).content.decode()

    assert "A general page of text, images and documents" in html
    assert "A main section such as Capacity Building" in html


@pytest.mark.parametrize("slug", SECTION_SLUGS)
def test_each_section_takes_a_general_page(admin_client, slug):
    section = SectionPage.objects.get(locale__language_code="en", slug=slug)

    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[section.pk]))

    # One allowed type: Wagtail goes straight to its form.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:add", args=("pages", "standardpage", section.pk))


class SectionTreeTest(WagtailPageTestCase):
    def test_sections_accept_general_pages_under_them_and_under_those(self):
        self.assertAllowedSubpageTypes(SectionPage, {StandardPage})
        self.assertCanCreateAt(SectionPage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)


def test_the_event_form_has_no_story_panel_and_explains_the_registration_link(admin_client):
    news = NewsIndexPage.objects.get(locale__language_code="en")

    html = admin_client.get(reverse("wagtailadmin_pages:add", args=("pages", "eventpage", news.pk))).content.decode()

    assert "Story" not in panel_headings(html)
    assert "Date, teaser and image" in panel_headings(html)
    assert "Register" in field_help(html, "registration_url")


def test_story_form_says_where_each_summary_is_shown_and_drops_the_ignored_listing_summary(admin_client):
    news = NewsIndexPage.objects.get(locale__language_code="en")

    html = admin_client.get(reverse("wagtailadmin_pages:add", args=("pages", "storypage", news.pk))).content.decode()

    assert "News & Events listing" in field_help(html, "teaser")
    assert "under the page title" in field_help(html, "introduction")
    assert "search engines" in field_help(html, "search_description")
    assert "shared on Facebook" in field_help(html, "social_description")
    assert 'name="listing_summary"' not in html


def test_a_general_page_keeps_the_listing_summary_its_cards_show(admin_client):
    home = HomePage.objects.get(locale__language_code="en")

    html = admin_client.get(reverse("wagtailadmin_pages:add", args=("pages", "standardpage", home.pk))).content.decode()

    assert "The text on cards linking to this page" in field_help(html, "listing_summary")
