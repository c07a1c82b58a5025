"""The public member directory: grouped by country with counts, filters, constant queries."""

import pytest

from members.models import Member, MembershipCategory
from pages.demo.media import placeholder_image
from tests.builders import query_count

pytestmark = pytest.mark.django_db

DIRECTORY = "/be-a-member/members/"


def _add_members(count, prefix):
    categories = list(MembershipCategory.objects.all())
    logo = placeholder_image("Directory test logo", 120, 120)
    Member.objects.bulk_create(
        Member(
            organisation_name=f"{prefix} {number}",
            country=["ID", "PH", "VN", "TH", "JP"][number % 5],
            city=f"City {number}",
            category=categories[number % len(categories)],
            logo=logo if number % 2 else None,
            joined_year=2000 + number % 20,
        )
        for number in range(count)
    )


def test_members_are_grouped_by_country_with_a_count(client):
    html = client.get(DIRECTORY).content.decode()
    indonesia = html.index('id="country-ID"')
    korea = html.index('id="country-KR"')
    assert indonesia < korea  # Indonesia before South Korea, by name
    assert "3 members" in html[indonesia:korea]
    assert html.index("Jakarta Capital City Government") > indonesia
    assert "11 members in 7 countries and territories" in html


def test_the_directory_filters_by_category_and_country(client):
    association = MembershipCategory.objects.get(name__startswith="Local government association")
    html = client.get(DIRECTORY, {"category": association.pk}).content.decode()
    assert "Association of Indonesian Municipalities" in html
    assert "League of Cities of the Philippines" in html
    assert "Seoul Metropolitan Government" not in html
    html = client.get(DIRECTORY, {"country": "KR"}).content.decode()
    assert "Seoul Metropolitan Government" in html
    assert "Jakarta Capital City Government" not in html
    assert "2 members in 1 countries and territories" in html


@pytest.mark.parametrize("query", [{"country": "FR"}, {"category": "999999"}, {"category": "abc"}, {"page": "x"}])
def test_invalid_filters_give_an_empty_or_first_page_never_an_error(client, query):
    response = client.get(DIRECTORY, query)
    assert response.status_code == 200


def test_an_invalid_filter_shows_no_members(client):
    html = client.get(DIRECTORY, {"country": "FR"}).content.decode()
    assert "No members match these filters." in html


def test_directory_queries_do_not_grow_with_members(client):
    few = query_count(client, DIRECTORY)
    _add_members(300, "Kota")
    many = query_count(client, DIRECTORY)
    assert many == few
    assert many <= 30


def test_the_membership_page_has_a_query_budget(client):
    few = query_count(client, "/be-a-member/")
    _add_members(50, "Kabupaten")
    assert query_count(client, "/be-a-member/") == few
    assert few <= 30


def test_long_directories_are_paginated(client):
    _add_members(150, "Municipality")
    html = client.get(DIRECTORY).content.decode()
    assert "Page 1 of 3" in html
    assert client.get(DIRECTORY, {"page": "3"}).status_code == 200


def test_a_member_added_by_staff_shows_in_the_cached_directory_at_once(client, page_cache_on):
    assert client.get(DIRECTORY).headers["X-Page-Cache"] == "miss"
    assert client.get(DIRECTORY).headers["X-Page-Cache"] == "hit"
    category = MembershipCategory.objects.first()
    Member.objects.create(organisation_name="Kota Balikpapan", country="ID", city="Balikpapan", category=category)
    assert "Kota Balikpapan" in client.get(DIRECTORY).content.decode()
