"""The empty join form is rendered once per process after each change
(`pages.protection.blank_form_html`), yet every visitor still gets a CSRF token and a signed
start time of their own, and a change to its choices shows at once."""

import re

import pytest
from django.test import Client
from wagtail.models import Page

from members.models import InterestArea, MembershipApplication
from pages.request_version import _memo
from tests.builders import form_started
from tests.builders_members import JOIN_URL, application_data

pytestmark = pytest.mark.django_db


def _csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_each_visitor_sends_the_form_with_tokens_of_their_own(settings):
    settings.FORM_MIN_SECONDS = 0
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    pages = [visitor.get(JOIN_URL).content.decode() for visitor in visitors]
    assert any(key[0] == "blank-form" for key in _memo["values"] if isinstance(key, tuple)), "the form is kept"
    assert form_started(pages[0]) != form_started(pages[1])
    assert _csrf_token(pages[0]) != _csrf_token(pages[1])

    for number, (visitor, html) in enumerate(zip(visitors, pages, strict=True)):
        data = application_data(
            token=form_started(html),
            csrfmiddlewaretoken=_csrf_token(html),
            contact_email=f"visitor{number}@surabaya.go.id",
        )
        assert visitor.post(JOIN_URL, data).status_code == 302
    assert MembershipApplication.objects.count() == 2


def test_a_visitor_cannot_send_the_form_with_another_visitors_csrf_token():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    html = first.get(JOIN_URL).content.decode()
    second.get(JOIN_URL)
    data = application_data(token=form_started(html), csrfmiddlewaretoken=_csrf_token(html))
    assert second.post(JOIN_URL, data).status_code == 403


def test_an_interest_added_by_staff_is_offered_at_once(client):
    assert "Urban resilience lab" not in client.get(JOIN_URL).content.decode()
    InterestArea.objects.create(name="Urban resilience lab", enabled=True)
    assert "Urban resilience lab" in client.get(JOIN_URL).content.decode()


def test_the_privacy_notice_link_follows_the_pages_address(client):
    privacy = Page.objects.get(slug="privacy-notice", locale__language_code="en").specific
    assert 'href="/privacy-notice/"' in client.get(JOIN_URL).content.decode()
    privacy.slug = "privacy"
    privacy.save_revision().publish()
    html = client.get(JOIN_URL).content.decode()
    assert 'href="/privacy/"' in html
    assert 'href="/privacy-notice/"' not in html
