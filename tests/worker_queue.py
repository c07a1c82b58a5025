"""The database task queue in tests (the `database_queue` fixture of conftest): work is queued
as in production and runs only when the test runs the worker (`run_worker --once`), in
process."""

from unittest import mock

from django.core.management import call_command

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker():
    # The worker closes "old" connections between tasks; inside a test's transaction that
    # would close the test's own connection (PostgreSQL), so it is left open here.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("run_worker", "--once", verbosity=0)


def queued_tasks():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="READY")
