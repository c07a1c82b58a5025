"""RSS 2.0 and Atom feeds of News & Events, for all stories and per category."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from pages.models import StoryCategory
from tests.builders_news import make_story
from tests.test_news import NEWS

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return [item.findtext("title") for item in root.iter("item")]


def atom_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_rss_feed_lists_all_news_newest_first(client):
    titles = rss_titles(client, f"{NEWS}feed/rss/")
    assert len(titles) == 10
    assert titles[0] == "UCLG’s Pact for the Future"
    assert titles[-1] == "Gender Responsive and Participatory Budgeting (GRPB)"


def test_atom_feed_matches_rss(client):
    assert atom_titles(client, f"{NEWS}feed/atom/") == rss_titles(client, f"{NEWS}feed/rss/")


def test_rss_items_link_to_the_stories(client):
    root = ET.fromstring(client.get(f"{NEWS}feed/rss/").content)
    first = next(root.iter("item"))
    assert first.findtext("link").endswith("/news-events/uclgs-pact-for-the-future/")
    assert "Daejeon" in first.findtext("description")
    assert first.findtext("category") == "Global-Regional Activity"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_category_feeds_hold_only_that_category(client, kind):
    read = rss_titles if kind == "rss" else atom_titles
    titles = read(client, f"{NEWS}category/call-opportunity/feed/{kind}/")
    assert set(titles) == {"Xi’an Scholarship Programme", "Greetings from Jeju Special Self-Governing Province!"}


def test_unknown_category_feed_is_not_found(client):
    assert client.get(f"{NEWS}category/no-such-thing/feed/rss/").status_code == 404


def test_new_stories_appear_in_feeds_but_drafts_do_not(client):
    category = StoryCategory.objects.get(slug="news")
    make_story("Published today", day=date(2031, 5, 5), category=category)
    make_story("Still a draft", day=date(2031, 6, 6), category=category, live=False)
    titles = rss_titles(client, f"{NEWS}category/news/feed/rss/")
    assert titles[0] == "Published today"
    assert "Still a draft" not in titles


def test_listing_advertises_its_feeds(client):
    html = client.get(NEWS).content.decode()
    assert f'type="application/rss+xml" title="News &amp; Events (RSS)" href="{NEWS}feed/rss/"' in html
    assert f'href="{NEWS}feed/atom/"' in html
    assert f'href="{NEWS}category/webinar/feed/rss/"' in html
