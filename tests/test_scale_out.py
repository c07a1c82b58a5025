"""Two application servers share one PostgreSQL database and one Redis: both serve the same
content and a publish invalidates the cache of both. A pg_dump of the site restores into a
fresh database that needs no migration and renders the same pages."""

import re
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.services import Gunicorn, manage, server_environment

pytestmark = [
    pytest.mark.xdist_group("private-servers"),
    pytest.mark.postgres_only(
        reason="Two servers on one PostgreSQL database and the pg_dump drill are tested in the PostgreSQL run"
    ),
]

PAGES = ["/", "/capacity-building/", "/about-us/", "/contact/", "/search/?q=city"]


@pytest.fixture
def shared_redis_environment(private_site_database):
    # The shared Redis, under a key prefix of this test's own.
    return server_environment(
        private_site_database, "redis://127.0.0.1:6379/0", CACHE_KEY_PREFIX=f"scale-out-{uuid.uuid4().hex}"
    )


def _without_media_names(body):
    # Image files are backed up separately; a rendition may get a fresh file name on either side.
    return re.sub(r"/media/[^\"' ]+", "/media/…", body)


def _without_port(server, body):
    return body.replace(f"127.0.0.1:{server.port}", "127.0.0.1")


def _title(body):
    return re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", body, re.S).group(1)


def test_two_servers_serve_the_same_content_and_both_see_a_publish(shared_redis_environment):
    first, second = Gunicorn(shared_redis_environment, workers=1), Gunicorn(shared_redis_environment, workers=1)
    try:
        for path in PAGES:
            # Absolute links (canonical, Open Graph) name each server's own port.
            assert _without_port(first, first.get(path).body) == _without_port(second, second.get(path).body)
        assert second.get("/about-us/").headers["X-Page-Cache"] == "hit"

        manage(
            shared_redis_environment,
            "shell",
            "-c",
            "from pages.models import StandardPage; page = StandardPage.objects.get(slug='about-us'); "
            "page.title = 'About the secretariat'; page.save_revision().publish()",
        )

        for server in (first, second):
            answer = server.get("/about-us/")
            assert answer.headers["X-Page-Cache"] == "miss"
            assert _title(answer.body) == "About the secretariat"
    finally:
        first.stop()
        second.stop()


def test_a_pg_dump_restores_into_a_fresh_database_that_renders_the_same_pages(
    private_postgresql, private_site_database
):
    restored_name = f"uclg_restored_{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "site.dump"
        Path(folder).chmod(0o777)
        private_postgresql.run_tool("pg_dump", "--format=custom", "--no-owner", "--file", dump, "uclg_site")
        private_postgresql.run_tool("createdb", restored_name)
        private_postgresql.run_tool("pg_restore", "--no-owner", "--dbname", restored_name, dump)

    without_cache = {"PAGE_CACHE_SECONDS": "0"}
    restored_environment = server_environment(private_postgresql.url(restored_name), **without_cache)
    manage(restored_environment, "migrate", "--check")

    original = Gunicorn(server_environment(private_site_database, **without_cache), workers=1)
    restored = Gunicorn(restored_environment, workers=1)
    try:
        for path in PAGES:
            before, after = original.get(path), restored.get(path)
            assert before.status == after.status == 200
            restored_page = _without_media_names(_without_port(restored, after.body))
            assert restored_page == _without_media_names(_without_port(original, before.body)), path
    finally:
        original.stop()
        restored.stop()
        private_postgresql.run_tool("dropdb", restored_name)
