import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with the cache table and the demo site, built once per run.

    Each test runs in a transaction that is rolled back, so the demo site is the same for
    every test that does not use `transactional_db` (pytest-django runs those last)."""
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)
        call_command("setup_site", verbosity=0)
        call_command("load_demo_content", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """The interface translations as `make run` serves them, also when pytest runs alone."""
    call_command("compile_translations", verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached pages never leak from one test into the next, nor do
    renditions: an image made by a later test can get the id of a rolled-back one."""
    yield
    caches["renditions"].clear()
    try:
        cache.clear()
    except Exception:  # noqa: BLE001 - a test without database access has no cache table
        pass


@pytest.fixture
def page_cache_on(settings):
    """The full-page cache as in production; the test settings turn it off."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_MAX_AGE = 60


@pytest.fixture
def home_page(db):
    from pages.models import HomePage

    return HomePage.objects.get(locale__language_code="en")


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("editor-admin", "editor-admin@example.org", "x" * 16)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def database_queue(settings):
    """Background tasks wait in the database queue until the test calls `run_worker()`."""
    from tests.worker_queue import DATABASE_QUEUE

    settings.TASKS = DATABASE_QUEUE


def is_postgresql():
    return connection.vendor == "postgresql"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A test marked `postgres_only(reason=...)` runs in CI's PostgreSQL pass and is skipped,
    with its reason, in the SQLite pass (0 skipped on PostgreSQL). Skipped before its fixtures
    are set up, so no private server is started for nothing."""
    marker = item.get_closest_marker("postgres_only")
    if marker is not None and not is_postgresql():
        pytest.skip(marker.kwargs["reason"])


# The private PostgreSQL cluster and its demo site, built once per run for the fault,
# scale-out and backup tests.
from tests.services import private_postgresql, private_site_database  # noqa: E402, F401
