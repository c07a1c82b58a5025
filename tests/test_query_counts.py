"""The number of SQL queries of a public page does not grow with its content."""

import pytest

from pages.models import SectionPage
from tests.builders import add_standard_pages, query_count

pytestmark = pytest.mark.django_db

MAX_QUERIES = {"/": 50, "/capacity-building/": 35, "/about-us/": 20}


@pytest.mark.parametrize("url", list(MAX_QUERIES))
def test_public_pages_stay_under_their_query_budget(client, url):
    assert query_count(client, url) <= MAX_QUERIES[url]


def test_section_queries_do_not_grow_with_its_children(client):
    section = SectionPage.objects.get(locale__language_code="en", slug="capacity-building")
    add_standard_pages(section, 3, prefix="Few")
    few = query_count(client, section.url)
    add_standard_pages(section, 30, prefix="Many")
    many = query_count(client, section.url)
    assert many == few


def test_home_queries_do_not_grow_with_menu_pages(client, home_page):
    few = query_count(client, "/")
    for section in SectionPage.objects.filter(locale__language_code="en"):
        add_standard_pages(section, 8, prefix=f"Sub {section.slug}", with_image=False)
    assert query_count(client, "/") == few
