"""The site behind a real Varnish with the VCL it ships (uclg_site/deploy/varnish.vcl): public
pages are served from Varnish's store, an editor's publication through the admin is served
fresh within a second (the task worker sends the purges), a site-wide change is served fresh
after a ban, and a logged-in editor never gets, nor leaves, a shared copy. Runs once per
database of the suite (SQLite file, PostgreSQL)."""

import http.client
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.services import (
    PROJECT_DIR,
    VARNISHD,
    Gunicorn,
    Varnish,
    fetch,
    free_port,
    manage,
    server_environment,
)
from tests.test_editing_under_load import (  # noqa: F401 - fixtures
    Editor,
    _query,
    demo_ids,
    site_database,
    story_form,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.xdist_group("private-servers"),
    pytest.mark.skipif(not VARNISHD.exists(), reason=f"Varnish is not installed ({VARNISHD}); CI installs it"),
]

FRESH_WITHIN_SECONDS = 1.0


@pytest.fixture(scope="module")
def behind_varnish(site_database):  # noqa: F811 - the fixture imported above
    """Gunicorn with `make run`'s settings, its task worker, and Varnish in front; the site
    purges that Varnish."""
    server = worker = varnish = None
    # The page cache of this server alone (SQLite runs keep it in files).
    site_cache = tempfile.mkdtemp(prefix="uclg-varnish-site-cache-")
    try:
        # Varnish needs Gunicorn's port in its VCL, and the site needs Varnish's address to purge.
        varnish_port = free_port()
        environment = server_environment(
            site_database,
            DJANGO_SETTINGS_MODULE="tests.local_server_settings",
            PAGE_CACHE_SECONDS="600",
            PAGE_CACHE_SHARED_MAX_AGE="3600",
            VARNISH_PURGE_URL=f"http://127.0.0.1:{varnish_port}",
            VARNISH_PURGE_TIMEOUT="2",
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            FILE_CACHE_DIR=site_cache,
        )
        # Purges name the pages by the Wagtail site's address, which is the one visitors use.
        set_address = (
            "from wagtail.models import Site; site = Site.objects.get(is_default_site=True); "
            f"site.hostname, site.port = '127.0.0.1', {varnish_port}; site.save()"
        )
        manage(environment, "shell", "-c", set_address, timeout=120)
        server = Gunicorn(environment, workers=2)
        worker_log = tempfile.NamedTemporaryFile(prefix="uclg-worker-", suffix=".log", delete=False)  # noqa: SIM115
        # It looks for queued tasks every 0.1 s here; every second by default (`--interval`).
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.1"],
            cwd=PROJECT_DIR,
            env=environment,
            stdout=worker_log,
            stderr=subprocess.STDOUT,
        )
        varnish = Varnish(server.port, port=varnish_port)
        # A measured purge must not wait for the worker's start-up (seconds on a loaded machine).
        _wait_until_queue_empty(site_database)
        yield varnish, environment, server
    finally:
        for process in (varnish, server):
            if process is not None:
                process.stop()
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
            Path(worker_log.name).unlink(missing_ok=True)
        shutil.rmtree(site_cache, ignore_errors=True)


def _wait_until_queue_empty(database_url, seconds=120):
    """Wait until the task worker has run every queued task (the ban sent by the address change
    above), which shows it has started."""
    unfinished = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
    deadline = time.monotonic() + seconds
    while _query(database_url, unfinished)[0][0]:
        assert time.monotonic() < deadline, f"the task worker ran nothing in {seconds} s"
        time.sleep(0.1)


def _wait_until_shown(varnish, path, text):
    """Seconds until Varnish answers `path` with `text` in it, or None after twice the limit."""
    started = time.monotonic()
    while time.monotonic() - started < 2 * FRESH_WITHIN_SECONDS:
        if text in varnish.get(path).body:
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def _stored_again(varnish, path, seconds=5):
    """Whether Varnish serves `path` from its store again within `seconds`: the purges of one
    publication reach it in more than one request, so the first fresh copy may be purged once more."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if varnish.get(path).headers["X-Shared-Cache"] == "hit":
            return True
        time.sleep(0.2)
    return False


def test_a_public_page_is_served_from_varnish(behind_varnish):
    varnish, _environment, _server = behind_varnish
    first = varnish.get("/news-events/")
    second = varnish.get("/news-events/?utm_source=newsletter")
    assert first.status == 200 and second.status == 200
    assert second.headers["X-Shared-Cache"] == "hit", second.headers
    assert second.body == first.body
    assert "s-maxage=3600" in second.headers["Cache-Control"]
    # One copy serves every browser language: the address says the language.
    korean_browser = fetch(varnish.url("/news-events/"), headers={"Accept-Language": "ko-KR,ko;q=0.9"})
    assert korean_browser.headers["X-Shared-Cache"] == "hit"
    assert korean_browser.body == first.body


def test_a_publication_through_the_admin_is_served_fresh_within_a_second(behind_varnish, demo_ids):  # noqa: F811
    varnish, _environment, server = behind_varnish
    news_index_id, category_id = demo_ids
    for path in ("/news-events/", "/"):
        varnish.get(path)
        assert varnish.get(path).headers["X-Shared-Cache"] == "hit"

    editor = Editor(varnish)
    editor.log_in()
    data = story_form("Served fresh through Varnish", "Published behind the shared cache", category_id)
    editor.post_form(
        "publish", f"/admin/pages/add/pages/storypage/{news_index_id}/", {**data, "action-publish": "publish"}
    )

    seconds = _wait_until_shown(varnish, "/news-events/", "Served fresh through Varnish")
    print(f"\n{connection.vendor}: the new story was served by Varnish {seconds} s after publishing")
    site_shows_it = "Served fresh through Varnish" in fetch(server.url("/news-events/")).body
    assert seconds is not None and seconds < FRESH_WITHIN_SECONDS, f"the site itself shows it: {site_shows_it}"
    assert _wait_until_shown(varnish, "/", "Served fresh through Varnish") is not None
    # The new listing is stored again.
    assert _stored_again(varnish, "/news-events/")


def test_a_site_wide_change_bans_every_page(behind_varnish):
    varnish, environment, _server = behind_varnish
    varnish.get("/about-us/")
    assert varnish.get("/about-us/").headers["X-Shared-Cache"] == "hit"

    rename = (
        "from pages.models import SiteSettings; s = SiteSettings.objects.get(); "
        "s.organisation_name = 'Cities Renamed Behind Varnish'; s.save()"
    )
    manage(environment, "shell", "-c", rename, timeout=120)

    seconds = _wait_until_shown(varnish, "/about-us/", "Cities Renamed Behind Varnish")
    print(f"\n{connection.vendor}: the renamed organisation was served by Varnish {seconds} s after saving")
    assert seconds is not None and seconds < FRESH_WITHIN_SECONDS, seconds


def test_a_logged_in_editor_never_gets_or_leaves_a_shared_copy(behind_varnish):
    varnish, _environment, _server = behind_varnish
    varnish.get("/about-us/")
    assert varnish.get("/about-us/").headers["X-Shared-Cache"] == "hit"

    editor = Editor(varnish)
    editor.log_in()
    for _ in range(2):
        page = editor.get("editor's visit", "/about-us/")
        assert page.headers["X-Shared-Cache"] == "pass"
        assert "private" in page.headers["Cache-Control"]
        assert "wagtail-userbar" in page.text

    visitor = fetch(varnish.url("/about-us/"))
    assert visitor.headers["X-Shared-Cache"] == "hit"
    assert "wagtail-userbar" not in visitor.body


def test_only_the_application_servers_may_purge_or_ban(behind_varnish):
    varnish, _environment, _server = behind_varnish
    varnish.get("/about-us/")
    assert varnish.get("/about-us/").headers["X-Shared-Cache"] == "hit"

    for method in ("PURGE", "BAN"):
        # Another loopback address stands for a visitor: the VCL's ACL names 127.0.0.1 and ::1.
        outsider = http.client.HTTPConnection("127.0.0.1", varnish.port, timeout=10, source_address=("127.0.0.2", 0))
        try:
            outsider.request(method, "/about-us/")
            assert outsider.getresponse().status == 405
        finally:
            outsider.close()
    assert varnish.get("/about-us/").headers["X-Shared-Cache"] == "hit"
