"""Anonymous public pages are served from the full-page cache; any change invalidates it;
visitors with a session, forms, private pages and the admin are never cached."""

import re
import uuid

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
from wagtail.rich_text import RichText

from pages.demo.media import placeholder_pdf
from pages.models import SiteSettings, StandardPage
from tests.builders import make_image

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def _max_age(response):
    match = re.search(r"max-age=(\d+)", response.get("Cache-Control", ""))
    return int(match.group(1)) if match else None


@pytest.mark.parametrize("url", ["/", "/capacity-building/", "/about-us/", "/search/?q=city"])
def test_the_second_anonymous_visit_is_served_from_the_cache(client, url):
    first = client.get(url)
    second = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    assert _max_age(second) == 60
    assert not second.cookies


@pytest.mark.parametrize("compress", [True, False])
def test_a_stored_page_comes_back_whole_compressed_or_not(client, settings, compress):
    settings.PAGE_CACHE_COMPRESS = compress
    first = client.get("/covid-19-repository/")
    second = client.get("/covid-19-repository/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM django_cache WHERE cache_key LIKE %s", ["%pages:page:%"])
        (stored,) = cursor.fetchone()
    # Pickled and base64-encoded by the database cache, compressed by the page cache first.
    assert (len(stored) < len(first.content) / 3) is compress


def test_a_cached_page_costs_no_more_than_two_queries_whatever_the_page(client):
    counts = []
    for url in ["/", "/capacity-building/", "/about-us/"]:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url)["X-Page-Cache"] == "hit"
        counts.append(len(queries))
    # The database cache reads the site version and the page; Redis needs no query at all.
    assert max(counts) <= 2


def test_the_order_of_query_parameters_does_not_split_the_cache(client):
    client.get("/search/?q=city&page=1")
    assert client.get("/search/?page=1&q=city")["X-Page-Cache"] == "hit"


def test_publishing_a_change_is_visible_at_once(client):
    page = StandardPage.objects.get(slug="about-us")
    assert client.get("/about-us/")["X-Page-Cache"] == "miss"
    page.title = "About the secretariat"
    page.save_revision().publish()
    response = client.get("/about-us/")
    assert response["X-Page-Cache"] == "miss"
    assert "About the secretariat" in response.content.decode()


def test_unpublishing_a_page_invalidates_every_cached_page(client):
    page = StandardPage.objects.get(slug="about-us")
    client.get("/")
    client.get("/about-us/")
    page.unpublish()
    assert client.get("/about-us/").status_code == 404
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_saving_a_site_setting_is_visible_at_once(client):
    client.get("/about-us/")
    site_settings = SiteSettings.objects.get()
    site_settings.organisation_name = "United Cities Test Organisation"
    site_settings.save()
    assert "United Cities Test Organisation" in client.get("/about-us/").content.decode()


@pytest.mark.parametrize("change", ["image", "document"])
def test_saving_an_image_or_document_invalidates_the_cache(client, change):
    client.get("/")
    if change == "image":
        make_image("A new image")
    else:
        placeholder_pdf("Annual report", ["A year of cities."], 1, "annual-report.pdf")
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_logged_in_editors_are_never_served_or_stored(admin_client, client):
    response = admin_client.get("/about-us/")
    assert response.get("X-Page-Cache") is None
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    admin_client.get("/about-us/")
    client.logout()
    assert client.get("/about-us/")["X-Page-Cache"] == "miss"


def test_a_private_page_is_never_cached(client):
    page = StandardPage.objects.get(slug="about-us")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret")
    first = client.get("/about-us/")
    assert "public" not in first.get("Cache-Control", "")
    assert client.get("/about-us/").get("X-Page-Cache") != "hit"


@override_settings(ROOT_URLCONF="tests.protected_form_urls")
def test_a_form_with_a_csrf_token_is_never_cached(client):
    first = client.get("/message/")
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]
    second = client.get("/message/")
    assert second.get("X-Page-Cache") != "hit"


def test_the_admin_login_is_never_cached(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_a_conditional_get_of_an_unchanged_page_answers_304(client):
    first = client.get("/about-us/")
    client.get("/about-us/")
    etag = client.get("/about-us/")["ETag"]
    assert etag and first.status_code == 200
    assert client.get("/about-us/", headers={"if-none-match": etag}).status_code == 304


def test_documents_of_a_private_collection_are_never_cached_by_proxies(client):
    document = placeholder_pdf("Annual report", ["A year of cities."], 1, "annual-report.pdf")
    public = client.get(document.url)
    assert public.status_code == 200
    assert "public" in public["Cache-Control"]

    private_collection = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.PASSWORD, password="board"
    )
    document.collection = private_collection
    document.save()
    private = client.get(document.url)
    assert private.status_code in (200, 302)
    assert "public" not in private.get("Cache-Control", "")


def test_cached_home_blocks_show_a_newly_published_programme(client):
    from programmes.models import ProgrammePage

    programme = ProgrammePage.objects.live().order_by("pk").first()
    assert programme.title in client.get("/?visit=1").content.decode()
    programme.title = "Renamed programme for the home page"
    programme.save_revision().publish()
    response = client.get("/?visit=2")  # another address: rendered, blocks from the cache if still valid
    assert response["X-Page-Cache"] == "miss"
    assert "Renamed programme for the home page" in response.content.decode()


def test_cached_facet_counts_follow_a_newly_published_resource(client):
    from tests.builders_repository import make_resource, repository

    index = repository()
    before = _facet_count(client.get(f"{index.url}?theme=gender").content.decode(), "theme", "gender")
    make_resource("A new gender resource", themes=["Gender"])
    after_html = client.get(f"{index.url}?theme=gender&page=1").content.decode()
    assert _facet_count(after_html, "theme", "gender") == before + 1
    assert "A new gender resource" in after_html


def _facet_count(html, param, value):
    pattern = rf'for="facet-{param}-{value}">[^<]*<span class="facet__count">\((\d+)\)'
    return int(re.search(pattern, html).group(1))


def test_a_published_body_change_replaces_the_cached_body(client):
    page = StandardPage.objects.get(slug="about-us")
    assert "Rewritten paragraph" not in client.get("/about-us/").content.decode()
    page.body = [("paragraph", RichText("<p>Rewritten paragraph about the secretariat.</p>"))]
    page.save_revision().publish()
    assert "Rewritten paragraph" in client.get("/about-us/?from=newsletter").content.decode()


def _stored_pages():
    """How many full pages the (database) cache holds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_cache WHERE cache_key LIKE %s", ["%pages:page:%"])
        return cursor.fetchone()[0]


def test_tracking_parameters_share_one_cached_page(client):
    answers = [client.get(f"/news-events/?utm_x={uuid.uuid4().hex}&fbclid={n}") for n in range(30)]
    assert [answer.status_code for answer in answers] == [200] * 30
    assert _stored_pages() == 1
    assert [answer["X-Page-Cache"] for answer in answers[1:]] == ["hit"] * 29
    assert client.get("/news-events/")["X-Page-Cache"] == "hit"


def test_parameters_a_page_does_not_read_are_never_stored(client):
    answers = [client.get(f"/news-events/?junk={uuid.uuid4().hex}") for _ in range(30)]
    assert [answer.status_code for answer in answers] == [200] * 30
    assert _stored_pages() == 0


def test_a_parameter_the_page_reads_still_gets_its_own_entry(client):
    city = client.get("/search/?q=city")
    water = client.get("/search/?q=water&utm_source=newsletter")
    assert city["X-Page-Cache"] == water["X-Page-Cache"] == "miss"
    assert _stored_pages() == 2
    assert client.get("/search/?q=water")["X-Page-Cache"] == "hit"
    assert client.get("/search/?q=city&gclid=abc")["X-Page-Cache"] == "hit"


def _head_through_wsgi(path):
    """A HEAD request through the WSGI handler, as a server sees it (Django's test client
    drops HEAD bodies itself, so it cannot show one being sent)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import RequestFactory

    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=int(status.split()[0]), headers=dict(headers))

    # As the test client does: the test's transaction must survive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = WSGIHandler()(RequestFactory().head(path).environ, start_response)
        answer["body"] = b"".join(result)
        result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer


@pytest.mark.parametrize("path", ["/news-events/", "/about-us/"])
def test_head_answers_have_the_get_headers_and_no_body(client, path):
    miss = _head_through_wsgi(path)
    hit = _head_through_wsgi(path)
    get = client.get(path)
    assert get["X-Page-Cache"] == "hit" and len(get.content) > 1000
    for head in (miss, hit):
        assert head["status"] == 200
        assert head["body"] == b""
        assert head["headers"]["Content-Type"] == get["Content-Type"]
        assert head["headers"]["ETag"] == get["ETag"]
        assert head["headers"]["Cache-Control"] == get["Cache-Control"]
        assert head["headers"].get("Content-Length", str(len(get.content))) == str(len(get.content))
    assert [miss["headers"]["X-Page-Cache"], hit["headers"]["X-Page-Cache"]] == ["miss", "hit"]


def test_head_through_the_client_answers_like_get(client):
    head = client.head("/news-events/")
    assert head.status_code == 200 and head.content == b""
    assert client.get("/news-events/")["X-Page-Cache"] == "hit"


def test_a_public_document_is_downloaded_whole_every_time_and_never_kept_in_the_page_cache(client):
    document = placeholder_pdf("Annual report", ["A year of cities."], 1, "annual-report.pdf")
    with document.file.open("rb") as file:
        expected = file.read()
    for _ in range(2):
        response = client.get(document.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == expected
        assert "X-Page-Cache" not in response
