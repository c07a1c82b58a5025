"""The benchmark's minimal view exists only under the benchmark's settings: production
answers 404 there, and the page cache leaves it alone where it exists. Under the same settings
every response says how many queries it ran."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Production settings refuse to load without a long secret key.
ENVIRONMENT = {**os.environ, "SECRET_KEY": "a-long-random-secret-key-for-the-benchmark-settings-test-0123456789"}
BENCH_SETTINGS = ("ROOT_URLCONF", "NEVER_CACHED_PATH_PREFIXES", "PAGE_PARTS_CACHE", "MIDDLEWARE")

pytestmark = pytest.mark.django_db


def _bench_settings_of(module):
    """The URLconf, never-cached paths, parts cache and middleware that a settings module defines, read in a process of
    its own: settings modules read the environment once, when first imported."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {BENCH_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env={**ENVIRONMENT, "DJANGO_SETTINGS_MODULE": module},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture
def bench_settings(settings):
    for name, value in _bench_settings_of("uclg_site.settings.bench").items():
        setattr(settings, name, value)


@pytest.fixture
def production_settings(settings):
    for name, value in _bench_settings_of("uclg_site.settings.production").items():
        setattr(settings, name, value)


@pytest.mark.usefixtures("bench_settings", "page_cache_on")
def test_a_page_cache_miss_under_the_benchmark_settings_is_a_full_render(client, settings):
    """The benchmark's cold rows (a fresh query string each) must not find cached fragments:
    a miss costs what a render with no cache at all costs."""
    _queries_of_one_request(client, "/capacity-building/?bench-cold=0")
    miss = _queries_of_one_request(client, "/capacity-building/?bench-cold=1")
    settings.PAGE_CACHE_SECONDS = 0
    assert miss == _queries_of_one_request(client, "/capacity-building/?bench-cold=2")
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_PARTS_CACHE = True
    _queries_of_one_request(client, "/capacity-building/?bench-cold=3")
    assert _queries_of_one_request(client, "/capacity-building/?bench-cold=4") < miss


def _queries_of_one_request(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.usefixtures("bench_settings")
def test_the_ceiling_answers_under_the_benchmark_settings(client):
    response = client.get("/bench/ceiling/")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.usefixtures("production_settings")
def test_production_has_no_benchmark_route(client):
    response = client.get("/bench/ceiling/")
    assert response.status_code == 404
    assert "X-Queries" not in response


@pytest.mark.usefixtures("bench_settings", "page_cache_on")
def test_each_response_under_the_benchmark_settings_counts_its_queries(client):
    """`make bench` reports queries per request from this header, page cache lookups included."""
    with CaptureQueriesContext(connection) as rendered:
        miss = client.get("/capacity-building/")
    assert miss["X-Page-Cache"] == "miss"
    assert int(miss["X-Queries"]) == len(rendered) > 3
    with CaptureQueriesContext(connection) as served:
        hit = client.get("/capacity-building/")
    assert hit["X-Page-Cache"] == "hit"
    assert int(hit["X-Queries"]) == len(served) < len(rendered)


@pytest.mark.usefixtures("bench_settings", "page_cache_on")
def test_the_page_cache_leaves_the_ceiling_alone_but_still_serves_pages(client):
    client.get("/bench/ceiling/")
    assert "X-Page-Cache" not in client.get("/bench/ceiling/")
    client.get("/about-us/")
    assert client.get("/about-us/")["X-Page-Cache"] == "hit"


def test_the_benchmark_settings_pass_django_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_DIR,
        env={**ENVIRONMENT, "DJANGO_SETTINGS_MODULE": "uclg_site.settings.bench"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
