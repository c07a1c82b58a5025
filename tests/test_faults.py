"""The site survives PostgreSQL restarts and outages, a dead or hung Redis, an unreachable
mail server and a full media disk. Every test breaks a private server or a stand-in and
restores it; the shared PostgreSQL and Redis are never touched."""

import logging
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission

from pages import redis_client
from pages.models import SiteDocument, SiteImage
from pages.protection import _sign_now, form_scope
from tests.builders import make_image
from tests.fault_form_urls import EnquiryForm
from tests.services import Gunicorn, PrivateRedis, Response, free_port, server_environment, uncached

pytestmark = pytest.mark.xdist_group("private-servers")
# Tests served by the private PostgreSQL cluster, which CI runs in its PostgreSQL pass only.
in_postgresql_run = pytest.mark.postgres_only(reason="PostgreSQL restarts and outages are tested in the PostgreSQL run")

FAST = 3.0  # seconds: slower than this is a page a visitor notices hanging


@pytest.fixture(scope="module")
def private_redis():
    redis = PrivateRedis()
    yield redis
    redis.remove()


@pytest.fixture
def redis_is_back(private_redis):
    yield private_redis
    if private_redis.process.poll() is None:
        private_redis.resume()
    else:
        private_redis.start()


@pytest.fixture(scope="module")
def site_server(private_site_database, private_redis):
    server = Gunicorn(server_environment(private_site_database, private_redis.url))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def database_cache_server(private_site_database):
    """A site without Redis: the page cache and the content version are in PostgreSQL, so a
    request's first query is the cache's read, which stands in for the connection's health
    check."""
    server = Gunicorn(server_environment(private_site_database))
    yield server
    server.stop()


@pytest.fixture(params=["redis", "database"])
def any_cache_server(request):
    return request.getfixturevalue("site_server" if request.param == "redis" else "database_cache_server")


@pytest.fixture
def postgresql_is_back(private_postgresql):
    yield private_postgresql
    if not private_postgresql.is_running():
        private_postgresql.start()


# --- PostgreSQL ---------------------------------------------------------------------------


@in_postgresql_run
def test_requests_after_a_postgresql_restart_all_succeed(any_cache_server, postgresql_is_back):
    server = any_cache_server
    for _ in range(4):  # both workers hold a persistent connection, and the page is cached
        assert server.get("/contact/").status == 200
    postgresql_is_back.restart()
    statuses = [server.get(uncached(path)).status for path in ["/about-us/", "/", "/capacity-building/"] * 4]
    statuses += [server.get("/contact/").status for _ in range(4)]
    assert statuses == [200] * 16, server.output()[-3000:]


@in_postgresql_run
def test_postgresql_down_gives_the_friendly_page_and_recovery_is_quick(site_server, postgresql_is_back):
    site_server.get("/contact/")  # now in the page cache
    postgresql_is_back.stop()

    outage = site_server.get(uncached("/about-us/"))
    assert outage.status == 503
    assert "briefly unavailable" in outage.body
    assert "Traceback" not in outage.body and "OperationalError" not in outage.body
    assert outage.seconds < 10
    health = site_server.get("/health/")
    assert health.status == 503 and '"database": "unavailable"' in health.body
    # Cached pages keep being served while the database is away.
    assert site_server.get("/contact/").status == 200

    postgresql_is_back.start()
    back_at = time.monotonic()
    while site_server.get(uncached("/about-us/")).status != 200:
        assert time.monotonic() - back_at < 10, "the site did not recover within 10 s"
        time.sleep(0.2)
    assert [site_server.get(uncached("/")).status for _ in range(6)] == [200] * 6


@pytest.fixture
def hung_postgresql(private_postgresql):
    try:
        yield private_postgresql
    finally:
        private_postgresql.resume()


def _timed_get(server, path):
    """The answer and how long it took; a dropped connection (a killed worker) counts as 0."""
    started = time.monotonic()
    try:
        return server.get(path, timeout=40)
    except OSError:
        return Response(0, {}, "", time.monotonic() - started)


@in_postgresql_run
def test_a_hung_postgresql_gets_the_friendly_page_within_five_seconds(any_cache_server, hung_postgresql):
    site_server = any_cache_server
    for _ in range(4):  # both workers hold a persistent connection
        assert site_server.get(uncached("/about-us/")).status == 200
    hung_postgresql.pause()

    # Twice per worker: first through the kept connection, then through a new one.
    pages = [_timed_get(site_server, uncached(path)) for path in ["/about-us/", "/"] * 2]
    health = _timed_get(site_server, "/health/")
    timings = [round(answer.seconds, 1) for answer in [*pages, health]]
    print("Answer times with PostgreSQL paused (s):", timings)  # shown with -rP
    assert [page.status for page in pages] == [503] * 4, timings
    assert all("briefly unavailable" in page.body for page in pages)
    assert health.status == 503 and '"database": "unavailable"' in health.body, timings
    assert max(timings) < 5, timings

    hung_postgresql.resume()
    back_at = time.monotonic()
    while site_server.get(uncached("/about-us/")).status != 200:
        assert time.monotonic() - back_at < 10, "the site did not recover within 10 s"
        time.sleep(0.2)


@in_postgresql_run
def test_a_slow_query_in_a_web_request_is_cancelled_but_commands_are_not_limited_and_jit_is_off(private_site_database):
    import subprocess
    import sys

    from tests.services import PROJECT_DIR

    show = (
        "from django.db import connection; cursor = connection.cursor(); "
        "cursor.execute('SHOW jit'); jit = cursor.fetchone()[0]; "
        "cursor.execute('SHOW statement_timeout'); print(jit, cursor.fetchone()[0])"
    )
    environment = server_environment(private_site_database)
    web = subprocess.run(
        [sys.executable, "-c", f"import uclg_site.wsgi; {show}"],
        cwd=PROJECT_DIR, env=environment, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    command = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", show],
        cwd=PROJECT_DIR, env=environment, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    # PostgreSQL's JIT is off everywhere: compiling cost more than the site's queries.
    assert web.stdout.strip().splitlines()[-1] == "off 20s"
    assert command.stdout.strip().splitlines()[-1] == "off 0"


@in_postgresql_run
def test_a_form_body_in_an_undecodable_charset_is_a_400_page_under_gunicorn(site_server):
    answer = site_server.post(
        "/",
        b"email=a%40b.org&csrfmiddlewaretoken=" + b"a" * 32,
        {"Content-Type": "application/x-www-form-urlencoded; charset=utf-16", "Cookie": "csrftoken=" + "a" * 32},
    )
    assert answer.status == 400, site_server.output()[-3000:]
    assert "Bad request" in answer.body and 'class="site-header' in answer.body


# --- Redis --------------------------------------------------------------------------------


@in_postgresql_run
@pytest.mark.parametrize("fault", ["stopped", "paused"])
def test_pages_stay_up_and_fast_when_redis_fails(site_server, redis_is_back, fault):
    assert site_server.get("/").status == 200
    redis_is_back.stop() if fault == "stopped" else redis_is_back.pause()

    answers = [site_server.get(path) for path in ["/", "/about-us/", "/search/?q=city", "/policy-research/"] * 3]
    assert [answer.status for answer in answers] == [200] * 12
    # One request per worker may wait for the socket timeout; after that Redis is skipped.
    assert max(answer.seconds for answer in answers) < FAST
    assert sum(answer.seconds > 1.0 for answer in answers) <= 4
    health = site_server.get("/health/")
    assert health.status == 200 and '"cache": "unavailable"' in health.body


def _redis_cache(port):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
                "REDIS_CLIENT_CLASS": "pages.redis_client.CircuitBreakerRedis",
            },
            "KEY_PREFIX": f"fault-{port}",
        }
    }


def _post_enquiry(client, number):
    return client.post(
        "/enquiry/",
        {
            "email": f"person{number}@example.org",
            "message": "Hello",
            "nickname": "",
            "form_started": _sign_now(form_scope(EnquiryForm)),
        },
    )


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.fault_form_urls", DJANGO_REDIS_IGNORE_EXCEPTIONS=True)
@pytest.mark.parametrize("fault", ["stopped", "paused"])
def test_form_rate_limits_fail_open_with_a_warning_when_redis_fails(client, redis_is_back, fault, caplog):
    redis_client._unavailable_until.clear()  # a Redis restarted by an earlier test is up again
    with override_settings(CACHES=_redis_cache(redis_is_back.port)):
        assert all(_post_enquiry(client, n).status_code == 200 for n in range(3))
        assert _post_enquiry(client, 4).status_code == 429  # the limit works while Redis is up
        redis_is_back.stop() if fault == "stopped" else redis_is_back.pause()
        caplog.set_level(logging.WARNING, logger="pages.protection")
        started = time.monotonic()
        responses = [_post_enquiry(client, n) for n in range(5, 9)]
        assert [response.status_code for response in responses] == [200] * 4
        assert time.monotonic() - started < FAST * 2
    assert "cache unavailable; the post is allowed" in caplog.text
    assert FormSubmission.objects.filter(form_data__message="Hello").count() == 7


RETRY_AFTER = 3  # seconds the circuit breaker skips Redis after a failure, in these tests


def _page_made_private_while_redis_is_paused(client, redis):
    """A story and the news listing cached, then a login restriction added to the story while
    Redis does not answer, then Redis back; returns the story."""
    from django.core.cache import cache
    from wagtail.models import PageViewRestriction

    from pages.models import PendingCacheInvalidation, StoryPage

    cache.clear()  # the private Redis outlives the rolled-back data of earlier tests
    story = StoryPage.objects.live().order_by("-date", "-pk").first()
    for url in (story.url, "/news-events/"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    redis.pause()
    # A visitor meanwhile waits for the socket timeout and opens the circuit breaker, so the
    # editor's bump is never sent (a write sent to the paused server would land on resume).
    assert client.get("/").status_code == 200
    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)
    assert PendingCacheInvalidation.objects.exists()  # the bump failed and was recorded
    redis.resume()
    time.sleep(RETRY_AFTER + 0.2)  # until the circuit breaker lets calls through again
    return story


def _assert_private_to_anonymous_visitors(client, story):
    from pages.models import PendingCacheInvalidation

    response = client.get(story.url)
    assert response.status_code == 302 and "/login" in response["Location"]
    assert story.title not in client.get("/news-events/").content.decode()
    assert not PendingCacheInvalidation.objects.exists()


@pytest.mark.django_db
@override_settings(DJANGO_REDIS_IGNORE_EXCEPTIONS=True, PAGE_CACHE_SECONDS=600, REDIS_RETRY_AFTER_SECONDS=RETRY_AFTER)
def test_a_page_made_private_while_redis_was_down_stops_being_served_when_it_returns(client, redis_is_back):
    redis_client._unavailable_until.clear()
    with override_settings(CACHES=_redis_cache(redis_is_back.port)):
        story = _page_made_private_while_redis_is_paused(client, redis_is_back)
        _assert_private_to_anonymous_visitors(client, story)


@pytest.mark.django_db
@override_settings(
    DJANGO_REDIS_IGNORE_EXCEPTIONS=True,
    PAGE_CACHE_SECONDS=600,
    REDIS_RETRY_AFTER_SECONDS=RETRY_AFTER,
    PAGE_CACHE_PENDING_CHECK_SECONDS=2,
)
def test_a_process_that_never_saw_redis_fail_applies_the_change_within_seconds(client, redis_is_back):
    from pages import cache as page_cache

    redis_client._unavailable_until.clear()
    with override_settings(CACHES=_redis_cache(redis_is_back.port)):
        story = _page_made_private_while_redis_is_paused(client, redis_is_back)
        # As another worker: it saw no failure and looked for pending changes just now.
        redis_client._unavailable_until.clear()
        page_cache._next_pending_check = time.monotonic() + 2
        assert client.get(story.url)["X-Page-Cache"] == "hit"  # within the documented bound
        time.sleep(2.1)
        _assert_private_to_anonymous_visitors(client, story)


# --- Mail server --------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(
    ROOT_URLCONF="tests.fault_form_urls",
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="127.0.0.1",
    EMAIL_PORT=free_port(),
    EMAIL_TIMEOUT=2,
    EMAIL_USE_TLS=False,
    EMAIL_HOST_USER="",
    EMAIL_HOST_PASSWORD="",
)
def test_an_unreachable_mail_server_keeps_the_submission_and_says_thank_you(
    client, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.ERROR, logger="pages.mail")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_enquiry(client, 1)
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert FormSubmission.objects.filter(form_data__email="person1@example.org").count() == 1
    assert "Could not send the email 'New enquiry'" in caplog.text


# --- Media disk ---------------------------------------------------------------------------


@pytest.fixture
def full_media_disk(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "tests.full_disk_storage.FullDiskStorage"}}


@pytest.mark.usefixtures("full_media_disk")
def test_a_full_disk_during_a_document_upload_shows_an_admin_error_and_saves_nothing(admin_client):
    documents_before = SiteDocument.objects.count()
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Congress report",
            "file": SimpleUploadedFile("report.txt", b"Report", "text/plain"),
            "collection": 1,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "storage is full" in response.content.decode()
    assert SiteDocument.objects.count() == documents_before


@pytest.mark.usefixtures("full_media_disk")
def test_a_full_disk_during_an_image_upload_shows_an_admin_error_and_saves_nothing(admin_client, settings):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 80, 140)).save(buffer, format="PNG")
    images_before = SiteImage.objects.count()
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Congress photo", "file": SimpleUploadedFile("photo.png", buffer.getvalue(), "image/png")},
        follow=True,
    )
    assert response.status_code == 200
    assert "storage is full" in response.content.decode()
    assert SiteImage.objects.count() == images_before
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    assert make_image("After the disk was freed").pk
