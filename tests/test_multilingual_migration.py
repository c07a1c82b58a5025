"""A database made before the site became multilingual moves forward with `migrate` and
`setup_site` (the release steps): every page and every translatable list entry (story
categories, thematic areas, partners, the repository's types, themes, publishers and
languages) becomes English, nothing is lost or doubled, and the pages still answer.

The starting point is a pg_dump of the demo site built with the code of before the first
translatable model (commit c9a5c98, the parent of the one adding `pages` 0013):
`tests/data/make_premultilingual_dump.sh` makes it (run from the project folder)."""

import json
from pathlib import Path

import pytest

from tests.services import manage, server_environment

pytestmark = pytest.mark.xdist_group("private-servers")

DUMP = Path(__file__).parent / "data" / "premultilingual.sql.gz"
# The tables of the models that became translatable, by model label.
TRANSLATABLE_TABLES = {
    "pages.StoryCategory": "pages_storycategory",
    "programmes.ThematicArea": "programmes_thematicarea",
    "programmes.PartnerOrganisation": "programmes_partnerorganisation",
    "repository.ResourceType": "pages_resourcetype",
    "repository.ResourceTheme": "pages_resourcetheme",
    "repository.Publisher": "pages_publisher",
    "repository.ResourceLanguage": "pages_resourcelanguage",
}


@pytest.fixture
def premultilingual_database(private_postgresql):
    """The dump restored into a fresh database of the private cluster (skipped with its reason
    on the SQLite run, like the other PostgreSQL-only tests)."""
    name = private_postgresql.restore_dump(DUMP, "uclg_premultilingual")
    yield private_postgresql, name
    private_postgresql.run_tool("dropdb", name)


def _value(cluster, database, sql):
    return cluster.run_tool("psql", "--no-align", "--tuples-only", "--dbname", database, "-c", sql).stdout.strip()


def _what_the_dump_holds(cluster, database):
    return {
        "pages": int(_value(cluster, database, "SELECT count(*) FROM wagtailcore_page")),
        "live_pages": int(_value(cluster, database, "SELECT count(*) FROM wagtailcore_page WHERE live")),
        "locales": _value(cluster, database, "SELECT string_agg(language_code, ',') FROM wagtailcore_locale"),
        "rows": {
            label: int(_value(cluster, database, f"SELECT count(*) FROM {table}"))
            for label, table in TRANSLATABLE_TABLES.items()
        },
    }


# Run in the migrated database by `manage.py shell`; prints what the database holds and what
# visitors get.
CHECK_SCRIPT = """
import io
import json
from django.apps import apps
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image
from wagtail.models import Page
from pages.models import SiteImage, StoryCategory, StoryPage
from pages.repository.models import ResourceIndexPage, ResourcePage, ResourceType
from programmes.models import ProgrammePage, ThematicArea

# A dump holds no media files, which a restore brings back from their own backup: stand-ins
# of the recorded sizes let pages make the renditions they need.
for image in SiteImage.objects.all():
    if not image.file.storage.exists(image.file.name):
        png = io.BytesIO()
        Image.new("RGB", (image.width, image.height), (200, 200, 200)).save(png, format="PNG")
        image.file.storage.save(image.file.name, ContentFile(png.getvalue()))

labels = {labels!r}
visitor = Client(HTTP_HOST="127.0.0.1")
story = StoryPage.objects.live().order_by("path").first()
repository = ResourceIndexPage.objects.live().get()
programme = ProgrammePage.objects.live().order_by("path").first()
urls = [
    "/",
    story.url,
    story.get_parent().url,
    story.get_parent().url + "?category=" + story.category.slug,
    repository.url,
    repository.url + "?type=" + ResourcePage.objects.live().first().resource_type.slug,
    ResourcePage.objects.live().order_by("path").first().url,
    programme.url,
    programme.get_parent().url + "?theme=" + ThematicArea.objects.first().slug,
    "/id/",
]
print(json.dumps({{
    "pages": Page.objects.count(),
    "live_pages": Page.objects.live().count(),
    "page_languages": sorted(set(Page.objects.values_list("locale__language_code", flat=True))),
    "locales": sorted(apps.get_model("wagtailcore.Locale").objects.values_list("language_code", flat=True)),
    "rows": {{label: apps.get_model(label).objects.count() for label in labels}},
    "row_languages": {{
        label: sorted(set(apps.get_model(label).objects.values_list("locale__language_code", flat=True)))
        for label in labels
    }},
    "keys": {{
        label: apps.get_model(label).objects.values("translation_key").distinct().count() for label in labels
    }},
    "answers": {{url: visitor.get(url).status_code for url in urls}},
}}))
"""


@pytest.mark.postgres_only(reason="restores a PostgreSQL dump")
def test_a_database_from_before_the_languages_migrates_forward_in_english(premultilingual_database):
    cluster, database = premultilingual_database
    before = _what_the_dump_holds(cluster, database)
    assert before["locales"] == "en"
    assert all(before["rows"].values()), before["rows"]

    environment = server_environment(cluster.url(database), PAGE_CACHE_SECONDS="0")
    manage(environment, "migrate", "--noinput")
    manage(environment, "migrate", "--check")
    manage(environment, "setup_site", "-v", "0")
    script = CHECK_SCRIPT.format(labels=list(TRANSLATABLE_TABLES))
    after = json.loads(manage(environment, "shell", "-c", script).stdout.strip().splitlines()[-1])

    assert after["pages"] == before["pages"] and after["live_pages"] == before["live_pages"]
    assert after["page_languages"] == ["en"]
    assert after["locales"] == ["en", "id", "ko", "zh-hans"]
    assert after["rows"] == before["rows"]
    assert after["row_languages"] == {label: ["en"] for label in TRANSLATABLE_TABLES}
    assert after["keys"] == before["rows"]  # each row its own translation key
    assert set(after["answers"].values()) == {200}, after["answers"]
