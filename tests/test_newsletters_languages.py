"""The newsletter speaks the language its reader signed up in: the confirmation, its links and
the new-volume emails, which point to the volume's translation where there is one."""

import pytest
from django.core import mail
from wagtail.models import Locale

from newsletters.models import Subscriber, VolumePage
from tests.builders import form_started
from tests.builders_newsletters import make_subscriber
from tests.test_newsletters_admin import _volume_form
from tests.worker_queue import run_worker

pytestmark = pytest.mark.django_db


def _subscribe(client, prefix, email):
    url = f"{prefix}/newsletters/subscribe/"
    started = form_started(client.get(url).content.decode())
    return client.post(url, {"email": email, "consent": "on", "form_started": started})


def test_signing_up_in_korean_gets_the_confirmation_in_korean(client):
    response = _subscribe(client, "/ko", "sijang@busan.go.kr")
    assert response.status_code == 302 and response["Location"].startswith("/ko/")
    assert Subscriber.objects.get().language == "ko"
    (message,) = mail.outbox
    assert message.subject == "UCLG ASPAC 뉴스레터 구독을 확인해 주세요"
    assert "http://testserver/ko/newsletters/subscribe/confirm/" in message.body
    assert "http://testserver/ko/newsletters/unsubscribe/" in message.body


def test_signing_up_in_english_keeps_english(client):
    _subscribe(client, "", "mayor@example.org")
    assert Subscriber.objects.get().language == "en"
    assert mail.outbox[0].subject == "Please confirm your subscription to the UCLG ASPAC newsletter"
    assert "http://testserver/newsletters/subscribe/confirm/" in mail.outbox[0].body


def test_a_new_volume_is_announced_in_each_readers_language(admin_client, database_queue):
    volume = VolumePage.objects.get(volume_number=37)
    korean_volume = volume.copy_for_translation(Locale.objects.get(language_code="ko"), copy_parents=True)
    korean_volume.title = "제37호"
    korean_volume.save_revision().publish()
    for email, language in [("en@example.org", "en"), ("ko@example.org", "ko"), ("id@example.org", "id")]:
        reader = make_subscriber(email)
        reader.language = language
        reader.save()

    admin_client.post(f"/admin/newsletters/notify/{volume.pk}/")
    run_worker()
    by_reader = {message.to[0]: message for message in mail.outbox}
    assert by_reader["en@example.org"].subject == "New UCLG ASPAC newsletter: Vol. 37"
    assert "http://testserver/newsletters/vol-37/" in by_reader["en@example.org"].body
    korean = by_reader["ko@example.org"]
    assert korean.subject == "UCLG ASPAC 뉴스레터 새 호: 제37호"
    assert "http://testserver/ko/newsletters/vol-37/" in korean.body
    # No Indonesian translation: the English volume, announced in Indonesian.
    indonesian = by_reader["id@example.org"]
    assert "Vol. 37" in indonesian.subject and not indonesian.subject.startswith("New UCLG")
    assert "http://testserver/newsletters/vol-37/" in indonesian.body


def test_staff_see_and_filter_the_readers_language(admin_client):
    Subscriber.objects.filter(pk=make_subscriber("ko@example.org").pk).update(language="ko")
    make_subscriber("en@example.org")
    html = admin_client.get("/admin/newsletter_subscribers/", {"language": "ko"}).content.decode()
    assert "ko@example.org" in html and "en@example.org" not in html


def test_staff_translate_a_volume_in_the_admin_and_numbers_stay_unique_per_language(admin_client):
    from django.urls import reverse

    volume = VolumePage.objects.get(volume_number=37)
    korean = Locale.objects.get(language_code="ko")
    response = admin_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[volume.pk]), {"locales": [korean.pk]}
    )
    assert response.status_code == 302
    translation = volume.get_translation(korean).specific
    assert translation.volume_number == 37
    # A second volume 37 in Korean is refused.
    korean_archive = translation.get_parent()
    add = reverse("wagtailadmin_pages:add", args=["newsletters", "volumepage", korean_archive.pk])
    refused = admin_client.post(add, _volume_form(37, None, slug="another-37"))
    assert refused.status_code == 200
    assert "Another newsletter already has this volume number." in refused.content.decode()
