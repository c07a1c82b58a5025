"""The database task queue in tests (the `database_queue` fixture of conftest): work is queued
as in production and runs only when the test runs the worker (`run_worker --once`), in
process."""

from django.core.management import call_command

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker():
    call_command("run_worker", "--once", verbosity=0)


def queued_tasks():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="READY")
