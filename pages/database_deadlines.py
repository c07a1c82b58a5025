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
  server is alive;
- every query, when `DATABASE_REPLY_TIMEOUT` is set (the WSGI entry point sets it a little
  above the statement timeout): a slow query is cancelled by the server first, so this only
  ends waits on a server that no longer answers.
"""

import contextlib
import signal
import threading

from django.conf import settings
from django.db import OperationalError


class DatabaseUnresponsive(OperationalError):
    """The database server accepted the request but did not answer in time."""


@contextlib.contextmanager
def reply_deadline(seconds):
    """Raise `DatabaseUnresponsive` if the block is still running after `seconds`."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def give_up(signum, frame):
        raise DatabaseUnresponsive(f"The database did not answer within {seconds} s")

    previous_handler = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)


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
