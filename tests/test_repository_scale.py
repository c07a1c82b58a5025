"""The repository's query count does not grow with its size; downloads count correctly
under concurrent requests."""

import threading

import pytest
from django.db import connections
from django.test import Client

from pages.repository.generator import copy_resources, generate_resources
from pages.repository.models import ResourcePage
from tests.builders import ensure_demo_site, make_document, query_count
from tests.builders_repository import make_publisher, make_resource, repository

# Every search, filter, sort and page reads what the index without filters reads.
MAX_INDEX_QUERIES = 12
MAX_API_QUERIES = 50
# A resource page, rendered afresh, like every other public page type (tests/test_query_counts.py).
MAX_RESOURCE_QUERIES = 12


@pytest.mark.django_db
def test_index_queries_are_the_same_for_10_and_1000_resources(client):
    ResourcePage.objects.all().delete()
    index = repository()
    first_ids = generate_resources(10, index, seed=7)
    first = ResourcePage.objects.get(pk=first_ids[0])
    word = first.title.split()[0].strip(":").lower()
    theme = first.themes.first().slug
    country = first.countries.first().country.code.lower()
    searched = f"{index.url}?q={word}&type={first.resource_type.slug}&theme={theme}"
    urls = [
        index.url,
        searched,
        f"{searched}&sort=newest",
        f"{searched}&sort=title",
        f"{index.url}?q=local",
        f"{index.url}?q=local&page=2",
        f"{index.url}?country={country}&year={first.publication_date.year}&sort=oldest",
    ]
    few = {url: query_count(client, url) for url in urls}
    assert first.title in client.get(searched).content.decode()
    generate_resources(990, index, seed=8)
    assert ResourcePage.objects.live().count() == 1000
    many = {url: query_count(client, url) for url in urls}
    assert 'rel="next"' in client.get(f"{index.url}?q=local").content.decode()
    assert many == few
    assert max(few.values()) <= MAX_INDEX_QUERIES
    api_few = query_count(client, f"{index.url}api/?type={first.resource_type.slug}")
    assert api_few <= MAX_API_QUERIES


@pytest.mark.django_db
def test_resource_page_queries_do_not_grow_with_related_resources(client):
    resource = make_resource("Hub resource", themes=["Scale theme"], countries=["NP"])
    make_resource("First neighbour", themes=["Scale theme"], countries=["NP"])
    few = query_count(client, resource.url)
    for number in range(8):
        make_resource(f"Neighbour {number}", themes=["Scale theme"], countries=["NP"])
    assert query_count(client, resource.url) == few


@pytest.mark.django_db
def test_a_fully_described_resource_renders_within_the_page_budget(client):
    """Its type, publisher and file are joined when it is served, not read one query each."""
    resource = make_resource(
        "Described resource",
        themes=["Budget theme"],
        countries=["NP", "ID"],
        publisher=make_publisher(),
        document=make_document("Described report"),
    )
    resource.sdgs.set([3, 11])
    resource.save_revision().publish()
    make_resource("Its neighbour", themes=["Budget theme"], countries=["NP"])

    page = client.get(resource.url).content.decode()
    assert "Test Publisher" in page and "Download PDF" in page
    assert query_count(client, resource.url) <= MAX_RESOURCE_QUERIES


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres_only(
    reason="SQLite's in-memory test database is private to one connection, so threads cannot share it"
)
def test_concurrent_downloads_are_all_counted():
    ensure_demo_site()
    resource = ResourcePage.objects.live().filter(document__isnull=False).first()
    url = f"{resource.url}download/"
    threads_count, per_thread = 8, 5
    barrier = threading.Barrier(threads_count)
    errors = []

    def download():
        try:
            barrier.wait()
            client = Client()
            for _attempt in range(per_thread):
                assert client.get(url).status_code == 302
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=download) for _number in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    resource.refresh_from_db()
    assert resource.download_count == threads_count * per_thread


@pytest.mark.django_db
@pytest.mark.postgres_only(reason="the benchmark's copies are made with PostgreSQL's unnest and INSERT … SELECT")
def test_copied_resources_are_searched_and_counted_like_their_originals(client):
    ResourcePage.objects.all().delete()
    index = repository()
    original = ResourcePage.objects.get(pk=generate_resources(3, index, seed=9)[0])
    word = original.title.split()[0].strip(":").lower()
    theme = original.themes.first().slug
    url = f"{index.url}api/?q={word}&theme={theme}"
    before = api_data(client, url)
    copy_resources(6, index)
    after = api_data(client, url)
    assert ResourcePage.objects.live().count() == 9
    assert after["count"] == 3 * before["count"] > 0
    assert [option["count"] for option in after["facets"]["theme"]] == [
        3 * option["count"] for option in before["facets"]["theme"]
    ]
    assert {item["title"] for item in after["results"]} == {item["title"] for item in before["results"]}


def api_data(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.json()
