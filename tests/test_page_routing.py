"""A page found from its URL is read as its own type, with the rows its type names in
`page_related`, by a query compiled once per type (`pages.routing.SpecificPageQuery`): its
values are what the ORM would give (dates as dates, StreamFields decoded) on either database."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.blocks import StreamValue

from pages.models import StandardPage, StoryPage
from pages.routing import COMPILED_ROUTE_DEPTH, SpecificPageQuery
from tests.builders import make_image
from tests.builders_news import make_category, make_story

pytestmark = pytest.mark.django_db


def test_a_served_story_carries_its_typed_values_and_related_rows(client):
    category = make_category("Webinars")
    picture = make_image("Jakarta river clean-up")
    story = make_story("River towns meet", day=date(2024, 3, 5), category=category, hero_image=picture)
    story.save_revision().publish()

    response = client.get(story.url)
    page = response.context["page"]
    assert type(page) is StoryPage
    assert page.date == date(2024, 3, 5)
    assert isinstance(page.first_published_at, datetime)
    assert isinstance(page.body, StreamValue)
    with CaptureQueriesContext(connection) as queries:
        assert (page.category.name, page.hero_image.title) == ("Webinars", "Jakarta river clean-up")
    assert len(queries) == 0, "the category and the picture came with the page"
    html = response.content.decode()
    assert "River towns meet" in html and "Webinars" in html


def test_the_compiled_query_reads_any_page_of_its_type_and_refuses_a_missing_one():
    query = SpecificPageQuery(StoryPage)
    first, second = make_story("First story"), make_story("Second story")
    assert [query.get(first.pk).title, query.get(second.pk).title] == ["First story", "Second story"]
    with pytest.raises(StoryPage.DoesNotExist):
        query.get(second.pk + 10_000)


def test_pages_are_found_at_any_depth_and_made_up_paths_are_not(client):
    parent = StandardPage.objects.get(locale__language_code="en", slug="about-us")
    nested = []
    for level in range(1, COMPILED_ROUTE_DEPTH + 2):
        parent = parent.add_child(instance=StandardPage(title=f"Level {level} notes", slug=f"level-{level}"))
        nested.append(parent)

    for page in (nested[0], nested[COMPILED_ROUTE_DEPTH - 2], nested[-1]):
        response = client.get(page.url)
        assert response.status_code == 200 and page.title in response.content.decode()
    assert client.get(nested[2].url + "no-such-page/").status_code == 404
    assert client.get(nested[-1].url + "no/such/page/").status_code == 404
