"""Which shared cache the site uses: Redis when configured; without it, on SQLite a folder of
files (so page misses never write into the site's SQLite file and never wait for its lock
while editors save), on PostgreSQL the database cache."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.services import PROJECT_DIR

SHOW_CACHE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.CACHES['default'], default=str))"
)


def _default_cache(tmp_path, **environment):
    """The default cache of the settings `make run` uses, under these environment variables."""
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DATABASE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="uclg_site.settings.local", FILE_CACHE_DIR=str(tmp_path / "cache"))
    env.update(environment)
    result = subprocess.run(
        [sys.executable, "-c", SHOW_CACHE], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sqlite_without_redis_caches_in_files_outside_the_database(tmp_path):
    cache = _default_cache(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}")
    assert cache["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert cache["LOCATION"] == str(tmp_path / "cache")


def test_postgresql_without_redis_uses_the_database_cache(tmp_path):
    cache = _default_cache(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:5432/unused")
    assert cache["BACKEND"] == "pages.cache_backends.ForgivingDatabaseCache"


def test_redis_when_configured(tmp_path):
    cache = _default_cache(tmp_path, REDIS_URL="redis://127.0.0.1:6379/0")
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"


def test_the_system_checks_pass_with_the_files_cache(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="uclg_site.settings.local",
        FILE_CACHE_DIR=str(tmp_path / "cache"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "django_ratelimit" not in result.stdout + result.stderr


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_on")
def test_pages_cached_in_files_never_touch_the_database_cache(client, settings, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)},
    }
    with CaptureQueriesContext(connection) as queries:
        misses = [client.get(url) for url in ("/", "/about-us/", "/news-events/")]
    assert [response["X-Page-Cache"] for response in misses] == ["miss"] * 3
    assert not [query["sql"] for query in queries if "django_cache" in query["sql"]]
    assert client.get("/about-us/")["X-Page-Cache"] == "hit"
    assert len(list(tmp_path.iterdir())) >= 3
