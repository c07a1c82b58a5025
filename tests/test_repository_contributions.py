"""Suggestions from visitors and bulk import by staff."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import Workbook

from pages.demo.media import make_pdf
from pages.repository.models import ResourcePage, ResourceSuggestion
from pages.storage import private_root
from tests.builders import form_started
from tests.builders_repository import suggest_url, suggestion_data

pytestmark = pytest.mark.django_db


def _post(client, **changes):
    started = form_started(client.get(suggest_url()).content.decode())
    return client.post(suggest_url(), {**suggestion_data(**changes), "form_started": started})


def test_suggestion_with_upload_is_stored_privately_and_never_published(client, settings, django_user_model):
    pages_before = ResourcePage.objects.count()
    upload = SimpleUploadedFile("kitchens.pdf", make_pdf("Kitchens", ["Text"], 1), content_type="application/pdf")
    response = _post(client, file=upload)
    assert response.status_code == 302
    assert "Thank you" in client.get(response["Location"]).content.decode()
    suggestion = ResourceSuggestion.objects.get(title="Community kitchens in Cebu")
    assert suggestion.status == "new"
    assert ResourcePage.objects.count() == pages_before
    stored = Path(suggestion.file.path)
    assert stored.is_file()
    assert private_root() in stored.parents
    assert Path(settings.MEDIA_ROOT) not in stored.parents

    file_url = f"/repository/suggestions/{suggestion.pk}/file/"
    anonymous = Client()
    assert anonymous.get(file_url).status_code == 404
    assert anonymous.get(f"/media/{suggestion.file.name}").status_code == 404
    admin_client = Client()
    admin_client.force_login(django_user_model.objects.create_superuser("reviewer", "r@example.org", "x" * 16))
    staff = admin_client.get(file_url)
    assert staff.status_code == 200 and b"".join(staff.streaming_content).startswith(b"%PDF")
    listing = admin_client.get("/admin/repository_suggestions/")
    assert "Community kitchens in Cebu" in listing.content.decode()


def test_suggestion_needs_a_link_or_a_file_and_shows_errors(client):
    response = _post(client, consent="")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html and "#id_url" in html and "#id_consent" in html
    assert not ResourceSuggestion.objects.exists()


def test_fake_pdf_upload_is_refused(client):
    upload = SimpleUploadedFile("fake.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = _post(client, file=upload)
    assert response.status_code == 200 and not ResourceSuggestion.objects.exists()


def test_honeypot_suggestion_is_discarded_silently(client):
    response = _post(client, url="https://example.org/x", nickname="bot")
    assert response.status_code == 302
    assert not ResourceSuggestion.objects.exists()


def test_suggestions_are_rate_limited(client, settings):
    settings.FORM_RATE_LIMIT = "2/h"
    for _attempt in range(2):
        assert _post(client, url="https://example.org/x").status_code == 302
    assert _post(client, url="https://example.org/y").status_code == 429


def _csv(rows):
    header = "title,summary,url,identifier,type,themes,sdgs,phase,status,countries,publisher,publication_date,languages"
    return "\n".join([header, *rows]).encode()


GOOD_ROW = (
    'Good one,"A summary, with a comma",https://example.org/good,10.9999/good,Report,'
    '"Water & sanitation; Gender",6;5,response,current,ID;PH,New Publisher Org,2021-03-04,en'
)
SECOND_ROW = "Second,Summary,https://example.org/second,,Policy brief,,,recovery,,VN,,2022,"
BAD_ROW = "Bad one,Summary,not-a-url,,No such type,Nope,42,later,,XX,,31/02/2021,zz"


def _import(tmp_path, content, *args, name="import.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    out = io.StringIO()
    call_command("import_resources", str(path), *args, stdout=out)
    return out.getvalue()


def test_import_dry_run_saves_nothing(tmp_path):
    before = ResourcePage.objects.count()
    output = _import(tmp_path, _csv([GOOD_ROW, SECOND_ROW]), "--dry-run")
    assert "line 2: create" in output and "Dry run" in output
    assert ResourcePage.objects.count() == before


def test_import_reports_each_bad_row_and_imports_nothing_unless_asked(tmp_path):
    before = ResourcePage.objects.count()
    path = tmp_path / "mixed.csv"
    path.write_bytes(_csv([GOOD_ROW, BAD_ROW]))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_resources", str(path), stdout=out)
    output = out.getvalue()
    for message in ("line 3: ERROR", "Unknown type", "Unknown theme", "Unknown SDG", "Unknown country", "url must"):
        assert message in output
    assert "publication date" in output and "Unknown phase" in output
    assert ResourcePage.objects.count() == before
    output = _import(tmp_path, _csv([GOOD_ROW, BAD_ROW]), "--commit-valid")
    assert "Imported" in output
    assert ResourcePage.objects.count() == before + 1
    imported = ResourcePage.objects.get(identifier="10.9999/good")
    assert imported.live
    assert sorted(entry.country.code for entry in imported.countries.all()) == ["ID", "PH"]
    assert {theme.name for theme in imported.themes.all()} == {"Water & sanitation", "Gender"}
    assert imported.publisher.name == "New Publisher Org"


def test_import_is_idempotent_and_updates(tmp_path):
    before = ResourcePage.objects.count()
    _import(tmp_path, _csv([GOOD_ROW, SECOND_ROW]))
    assert ResourcePage.objects.count() == before + 2
    changed = GOOD_ROW.replace("Good one", "Good one (revised)")
    output = _import(tmp_path, _csv([changed, SECOND_ROW]))
    assert "line 2: update" in output and "line 3: update" in output
    assert ResourcePage.objects.count() == before + 2
    assert ResourcePage.objects.get(identifier="10.9999/good").title == "Good one (revised)"


def test_import_reads_xlsx(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["title", "summary", "url", "type", "publication_date", "countries"])
    sheet.append(["From a workbook", "Summary", "https://example.org/xlsx", "Report", "2021-07-01", "TH"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    output = _import(tmp_path, buffer.getvalue(), name="import.xlsx")
    assert "Imported" in output
    assert ResourcePage.objects.filter(title="From a workbook", live=True).exists()


def test_admin_import_view_shows_the_report(admin_client):
    upload = SimpleUploadedFile("import.csv", _csv([GOOD_ROW, BAD_ROW]))
    response = admin_client.post("/admin/repository/import/", {"file": upload, "dry_run": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dry run" in html and "Unknown type" in html and "New resource" in html
    assert not ResourcePage.objects.filter(identifier="10.9999/good").exists()
    upload = SimpleUploadedFile("import.csv", _csv([GOOD_ROW, BAD_ROW]))
    admin_client.post("/admin/repository/import/", {"file": upload, "commit_valid": "on"})
    assert ResourcePage.objects.filter(identifier="10.9999/good", live=True).exists()
    assert Client().get("/admin/repository/import/").status_code == 302  # anonymous: to the login page


# --- The admin import page: column guide, sample file, drafts -------------------------------

IMPORT_URL = "/admin/repository/import/"


def test_import_page_lists_each_column_with_the_values_the_database_allows(admin_client):
    from pages.repository.models import ResourceLanguage, ResourceTheme, ResourceType

    ResourceType.objects.create(name="Field manual", slug="field-manual")
    ResourceTheme.objects.create(name="Street vending", slug="street-vending")
    ResourceLanguage.objects.create(code="tet", name="Tetum")
    html = admin_client.get(IMPORT_URL).content.decode()
    for allowed in ("Field manual", "Street vending", "tet (Tetum)", "preparedness", "superseded", "international"):
        assert f"<code>{allowed}</code>" in html, allowed
    assert 'href="/admin/repository/import/sample.csv"' in html
    assert "Download a sample CSV" in html and "Import as drafts" in html


def test_sample_csv_imports_cleanly_through_the_admin(admin_client):
    response = admin_client.get(f"{IMPORT_URL}sample.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    sample = response.content
    dry = admin_client.post(IMPORT_URL, {"file": SimpleUploadedFile("sample.csv", sample), "dry_run": "on"})
    assert "2 rows: 2 new, 0 updates, 0 with errors." in dry.content.decode()
    real = admin_client.post(IMPORT_URL, {"file": SimpleUploadedFile("sample.csv", sample)})
    assert "Imported." in real.content.decode()
    imported = ResourcePage.objects.get(identifier="SAMPLE-0001")
    assert imported.live and imported.themes.count() == 2 and imported.languages.count() == 1


def test_import_as_drafts_creates_unpublished_pages_with_a_revision(admin_client, client):
    response = admin_client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("import.csv", _csv([GOOD_ROW, SECOND_ROW])), "as_drafts": "on"}
    )
    assert "Imported as drafts" in response.content.decode()
    draft = ResourcePage.objects.get(identifier="10.9999/good")
    assert not draft.live and draft.has_unpublished_changes
    assert draft.latest_revision is not None
    assert client.get(draft.get_url()).status_code == 404


def test_import_as_drafts_leaves_the_live_version_of_an_existing_resource(admin_client, client):
    admin_client.post(IMPORT_URL, {"file": SimpleUploadedFile("import.csv", _csv([GOOD_ROW]))})
    changed = GOOD_ROW.replace("Good one", "Good one (revised)")
    admin_client.post(IMPORT_URL, {"file": SimpleUploadedFile("import.csv", _csv([changed])), "as_drafts": "on"})
    resource = ResourcePage.objects.get(identifier="10.9999/good")
    assert resource.live and resource.title == "Good one"
    assert resource.has_unpublished_changes
    assert resource.get_latest_revision_as_object().title == "Good one (revised)"
