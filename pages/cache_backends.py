"""A database cache whose missing table behaves like an unreachable cache.

A site first set up with Redis may have no cache table; when `REDIS_URL` is later removed,
Django's `DatabaseCache` (and Wagtail's own cache reads through it) would answer every page
with an error. Here every read is a miss and every write does nothing while the table is
absent, and a warning is logged. Whether the table exists is asked once per process (one
catalogue query, which cannot abort a transaction the way a failing query would on
PostgreSQL), and again every `RECHECK_SECONDS` while it is missing, so creating the table
(`setup_site`) takes effect without a restart.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router

logger = logging.getLogger(__name__)

RECHECK_SECONDS = 30
# (database alias, table) -> (whether the table exists, when that was learnt)
_table_found: dict[tuple[str, str], tuple[bool, float]] = {}


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
        try:
            return operation(*args, **kwargs)
        except DatabaseError:
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
