"""A section behind a view restriction leaves every menu and listing at once, and comes back
when the restriction is removed; listings read the restrictions once per request, not once
per list."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from pages.models import SectionPage, StoryPage

pytestmark = pytest.mark.django_db


def _restrict(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="members-only"
    )


def _main_navigation(client, url="/about-us/"):
    html = client.get(url).content.decode()
    return html[html.index('id="main-nav"') : html.index("</nav>", html.index('id="main-nav"'))]


def test_a_private_section_leaves_the_navigation_and_comes_back(client):
    section = SectionPage.objects.get(locale__language_code="en", slug="capacity-building")
    assert section.url in _main_navigation(client)

    restriction = _restrict(section)
    assert section.url not in _main_navigation(client)

    restriction.delete()
    assert section.url in _main_navigation(client)


def test_a_private_story_leaves_the_news_listing_and_comes_back(client):
    story = StoryPage.objects.live().filter(locale__language_code="en").order_by("-date").first()
    assert story.title in client.get("/news-events/").content.decode()

    restriction = _restrict(story)
    assert story.title not in client.get("/news-events/").content.decode()
    assert client.get(story.url).status_code == 200  # the password form, not the story
    assert story.teaser not in client.get(story.url).content.decode()

    restriction.delete()
    assert story.title in client.get("/news-events/").content.decode()


@pytest.mark.parametrize("url", ["/", "/news-events/", "/covid-19-repository/", "/programmes-projects/"])
def test_a_page_reads_the_view_restrictions_at_most_twice(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    reads = [query for query in queries if "wagtailcore_pageviewrestriction" in query["sql"]]
    # Wagtail's own check of the served page, and at most one read for all the listings.
    assert len(reads) <= 2


@pytest.mark.parametrize(
    "model",
    [
        "pages.StoryPage",
        "pages.EventPage",
        "programmes.ProgrammePage",
        "repository.ResourcePage",
        "newsletters.VolumePage",
    ],
)
def test_a_private_page_leaves_the_home_page_blocks_and_comes_back(client, model):
    def links_on_home():
        return client.get("/").content.decode()

    shown = [page for page in apps.get_model(model).objects.live() if f'href="{page.url}"' in links_on_home()]
    assert shown, f"the demo home page shows no {model}"
    page = shown[0]

    restriction = _restrict(page)
    assert f'href="{page.url}"' not in links_on_home()

    restriction.delete()
    assert f'href="{page.url}"' in links_on_home()


def test_a_private_story_leaves_its_sections_latest_stories(client):
    story = StoryPage.objects.live().filter(locale__language_code="en", sections__isnull=False).first()
    section = story.sections.first()
    assert f'href="{story.url}"' in client.get(section.url).content.decode()

    restriction = _restrict(story)
    assert f'href="{story.url}"' not in client.get(section.url).content.decode()

    restriction.delete()
    assert f'href="{story.url}"' in client.get(section.url).content.decode()
