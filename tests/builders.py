"""Small builders for test data."""

import io
import re
from contextlib import contextmanager
from importlib import import_module

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify
from PIL import Image
from wagtail.models import Collection, Locale, Page

from pages import cache as page_cache
from pages.demo.media import make_pdf
from pages.models import HomePage, SiteDocument, SiteImage, StandardPage


def make_image(title="Test image", size=(64, 36), file_name="test.png", **fields):
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(buffer, format="PNG")
    image = SiteImage(title=title, **fields)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=file_name)
    image.save()
    return image


def form_started(html):
    """The signed start time in a protected form's HTML, as a browser sends it back."""
    return re.search(r'name="form_started" value="([^"]+)"', html).group(1)


def make_document(title="Test PDF", pages=2, content=None, filename=None):
    """A document holding a PDF of `pages` pages, or `content` (any bytes) when given."""
    data = content if content is not None else make_pdf(title, ["Cities and local governments."], pages)
    document = SiteDocument(title=title)
    document.file.save(filename or f"{slugify(title)}.pdf", ContentFile(data), save=False)
    document.file_size = len(data)
    document.save()
    return document


def add_standard_pages(parent, count, prefix="Child", with_image=True, **fields):
    image = make_image(f"{prefix} image") if with_image else None
    pages = []
    for number in range(count):
        page = StandardPage(
            title=f"{prefix} {number}",
            slug=f"{prefix.lower().replace(' ', '-')}-{number}",
            listing_image=image,
            show_in_menus=True,
            **fields,
        )
        parent.add_child(instance=page)
        pages.append(page)
    return pages


def ensure_demo_site():
    """Rebuild the tree that migrations and the demo loader create, after a flush."""
    if HomePage.objects.filter(numchild__gt=0).exists():
        return
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    call_command("createcachetable", verbosity=0)
    # Reference data that a migration creates is emptied by the flush too.
    goals = import_module("pages.migrations.0003_sustainable_development_goals")
    goals.create_goals(migration_state_apps("pages", "0003_sustainable_development_goals"), None)
    call_command("setup_site", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    # Renditions cached in this process may belong to images of the emptied database.
    caches["renditions"].clear()


def query_count(client, url):
    """SQL queries of a second GET of `url` (the first warms renditions and per-process
    caches)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries, without_pending_invalidation_check():
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@contextmanager
def without_pending_invalidation_check():
    """The page cache looks for invalidations left by a cache outage with one query at most
    every few seconds: on a slow machine that moment can fall into one of two measured
    requests whose counts a test compares. Neither asks while this lasts."""
    postponed = page_cache._next_pending_check
    page_cache._next_pending_check = float("inf")
    try:
        yield
    finally:
        page_cache._next_pending_check = postponed


def migration_state_apps(app_label, migration_name):
    """The models as a migration saw them: its data functions use names that have moved since."""
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(connection).project_state((app_label, migration_name)).apps
