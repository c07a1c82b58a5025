"""Searching, filtering, sorting and paging the COVID-19 repository, through HTTP."""

import datetime
import re
from collections import Counter
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest

from pages.repository.finder import COMPILED_SHAPES
from tests.builders_repository import api, live_resources, make_resource, repository
from tests.conftest import is_postgresql

pytestmark = pytest.mark.django_db


def _facet_values(resource):
    """Each facet's values of one resource, computed without the finder."""
    return {
        "type": {resource.resource_type.slug} if resource.resource_type else set(),
        "theme": {theme.slug for theme in resource.themes.all()},
        "phase": {resource.phase} if resource.phase else set(),
        "status": {resource.status},
        "country": {entry.country.code.lower() for entry in resource.countries.all()},
        "region": {entry.subregion for entry in resource.countries.all() if entry.subregion},
        "year": {str(resource.publication_date.year)},
        "language": {language.code for language in resource.languages.all()},
        "publisher": {resource.publisher.slug} if resource.publisher else set(),
        "sdg": {str(goal.number) for goal in resource.sdgs.all()},
    }


def _expected(selected, except_param=None, among=None):
    """The resources matching `selected` (AND across facets, OR within one), of those whose
    ids are in `among` when it is given (the resources a search found)."""
    matching = []
    for resource in live_resources():
        if among is not None and resource.pk not in among:
            continue
        values = _facet_values(resource)
        if all(values[param] & set(wanted) for param, wanted in selected.items() if param != except_param):
            matching.append((resource, values))
    return matching


def _expected_counts(selected, param, among=None):
    counter = Counter()
    for _resource, values in _expected(selected, except_param=param, among=among):
        counter.update(values[param])
    return dict(counter)


def _api_counts(data, param):
    return {option["value"]: option["count"] for option in data["facets"][param]}


FACETS = ["type", "theme", "phase", "status", "country", "region", "year", "language", "publisher", "sdg"]


def test_demo_resources_give_every_facet_values(client):
    make_resource("Placed resource", countries=["ID", "PH"])
    data = api(client)
    for param in FACETS:
        assert data["facets"][param], f"facet {param} has no values"


@pytest.mark.parametrize("param", FACETS)
def test_each_facet_alone_filters_and_counts_like_the_data(client, param):
    make_resource("Placed resource", countries=["ID", "VN"])
    unfiltered = api(client)
    assert _api_counts(unfiltered, param) == _expected_counts({}, param)
    value = unfiltered["facets"][param][0]["value"]
    data = api(client, f"{param}={value}")
    assert data["count"] == len(_expected({param: [value]})) == unfiltered["facets"][param][0]["count"]
    # The facet's own counts ignore its selection, so other values stay visible with counts.
    assert _api_counts(data, param) == _api_counts(unfiltered, param)
    for other in FACETS:
        if other != param:
            assert _api_counts(data, other) == _expected_counts({param: [value]}, other)


def test_facets_combine_with_or_within_and_and_across(client):
    types = api(client)["facets"]["type"]
    two_types = [types[0]["value"], types[1]["value"]]
    theme = api(client, f"type={two_types[0]}&type={two_types[1]}")["facets"]["theme"][0]["value"]
    query = f"type={two_types[0]}&type={two_types[1]}&theme={theme}"
    data = api(client, query)
    selected = {"type": two_types, "theme": [theme]}
    expected = _expected(selected)
    assert data["count"] == len(expected) > 0
    assert {item["id"] for item in data["results"]} <= {resource.pk for resource, _values in expected}
    for param in FACETS:
        assert _api_counts(data, param) == _expected_counts(selected, param)
    only_first_type = api(client, f"type={two_types[0]}&theme={theme}")["count"]
    assert only_first_type < data["count"] or len(_expected({"type": [two_types[1]], "theme": [theme]})) == 0


def test_facet_counts_are_right_under_a_search_and_combined_filters(client):
    word = "quokkaville"
    make_resource("Markets", summary=f"{word} markets.", themes=["Alpha"], countries=["ID", "VN"])
    make_resource("Transport", summary=f"{word} buses.", themes=["Alpha", "Beta"], countries=["ID"])
    make_resource("Water", summary=f"{word} pumps.", type_name="Policy brief", themes=["Beta"], countries=["TH"])
    make_resource("Kitchens", summary="Not found by the search.", themes=["Alpha"], countries=["ID"])
    found = {resource.pk for resource in live_resources() if word in resource.summary}
    selected = {"type": ["report"], "theme": ["alpha"], "country": ["id"]}
    data = api(client, f"q={word}&type=report&theme=alpha&country=id")
    assert data["count"] == len(_expected(selected, among=found)) == 2
    assert {item["title"] for item in data["results"]} == {"Markets", "Transport"}
    for param in FACETS:
        assert _api_counts(data, param) == _expected_counts(selected, param, among=found), param
    # Each facet counts with the other filters but not its own; a resource in two countries
    # of one sub-region counts once there.
    assert _api_counts(data, "theme") == {"alpha": 2, "beta": 1}
    assert _api_counts(data, "country") == {"id": 2, "vn": 1}
    assert _api_counts(data, "region") == {"035": 2}


@pytest.mark.parametrize(
    "selected",
    [
        {"theme": ["alpha", "beta"]},
        {"theme": ["alpha", "beta"], "country": ["id", "vn"]},
        {"type": ["report"], "theme": ["alpha", "beta"], "sdg": ["3", "11"]},
    ],
)
def test_a_resource_with_several_of_the_chosen_values_counts_once(client, selected):
    both = make_resource("Both themes", themes=["Alpha", "Beta"], countries=["ID", "VN"])
    both.sdgs.set([3, 11])
    both.save_revision().publish()
    make_resource("One theme", themes=["Beta"], countries=["VN"])
    query = "&".join(f"{param}={value}" for param, values in selected.items() for value in values)
    data = api(client, query)
    assert data["count"] == len(_expected(selected))
    assert [item["title"] for item in data["results"]].count("Both themes") == 1
    for param in FACETS:
        assert _api_counts(data, param) == _expected_counts(selected, param), param


def test_searches_and_filters_of_one_shape_each_find_their_own_resources(client):
    """The finder's SQL is compiled once per shape (which facets, how many values, a search
    or not) and run with each request's values: two requests of one shape must not share
    results."""
    make_resource("Wombat markets", summary="Wombatland stalls.", themes=["Alpha"], countries=["ID"])
    make_resource("Wombat ferries", summary="Wombatland boats.", themes=["Beta"], countries=["VN"])
    make_resource(
        "Numbat clinics", summary="Numbatland care.", themes=["Beta"], countries=["TH"],
        publication_date=datetime.date(2020, 3, 1),
    )  # fmt: skip

    def titles(query):
        return sorted(item["title"] for item in api(client, query)["results"])

    compiled = len(COMPILED_SHAPES.entries)
    assert titles("theme=alpha&country=id") == ["Wombat markets"]
    shapes = len(COMPILED_SHAPES.entries)
    assert shapes > compiled
    assert titles("theme=beta&country=vn") == ["Wombat ferries"]
    assert titles("theme=beta&country=th") == ["Numbat clinics"]
    assert len(COMPILED_SHAPES.entries) == shapes  # the same shape: compiled once
    assert titles("q=wombatland&theme=beta&country=vn") == ["Wombat ferries"]
    assert titles("q=numbatland&theme=beta&country=th") == ["Numbat clinics"]
    assert titles("q=numbatland&theme=alpha&country=id") == []
    assert titles("q=wombatland&year=2020") == []
    assert titles("q=numbatland&year=2020") == ["Numbat clinics"]
    assert titles("q=wombatland&year=2021&sort=title") == ["Wombat ferries", "Wombat markets"]


def test_the_page_shows_the_count_facets_and_results_of_the_api(client):
    query = "q=health&theme=public-health-health-systems&sort=newest"
    data = api(client, query)
    response = client.get(f"{repository().url}?{query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{data['count']} resources" in html
    titles = re.findall(r'class="card__link" href="[^"]+">([^<]+)</a>', html)
    assert [unescape(title) for title in titles] == [item["title"] for item in data["results"]]
    for option in data["facets"]["type"]:
        assert f'value="{option["value"]}"' in html
        assert f"({option['count']})" in html


def test_search_finds_words_in_title_summary_body_publisher_and_pdf_text(client):
    make_resource("Quarantine logistics", summary="Okonomiyaki stalls reopened.", body="<p>Zebrafish tanks.</p>")
    assert api(client, "q=okonomiyaki")["count"] == 1
    assert api(client, "q=zebrafish")["count"] == 1
    assert api(client, "q=quarantine+logistics")["results"][0]["title"] == "Quarantine logistics"
    assert api(client, "q=World+Health+Organization")["count"] >= 1  # publisher name only
    assert api(client, "q=demonstration")["count"] >= 1  # only in the text of the demo PDFs


def test_a_title_match_outranks_a_body_match(client):
    body_match = make_resource("Market reopening", body="<p>Notes on the marzipanology of lockdowns.</p>")
    title_match = make_resource("Marzipanology for cities")
    ids = [item["id"] for item in api(client, "q=marzipanology")["results"]]
    # SQLite's backend guarantees that both are found; PostgreSQL's also weighs the fields.
    assert set(ids) == {body_match.pk, title_match.pk}
    if is_postgresql():
        assert ids == [title_match.pk, body_match.pk]


@pytest.mark.postgres_only(reason="only PostgreSQL weighs summary above body")
def test_relevance_weighs_title_over_summary_over_body(client):
    in_body = make_resource("Alpha", body="<p>Quokkanomics explained.</p>")
    in_summary = make_resource("Beta", summary="Quokkanomics for mayors.")
    in_title = make_resource("Quokkanomics today")
    ids = [item["id"] for item in api(client, "q=quokkanomics")["results"]]
    assert ids == [in_title.pk, in_summary.pk, in_body.pk]


def test_sort_orders(client):
    newest = [item["publication_date"] for item in api(client, "sort=newest&per_page=100")["results"]]
    assert newest == sorted(newest, reverse=True)
    oldest = [item["publication_date"] for item in api(client, "sort=oldest&per_page=100")["results"]]
    assert oldest == sorted(oldest)
    titles = [item["title"] for item in api(client, "sort=title&per_page=100")["results"]]
    assert titles == sorted(titles, key=lambda title: title)
    assert api(client)["sort"] == "newest"
    assert api(client, "q=covid")["sort"] == "relevance"
    assert api(client, "sort=relevance")["sort"] == "newest"  # nothing to rank without a search


def test_pagination_edges(client):
    total = api(client)["count"]
    pages = -(-total // 20)
    url = repository().url
    first = client.get(url)
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' not in first.content.decode()
    for bad in ("abc", "0", "-1", "1.5", "99999", "%00"):
        response = client.get(f"{url}?page={bad}")
        assert response.status_code == 200
    last = client.get(f"{url}?page={pages}").content.decode()
    assert f"Page {pages} of {pages}" in last and 'rel="next"' not in last
    assert f"Page {pages} of {pages}" in client.get(f"{url}?page=99999").content.decode()
    data = api(client, f"page={pages}")
    assert len(data["results"]) == total - 20 * (pages - 1) and data["next"] is None


@pytest.mark.parametrize(
    "query",
    [
        "type=no-such-type",
        "theme=%3Cscript%3E",
        "year=abc&year=1850&sdg=99&sdg=0&country=zz&country=abc&region=1",
        "sort=bogus&page=abc",
        "q=" + "x" * 10_000,
        "q=%00",
        "q=%22unbalanced+(quote+OR+*&q=second",
        "q=AND+OR+NOT",
        "q=%E2%80%94%F0%9F%98%80",
        "&".join(f"type=t{number}" for number in range(500)),
        "per_page=abc&page=-5",
    ],
)
def test_bad_parameters_give_a_normal_page(client, query):
    url = repository().url
    assert client.get(f"{url}?{query}").status_code == 200
    assert client.get(f"{url}api/?{query}").status_code == 200
    assert client.get(f"{url}export/csv/?{query}").status_code == 200


def test_unknown_facet_value_finds_nothing_and_says_so(client):
    response = client.get(f"{repository().url}?type=no-such-type&q=health")
    html = response.content.decode()
    assert "0 resources" in html
    assert "No resources match" in html and "clear all filters" in html


def _chip_links(html):
    return [unescape(link) for link in re.findall(r'<a class="chip" href="([^"]+)"', html)]


def test_each_chip_removes_exactly_one_filter(client):
    data = api(client)
    type_value = data["facets"]["type"][0]["value"]
    theme_value = data["facets"]["theme"][0]["value"]
    query = f"q=health&type={type_value}&theme={theme_value}&year=2020&sort=newest"
    html = client.get(f"{repository().url}?{query}").content.decode()
    current = Counter(parse_qsl(query))
    links = _chip_links(html)
    assert len(links) == 4
    for link in links:
        remaining = Counter(parse_qsl(urlsplit(link).query))
        removed = current - remaining
        assert sum(removed.values()) == 1 and not (remaining - current)
        assert client.get(f"{repository().url}{link}").status_code == 200
    clear_all = re.search(r'class="chip chip--clear" href="([^"]+)"', html).group(1)
    assert dict(parse_qsl(urlsplit(unescape(clear_all)).query)) == {"q": "health", "sort": "newest"}


def test_filters_work_as_plain_get_links_without_javascript(client):
    html = client.get(repository().url).content.decode()
    assert 'method="get"' in html and 'type="checkbox"' in html and "Apply filters" in html
    assert "<script>" not in html and "style=" not in html


def test_anonymous_index_is_cacheable(client):
    response = client.get(f"{repository().url}?q=health&type=report")
    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
