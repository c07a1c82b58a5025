"""An editor creates, autosaves, previews, saves and publishes a story through the admin of a
`make run`-like server (Gunicorn, 3 workers, the cache in the database) while visitors hammer
pages that are not cached yet: no answer is a server error on either side and every revision
is stored. Runs once per database of the suite (SQLite file, PostgreSQL)."""

import itertools
import json
import random
import re
import sqlite3
import tempfile
import threading
import time
import uuid
from pathlib import Path

import environ
import psycopg
import pytest
import requests
from django.conf import settings
from django.db import connection, connections

from tests.services import Gunicorn, fetch, manage, server_environment

# The mark makes pytest-django build the test database, which the server's database copies.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("private-servers")]

EDITOR = "load-editor"
EDITOR_PASSWORD = "load-editor-" + "p" * 16
VISITORS = 6
# Pages that render a lot and write to the cache on a miss; each request gets a fresh query
# string, so none is served from the page cache.
PUBLIC_PATHS = ["/", "/covid-19-repository/", "/news-events/", "/programmes-projects/", "/newsletters/"]
AUTOSAVES = 4


# --- A copy of the test database with the demo site, for the server ------------------------


def _copy_sqlite(folder):
    copy = Path(folder) / "site.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)
    target.close()
    return f"sqlite:///{copy}"


def _postgresql_admin_connection():
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def _copy_postgresql():
    source = connection.settings_dict["NAME"]
    copy = f"{source}_load_{uuid.uuid4().hex[:8]}"
    # A template database may have no other session while it is copied.
    connections.close_all()
    with _postgresql_admin_connection() as admin:
        admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
    settings = connection.settings_dict
    return copy, f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{copy}"


@pytest.fixture(scope="module")
def site_database(django_db_setup, django_db_blocker):
    """A database URL holding the demo site and an editor account."""
    with django_db_blocker.unblock(), tempfile.TemporaryDirectory(prefix="uclg-load-") as folder:
        if connection.vendor == "sqlite":
            url, dropped = _copy_sqlite(folder), None
        else:
            dropped, url = _copy_postgresql()
        environment = server_environment(url, DJANGO_SUPERUSER_PASSWORD=EDITOR_PASSWORD)
        manage(environment, "createsuperuser", "--noinput", "--username", EDITOR, "--email", "e@example.org")
        yield url
        if dropped:
            with _postgresql_admin_connection() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{dropped}" WITH (FORCE)')


@pytest.fixture(scope="module")
def make_run_server(site_database):
    environment = server_environment(
        site_database,
        DJANGO_SETTINGS_MODULE="tests.local_server_settings",
        PAGE_CACHE_SECONDS="600",
        # The demo images of the copied database are files of the test run.
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    server = Gunicorn(environment, workers=3)
    yield server
    server.stop()


def _query(url, sql, *parameters):
    config = environ.Env.db_url_config(url)
    if config["ENGINE"].endswith("sqlite3"):
        with sqlite3.connect(config["NAME"]) as database:
            return database.execute(sql.replace("%s", "?"), parameters).fetchall()
    with psycopg.connect(
        host=config["HOST"], port=config["PORT"], user=config["USER"], dbname=config["NAME"]
    ) as database:
        return database.execute(sql, parameters).fetchall()


# --- Visitors ------------------------------------------------------------------------------


class Visitors:
    """Threads that request uncached public pages until told to stop."""

    def __init__(self, server, count):
        self.server = server
        self.statuses = []
        self.failures = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._browse, args=(number,)) for number in range(count)]

    def _browse(self, number):
        paths = itertools.cycle(random.Random(number).sample(PUBLIC_PATHS, len(PUBLIC_PATHS)))
        while not self.stopping.is_set():
            path = f"{next(paths)}?visitor={number}&x={uuid.uuid4().hex}"
            try:
                status = self.server.get(path, timeout=40).status
            except OSError as error:
                status = f"{type(error).__name__}: {error}"
            self.statuses.append(status)
            if status != 200:
                self.failures.append(f"{path}: {status}")

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)


# --- The editor ----------------------------------------------------------------------------


class Editor:
    """The requests the admin's pages and scripts make, over HTTP."""

    def __init__(self, server):
        self.server = server
        self.session = requests.Session()
        self.steps = []

    def url(self, path):
        return self.server.url(path)

    def _record(self, name, response, expected):
        self.steps.append((name, response.status_code))
        assert response.status_code == expected, f"{name}: {response.status_code}\n{response.text[:3000]}"
        return response

    def _csrf(self):
        return self.session.cookies["csrftoken"]

    def log_in(self):
        self.session.get(self.url("/admin/login/"))
        response = self.session.post(
            self.url("/admin/login/"),
            {"username": EDITOR, "password": EDITOR_PASSWORD, "csrfmiddlewaretoken": self._csrf()},
            allow_redirects=False,
        )
        self._record("log in", response, 302)

    def post_form(self, name, path, data, expected=302, **headers):
        response = self.session.post(
            self.url(path),
            {**data, "csrfmiddlewaretoken": self._csrf()},
            headers={"X-CSRFToken": self._csrf(), **headers},
            allow_redirects=False,
        )
        return self._record(name, response, expected)

    def get(self, name, path, expected=200):
        return self._record(name, self.session.get(self.url(path), allow_redirects=False), expected)


def story_form(title, teaser, category_id):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    return nested_form_data(
        {
            "title": title,
            "slug": "written-under-load",
            "introduction": "",
            "date": "2033-04-01",
            "teaser": teaser,
            "body": streamfield([("paragraph", rich_text(f"<p>{teaser}</p>"))]),
            "category": category_id,
            "tags": "",
        }
    )


@pytest.fixture(scope="module")
def demo_ids(django_db_setup, django_db_blocker):
    from pages.models import NewsIndexPage, StoryCategory

    with django_db_blocker.unblock():
        return NewsIndexPage.objects.get(locale__language_code="en").pk, StoryCategory.objects.get(slug="news").pk


def _write_a_story(editor, news_index_id, category_id):
    """Create, autosave, preview, save and publish; returns the page id and the texts saved."""
    editor.log_in()
    add = f"/admin/pages/add/pages/storypage/{news_index_id}/"
    editor.get("open the new story form", add)
    created = editor.post_form("create", add, story_form("Written under load", "Draft 0", category_id))
    page_id = int(re.search(r"/admin/pages/(\d+)/edit/", created.headers["Location"]).group(1))
    edit = f"/admin/pages/{page_id}/edit/"
    editor.get("open the editor", edit)

    autosaved_revision = None
    for number in range(1, AUTOSAVES + 1):
        data = story_form("Written under load", f"Autosave {number}", category_id)
        if autosaved_revision:
            # The autosave script overwrites its own revision after the first one.
            data["overwrite_revision_id"] = autosaved_revision
        answer = editor.post_form(f"autosave {number}", edit, data, expected=200, Accept="application/json").json()
        assert answer["success"] is True, answer
        autosaved_revision = answer["revision_id"]

    preview = f"/admin/pages/{page_id}/edit/preview/"
    for number in range(1, 3):
        data = story_form("Written under load", f"Preview {number}", category_id)
        answer = editor.post_form(f"preview update {number}", preview, data, expected=200).json()
        assert answer == {"is_valid": True, "is_available": True}
        shown = editor.get(f"preview {number}", f"{preview}?in_preview_panel=true")
        assert f"Preview {number}" in shown.text

    editor.post_form("save draft", edit, story_form("Written under load", "Saved draft", category_id))
    data = story_form("Written under load", "Published text", category_id)
    editor.post_form("publish", edit, {**data, "action-publish": "publish"})
    return page_id


def test_an_editor_loses_nothing_while_visitors_load_the_site(make_run_server, site_database, demo_ids):
    editor = Editor(make_run_server)
    started = time.monotonic()
    with Visitors(make_run_server, VISITORS) as visitors:
        # Let the visitors get going before the editor starts.
        time.sleep(1)
        page_id = _write_a_story(editor, *demo_ids)
    seconds = time.monotonic() - started

    print(
        f"\n{connection.vendor}: {len(visitors.statuses)} public requests in {seconds:.1f} s by {VISITORS} visitors, "
        f"{len(visitors.failures)} failed; editor: {len(editor.steps)} requests, all as expected"
    )
    assert visitors.failures == [], make_run_server.output()[-3000:]
    assert len(visitors.statuses) >= VISITORS * 3, "the visitors hardly ran: the load test proves nothing"

    # Creating, the autosave revision (overwritten in place), saving and publishing: four.
    revisions = _query(
        site_database,
        "SELECT content FROM wagtailcore_revision WHERE object_id = %s ORDER BY id",
        str(page_id),
    )
    teasers = [(json.loads(content) if isinstance(content, str) else content)["teaser"] for (content,) in revisions]
    assert teasers == ["Draft 0", f"Autosave {AUTOSAVES}", "Saved draft", "Published text"]
    public = fetch(make_run_server.url("/news-events/written-under-load/"))
    assert public.status == 200
    assert "Published text" in public.body
