"""The repository's CSV export cannot be used to tie up workers or fill the cache: it is
streamed in chunks, limited per client address, and never stored in the page cache."""

import csv
import io
import time
import uuid

import pytest
from django.db import connection

from pages.repository.generator import generate_resources
from pages.repository.models import ResourcePage
from tests.builders_repository import repository

pytestmark = pytest.mark.django_db


def _rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def _cache_entries():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_cache")
        return cursor.fetchone()[0]


def test_a_large_export_is_streamed_row_by_row(client):
    index = repository()
    generate_resources(1200, index, seed=11)
    started = time.monotonic()
    response = client.get(f"{index.url}export/csv/")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="covid-19-resources.csv"'
    assert "no-store" in response["Cache-Control"]
    rows = _rows(response)
    print(f"{len(rows) - 1} rows in {time.monotonic() - started:.2f} s")
    assert rows[0][0] == "title"
    assert len(rows) - 1 == ResourcePage.objects.live().count() >= 1200
    titles = {row[0] for row in rows[1:]}
    assert len(titles) > 1000  # every row is its own resource, none repeated from a chunk


def test_an_export_by_search_relevance_is_streamed_too(client):
    index = repository()
    response = client.get(f"{index.url}export/csv/?q=city&sort=relevance")
    assert response.streaming
    assert len(_rows(response)) > 1


def test_exports_are_limited_per_client_in_the_site_layout(client, settings):
    settings.EXPORT_RATE_LIMIT = "3/m"
    url = f"{repository().url}export/csv/"
    answers = [client.get(f"{url}?type=report&junk={uuid.uuid4().hex}") for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200] * 3
    limited = client.get(f"{url}?theme=health")
    assert limited.status_code == 429
    html = limited.content.decode()
    assert "Too many requests" in html and "spreadsheet downloads" in html
    assert "site-footer" in html
    other_client = client.get(url, REMOTE_ADDR="203.0.113.9")
    assert other_client.status_code == 200


@pytest.mark.usefixtures("page_cache_on")
def test_junk_parameters_add_no_cache_entries(client):
    url = f"{repository().url}export/csv/?type=report"
    _rows(client.get(url))
    entries = _cache_entries()
    for _ in range(5):
        response = client.get(f"{url}&utm_source=x&junk={uuid.uuid4().hex}")
        assert response.status_code == 200
        _rows(response)
    assert _cache_entries() == entries
