"""Without Redis, a page served from the database cache costs one round trip to PostgreSQL:
the cache's read is also the check that the kept connection still works, and a connection
the server closed meanwhile is replaced without the visitor noticing."""

import pytest
from django.db import connection, connections

from tests.builders import ensure_demo_site

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only(reason="kept connections and their health checks are PostgreSQL's"),
    pytest.mark.usefixtures("page_cache_on"),
]

URL = "/about-us/"


@pytest.fixture
def health_checks(monkeypatch):
    """The `SELECT 1` checks Django runs on the kept connection, counted."""
    checks = []
    unchecked = connection.is_usable

    def is_usable():
        checks.append(connection.connection.info.backend_pid)
        return unchecked()

    monkeypatch.setattr(connection, "is_usable", is_usable)
    return checks


def _next_request(client):
    """A GET as a server handles it: a request starts by looking at its kept connection (the
    test client leaves that out)."""
    connection.close_if_unusable_or_obsolete()
    return client.get(URL)


def test_a_cached_page_needs_no_separate_health_check_and_survives_a_closed_connection(client, health_checks):
    ensure_demo_site()
    first = _next_request(client)
    assert first["X-Page-Cache"] == "miss"
    kept = connection.connection.info.backend_pid

    hit = _next_request(client)

    assert hit.status_code == 200 and hit["X-Page-Cache"] == "hit"
    assert health_checks == []
    assert connection.connection.info.backend_pid == kept

    # The server ends the kept connection (a restart, an idle timeout) between two requests.
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [kept])
    finally:
        other.close()

    again = _next_request(client)

    assert again.status_code == 200 and again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert connection.connection.info.backend_pid != kept
