"""A public page rendered afresh (page cache off) reads at most a dozen queries, the same
number with 10 items of content as with 1,000; from the page cache it reads nothing but the
cache."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from members.models import MembershipPage
from newsletters.models import NewsletterIndexPage, VolumePage
from pages.models import EventPage, NewsIndexPage, SectionPage, StandardPage, StoryPage
from programmes.models import ProgrammeIndexPage, ProgrammePage
from tests.builders import add_standard_pages, make_image
from tests.builders_news import bulk_pages, bulk_stories, make_category

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12
# The join form cannot be cached (its CSRF token), so every visit is a full render.
MAX_JOIN_PAGE_QUERIES = 10


def first_live(model):
    return model.objects.live().order_by("path").first().url


PAGE_TYPES = {
    "home": lambda: "/",
    "section": lambda: SectionPage.objects.get(locale__language_code="en", slug="capacity-building").url,
    "standard": lambda: first_live(StandardPage),
    "news index": lambda: first_live(NewsIndexPage),
    "story": lambda: first_live(StoryPage),
    "event": lambda: first_live(EventPage),
    "programmes index": lambda: first_live(ProgrammeIndexPage),
    "programme": lambda: first_live(ProgrammePage),
    "volumes index": lambda: first_live(NewsletterIndexPage),
    "volume": lambda: first_live(VolumePage),
    "join page": lambda: first_live(MembershipPage),
    "search": lambda: "/search/?q=city",
}


def add_content(count, prefix):
    """`count` stories (in the capacity-building section, with a category and an image),
    programmes, volumes and standard pages of the section, in a few statements each."""
    image = make_image(f"{prefix} image")
    section = SectionPage.objects.get(locale__language_code="en", slug="capacity-building")
    stories = bulk_stories(count, prefix=f"{prefix} story", category=make_category(), image=image)
    StoryPage.sections.through.objects.bulk_create(
        [StoryPage.sections.through(storypage_id=story.pk, sectionpage_id=section.pk) for story in stories]
    )
    bulk_pages(
        ProgrammeIndexPage.objects.get(),
        ProgrammePage,
        [
            {
                "title": f"{prefix} programme {number}",
                "slug": f"{prefix.lower()}-programme-{number}",
                "summary": "A programme.",
                "status": "ongoing",
                "start_date": date(2016, 1, 1) + timedelta(days=number),
                "listing_image": image,
                "body": [],
            }
            for number in range(count)
        ],
    )
    first_number = (
        VolumePage.objects.order_by("-volume_number").values_list("volume_number", flat=True).first() or 0
    ) + 1
    bulk_pages(
        NewsletterIndexPage.objects.get(),
        VolumePage,
        [
            {
                "title": f"{prefix} volume {number}",
                "slug": f"{prefix.lower()}-volume-{number}",
                "volume_number": first_number + number,
                "issue_date": date(2000, 1, 1) + timedelta(days=number),
                "cover_image": image,
                "body": [],
            }
            for number in range(count)
        ],
    )
    bulk_pages(
        section,
        StandardPage,
        [
            {"title": f"{prefix} page {number}", "slug": f"{prefix.lower()}-page-{number}", "listing_image": image}
            for number in range(count)
        ],
    )


def database_queries(client, url):
    """The SQL of a second GET of `url` (the first fills per-process caches), leaving out the
    page cache's own reads of its version: without Redis the tests keep it in a table."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries if "django_cache" not in query["sql"]]


def query_count(client, url):
    return len(database_queries(client, url))


def budget(page_type):
    return MAX_JOIN_PAGE_QUERIES if page_type == "join page" else MAX_QUERIES


# Queued work waits in the database queue as in production (a search queues the count of
# its hit: one INSERT), instead of running inside the request as the tests' default does.
@pytest.mark.usefixtures("database_queue")
@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_a_fresh_render_stays_in_budget_with_10_and_with_1000_items(client, page_type):
    add_content(10, "Few")
    few = database_queries(client, PAGE_TYPES[page_type]())
    add_content(990, "Many")
    many = query_count(client, PAGE_TYPES[page_type]())
    assert len(few) <= budget(page_type), "\n".join(few)
    # A listing may hold one page type fewer (no event among the latest items): one query less.
    assert many <= len(few)


@pytest.mark.usefixtures("page_cache_on")
@pytest.mark.parametrize("page_type", [name for name in PAGE_TYPES if name != "join page"])
def test_a_page_from_the_page_cache_reads_no_query(client, page_type):
    assert_served_from_the_page_cache(client, PAGE_TYPES[page_type]())


def assert_served_from_the_page_cache(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert [query["sql"] for query in queries if "django_cache" not in query["sql"]] == []


def test_home_queries_do_not_grow_with_menu_pages(client):
    few = query_count(client, "/")
    for section in SectionPage.objects.filter(locale__language_code="en"):
        add_standard_pages(section, 8, prefix=f"Sub {section.slug}", with_image=False)
    assert query_count(client, "/") == few


def _translation_url(english, language):
    return english.get_translation(Locale.objects.get(language_code=language)).url


# The page types the demo site translates, under each language's prefix.
TRANSLATED_PAGE_TYPES = {
    "home": lambda language: f"/{language}/",
    "section": lambda language: _translation_url(
        SectionPage.objects.get(locale__language_code="en", slug="capacity-building"), language
    ),
    "story": lambda language: _translation_url(
        StoryPage.objects.get(locale__language_code="en", slug="cop26-highlight"), language
    ),
    "news index": lambda language: _translation_url(NewsIndexPage.objects.get(locale__language_code="en"), language),
}
OTHER_LANGUAGES = ["id", "zh-hans", "ko"]


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
@pytest.mark.parametrize("page_type", list(TRANSLATED_PAGE_TYPES))
def test_a_translated_page_keeps_the_english_budget_with_10_and_with_1000_items(client, page_type, language):
    url = TRANSLATED_PAGE_TYPES[page_type](language)
    assert url.startswith(f"/{language}/")
    add_content(10, "Few")
    few = database_queries(client, url)
    add_content(990, "Many")
    # The home page in each language is read once per version, like the English one.
    assert len(few) <= budget(page_type), "\n".join(few)
    assert query_count(client, url) <= len(few)


@pytest.mark.usefixtures("page_cache_on")
@pytest.mark.parametrize("language", OTHER_LANGUAGES)
@pytest.mark.parametrize("page_type", list(TRANSLATED_PAGE_TYPES))
def test_a_translated_page_from_the_page_cache_reads_no_query(client, page_type, language):
    assert_served_from_the_page_cache(client, TRANSLATED_PAGE_TYPES[page_type](language))
