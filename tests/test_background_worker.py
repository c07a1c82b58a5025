"""Hostile PDFs never hold a request: uploads get a cheap, bounded check and the worker reads
the file later in a limited child process. The worker also sends newsletter emails and
publishes scheduled pages."""

import re
import sqlite3
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import MembershipApplication
from pages.models import SiteDocument
from pages.repository.models import ResourceSuggestion
from tests.builders import form_started, make_document
from tests.builders_members import JOIN_URL, application_data
from tests.builders_news import make_story
from tests.builders_repository import make_resource, repository, suggest_url, suggestion_data
from tests.crafted_pdfs import shared_stream_bomb, small_valid_pdf
from tests.worker_queue import queued_tasks, run_worker

pytestmark = pytest.mark.django_db

REQUEST_BUDGET_SECONDS = 2.0
TOO_COMPLEX = "This PDF is too complex to process"
# Six pages drawing one 4 MB stream: refused by the cheap check. Three pages (12 MB of
# drawing) pass it but take a text extractor far longer than the worker's limit in these tests.
REFUSED_PAGES, ACCEPTED_PAGES = 6, 3


def _timed(send):
    started = time.monotonic()
    response = send()
    return response, time.monotonic() - started


def _upload(pages, name="crafted.pdf"):
    return SimpleUploadedFile(name, shared_stream_bomb(pages), content_type="application/pdf")


def _post_join_form(client, letter):
    """The join form's POST, timed on its own (the GET for the form's token comes first)."""
    data = application_data(client, letter_of_intent=letter)
    return _timed(lambda: client.post(JOIN_URL, data))


def _post_suggestion(client, upload):
    """The suggestion form's POST, timed on its own (the GET for the form's token comes first)."""
    url = suggest_url()
    data = suggestion_data(form_started=form_started(client.get(url).content.decode()), file=upload)
    return _timed(lambda: client.post(url, data))


def _post_document(admin_client, upload, title="Crafted"):
    return _timed(
        lambda: admin_client.post(reverse("wagtaildocs:add"), {"title": title, "file": upload, "collection": 1})
    )


@pytest.fixture
def tight_pdf_limits(settings):
    settings.PDF_WORKER_CPU_SECONDS = 2
    settings.PDF_WORKER_WALL_SECONDS = 10


# --- The crafted PDF on the three upload paths -------------------------------------------


def test_the_join_form_refuses_the_crafted_pdf_quickly_with_a_form_error(client):
    response, seconds = _post_join_form(client, _upload(REFUSED_PAGES))
    assert seconds < REQUEST_BUDGET_SECONDS
    assert response.status_code == 200
    assert TOO_COMPLEX in response.content.decode()
    assert not MembershipApplication.objects.filter(organisation_name="Kota Surabaya").exists()


def test_the_suggestion_form_refuses_the_crafted_pdf_quickly_with_a_form_error(client):
    response, seconds = _post_suggestion(client, _upload(REFUSED_PAGES))
    assert seconds < REQUEST_BUDGET_SECONDS
    assert response.status_code == 200
    assert TOO_COMPLEX in response.content.decode()
    assert not ResourceSuggestion.objects.exists()


def test_the_document_admin_refuses_the_crafted_pdf_quickly_with_a_form_error(admin_client):
    response, seconds = _post_document(admin_client, _upload(REFUSED_PAGES))
    assert seconds < REQUEST_BUDGET_SECONDS
    assert response.status_code == 200
    assert TOO_COMPLEX in response.content.decode()
    assert not SiteDocument.objects.filter(title="Crafted").exists()


# --- Files that pass the cheap check are read on the worker, within its limits -----------


def test_a_document_over_the_worker_limits_is_kept_and_marked_once(admin_client, database_queue, tight_pdf_limits):
    response, seconds = _post_document(admin_client, _upload(ACCEPTED_PAGES))
    assert seconds < REQUEST_BUDGET_SECONDS
    assert response.status_code == 302
    document = SiteDocument.objects.get(title="Crafted")
    assert (document.processing, document.page_count) == (SiteDocument.Processing.PENDING, ACCEPTED_PAGES)
    edit_url = reverse("wagtaildocs:edit", args=[document.pk])
    assert "text extraction queued" in admin_client.get(edit_url).content.decode()

    _, worker_seconds = _timed(run_worker)
    assert worker_seconds < 10 + 5, "the child process is stopped at its limit"
    document.refresh_from_db()
    assert document.processing == SiteDocument.Processing.FAILED
    assert document.extracted_text == ""
    assert "text not extracted" in admin_client.get(edit_url).content.decode()
    assert Client().get(document.url).status_code == 200, "the file is kept and served"

    assert not queued_tasks().exists(), "a failed file is not queued again"
    run_worker()
    document.refresh_from_db()
    assert document.processing == SiteDocument.Processing.FAILED


def test_a_normal_document_gets_its_text_from_the_worker(admin_client, database_queue):
    upload = SimpleUploadedFile("kitchens.pdf", small_valid_pdf("Community kitchens", pages=2), "application/pdf")
    assert _post_document(admin_client, upload, title="Kitchens")[0].status_code == 302
    document = SiteDocument.objects.get(title="Kitchens")
    assert document.extracted_text == ""
    run_worker()
    document.refresh_from_db()
    assert document.processing == SiteDocument.Processing.DONE
    assert "Community kitchens" in document.extracted_text
    assert "text extracted" in admin_client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()


def test_a_letter_over_the_worker_limits_is_accepted_and_flagged_for_staff(
    client, admin_client, database_queue, tight_pdf_limits
):
    response, seconds = _post_join_form(client, _upload(ACCEPTED_PAGES, "letter.pdf"))
    assert seconds < REQUEST_BUDGET_SECONDS
    assert response.status_code == 302
    application = MembershipApplication.objects.get(organisation_name="Kota Surabaya")
    assert application.letter_check == "pending"
    run_worker()
    application.refresh_from_db()
    assert application.letter_check == "unreadable"
    inspect = admin_client.get(f"/admin/membership/applications/inspect/{application.pk}/").content.decode()
    assert "could not be read: open with care" in inspect


def test_a_suggested_file_is_checked_on_the_worker(client, admin_client, database_queue, tight_pdf_limits):
    readable = SimpleUploadedFile("ok.pdf", small_valid_pdf("Kitchens"), "application/pdf")
    assert _post_suggestion(client, readable)[0].status_code == 302
    run_worker()
    assert ResourceSuggestion.objects.get().file_check == "readable"

    ResourceSuggestion.objects.all().delete()
    response, seconds = _post_suggestion(Client(), _upload(ACCEPTED_PAGES))
    assert seconds < REQUEST_BUDGET_SECONDS
    assert response.status_code == 302
    run_worker()
    assert ResourceSuggestion.objects.get().file_check == "unreadable"
    assert "could not be read" in admin_client.get("/admin/repository_suggestions/").content.decode()


def test_a_resource_thumbnail_is_drawn_by_the_worker_not_in_the_save(client, database_queue):
    resource = make_resource("Kitchens report", document=make_document("Kitchens source"))
    assert resource.listing_image is None, "nothing is rendered while the editor waits"
    search = f"{repository().url}?q=Kitchens+report"
    assert "resource-card__thumb" not in client.get(search).content.decode()
    run_worker()
    resource.refresh_from_db()
    assert resource.listing_image is not None
    assert resource.listing_image.width > 100
    # The card the listing kept before the worker drew the thumbnail is not shown again.
    listing = client.get(search).content.decode()
    assert resource.listing_image.get_rendition("fill-320x200-c0").url in listing


# --- Scheduled publishing ---------------------------------------------------------------


def test_a_scheduled_story_goes_live_on_the_next_worker_tick_not_before(client):
    story = make_story("Scheduled for later", live=False)
    go_live_at = timezone.now() + timedelta(seconds=3)
    story.go_live_at = go_live_at
    story.save_revision().publish()
    story.refresh_from_db()
    assert not story.live
    url = story.get_url()
    run_worker()
    assert client.get(url).status_code == 404, "not public before its time"

    time.sleep(max((go_live_at - timezone.now()).total_seconds(), 0) + 0.5)
    assert client.get(url).status_code == 404, "nothing publishes it but the worker"
    run_worker()
    assert client.get(url).status_code == 200


# --- Under Gunicorn: crafted uploads do not hold the workers other visitors need -----------


def _copy_of_the_test_database(folder):
    """The SQLite test database (migrated, with the demo site) copied to a file a server can
    open. Done outside any test's transaction, which would hold the lock the copy needs."""
    from django.db import connection

    connection.ensure_connection()
    target = sqlite3.connect(folder / "site.sqlite3")
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{folder / 'site.sqlite3'}"


@pytest.fixture(scope="module")
def site_on_gunicorn(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site served by Gunicorn with two sync workers and production settings, as the
    issue measured it: a copy of the test database on SQLite, the private PostgreSQL site
    (shared with the fault tests) on PostgreSQL."""
    from django.conf import settings

    from tests.conftest import is_postgresql
    from tests.services import Gunicorn, server_environment

    with django_db_blocker.unblock():
        if is_postgresql():
            database_url = request.getfixturevalue("private_site_database")
        else:
            database_url = _copy_of_the_test_database(tmp_path_factory.mktemp("crafted-pdf-site"))
    environment = server_environment(
        database_url, FORM_MIN_SECONDS="0", PAGE_CACHE_SECONDS="0", MEDIA_ROOT=str(settings.MEDIA_ROOT)
    )
    server = Gunicorn(environment, workers=2)
    yield server
    server.stop()


def _first_option(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.search(r'<option value="(\d+)"', select).group(1)


def _multipart(fields, files):
    boundary = uuid.uuid4().hex
    body = bytearray()
    for name, value in fields.items():
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    for name, (filename, content) in files.items():
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        body += content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return bytes(body), f"multipart/form-data; boundary={boundary}"


def _post_letter_over_http(server, pdf):
    """The join form posted as a browser would: GET for the cookie and tokens, then POST."""
    with urllib.request.urlopen(server.url(JOIN_URL), timeout=60) as answer:
        html = answer.read().decode()
        cookie = "; ".join(header.split(";")[0] for header in answer.headers.get_all("Set-Cookie") or [])
    fields = {
        **application_data(token=form_started(html)),
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1),
        "category": _first_option(html, "category"),
        "preferred_language": _first_option(html, "preferred_language"),
    }
    body, content_type = _multipart(fields, {"letter_of_intent": ("letter.pdf", pdf)})
    request = urllib.request.Request(
        server.url(JOIN_URL), data=body, headers={"Content-Type": content_type, "Cookie": cookie}
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            status, text = answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode(errors="replace")
    return status, text, time.monotonic() - started


VISITED = "/about-us/"


def test_two_crafted_letters_at_once_leave_other_visitors_served_normally(site_on_gunicorn):
    from tests.services import uncached

    crafted = shared_stream_bomb(REFUSED_PAGES)
    with ThreadPoolExecutor(max_workers=2) as pool:
        # Both workers render both pages once first: a worker's first request is slow anyway.
        warm_up = [pool.submit(site_on_gunicorn.get, path, 60) for path in [JOIN_URL, VISITED] * 3]
        assert all(answer.result().status == 200 for answer in warm_up)
        posts = [pool.submit(_post_letter_over_http, site_on_gunicorn, crafted) for _ in range(2)]
        time.sleep(0.1)  # both posts have reached a worker
        visitor = site_on_gunicorn.get(uncached(VISITED), timeout=60)
        answers = [post.result() for post in posts]
    assert visitor.status == 200
    assert visitor.seconds < REQUEST_BUDGET_SECONDS
    for status, text, seconds in answers:
        assert status == 200
        assert TOO_COMPLEX in text
        assert seconds < REQUEST_BUDGET_SECONDS
