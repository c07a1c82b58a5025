"""A shared HTTP cache in front of the site (Varnish, a CDN): public pages say how long it may
keep them, personal and form pages say private, and editors' changes purge what they changed
(a recording HTTP server stands in for Varnish here; tests/test_varnish.py runs the real one)."""

import json
import re
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from wagtail.models import Page, Site

from pages.models import MainMenu, SiteImage, SiteSettings, StandardPage, StoryPage
from tests.builders import make_image
from tests.builders_members import JOIN_URL
from tests.services import PROJECT_DIR

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache_lifetimes(settings):
    settings.PAGE_CACHE_MAX_AGE = 60
    settings.PAGE_CACHE_SHARED_MAX_AGE = 3600
    settings.PAGE_CACHE_STALE_WHILE_REVALIDATE = 30
    settings.PAGE_CACHE_STALE_IF_ERROR = 86400


def _directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.usefixtures("shared_cache_lifetimes")
@pytest.mark.parametrize("url", ["/", "/about-us/", "/news-events/", "/search/?q=city"])
def test_a_public_page_tells_shared_caches_how_long_to_keep_it(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert _directives(response) == {
        "public",
        "max-age=60",
        "s-maxage=3600",
        "stale-while-revalidate=30",
        "stale-if-error=86400",
    }


@pytest.mark.parametrize("url", ["/", "/news-events/", "/id/", "/ko/"])
def test_a_public_page_does_not_vary_by_the_browsers_languages(client, url):
    # The address alone says the language; a shared cache keeps one copy whatever the browser asks.
    english_browser = client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    korean_browser = client.get(url, HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9")
    assert english_browser.status_code == korean_browser.status_code == 200
    vary = [name.strip() for name in korean_browser.get("Vary", "").split(",")]
    assert "accept-language" not in [name.lower() for name in vary]
    assert all(vary), f"an empty name in Vary: {korean_browser.get('Vary')!r}"
    assert korean_browser.content == english_browser.content


@pytest.mark.usefixtures("shared_cache_lifetimes")
@pytest.mark.parametrize("url", [JOIN_URL, "/newsletters/subscribe/", "/admin/login/"])
def test_form_pages_are_private(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in _directives(response)
    assert not any(directive.startswith(("public", "s-maxage")) for directive in _directives(response))


@pytest.mark.usefixtures("shared_cache_lifetimes")
def test_a_logged_in_editor_gets_private_pages(admin_client):
    response = admin_client.get("/about-us/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)
    assert "s-maxage=3600" not in _directives(response)


def _settings_from_environment(**variables):
    """The purge backends and shared lifetime that the settings build from these variables."""
    script = (
        "import json; from django.conf import settings; "
        "print(json.dumps([settings.WAGTAILFRONTENDCACHE, settings.PAGE_CACHE_SHARED_MAX_AGE]))"
    )
    environment = {
        "DJANGO_SETTINGS_MODULE": "uclg_site.settings.base",
        "DATABASE_URL": "sqlite://:memory:",
        "PATH": "/usr/bin:/bin",
        **variables,
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_purge_backends_come_from_the_environment():
    assert _settings_from_environment(PAGE_CACHE_MAX_AGE="60") == [{}, 60]

    backends, shared_max_age = _settings_from_environment(
        VARNISH_PURGE_URL="http://10.0.0.5:6081,http://10.0.0.6:6081",
        CLOUDFLARE_ZONEID="zone",
        CLOUDFLARE_BEARER_TOKEN="token",
        CLOUDFRONT_DISTRIBUTION_ID="E123",
    )
    assert shared_max_age == 3600
    assert backends["varnish-1"]["LOCATION"] == "http://10.0.0.5:6081"
    assert backends["varnish-2"]["BACKEND"] == "pages.shared_cache.VarnishBackend"
    assert backends["cloudflare"]["ZONEID"] == "zone" and backends["cloudflare"]["BEARER_TOKEN"] == "token"
    assert backends["cloudfront"]["DISTRIBUTION_ID"] == "E123"


# --- Purges, received by a recording server in Varnish's place ------------------------------


class RecordingCache:
    """An HTTP server on loopback that answers PURGE and BAN with 200 and records them."""

    def __init__(self, answer_delay=0.0):
        self.requests = []
        recorded, delay = self.requests, answer_delay

        class Handler(BaseHTTPRequestHandler):
            def _record(self):
                time.sleep(delay)
                recorded.append((self.command, self.path, self.headers["Host"]))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_PURGE = do_BAN = _record

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def location(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def purged_paths(self):
        return {path for method, path, _host in self.requests if method == "PURGE"}

    def bans(self):
        return [path for method, path, _host in self.requests if method == "BAN"]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def varnish_stand_in(settings):
    cache = RecordingCache()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "pages.shared_cache.VarnishBackend", "LOCATION": cache.location, "TIMEOUT": 2}
    }
    yield cache
    cache.close()


def _a_story():
    return StoryPage.objects.live().order_by("path").first()


def test_publishing_a_story_purges_it_its_listings_the_home_page_feeds_and_sitemap(
    varnish_stand_in, django_capture_on_commit_callbacks
):
    story = _a_story()
    news_index = story.get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        story.title = "A changed story"
        story.save_revision().publish()

    purged = varnish_stand_in.purged_paths()
    assert {story.url, news_index.url, "/", f"{news_index.url}feed/rss/", "/sitemap.xml"} <= purged
    assert varnish_stand_in.bans() == []
    # Purges name the site's address, which is how the shared cache knows the pages.
    assert {host for _method, _path, host in varnish_stand_in.requests} == {"testserver"}


def test_a_translation_is_purged_at_its_own_addresses_only(varnish_stand_in, django_capture_on_commit_callbacks):
    indonesian = StoryPage.objects.live().filter(locale__language_code="id").order_by("path").first()
    with django_capture_on_commit_callbacks(execute=True):
        indonesian.save_revision().publish()

    purged = varnish_stand_in.purged_paths()
    assert {indonesian.url, indonesian.get_parent().url, "/id/"} <= purged
    # Not its address rewritten under the other languages' prefixes, where no such page is.
    assert all(path.startswith("/id/") or path == "/sitemap.xml" for path in purged), purged


def test_the_worker_sends_a_publications_purges_before_its_index_updates(
    settings, varnish_stand_in, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    story = _a_story()
    with django_capture_on_commit_callbacks(execute=True):
        story.title = "A changed story"
        story.save_revision().publish()

    queued = [result.task_path.rsplit(".", 1)[-1] for result in DBTaskResult.objects.ready()]
    assert "purge_urls_from_cache_task" in queued and len(queued) > 1
    assert queued[0] == "purge_urls_from_cache_task", queued


def test_unpublishing_a_story_purges_it_and_its_listings(varnish_stand_in, django_capture_on_commit_callbacks):
    story = _a_story()
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert {story.url, story.get_parent().url, "/"} <= varnish_stand_in.purged_paths()


def test_saving_a_draft_purges_nothing(varnish_stand_in, django_capture_on_commit_callbacks):
    story = _a_story()
    with django_capture_on_commit_callbacks(execute=True):
        story.title = "Only a draft"
        story.save_revision()
    assert varnish_stand_in.requests == []


def test_wagtail_storing_an_image_files_hash_bans_nothing(varnish_stand_in, django_capture_on_commit_callbacks):
    image = make_image("Harbour at dawn")
    SiteImage.objects.filter(pk=image.pk).update(file_hash="")
    image.refresh_from_db()
    # Wagtail saves the hash the first time it needs it (duplicate checks, renditions): nothing
    # a visitor sees has changed.
    with django_capture_on_commit_callbacks(execute=True):
        image.get_file_hash()
    assert SiteImage.objects.get(pk=image.pk).file_hash
    assert varnish_stand_in.requests == []


@pytest.mark.parametrize("change", ["site settings", "main menu", "section", "page in the menu", "move", "delete"])
def test_a_change_that_shows_on_every_page_bans_everything_once(
    varnish_stand_in, django_capture_on_commit_callbacks, change
):
    with django_capture_on_commit_callbacks(execute=True):
        if change == "site settings":
            site_settings = SiteSettings.objects.get()
            site_settings.organisation_name = "Renamed organisation"
            site_settings.save()
        elif change == "main menu":
            menu = MainMenu.for_site(Site.objects.get(is_default_site=True))
            menu.menu_items.create(page=StandardPage.objects.get(slug="about-us"), label="About")
            menu.menu_items.create(page=_a_story(), label="A story")
            menu.save()
        elif change == "section":
            section = Page.objects.get(depth=2, locale__language_code="en").get_children().live().first().specific
            section.save_revision().publish()
        elif change == "page in the menu":
            page = StandardPage.objects.get(slug="about-us")
            page.show_in_menus = True
            page.save_revision().publish()
        elif change == "move":
            story = _a_story()
            story.move(StandardPage.objects.get(slug="about-us"), pos="last-child")
        else:
            story = _a_story()
            story.delete()
    assert varnish_stand_in.bans() == ["/"]


def test_without_a_purge_backend_publishing_sends_nothing(settings, django_capture_on_commit_callbacks):
    cache = RecordingCache()
    settings.WAGTAILFRONTENDCACHE = {}
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            _a_story().save_revision().publish()
            SiteSettings.objects.get().save()
        assert cache.requests == []
        assert callbacks, "the page cache's own invalidation still runs"
    finally:
        cache.close()


def test_an_unreachable_shared_cache_costs_a_bounded_wait_and_never_an_error(settings, caplog):
    with socket.socket() as listener:
        # Accepts connections and never answers, as a hung cache server would.
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "pages.shared_cache.VarnishBackend",
                "LOCATION": f"http://127.0.0.1:{listener.getsockname()[1]}",
                "TIMEOUT": 0.3,
            }
        }
        from pages.shared_cache import ban_everything

        started = time.monotonic()
        assert ban_everything() == ["varnish"]
        assert time.monotonic() - started < 2
    assert re.search(r"Could not send BAN http://127\.0\.0\.1:\d+/ to the shared cache", caplog.text)


def test_a_ban_empties_cloudflare_and_cloudfront_whole(settings, monkeypatch):
    from wagtail.contrib.frontend_cache.backends import CloudfrontBackend

    from pages.shared_cache import ban_everything

    settings.WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": "zone-1",
            "BEARER_TOKEN": "token-1",
        },
        "cloudfront": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": "E123",
        },
    }
    sent = []

    class Answer:
        def raise_for_status(self):
            pass

    def post(url, json, headers, timeout):
        sent.append(("cloudflare", url, json, headers["Authorization"]))
        return Answer()

    monkeypatch.setattr("pages.shared_cache.requests.post", post)
    monkeypatch.setattr(
        CloudfrontBackend,
        "_create_invalidation",
        lambda backend, distribution_id, paths: sent.append(("cloudfront", distribution_id, paths)),
    )

    assert sorted(ban_everything()) == ["cloudflare", "cloudfront"]
    assert sorted(sent) == [
        (
            "cloudflare",
            "https://api.cloudflare.com/client/v4/zones/zone-1/purge_cache",
            {"purge_everything": True},
            "Bearer token-1",
        ),
        ("cloudfront", "E123", ["/*"]),
    ]
