"""The shared form protection: honeypot, minimum fill time, rate limit and client address."""

import time

import pytest
from django.test import RequestFactory

from pages.exports import csv_response, spreadsheet_safe
from pages.protection import client_ip
from tests import protected_form_urls
from tests.builders import form_started

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.protected_form_urls")]


@pytest.fixture(autouse=True)
def _reset_submissions():
    protected_form_urls.SUBMISSIONS.clear()


def _started_token(client):
    return form_started(client.get("/message/").content.decode())


def test_a_normal_post_is_accepted(client):
    token = _started_token(client)
    response = client.post("/message/", {"name": "Surabaya", "form_started": token})
    assert response.content == b"Thank you"
    assert protected_form_urls.SUBMISSIONS == ["Surabaya"]


def test_a_filled_honeypot_is_discarded_silently(client):
    token = _started_token(client)
    response = client.post("/message/", {"name": "Bot", "nickname": "spam", "form_started": token})
    assert response.content == b"Thank you"
    assert protected_form_urls.SUBMISSIONS == []


def test_a_too_fast_post_redisplays_the_form_with_the_data(client, settings):
    settings.FORM_MIN_SECONDS = 30
    token = _started_token(client)
    response = client.post("/message/", {"name": "Kota Bandung", "form_started": token})
    html = response.content.decode()
    assert "quicker than we expected" in html
    assert 'value="Kota Bandung"' in html
    assert protected_form_urls.SUBMISSIONS == []


def test_a_post_after_the_minimum_time_passes(client, settings, monkeypatch):
    settings.FORM_MIN_SECONDS = 5
    token = _started_token(client)
    real_time = time.time()
    monkeypatch.setattr(time, "time", lambda: real_time + 6)
    response = client.post("/message/", {"name": "Makassar", "form_started": token})
    assert response.content == b"Thank you"


def test_a_tampered_or_missing_timestamp_redisplays_with_a_fresh_one(client):
    response = client.post("/message/", {"name": "Medan", "form_started": "1700000000:forged"})
    html = response.content.decode()
    assert "could not be checked" in html
    assert 'value="Medan"' in html
    fresh = form_started(html)
    assert fresh != "1700000000:forged"
    assert client.post("/message/", {"name": "Medan", "form_started": fresh}).content == b"Thank you"


def test_the_rate_limit_answers_429_with_a_clear_page(client):
    token = _started_token(client)
    for _ in range(3):
        assert client.post("/message/", {"name": "Ok", "form_started": token}).status_code == 200
    response = client.post("/message/", {"name": "Ok", "form_started": token})
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()


def test_a_spoofed_forwarded_for_header_does_not_dodge_the_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    token = _started_token(client)
    for number in range(4):
        response = client.post(
            "/message/",
            {"name": "Ok", "form_started": token},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, 203.0.113.9",
        )
    assert response.status_code == 429


def test_client_ip_trusts_only_the_configured_number_of_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "192.0.2.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "192.0.2.1"
    garbage = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(garbage) == "192.0.2.1"


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x"])
def test_spreadsheet_cells_that_could_run_formulas_are_neutralised(cell):
    assert spreadsheet_safe(cell) == "'" + cell


def test_ordinary_cells_are_unchanged():
    assert spreadsheet_safe("Kota Surabaya") == "Kota Surabaya"
    assert spreadsheet_safe(42) == 42


def test_csv_response_escapes_every_cell():
    response = csv_response("export.csv", ["name", "note"], [['=HYPERLINK("x")', "서울특별시"]])
    body = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"] == 'attachment; filename="export.csv"'
    assert "'=HYPERLINK" in body
    assert "서울특별시" in body
