"""Document and newsletter PDF downloads: byte ranges and conditional requests from the
application, or the bytes left to nginx (X-Accel-Redirect), in a few queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.demo.media import make_pdf
from pages.models import SiteDocument

pytestmark = pytest.mark.django_db

VOLUME_DOWNLOAD = "/newsletters/vol-37/download/"
# A volume's PDF is routed to first: the page's path, then the volume with its PDF (the site
# and its home page are known per cache version, pages.routing).
MAX_QUERIES = 3


@pytest.fixture
def document():
    document = SiteDocument(title="Annual report")
    document.file = SimpleUploadedFile("annual-report.pdf", make_pdf("Annual report", ["Text"] * 3), "application/pdf")
    document.save()
    return document


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("url_of", [lambda document: document.url, lambda document: VOLUME_DOWNLOAD])
def test_a_byte_range_is_answered_with_those_bytes(client, document, url_of):
    url = url_of(document)
    whole = body(client.get(url))
    response = client.get(url, headers={"range": "bytes=5-14"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 5-14/{len(whole)}"
    assert body(response) == whole[5:15]
    assert client.get(url, headers={"range": "bytes=-7"}).status_code == 206
    assert body(client.get(url, headers={"range": "bytes=-7"})) == whole[-7:]
    past_the_end = client.get(url, headers={"range": f"bytes={len(whole) + 10}-"})
    assert past_the_end.status_code == 416


@pytest.mark.parametrize("url_of", [lambda document: document.url, lambda document: VOLUME_DOWNLOAD])
def test_a_download_has_an_etag_and_answers_if_none_match(client, document, url_of):
    url = url_of(document)
    response = client.get(url)
    assert response["Accept-Ranges"] == "bytes"
    assert client.get(url, headers={"if-none-match": response["ETag"]}).status_code == 304


@pytest.mark.parametrize("url_of", [lambda document: document.url, lambda document: VOLUME_DOWNLOAD])
def test_a_public_download_reads_a_few_queries(client, document, url_of):
    url = url_of(document)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body(response)
    assert response.status_code == 200
    sql = [query["sql"] for query in queries if "django_cache" not in query["sql"]]
    assert len(sql) <= MAX_QUERIES, "\n".join(sql)


def test_behind_nginx_the_bytes_are_left_to_it(client, document, settings):
    settings.DOCUMENTS_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{document.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert document.filename in response["Content-Disposition"]

    volume = client.get(VOLUME_DOWNLOAD)
    assert volume["X-Accel-Redirect"].startswith("/protected-media/")
    assert volume["Content-Disposition"] == 'attachment; filename="uclg-aspac-newsletter-vol-37.pdf"'
