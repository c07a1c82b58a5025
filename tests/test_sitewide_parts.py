"""The header, menu and footer are rendered once per process after each change and reused on
every page (`{% sitewide %}`, `main_nav`): each page still marks its own place in the menu, a
change of settings or menu shows at once, and a request for an unknown host gets its 400 page
without its name being kept. Under a story, the previous, next and related items come from one
query (`pages.news.neighbours`)."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from pages.models import SectionPage, SiteSettings, StandardPage, StoryPage
from pages.request_version import _memo
from tests.builders_news import make_category, make_story

pytestmark = pytest.mark.django_db


def _menu(html):
    start = html.index('id="main-nav"')
    return html[start : html.index("</nav>", start)]


def _current_links(html):
    """(href, aria-current) of the menu links marked current."""
    return re.findall(r'<a class="main-nav__(?:sub)?link" href="([^"]+)" aria-current="([^"]+)"', _menu(html))


def test_each_page_marks_its_own_place_in_a_menu_rendered_once(client):
    capacity = SectionPage.objects.get(locale__language_code="en", slug="capacity-building")
    policy = SectionPage.objects.get(locale__language_code="en", slug="policy-research")
    child = StandardPage(title="Training calendar", slug="training-calendar", show_in_menus=True)
    capacity.add_child(instance=child)

    assert _current_links(client.get(capacity.url).content.decode()) == [(capacity.url, "page")]
    assert _current_links(client.get(policy.url).content.decode()) == [(policy.url, "page")]
    assert _current_links(client.get(child.url).content.decode()) == [(capacity.url, "true"), (child.url, "page")]
    assert _current_links(client.get("/news-events/cop26-highlight/").content.decode()) == []
    assert _current_links(client.get(capacity.url).content.decode()) == [(capacity.url, "page")]
    kinds = {key[0] for key in _memo["values"] if isinstance(key, tuple)}
    assert {"main-menu-html", "sitewide"} <= kinds, "the menu, header and footer are kept between requests"


def test_a_settings_change_shows_in_the_header_and_footer_at_once(client):
    assert "UCLG ASPAC" in client.get("/about-us/").content.decode()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_short_name = "ASPAC Cities"
    settings.organisation_name = "Association of Asia-Pacific Cities"
    settings.save()

    html = client.get("/about-us/").content.decode()
    header = html[html.index('class="site-header"') : html.index('id="main-nav"')]
    footer = html[html.index('class="site-footer"') :]
    assert '<span class="site-header__name">ASPAC Cities</span>' in header
    assert "Association of Asia-Pacific Cities" in footer


def test_a_page_hidden_from_menus_leaves_the_menu_at_once(client):
    policy = SectionPage.objects.get(locale__language_code="en", slug="policy-research")
    assert policy.url in _menu(client.get("/about-us/").content.decode())
    policy.show_in_menus = False
    policy.save_revision().publish()
    assert policy.url not in _menu(client.get("/about-us/").content.decode())


def test_the_footer_names_this_year(client):
    html = client.get("/").content.decode()
    assert f"© {timezone.localdate().year} " in html


def test_an_unknown_host_gets_the_400_page_and_is_not_kept(client):
    response = client.get("/about-us/", HTTP_HOST="unknown.example")
    assert response.status_code == 400
    assert 'class="site-footer"' in response.content.decode()
    assert not [key for key in _memo["values"] if "unknown.example" in map(str, key)]


def _pager_and_related(client, story):
    html = client.get(story.url).content.decode()
    pager = {rel: href for href, rel in re.findall(r'<a href="([^"]+)" rel="(prev|next)"', html)}
    related = html.split('id="related-heading"')[1] if 'id="related-heading"' in html else ""
    return pager, related


def test_the_pager_and_related_items_skip_private_and_unpublished_siblings(client):
    water = make_category("Water")
    older = make_story("Older water story", day=date(2030, 1, 1), category=water)
    hidden = make_story("Hidden water story", day=date(2030, 1, 2), category=water)
    draft = make_story("Draft water story", day=date(2030, 1, 3), category=water, live=False)
    middle = make_story("Middle water story", day=date(2030, 1, 4), category=water)
    newer = make_story("Newer story", day=date(2030, 1, 5))
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)

    pager, related = _pager_and_related(client, middle)
    assert pager == {"prev": older.url, "next": newer.url}
    assert older.title in related
    assert hidden.title not in related and draft.title not in related and newer.title not in related


def test_related_items_are_the_newest_sharing_a_tag(client):
    story = make_story("Flood story", day=date(2031, 3, 1), tags=["floods"])
    make_story("Untagged story", day=date(2031, 3, 2))
    tagged = [
        make_story(f"Flood story {number}", day=date(2031, 2, number), tags=["floods"]) for number in (1, 2, 3, 4)
    ]

    _pager, related = _pager_and_related(client, story)
    shown = [title.strip() for title in re.findall(r'class="card__link" href="[^"]*">([^<]*)</a>', related)]
    assert shown == [tagged[3].title, tagged[2].title, tagged[1].title]


def test_a_story_reads_one_query_for_its_neighbours(client):
    story = StoryPage.objects.live().get(slug="cop26-highlight", locale__language_code="en")
    client.get(story.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(story.url)
    neighbour_reads = [query for query in queries if "siblings" in query["sql"]]
    assert len(neighbour_reads) == 1
