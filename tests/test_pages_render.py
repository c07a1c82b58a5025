"""Every page type of the foundation renders through HTTP with the demo content."""

import re

import pytest
from wagtail.models import PageViewRestriction

from pages.models import SectionPage, StandardPage

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_original_home_page_content(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "UCLG ASPAC is the united voice and advocate of democratic local self-government" in html
    assert "Access our selected repository of readings and resource in regards for COVID-19 best practices" in html
    assert "Be a Member" in html
    assert "UCLG ASPAC is the knowledge management hub on local government issues" in html
    assert "External Links" in html
    assert "https://www.uclg.org/" in html


def test_home_page_blocks_from_every_app_come_in_their_order(client):
    html = client.get("/").content.decode()
    headings = ["featured-heading", "programmes-heading", "activities-heading", "newsletters-heading"]
    positions = [html.index(f'id="{heading}"') for heading in headings]
    assert positions == sorted(positions)


def test_main_navigation_lists_the_sections_in_tree_order(client):
    html = client.get("/").content.decode()
    nav = html[html.index('id="main-nav"') : html.index("</nav>", html.index('id="main-nav"'))]
    positions = [
        nav.index(title)
        for title in ("Capacity Building", "Policy &amp; Research", "Decentralised Cooperations", "Standing Committee")
    ]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "slug", ["capacity-building", "policy-research", "decentralised-cooperations", "standing-committee"]
)
def test_each_section_renders_with_intro_body_and_breadcrumbs(client, slug):
    section = SectionPage.objects.get(locale__language_code="en", slug=slug)
    response = client.get(section.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 class="page-header__title">{section.title.replace("&", "&amp;")}</h1>' in html
    assert section.introduction in html
    assert 'aria-label="Breadcrumb"' in html


def test_section_lists_its_live_public_child_pages_in_tree_order(client):
    section = SectionPage.objects.get(locale__language_code="en", slug="capacity-building")
    calendar = section.add_child(instance=StandardPage(title="Training calendar", slug="training-calendar"))
    section.add_child(instance=StandardPage(title="Alumni network", slug="alumni-network"))
    section.add_child(instance=StandardPage(title="Unannounced course", slug="unannounced-course", live=False))
    workshop = section.add_child(instance=StandardPage(title="Members-only workshop", slug="members-only-workshop"))
    PageViewRestriction.objects.create(page=workshop, restriction_type=PageViewRestriction.PASSWORD, password="x")
    calendar.add_child(instance=StandardPage(title="Calendar archive", slug="calendar-archive"))

    html = client.get(section.url).content.decode()

    assert html.index("Training calendar") < html.index("Alumni network")
    for hidden in ("Unannounced course", "Members-only workshop", "Calendar archive"):
        assert hidden not in html


@pytest.mark.parametrize("slug", ["about-us", "contact", "privacy-notice"])
def test_standard_pages_render(client, slug):
    page = StandardPage.objects.get(slug=slug)
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_unknown_address_gives_the_friendly_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'id="main-nav"' in html


def test_draft_pages_are_not_public(client, home_page):
    draft = StandardPage(title="Unpublished plans", slug="unpublished-plans", live=False)
    home_page.add_child(instance=draft)
    assert client.get("/unpublished-plans/").status_code == 404
    assert "Unpublished plans" not in client.get("/").content.decode()


def test_pages_carry_no_inline_scripts_or_style_attributes(client):
    for url in ("/", "/capacity-building/", "/about-us/", "/search/?q=city", "/missing/"):
        html = client.get(url).content.decode()
        assert " style=" not in html
        assert "<script>" not in html
        # JSON-LD data blocks are never executed, so a strict CSP allows them.
        html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
        assert "<script " not in html.replace('<script src="/static/js/site.js" defer></script>', "")
