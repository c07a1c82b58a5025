"""A Redis client that stops calling a Redis server for a few seconds after it failed.

With `IGNORE_EXCEPTIONS` a dead Redis only costs a refused connection, but a hung one (paused,
overloaded, a network black hole) costs the full socket timeout on every cache call, and a page
makes several. After one timeout or connection error this client fails immediately for
`REDIS_RETRY_AFTER_SECONDS`, so pages stay fast and try Redis again soon after."""

import logging
import time

from django.conf import settings
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

_unavailable_until: dict[tuple, float] = {}


class CircuitBreakerRedis(Redis):
    def _server(self):
        kwargs = self.connection_pool.connection_kwargs
        return (kwargs.get("host"), kwargs.get("port"), kwargs.get("path"))

    def execute_command(self, *args, **options):
        server = self._server()
        if _unavailable_until.get(server, 0) > time.monotonic():
            raise RedisConnectionError("Redis was unavailable moments ago; not retrying yet.")
        try:
            return super().execute_command(*args, **options)
        except (RedisConnectionError, RedisTimeoutError):
            retry_after = getattr(settings, "REDIS_RETRY_AFTER_SECONDS", 5)
            _unavailable_until[server] = time.monotonic() + retry_after
            logger.warning("Redis unavailable; cache calls skipped for %s s", retry_after)
            raise
