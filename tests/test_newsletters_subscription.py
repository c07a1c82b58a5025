"""Subscribing with double opt-in, confirming, unsubscribing (also in one click)."""

import re
import time

import pytest
from django.core import mail
from django.test import Client

from newsletters.models import Subscriber
from newsletters.tokens import make_confirm_token, make_unsubscribe_token
from tests.builders import form_started
from tests.builders_newsletters import make_subscriber

pytestmark = pytest.mark.django_db

SUBSCRIBE_URL = "/newsletters/subscribe/"


def _subscribe(client, email, **extra):
    html = client.get(SUBSCRIBE_URL).content.decode()
    started = form_started(html)
    data = {"email": email, "consent": "on", "form_started": started, **extra}
    return client.post(SUBSCRIBE_URL, data)


def _link(message, pattern):
    return re.search(pattern, message.body).group(0).replace("http://testserver", "")


def test_subscribing_sends_a_confirmation_link_that_confirms(client):
    response = _subscribe(client, "walikota@surabaya.go.id")
    assert response.status_code == 302
    assert response["Location"] == "/newsletters/subscribe/sent/"
    assert "Check your inbox" in client.get(response["Location"]).content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent and subscriber.ip_address == "127.0.0.1"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["walikota@surabaya.go.id"]
    confirm_url = _link(message, r"http://testserver/newsletters/subscribe/confirm/[^/\s]+/")
    assert confirm_url in message.alternatives[0][0] or "confirm" in message.alternatives[0][0]
    response = _confirm(client, confirm_url)
    assert response.status_code == 200
    assert "Subscription confirmed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    again = client.get(confirm_url)
    assert again.status_code == 200 and "Subscription confirmed" in again.content.decode(), "a second click is harmless"


def _confirm(client, confirm_url):
    """Open the link, then press the button, as a person does."""
    page = client.get(confirm_url).content.decode()
    assert "Confirm subscription" in page
    return client.post(confirm_url, {"csrfmiddlewaretoken": _csrf_token(page)})


def _csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_opening_the_confirmation_link_alone_confirms_nothing():
    """Mail-security scanners follow every link in an email; only the button confirms."""
    client = Client(enforce_csrf_checks=True)
    subscriber = make_subscriber("scanned@cebu.gov.ph", status=Subscriber.Status.PENDING)
    url = f"/newsletters/subscribe/confirm/{make_confirm_token(subscriber)}/"
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "scanned@cebu.gov.ph" in html
    assert '<form method="post"' in html and ">Confirm subscription</button>" in html
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert client.post(url).status_code == 403, "the button's post carries a CSRF token"
    client.post(url, {"csrfmiddlewaretoken": _csrf_token(html)})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_every_email_has_list_unsubscribe_headers(client):
    _subscribe(client, "info@makassar.go.id")
    message = mail.outbox[0]
    header = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<http://testserver/newsletters/unsubscribe/[^>]+/>", header)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/newsletters/unsubscribe/" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_an_expired_confirmation_link_is_refused_with_a_way_forward(client, monkeypatch):
    subscriber = make_subscriber("late@bandung.go.id", status=Subscriber.Status.PENDING)
    token = make_confirm_token(subscriber)
    real_time = time.time()
    monkeypatch.setattr(time, "time", lambda: real_time + 8 * 24 * 3600)
    response = client.get(f"/newsletters/subscribe/confirm/{token}/")
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


@pytest.mark.parametrize("tamper", [lambda t: t[:-2] + "xx", lambda t: "abc", lambda t: t.replace(":", ";", 1)])
def test_a_tampered_confirmation_link_is_refused(client, tamper):
    subscriber = make_subscriber("someone@medan.go.id", status=Subscriber.Status.PENDING)
    response = client.get(f"/newsletters/subscribe/confirm/{tamper(make_confirm_token(subscriber))}/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_an_unsubscribe_token_cannot_confirm(client):
    subscriber = make_subscriber("mix@medan.go.id", status=Subscriber.Status.PENDING)
    response = client.get(f"/newsletters/subscribe/confirm/{make_unsubscribe_token(subscriber)}/")
    assert response.status_code == 400


def test_the_unsubscribe_link_asks_then_unsubscribes():
    client = Client(enforce_csrf_checks=True)
    subscriber = make_subscriber("reader@jakarta.go.id")
    url = f"/newsletters/unsubscribe/{make_unsubscribe_token(subscriber)}/"
    page = client.get(url)
    assert "reader@jakarta.go.id" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED, "opening the link alone changes nothing"
    response = client.post(url)
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert client.post(url).status_code == 200, "a repeated click is harmless"


def test_one_click_unsubscribe_from_a_mail_program_needs_no_csrf_token():
    client = Client(enforce_csrf_checks=True)
    subscriber = make_subscriber("oneclick@seoul.go.kr")
    url = f"/newsletters/unsubscribe/{make_unsubscribe_token(subscriber)}/"
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_a_tampered_unsubscribe_link_changes_nothing():
    client = Client(enforce_csrf_checks=True)
    subscriber = make_subscriber("keep@seoul.go.kr")
    other = make_subscriber("other@seoul.go.kr")
    token = make_unsubscribe_token(subscriber)
    assert client.post(f"/newsletters/unsubscribe/{token}x/").status_code == 400
    other_payload = make_unsubscribe_token(other).split(":", 1)[0]
    forged = other_payload + ":" + token.split(":", 1)[1]
    assert client.post(f"/newsletters/unsubscribe/{forged}/").status_code == 400
    assert Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count() == 2


def test_the_subscription_page_alone_posts_and_requires_csrf():
    client = Client(enforce_csrf_checks=True)
    response = client.post(SUBSCRIBE_URL, {"email": "x@example.org", "consent": "on"})
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_the_get_form_prefills_the_address(client):
    html = client.get(SUBSCRIBE_URL + "?email=kota%40example.org").content.decode()
    assert 'value="kota@example.org"' in html
    assert "csrfmiddlewaretoken" in html


def test_errors_are_listed_and_shown_next_to_the_fields(client):
    response = _subscribe(client, "not-an-email", consent="")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert 'href="#id_email"' in html and 'href="#id_consent"' in html
    assert "Tick this box to subscribe." in html
    assert 'value="not-an-email"' in html
    assert not Subscriber.objects.exists()


def test_duplicates_in_any_case_make_one_subscriber_and_reveal_nothing(client):
    first = _subscribe(client, "Admin@Denpasar.go.id")
    second = _subscribe(client, "admin@denpasar.go.id")
    assert Subscriber.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert len(mail.outbox) == 2, "a pending address gets a fresh confirmation link"


def test_an_already_confirmed_address_gets_the_same_answer_and_an_email_not_a_new_link(client):
    subscriber = make_subscriber("yes@hanoi.gov.vn")
    stranger = _subscribe(client, "new@hanoi.gov.vn")
    known = _subscribe(client, "YES@hanoi.gov.vn")
    assert known.status_code == stranger.status_code == 302
    assert known["Location"] == stranger["Location"]
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    already = mail.outbox[-1]
    assert "already subscribed" in already.subject
    assert "/subscribe/confirm/" not in already.body


def test_resubscribing_after_unsubscribing_needs_a_new_confirmation(client):
    subscriber = make_subscriber("back@bangkok.go.th", status=Subscriber.Status.UNSUBSCRIBED)
    _subscribe(client, "back@bangkok.go.th")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    _confirm(client, _link(mail.outbox[-1], r"http://testserver/newsletters/subscribe/confirm/[^/\s]+/"))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_a_filled_honeypot_looks_fine_but_stores_nothing(client):
    response = _subscribe(client, "bot@example.org", nickname="spam")
    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_too_many_posts_from_one_address_get_429(client, settings):
    settings.FORM_RATE_LIMIT = "3/h"
    for number in range(3):
        assert _subscribe(client, f"user{number}@example.org").status_code == 302
    response = _subscribe(client, "user9@example.org")
    assert response.status_code == 429
    assert Subscriber.objects.count() == 3


def test_a_mail_server_failure_is_logged_and_the_visitor_still_succeeds(client, monkeypatch, caplog):
    def broken_send(self, messages):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken_send)
    response = _subscribe(client, "offline@example.org")
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="offline@example.org").exists()
    assert "Could not send" in caplog.text
