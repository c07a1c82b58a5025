"""`/health/` for load balancers and monitoring: the database must answer; the cache state is
reported but a dead cache does not make the site unhealthy (pages render without it)."""

import logging
import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from pages.cache_backends import cache_is_in_the_database

logger = logging.getLogger(__name__)


def _database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: database unavailable", exc_info=True)
        return "unavailable"
    return "ok"


def _cache_state():
    probe = secrets.token_hex(8)
    try:
        cache.set("health:probe", probe, timeout=10)
        answered = cache.get("health:probe")
    except Exception:  # noqa: BLE001 - any cache failure is reported, not raised
        answered = None
    return "ok" if answered == probe else "unavailable"


def health(request):
    database = _database_state()
    # A cache kept in the unreachable database is unreachable too: asking would wait again.
    cache_state = "unavailable" if database != "ok" and cache_is_in_the_database() else _cache_state()
    state = {"status": "ok" if database == "ok" else "unavailable", "database": database, "cache": cache_state}
    response = JsonResponse(state, status=200 if database == "ok" else 503)
    add_never_cache_headers(response)
    return response
