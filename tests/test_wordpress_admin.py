"""The WordPress import's admin screen over HTTP: upload, the dry run's report, the category
mapping, the import, and what staff without the permission see."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pages.models import StoryPage
from pages.wordpress.models import ImportedItem, WordPressImport
from pages.wordpress.sample_export import write_sample_export

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/wordpress-import/"


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("wordpress-admin")
    write_sample_export(directory, posts=40)
    return directory


@pytest.fixture
def media_setting(settings, sample_dir):
    settings.WORDPRESS_MEDIA_DIR = str(sample_dir / "uploads")


def upload(client, content, name="export.xml", **fields):
    return client.post(UPLOAD_URL, {"export_file": SimpleUploadedFile(name, content, "text/xml"), **fields})


def test_staff_without_the_permission_are_refused(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", "editor@example.org", "x" * 16, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    # Wagtail answers a refused admin page by sending back to the dashboard with a message.
    assert client.get(UPLOAD_URL)["Location"] == "/admin/"
    assert upload(client, b"<rss/>")["Location"] == "/admin/"
    assert not WordPressImport.objects.exists()
    assert "wordpress-import" not in client.get("/admin/").content.decode()


def test_the_screen_says_where_it_reads_files_from(admin_client, settings):
    settings.WORDPRESS_MEDIA_DIR = ""
    assert "every image and file will be reported missing" in admin_client.get(UPLOAD_URL).content.decode()
    settings.WORDPRESS_MEDIA_DIR = "/srv/old-site/uploads"
    assert "<code>/srv/old-site/uploads</code>" in admin_client.get(UPLOAD_URL).content.decode()


def test_a_file_that_is_not_xml_is_refused_in_the_form(admin_client):
    response = upload(admin_client, b"%PDF-1.4 a pdf", name="export.pdf", as_drafts="on")
    assert response.status_code == 200
    page = response.content.decode()
    assert "This is not an XML file" in page
    assert re.search(r'<input[^>]*name="as_drafts"[^>]*checked', page)
    assert not WordPressImport.objects.exists()


def test_upload_shows_the_dry_run_then_imports_with_the_chosen_mapping(
    admin_client, sample_dir, media_setting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(admin_client, (sample_dir / "export.xml").read_bytes())
    job = WordPressImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("wordpress_import_detail", args=[job.pk])
    assert not ImportedItem.objects.exists()

    page = admin_client.get(response["Location"]).content.decode()
    assert "Checked: ready to import" in page
    assert "Dry run: what an import would do" in page
    assert "Press Release" in page
    job.refresh_from_db()
    created_in_dry_run = job.check_report["counts"]["story"]["created"]
    assert created_in_dry_run > 0

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            response["Location"], {"category__press-release": "news", "event_categories": [], "import": ""}
        )
    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    assert "What the import did" in page
    job.refresh_from_db()
    assert job.status == WordPressImport.Status.IMPORTED
    assert job.import_report["counts"]["story"]["created"] == created_in_dry_run
    assert job.category_mapping["press-release"] == "news"
    story_ids = ImportedItem.objects.filter(kind="post").values("object_id")
    assert StoryPage.objects.filter(pk__in=story_ids).count() >= created_in_dry_run


def test_an_unreadable_export_says_why(admin_client, sample_dir, django_capture_on_commit_callbacks):
    content = (sample_dir / "export.xml").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(admin_client, content[: len(content) // 3])
    page = admin_client.get(response["Location"]).content.decode()
    assert "Could not be read" in page
    assert "line" in page
    assert 'name="import"' not in page


def test_a_running_import_refreshes_and_refuses_a_second_start(admin_client, sample_dir):
    job = WordPressImport.objects.create(
        export_file=SimpleUploadedFile("export.xml", b"<rss/>"), original_name="export.xml"
    )
    url = reverse("wordpress_import_detail", args=[job.pk])
    page = admin_client.get(url).content.decode()
    assert 'http-equiv="refresh"' in page
    response = admin_client.post(url, {"import": ""}, follow=True)
    assert "This import is busy" in response.content.decode()
    job.refresh_from_db()
    assert job.status == WordPressImport.Status.CHECKING
