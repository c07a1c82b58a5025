"""The site's one background process: runs queued tasks (django-tasks' database queue) and
publishes scheduled pages every minute, so `make run` and production need no cron for it."""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils.crypto import get_random_string
from django_tasks.base import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger(__name__)

SCHEDULER_INTERVAL_SECONDS = 60


class Command(BaseCommand):
    help = "Run queued background tasks and publish scheduled pages every minute."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds to wait when the queue is empty (default 1)."
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="Publish scheduled pages once, run every queued task, then exit (for tests and cron).",
        )

    def handle(self, *, interval, once, verbosity, **options):
        # Worker.run() announces each start and empty queue; this loop calls it every second.
        logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        worker = Worker(
            queue_names=[DEFAULT_TASK_QUEUE_NAME],
            interval=0,
            batch=True,  # Worker.run() returns once the queue is empty; the loop below waits.
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        if once:
            self.publish_scheduled(verbosity)
            worker.run()
            return
        # Ctrl-C or SIGTERM: finish the running task, then exit (a second signal stops at once).
        worker.configure_signals()
        logger.info("Worker started: queued tasks, and scheduled pages every %s s", SCHEDULER_INTERVAL_SECONDS)
        next_publish = 0.0
        while worker.running:
            if time.monotonic() >= next_publish:
                self.publish_scheduled(verbosity)
                next_publish = time.monotonic() + SCHEDULER_INTERVAL_SECONDS
            self.run_queued_tasks(worker)
            time.sleep(interval)

    def run_queued_tasks(self, worker):
        try:
            worker.run()
        except DatabaseError:
            # The database is restarting: keep the process, try again after the interval.
            logger.exception("The task queue could not be read")
            close_old_connections()

    def publish_scheduled(self, verbosity):
        try:
            call_command("publish_scheduled", verbosity=max(verbosity - 1, 0))
        except Exception:
            # A failed tick (database restarting) must not stop the queue; the next minute retries.
            logger.exception("Publishing scheduled pages failed")
