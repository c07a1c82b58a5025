"""Simultaneous posts against PostgreSQL: every distinct application is stored exactly once,
and identical ones collapse into one record."""

import threading

import pytest
from django.db import connections
from django.test import Client

from members.models import MembershipApplication
from tests.builders import ensure_demo_site
from tests.builders_members import JOIN_URL, application_data, started_token

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only(
        reason="SQLite serialises writers, so concurrent posts prove nothing there; CI runs this on PostgreSQL"
    ),
]
THREADS = 20


@pytest.fixture
def demo_site():
    ensure_demo_site()


def _post_from_threads(payloads, settings):
    settings.FORM_RATE_LIMIT = "1000/h"
    barrier = threading.Barrier(len(payloads))
    statuses = []

    def post(payload):
        try:
            barrier.wait()
            statuses.append(Client().post(JOIN_URL, payload).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(payload,)) for payload in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_twenty_distinct_applications_are_each_stored_once(demo_site, settings):
    # Each visitor has their own form, so each post carries its own one-time token.
    payloads = [
        application_data(
            token=started_token(Client()), organisation_name=f"Kota {number}", contact_email=f"p{number}@example.org"
        )
        for number in range(THREADS)
    ]
    statuses = _post_from_threads(payloads, settings)
    assert statuses == [302] * THREADS
    names = sorted(MembershipApplication.objects.values_list("organisation_name", flat=True))
    assert names == sorted(f"Kota {number}" for number in range(THREADS))
    assert len(set(MembershipApplication.objects.values_list("reference", flat=True))) == THREADS


def test_twenty_identical_posts_store_one_application(demo_site, settings):
    # The same application sent from twenty browser tabs, each with its own one-time token.
    payloads = [application_data(token=started_token(Client())) for _ in range(THREADS)]
    statuses = _post_from_threads(payloads, settings)
    assert statuses == [302] * THREADS
    assert MembershipApplication.objects.count() == 1
