"""A form's signed timestamp works once, for that form only, and not for long: a bot cannot
collect one token and post it again and again, or to another form."""

import pytest

from tests.builders import form_started
from tests.builders_members import JOIN_URL, application_data
from tests.builders_repository import suggest_url, suggestion_data

pytestmark = pytest.mark.django_db

SUBSCRIBE_URL = "/newsletters/subscribe/"
REUSED = "This form was already sent once"
UNCHECKED = "could not be checked"


def _token(client, url):
    return form_started(client.get(url).content.decode())


def _join_data(email):
    return application_data(contact_email=email)


def _suggestion_data(email):
    return suggestion_data(url="https://example.org/community-kitchens", email=email)


def _subscribe_data(email):
    return {"email": email, "consent": "on"}


FORMS = {
    "join": (lambda: JOIN_URL, _join_data),
    "suggestion": (suggest_url, _suggestion_data),
    "subscribe": (lambda: SUBSCRIBE_URL, _subscribe_data),
}


@pytest.mark.parametrize("name", FORMS)
def test_a_token_that_was_accepted_once_is_refused_with_the_data_kept(client, name):
    url_of, data_of = FORMS[name]
    url = url_of()
    token = _token(client, url)
    first = client.post(url, {**data_of("first@example.org"), "form_started": token})
    assert first.status_code == 302, first.content.decode()[:2000]

    again = client.post(url, {**data_of("second@example.org"), "form_started": token})
    html = again.content.decode()
    assert again.status_code == 200
    assert REUSED in html
    assert 'value="second@example.org"' in html
    fresh = form_started(html)
    assert fresh != token
    assert client.post(url, {**data_of("second@example.org"), "form_started": fresh}).status_code == 302


@pytest.mark.parametrize(
    ("name", "other"), [("join", "subscribe"), ("suggestion", "join"), ("subscribe", "suggestion")]
)
def test_a_token_of_another_form_is_refused(client, name, other):
    url_of, data_of = FORMS[name]
    foreign_token = _token(client, FORMS[other][0]())
    response = client.post(url_of(), {**data_of("someone@example.org"), "form_started": foreign_token})
    assert response.status_code == 200
    assert UNCHECKED in response.content.decode()
    assert 'value="someone@example.org"' in response.content.decode()


def test_a_token_expires_after_two_hours_by_default(client, settings, monkeypatch):
    import time

    assert settings.FORM_MAX_AGE_SECONDS == 2 * 3600
    token = _token(client, SUBSCRIBE_URL)
    later = time.time() + 2 * 3600 + 5
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post(SUBSCRIBE_URL, {**_subscribe_data("late@example.org"), "form_started": token})
    assert response.status_code == 200
    assert UNCHECKED in response.content.decode()
