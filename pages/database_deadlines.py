"""Client-side limits on waiting for PostgreSQL's reply.

A hung server (a frozen machine, a stopped process) keeps its TCP connections open and its
kernel keeps acknowledging packets, so neither libpq's keepalives nor `tcp_user_timeout` end
the wait, and `statement_timeout` cannot fire on a server that does not run. A query would then
hold the Gunicorn worker until Gunicorn kills it. Here a wall-clock alarm (`SIGALRM`, armed only
in the main thread, where Gunicorn's sync workers serve requests) ends the wait with
`DatabaseUnresponsive`, an `OperationalError` that `ServiceFaultMiddleware` and `/health/`
already answer with a 503; the stuck connection is closed so the next request starts afresh.

Two waits are limited:
- the health check Django runs on a kept connection at its first use in a request
  (`DATABASE_HEALTH_CHECK_TIMEOUT`, seconds): `SELECT 1` answers in milliseconds when the
  server is alive. When the request's first query is a read or write of the database cache,
  that query is the check instead (`as_health_check`);
- every query, when `DATABASE_REPLY_TIMEOUT` is set (the WSGI entry point sets it a little
  above the statement timeout): a slow query is cancelled by the server first, so this only
  ends waits on a server that no longer answers.
"""

import contextlib
import signal
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError

# The shortest timer re-armed for an enclosing deadline whose time ran out meanwhile.
MINIMUM_TIMER = 0.001


class DatabaseUnresponsive(OperationalError):
    """The database server accepted the request but did not answer in time."""


@contextlib.contextmanager
def reply_deadline(seconds):
    """Raise `DatabaseUnresponsive` if the block is still running after `seconds`. Within an
    enclosing deadline the sooner of the two applies, and the enclosing one goes on after."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    enclosing, _interval = signal.getitimer(signal.ITIMER_REAL)
    if enclosing and enclosing <= seconds:
        yield
        return

    def give_up(signum, frame):
        raise DatabaseUnresponsive(f"The database did not answer within {seconds} s")

    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if enclosing:
            signal.setitimer(signal.ITIMER_REAL, max(enclosing - (time.monotonic() - started), MINIMUM_TIMER))


def _discarding_the_connection(connection, seconds):
    """A deadline after which the connection, stuck waiting for a reply, is closed."""

    @contextlib.contextmanager
    def deadline():
        try:
            with reply_deadline(seconds):
                yield
        except DatabaseUnresponsive:
            connection.close()
            raise

    return deadline()


def limit_reply_waits(sender, connection, **kwargs):
    """`connection_created` receiver: bound the health check and, if configured, every query
    of this connection wrapper (one per thread, reused by every later connection)."""
    if connection.vendor != "postgresql" or getattr(connection, "reply_waits_limited", False):
        return
    connection.reply_waits_limited = True
    _limit_health_check(connection, settings.DATABASE_HEALTH_CHECK_TIMEOUT)
    if settings.DATABASE_REPLY_TIMEOUT:
        connection.execute_wrappers.append(_query_deadline(connection, settings.DATABASE_REPLY_TIMEOUT))


def _limit_health_check(connection, seconds):
    unlimited_is_usable = connection.is_usable

    def is_usable():
        with _discarding_the_connection(connection, seconds):
            return unlimited_is_usable()

    # Django offers no hook around its health check; this wraps the method of this instance.
    connection.is_usable = is_usable


def _query_deadline(connection, seconds):
    def execute_with_deadline(execute, sql, params, many, context):
        with _discarding_the_connection(connection, seconds):
            return execute(sql, params, many, context)

    return execute_with_deadline


def as_health_check(connection, operation):
    """`operation()`, whose first query stands in for the health check Django runs before the
    first query of a request on a kept connection: under the same deadline, and on a
    connection found dead (the server restarted) run again once on a new one. A page cache
    hit in the database cache is then one round trip, not a `SELECT 1` and then the read."""
    pending = connection.connection is not None and connection.health_check_enabled
    if connection.vendor != "postgresql" or not pending or connection.health_check_done or connection.in_atomic_block:
        return operation()
    connection.health_check_done = True
    try:
        with _discarding_the_connection(connection, settings.DATABASE_HEALTH_CHECK_TIMEOUT):
            return operation()
    except DatabaseUnresponsive:
        raise
    except (OperationalError, InterfaceError):
        connection.close()
        return operation()
