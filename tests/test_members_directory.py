"""The public member directory: grouped by country with counts, filters, constant queries."""

import re
from html import unescape

import pytest

from members.countries import country_choices
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


def test_both_filters_together_exclude_members_matching_only_one(client):
    association = MembershipCategory.objects.get(name__startswith="Local government association")
    html = client.get(DIRECTORY, {"category": association.pk, "country": "ID"}).content.decode()
    assert "Association of Indonesian Municipalities" in html
    assert "League of Cities of the Philippines" not in html  # the category, another country
    assert "Jakarta Capital City Government" not in html  # the country, another category
    assert "1 member in 1 countries and territories" in html


def test_pages_follow_the_country_then_name_order_without_repeating_a_member(client):
    _add_members(130, "Municipality")
    pages = [client.get(DIRECTORY, {"page": number}).content.decode() for number in (1, 2, 3)]
    listed = r'member-directory__name">(?:<a [^>]*>)?([^<]+)<'
    names = [unescape(name) for html in pages for name in re.findall(listed, html)]
    assert len(names) == len(set(names)) == Member.objects.count()
    countries = dict(Member.objects.values_list("organisation_name", "country"))
    order = [code for code, _name in country_choices()]
    places = [(order.index(countries[name]), name) for name in names]
    assert [place for place, _name in places] == sorted(place for place, _name in places)


def test_logos_show_their_rendition_whatever_the_number_of_members(client):
    _add_members(7, "Kota")
    html = client.get(DIRECTORY, {"country": "TH"}).content.decode()
    assert html.count('class="member-directory__logo"') == 1  # Kota 3, the one member there
    logo = re.search(r'<img [^>]*class="member-directory__logo"[^>]*>', html).group()
    assert re.search(r'src="[^"]*fill-96x96[^"]*"', logo)
