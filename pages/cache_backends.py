"""A database cache whose missing table behaves like an unreachable cache.

A site first set up with Redis may have no cache table; when `REDIS_URL` is later removed,
Django's `DatabaseCache` (and Wagtail's own cache reads through it) would answer every page
with an error. Here every read is a miss and every write does nothing while the table is
absent, and a warning is logged. Whether the table exists is asked once per process (one
catalogue query, which cannot abort a transaction the way a failing query would on
PostgreSQL), and again every `RECHECK_SECONDS` while it is missing, so creating the table
(`setup_site`) takes effect without a restart.

An unreachable database is not forgiven: its error is raised, so that the page cache answers
with the "briefly unavailable" page at once instead of each later read and write waiting for
the server again. A request's first read or write on a kept connection is also that
connection's health check (`database_deadlines.as_health_check`).
"""

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router

from pages.database_deadlines import as_health_check

logger = logging.getLogger(__name__)

RECHECK_SECONDS = 30
# (database alias, table) -> (whether the table exists, when that was learnt)
_table_found: dict[tuple[str, str], tuple[bool, float]] = {}


def cache_is_in_the_database():
    """Whether the default cache is kept in the site's database: when the database cannot be
    reached, neither can it, and asking it would only wait for the server a second time."""
    return isinstance(caches["default"], DatabaseCache)


class ForgivingDatabaseCache(DatabaseCache):
    def _table_exists(self):
        alias = router.db_for_read(self.cache_model_class)
        known = _table_found.get((alias, self._table))
        if known is not None and (known[0] or time.monotonic() - known[1] < RECHECK_SECONDS):
            return known[0]
        try:
            exists = self._table in connections[alias].introspection.table_names()
        except DatabaseError:
            return False  # the database itself is unreachable: nothing to read or write
        _table_found[(alias, self._table)] = (exists, time.monotonic())
        if not exists:
            logger.warning("Cache table %r does not exist; the cache is skipped. Run `setup_site`.", self._table)
        return exists

    def _forget_table(self):
        """After an error, look at the table again before the next use."""
        alias = router.db_for_read(self.cache_model_class)
        _table_found.pop((alias, self._table), None)

    def _guarded(self, default, operation, *args, **kwargs):
        if not self._table_exists():
            return default
        connection = connections[router.db_for_read(self.cache_model_class)]
        try:
            return as_health_check(connection, lambda: operation(*args, **kwargs))
        except DatabaseError:
            if connection.connection is None:
                # The database itself is unreachable: what is cached is out of reach too, and so
                # is everything else a request reads (`FullPageCacheMiddleware` answers at once).
                raise
            logger.warning("Database cache unavailable; treated as a miss", exc_info=True)
            self._forget_table()
            return default

    def get_many(self, keys, version=None):
        return self._guarded({}, super().get_many, keys, version=version)

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        return self._guarded(False, super()._base_set, mode, key, value, timeout)

    def _base_delete_many(self, keys):
        return self._guarded(False, super()._base_delete_many, keys)

    def has_key(self, key, version=None):
        return self._guarded(False, super().has_key, key, version=version)

    def clear(self):
        return self._guarded(None, super().clear)
