"""Documents know their page count and text; broken PDFs get a clear error, not a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pages.demo.media import make_pdf
from pages.models import SiteDocument

pytestmark = pytest.mark.django_db


def test_uploading_a_pdf_in_the_admin_records_its_page_count_and_text(admin_client):
    pdf = make_pdf("Local budgets in a pandemic", ["Participatory budgeting in Surakarta."], pages=3)
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Local budgets", "file": SimpleUploadedFile("budgets.pdf", pdf, "application/pdf"), "collection": 1},
    )
    assert response.status_code == 302
    document = SiteDocument.objects.get(title="Local budgets")
    assert document.page_count == 3
    assert "Participatory budgeting in Surakarta" in document.extracted_text
    assert document.file_size == len(pdf)


def test_a_broken_pdf_is_refused_with_a_clear_message(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Broken",
            "file": SimpleUploadedFile("broken.pdf", b"%PDF-1.4 garbage", "application/pdf"),
            "collection": 1,
        },
    )
    assert response.status_code == 200
    assert "not a readable PDF" in response.content.decode()
    assert not SiteDocument.objects.filter(title="Broken").exists()


def test_a_renamed_non_pdf_is_refused(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Fake",
            "file": SimpleUploadedFile("fake.pdf", b"<html>hello</html>", "application/pdf"),
            "collection": 1,
        },
    )
    assert response.status_code == 200
    assert "not a readable PDF" in response.content.decode()


def test_documents_are_served_with_their_content_type(client):
    document = SiteDocument(title="Served")
    document.file = SimpleUploadedFile("served.pdf", make_pdf("Served", ["Text"]), "application/pdf")
    document.save()
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_document_created_in_code_answers_conditional_requests(client):
    first = SiteDocument(title="First")
    first.file = SimpleUploadedFile("first.pdf", make_pdf("First", ["One"]), "application/pdf")
    first.save()
    second = SiteDocument(title="Second")
    second.file = SimpleUploadedFile("second.pdf", make_pdf("Second", ["Two"]), "application/pdf")
    second.save()
    etag = client.get(first.url)["ETag"]
    assert etag.strip('"') and etag != client.get(second.url)["ETag"]
    assert client.get(first.url, headers={"if-none-match": etag}).status_code == 304
    assert client.get(second.url, headers={"if-none-match": etag}).status_code == 200


def test_html_uploads_are_not_allowed(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Page", "file": SimpleUploadedFile("page.html", b"<script>x</script>", "text/html"), "collection": 1},
    )
    assert response.status_code == 200
    assert not SiteDocument.objects.filter(title="Page").exists()
