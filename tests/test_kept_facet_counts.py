"""The repository's unfiltered facet counts are counted once per content version (on the
worker, which runs queued tasks at once in the tests) and read while no change was made
since; a search matching most resources is counted as those counts less the counts of the
resources it does not match. Either way a visitor sees what counting the matches gives."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.repository.models import ResourcePage, StoredFacetCounts
from tests.builders_repository import api, make_resource, repository

pytestmark = pytest.mark.django_db


def _counting_queries(queries):
    return [query["sql"] for query in queries.captured_queries if query["sql"].startswith("WITH matching")]


def _api_with_queries(client, query=""):
    with CaptureQueriesContext(connection) as queries:
        data = api(client, query)
    return data, _counting_queries(queries)


def test_the_unfiltered_index_reads_its_kept_counts_until_a_change(client):
    make_resource("Kept counts report", type_name="Report", countries=["ID"])
    first, _counted = _api_with_queries(client)
    assert StoredFacetCounts.objects.filter(language="en").exists()
    again, counted = _api_with_queries(client)
    assert counted == []
    assert again == first

    make_resource("Kept counts toolkit", type_name="Toolkit", countries=["ID"])
    after, counted = _api_with_queries(client)
    assert counted, "counts kept before a publish were read after it"
    assert after["count"] == first["count"] + 1
    types = {option["value"]: option["count"] for option in after["facets"]["type"]}
    assert (
        types["toolkit"]
        == {option["value"]: option["count"] for option in first["facets"]["type"]}.get("toolkit", 0) + 1
    )


def test_an_unpublished_resource_leaves_the_counts_at_once(client):
    resource = make_resource("Soon withdrawn", type_name="Withdrawn type")
    api(client)
    kept, counted = _api_with_queries(client)
    assert counted == []
    assert "withdrawn-type" in {option["value"] for option in kept["facets"]["type"]}

    ResourcePage.objects.get(pk=resource.pk).unpublish()
    after, _counted = _api_with_queries(client)
    assert after["count"] == kept["count"] - 1
    assert "withdrawn-type" not in {option["value"] for option in after["facets"]["type"]}


def test_counts_are_kept_for_each_language_with_its_labels(client):
    chinese_api = "/zh-hans" + repository().url + "api/"
    english = api(client)
    chinese = client.get(chinese_api).json()
    assert set(StoredFacetCounts.objects.values_list("language", flat=True)) == {"en", "zh-hans"}
    with CaptureQueriesContext(connection) as queries:
        kept_chinese = client.get(chinese_api).json()
    assert _counting_queries(queries) == []
    assert kept_chinese == chinese
    assert {option["value"]: option["label"] for option in kept_chinese["facets"]["type"]}["report"] == "报告"
    assert api(client) == english


def test_a_release_never_reads_counts_kept_before_it(client):
    make_resource("Counted before the release", type_name="Report")
    before = api(client)
    assert StoredFacetCounts.objects.exists()

    call_command("migrate", verbosity=0)

    assert not StoredFacetCounts.objects.exists()
    after, counted = _api_with_queries(client)
    assert counted, "the counts were not counted afresh"
    assert after == before


@pytest.mark.postgres_only(reason="the resources' stored vectors, which a broad search is counted on, are PostgreSQL's")
def test_a_search_matching_most_resources_counts_like_counting_its_matches(client):
    types, themes, countries = ["Report", "Toolkit", "Video"], ["Health", "Finance"], ["ID", "PH", "VN"]
    for number in range(40):
        make_resource(
            f"Neighbourhood resilience case {number}",
            type_name=types[number % 3],
            themes=[themes[number % 2]],
            countries=[countries[number % 3]],
        )
    # Resources the search does not match, one with a type no match has.
    make_resource("Unrelated podcast", type_name="Podcast", themes=["Health"], countries=["ID"])
    make_resource("Another unrelated note", type_name="Report", countries=["PH"])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE repository_resourcesearchvector")

    # The first search queues the unfiltered counts (run at once here) and counts its matches.
    counted, _queries = _api_with_queries(client, "q=resilience")
    assert StoredFacetCounts.objects.exists()
    subtracted, queries = _api_with_queries(client, "q=resilience")
    assert any("NOT EXISTS" in sql for sql in queries), "the search was not counted from the kept counts"
    assert subtracted == counted
    assert subtracted["count"] >= 40
    assert "podcast" not in {option["value"] for option in subtracted["facets"]["type"]}
    assert {option["value"] for option in subtracted["facets"]["country"]} >= {"id", "ph", "vn"}
