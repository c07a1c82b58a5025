"""The database cache table exists whatever the cache in use, and a missing one never takes
the site down: a site first set up with Redis keeps working when Redis is turned off."""

import pytest
from django.core.management import call_command
from django.db import connection

from pages.models import StoryPage
from pages.repository.models import ResourceIndexPage

pytestmark = pytest.mark.django_db


def _tables():
    return connection.introspection.table_names()


def test_setup_site_creates_the_cache_table_even_with_redis_configured(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},  # as with Redis
    }
    settings.DATABASE_CACHE_TABLE = "django_cache_made_by_setup"
    assert "django_cache_made_by_setup" not in _tables()
    call_command("setup_site", verbosity=0)
    assert "django_cache_made_by_setup" in _tables()


@pytest.fixture
def cache_without_its_table(settings):
    """The site's database cache pointed at a table that was never created, as after
    REDIS_URL is removed from a site that was set up with Redis."""
    assert "django_cache_never_created" not in _tables()
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": "django_cache_never_created"},
    }


def _public_pages():
    story = StoryPage.objects.live().first()
    return ["/", story.url, ResourceIndexPage.objects.get(locale__language_code="en").url, "/search/?q=city"]


@pytest.mark.usefixtures("cache_without_its_table")
@pytest.mark.parametrize("page_cache_seconds", [0, 600])
def test_pages_are_served_without_the_cache_table(client, settings, page_cache_seconds):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    for url in _public_pages() * 2:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.get("X-Page-Cache") != "hit"


@pytest.mark.usefixtures("cache_without_its_table")
def test_the_admin_works_without_the_cache_table(admin_client):
    assert admin_client.get("/admin/").status_code == 200
    story = StoryPage.objects.live().first()
    assert admin_client.get(f"/admin/pages/{story.pk}/edit/").status_code == 200
