"""Editing volumes in the admin, the subscriber listing, and notifying subscribers."""

import re
from datetime import date

import pytest
from django.core import mail
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from newsletters.models import Subscriber, VolumeNotification, VolumePage
from tests.builders import make_document
from tests.builders_newsletters import archive_page, make_subscriber, make_volume
from tests.worker_queue import queued_tasks, run_worker

pytestmark = pytest.mark.django_db


def _volume_form(number, pdf, **overrides):
    data = {
        "volume_number": number,
        "issue_date": "2021-08-15",
        "period": "July - August 2021",
        "title": "",
        "slug": "",
        "introduction": "",
        "pdf": pdf.pk if pdf else "",
        "cover_image": "",
        "summary": "A summary.",
        "contents": inline_formset([{"title": "Opening", "page_number": 1, "story": ""}]),
        "body": streamfield([]),
        "seo_title": "",
        "search_description": "",
        "listing_image": "",
        "listing_summary": "",
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def _add_url():
    return f"/admin/pages/add/newsletters/volumepage/{archive_page().pk}/"


def test_a_new_volume_takes_its_title_and_slug_from_its_number(admin_client):
    response = admin_client.post(_add_url(), _volume_form(38, make_document()))
    assert response.status_code == 302, response.content.decode()[:3000]
    volume = VolumePage.objects.get(volume_number=38)
    assert (volume.title, volume.slug, volume.live) == ("Vol. 38", "vol-38", True)
    assert volume.contents.get().title == "Opening"


def test_an_editor_can_override_the_title(admin_client):
    admin_client.post(_add_url(), _volume_form(39, make_document(), title="Special Congress issue", slug="congress"))
    volume = VolumePage.objects.get(volume_number=39)
    assert (volume.title, volume.slug) == ("Special Congress issue", "congress")


def test_a_duplicate_volume_number_is_refused_clearly(admin_client):
    response = admin_client.post(_add_url(), _volume_form(37, make_document(), slug="another-37"))
    assert response.status_code == 200
    assert "Another newsletter already has this volume number." in response.content.decode()


def test_a_zero_volume_number_is_refused(admin_client):
    response = admin_client.post(_add_url(), _volume_form(0, make_document(), title="Zero", slug="zero"))
    assert response.status_code == 200
    assert not VolumePage.objects.filter(slug="zero").exists()


def test_a_document_that_is_not_a_pdf_is_refused_with_a_message(admin_client):
    text_file = make_document("Minutes", content=b"Just some minutes", filename="minutes.txt")
    response = admin_client.post(_add_url(), _volume_form(38, text_file))
    assert response.status_code == 200
    assert "The newsletter file must be a PDF." in response.content.decode()
    assert not VolumePage.objects.filter(volume_number=38).exists()


def test_a_file_named_pdf_that_is_not_one_is_refused(admin_client):
    fake = make_document("Fake", content=b"<html>not a pdf</html>", filename="fake.pdf")
    response = admin_client.post(_add_url(), _volume_form(38, fake))
    assert response.status_code == 200
    assert "The newsletter file must be a PDF." in response.content.decode()


def test_a_broken_pdf_gives_the_editor_a_clear_error(admin_client):
    broken = make_document("Broken", content=b"%PDF-1.7\n garbage without objects", filename="broken.pdf")
    assert broken.page_count is None
    response = admin_client.post(_add_url(), _volume_form(38, broken))
    assert response.status_code == 200
    assert "This PDF cannot be read" in response.content.decode()


def test_uploading_a_broken_pdf_in_the_documents_admin_is_refused_not_a_500(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("newsletter.pdf", b"%PDF-1.4 truncated", content_type="application/pdf")
    response = admin_client.post(
        "/admin/documents/add/", {"title": "Broken newsletter", "file": upload, "collection": 1}
    )
    assert response.status_code == 200
    assert "not a readable PDF" in response.content.decode()


def test_staff_search_and_filter_subscribers(admin_client):
    make_subscriber("confirmed@surabaya.go.id")
    make_subscriber("pending@surabaya.go.id", status=Subscriber.Status.PENDING)
    make_subscriber("other@bandung.go.id")
    html = admin_client.get("/admin/newsletter_subscribers/?status=pending").content.decode()
    assert "pending@surabaya.go.id" in html and "confirmed@surabaya.go.id" not in html
    html = admin_client.get("/admin/newsletter_subscribers/?q=bandung").content.decode()
    assert "other@bandung.go.id" in html and "surabaya" not in html


def test_the_csv_export_is_spreadsheet_safe_and_follows_the_filter(admin_client):
    make_subscriber("=cmd@example.org")
    make_subscriber("waiting@example.org", status=Subscriber.Status.PENDING)
    response = admin_client.get("/admin/newsletter_subscribers/?status=confirmed&export=csv")
    assert response["Content-Disposition"] == 'attachment; filename="newsletter-subscribers.csv"'
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Email address,Status")
    assert "'=cmd@example.org" in body
    assert "waiting@example.org" not in body


def test_subscribers_are_staff_only(client):
    response = client.get("/admin/newsletter_subscribers/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def _notify_url(volume):
    return f"/admin/newsletters/notify/{volume.pk}/"


def test_the_volume_editor_offers_notify_subscribers(admin_client):
    volume = VolumePage.objects.get(volume_number=37)
    html = admin_client.get(f"/admin/pages/{volume.pk}/edit/").content.decode()
    assert _notify_url(volume) in html


def test_notify_asks_first_then_the_worker_emails_confirmed_subscribers_only_once(admin_client, database_queue):
    make_subscriber("one@example.org")
    make_subscriber("two@example.org")
    make_subscriber("pending@example.org", status=Subscriber.Status.PENDING)
    make_subscriber("gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    volume = VolumePage.objects.get(volume_number=37)

    confirmation = admin_client.get(_notify_url(volume)).content.decode()
    assert "2 confirmed subscribers" in confirmation
    assert mail.outbox == []

    response = admin_client.post(_notify_url(volume))
    assert response.status_code == 302
    assert mail.outbox == [], "the request only queues the emails"
    assert queued_tasks().count() == 1
    run_worker()
    assert sorted(message.to[0] for message in mail.outbox) == ["one@example.org", "two@example.org"]
    message = mail.outbox[0]
    assert "Vol. 37" in message.subject
    assert "http://testserver/newsletters/vol-37/" in message.body
    assert "http://testserver/newsletters/vol-37/download/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    notification = VolumeNotification.objects.get(volume=volume)
    assert (notification.recipient_count, notification.sent_count) == (2, 2)

    admin_client.post(_notify_url(volume))
    run_worker()
    assert len(mail.outbox) == 2, "a second click sends nothing"
    assert "already notified" in admin_client.get(f"/admin/pages/{volume.pk}/edit/").content.decode()


def test_notify_sends_in_batches(admin_client, monkeypatch, database_queue):
    monkeypatch.setattr("newsletters.notifications.BATCH_SIZE", 2)
    for number in range(5):
        make_subscriber(f"reader{number}@example.org")
    volume = VolumePage.objects.get(volume_number=36)
    admin_client.post(_notify_url(volume))
    assert queued_tasks().count() == 3
    run_worker()
    assert len(mail.outbox) == 5
    assert VolumeNotification.objects.get(volume=volume).sent_count == 5


def test_an_unpublished_volume_cannot_be_announced(admin_client):
    make_subscriber("one@example.org")
    draft = make_volume(45, date(2021, 8, 1), pdf=make_document(), live=False)
    admin_client.post(_notify_url(draft))
    assert mail.outbox == []
    assert not VolumeNotification.objects.exists()


def test_publishing_a_volume_suggests_notifying(admin_client):
    response = admin_client.post(_add_url(), _volume_form(46, make_document()), follow=True)
    volume = VolumePage.objects.get(volume_number=46)
    assert re.search(re.escape(_notify_url(volume)), response.content.decode())
