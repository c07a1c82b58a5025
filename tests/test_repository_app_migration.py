"""A database made before the COVID-19 repository became the app `repository` moves forward with
`migrate` alone: its resources, suggestions, download counts, search entries, queued tasks and
the permissions staff hold on them all carry over, under the new app label.

The starting point is a pg_dump of a populated site built with the code of before the move
(commit ab818c6): `setup_site`, `load_demo_content`, a visitor's suggestion, a resource with
downloads counted, a staff user in a group holding repository permissions, and `update_index`.
`tests/data/make_repository_premove_dump.sh` makes it (run from the project folder)."""

import json
from pathlib import Path

import pytest
from django.utils.html import escape

from tests.services import manage, server_environment

pytestmark = pytest.mark.xdist_group("private-servers")

DUMP = Path(__file__).parent / "data" / "repository_premove.sql.gz"
MOVED_MODELS = [
    "publisher",
    "resourcecountry",
    "resourceindexpage",
    "resourcelanguage",
    "resourcepage",
    "resourcesuggestion",
    "resourcetheme",
    "resourcetype",
    "sustainabledevelopmentgoal",
]
REVIEWER = "premove-reviewer"
THUMBNAIL_TASK_BEFORE = "pages.tasks.make_resource_thumbnail"
THUMBNAIL_TASK_AFTER = "pages.repository.tasks.make_resource_thumbnail"


@pytest.fixture
def premove_database(private_postgresql):
    """The pre-move dump restored into a fresh database of the private cluster (which, like
    the other PostgreSQL-only tests, skips with its reason on the SQLite run)."""
    name = private_postgresql.restore_dump(DUMP, "uclg_premove")
    yield private_postgresql, name
    private_postgresql.run_tool("dropdb", name)


def _rows(cluster, database, sql):
    output = cluster.run_tool(
        "psql", "--no-align", "--tuples-only", "--field-separator=|", "--dbname", database, "-c", sql
    )
    return [line.split("|") for line in output.stdout.splitlines() if line]


def _what_the_dump_holds(cluster, database):
    moved = ", ".join(f"'{model}'" for model in MOVED_MODELS)
    return {
        "content_types": dict(
            _rows(
                cluster,
                database,
                f"SELECT model, id FROM django_content_type WHERE app_label = 'pages' AND model IN ({moved})",
            )
        ),
        "live_resources": int(
            _rows(
                cluster,
                database,
                "SELECT count(*) FROM pages_resourcepage JOIN wagtailcore_page ON id = page_ptr_id WHERE live",
            )[0][0]
        ),
        "counted": _rows(
            cluster,
            database,
            "SELECT page_ptr_id, title, download_count FROM pages_resourcepage "
            "JOIN wagtailcore_page ON id = page_ptr_id WHERE download_count > 0",
        ),
        "suggestions": [row[0] for row in _rows(cluster, database, "SELECT title FROM pages_resourcesuggestion")],
        "queued_thumbnails": int(
            _rows(
                cluster,
                database,
                f"SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path = '{THUMBNAIL_TASK_BEFORE}' "
                "AND status = 'READY'",
            )[0][0]
        ),
    }


# Run in the migrated database by `manage.py shell`; prints what a visitor and staff see.
CHECK_SCRIPT = """
import io
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.core.files.base import ContentFile
from django_tasks_db.models import DBTaskResult
from PIL import Image
from pages.models import SiteImage
from pages.repository.models import ResourceIndexPage, ResourcePage, ResourceSuggestion

MOVED_MODELS = {moved!r}
# A dump holds no media files, which a restore brings back from their own backup: stand-ins
# of the recorded sizes let pages make the renditions they need.
for image in SiteImage.objects.all():
    if not image.file.storage.exists(image.file.name):
        png = io.BytesIO()
        Image.new("RGB", (image.width, image.height), (200, 200, 200)).save(png, format="PNG")
        image.file.storage.save(image.file.name, ContentFile(png.getvalue()))
counted_id = {counted_id}
index = ResourceIndexPage.objects.get()
resource = ResourcePage.objects.get(pk=counted_id)
visitor = Client(HTTP_HOST="127.0.0.1")
index_page = visitor.get(index.url)
resource_page = visitor.get(resource.url)
count_before_download = resource.download_count
download = visitor.get(resource.url + resource.reverse_subpage("download"))
search = visitor.get("/search/", {{"q": resource.title}})
repository_search = visitor.get(index.url, {{"q": resource.title}})

admin = Client(HTTP_HOST="127.0.0.1")
admin.force_login(get_user_model().objects.filter(is_superuser=True).first())
listing = admin.get(reverse("repository_resources:index"))
reviewer = get_user_model().objects.get(username={reviewer!r})
reviewer_client = Client(HTTP_HOST="127.0.0.1")
reviewer_client.force_login(reviewer)
suggestions = reviewer_client.get(reverse("repository_suggestions:index"))
task_paths = set(DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True))

print(json.dumps({{
    "index": [index_page.status_code, index_page.content.decode()],
    "resource": [resource_page.status_code, resource_page.content.decode()],
    "resource_title": resource.title,
    "count_before_download": count_before_download,
    "download": [download.status_code, download.get("Location", "")],
    "count_after_download": ResourcePage.objects.get(pk=counted_id).download_count,
    "search": [search.status_code, search.content.decode()],
    "repository_search": [repository_search.status_code, repository_search.content.decode()],
    "listing": [listing.status_code, listing.content.decode()],
    "suggestions_listing": [suggestions.status_code, suggestions.content.decode()],
    "reviewer_perms": {{
        name: reviewer.has_perm(name)
        for name in ["repository.change_resourcepage", "repository.view_resourcesuggestion",
                     "repository.change_resourcesuggestion", "repository.change_publisher"]
    }},
    "suggestions": list(ResourceSuggestion.objects.values_list("title", flat=True)),
    "content_types": {{
        label: list(ContentType.objects.filter(app_label=label, model__in=MOVED_MODELS).values_list("model", "id"))
        for label in ["pages", "repository"]
    }},
    "repository_permissions": list(
        Permission.objects.filter(content_type__app_label="repository")
        .values_list("codename", flat=True).order_by("codename")
    ),
    "queued_task_paths": sorted(task_paths),
    "queued_thumbnails": DBTaskResult.objects.filter(status="READY", task_path={task_after!r}).count(),
    "live_resources": ResourcePage.objects.live().count(),
}}))
"""


def test_a_database_from_before_the_move_migrates_forward_without_loss(premove_database):
    cluster, database = premove_database
    before = _what_the_dump_holds(cluster, database)
    assert len(before["content_types"]) == len(MOVED_MODELS)
    [(counted_id, counted_title, downloads)] = before["counted"]
    title_in_html = escape(counted_title)
    assert int(downloads) > 0 and before["suggestions"] and before["queued_thumbnails"]

    environment = server_environment(cluster.url(database), PAGE_CACHE_SECONDS="0")
    manage(environment, "migrate", "--noinput")
    manage(environment, "migrate", "--check")
    script = CHECK_SCRIPT.format(
        moved=MOVED_MODELS, counted_id=int(counted_id), reviewer=REVIEWER, task_after=THUMBNAIL_TASK_AFTER
    )
    after = json.loads(manage(environment, "shell", "-c", script).stdout.strip().splitlines()[-1])

    # Visitors: the listing, the resource and its download route.
    status, body = after["index"]
    assert status == 200 and f"{before['live_resources']} resources" in body
    assert after["live_resources"] == before["live_resources"]
    status, body = after["resource"]
    assert status == 200 and title_in_html in body and after["resource_title"] == counted_title
    assert after["count_before_download"] == int(downloads)
    assert after["download"][0] == 302 and after["download"][1]
    assert after["count_after_download"] == int(downloads) + 1

    # The search entries made before the move still find the resource by its title.
    for name in ("search", "repository_search"):
        status, body = after[name]
        assert status == 200 and title_in_html in body, name

    # Staff: the admin listing of resources, the suggestions and the permissions groups held.
    status, body = after["listing"]
    assert status == 200 and title_in_html in body
    assert after["suggestions"] == before["suggestions"]
    status, body = after["suggestions_listing"]
    assert status == 200 and escape(before["suggestions"][0]) in body
    assert all(after["reviewer_perms"].values()), after["reviewer_perms"]

    # The content types were renamed, keeping their ids: none left under pages, none doubled.
    assert after["content_types"]["pages"] == []
    assert dict(after["content_types"]["repository"]) == {
        model: int(id_) for model, id_ in before["content_types"].items()
    }
    permissions = after["repository_permissions"]
    assert len(permissions) == len(set(permissions))

    # Thumbnails queued before the move run from the task's new home.
    assert THUMBNAIL_TASK_BEFORE not in after["queued_task_paths"]
    assert after["queued_thumbnails"] == before["queued_thumbnails"]
