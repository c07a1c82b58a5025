"""`make bench`: load realistic volume, serve the site with Gunicorn under the benchmark's
settings (production plus a minimal view, `uclg_site.settings.bench`) and measure it with wrk
from another process, cold (every request rendered) and warm (from the page cache), against
that minimal view."""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from wagtail.models import Page

from pages.cache import bump_site_version
from pages.models import SiteDocument

GENERATORS = [
    ("generate_stories", 2000),
    ("generate_resources", 10000),
    ("generate_volumes", 40),
    ("generate_programmes", 300),
]
# One live page of each type, in the order of the table; a type this build lacks is left out.
PAGE_TYPES = [
    ("section", "pages.SectionPage"),
    ("news index", "pages.NewsIndexPage"),
    ("story", "pages.StoryPage"),
]
REPOSITORY_TYPE = "pages.ResourceIndexPage"
# Requests get a query string of their own, so the page cache never answers: a cold render.
COLD_SCRIPT = """
counter = 0
request = function()
    counter = counter + 1
    local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
    return wrk.format(nil, wrk.path .. separator .. "bench-cold=" .. counter .. "-" .. math.random(1, 1000000000))
end
"""


class Command(BaseCommand):
    help = "Benchmark the site under production settings with wrk (see the README)."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=10, help="Length of each wrk run.")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2), help="Gunicorn workers.")
        parser.add_argument("--port", type=int, default=8107)
        parser.add_argument("--skip-data", action="store_true", help="Use the database as it is.")

    def handle(self, *args, seconds, connections, workers, port, skip_data, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (Debian: apt-get install wrk).")
        if not skip_data:
            self._load_data()
        environment = self._server_environment()
        self.stdout.write("Collecting static files for the production settings…")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=settings.BASE_DIR, env=environment, check=True,
        )  # fmt: skip
        # No worker recycling (--max-requests 0): a worker restarting mid-run shows up as a
        # p99 of seconds that production, with recycling spread out by jitter, would not see.
        log_path = Path(tempfile.gettempdir()) / "uclg-bench-server.log"
        server_log = log_path.open("w")
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"), "uclg_site.wsgi", "--bind", f"127.0.0.1:{port}",
                "--workers", str(workers), "--timeout", "30", "--max-requests", "0",
            ],
            cwd=settings.BASE_DIR, env=environment, stdout=server_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            self._wait_for(port)
            rows = self._measure(port, self._urls(port), seconds, connections)
        finally:
            server.terminate()
            server.wait(timeout=30)
            server_log.close()
        self._print_table(rows, workers, seconds, connections)
        self.stdout.write(f"Server log (warnings and errors): {log_path}")

    def _load_data(self):
        self.stdout.write("Migrating and loading the demo content…")
        call_command("migrate", "--noinput", verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("setup_site", verbosity=0)
        call_command("load_demo_content", "--if-empty", verbosity=0)
        if Page.objects.count() > 1000:
            self.stdout.write("The database already holds generated content; not generating more.")
            return
        available = get_commands()
        for name, count in GENERATORS:
            if name not in available:
                self.stdout.write(f"Skipped {name} {count}: no such command in this build.")
                continue
            self.stdout.write(f"{name} {count}…")
            started = time.monotonic()
            call_command(name, str(count))
            self.stdout.write(f"  done in {time.monotonic() - started:.0f} s")
        # Planner statistics for the new rows, as autovacuum would gather them in production.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def _server_environment(self):
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("Benchmark against PostgreSQL: set DATABASE_URL (see the README).")
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "uclg_site.settings.bench",
            "SECRET_KEY": "bench-only-" + secrets.token_urlsafe(48),
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
            "CACHE_KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX") or "bench",
            "LOG_LEVEL": "WARNING",
        }

    def _urls(self, port):
        """One URL of each kind that exists in this database, in the order of the table."""
        urls = [("home page", "/")]
        for label, page_type in PAGE_TYPES:
            page = _first_live_page(page_type)
            if page:
                urls.append((label, page.url))
        repository = _first_live_page(REPOSITORY_TYPE)
        if repository:
            api = repository.url + repository.specific.reverse_subpage("api")
            filters = self._first_filter(f"http://127.0.0.1:{port}{api}")
            urls.append(("repository, 2 facets", repository.url + filters))
        urls.append(("search", "/search/?q=city"))
        document = SiteDocument.objects.filter(collection__view_restrictions__isnull=True).order_by("pk").first()
        if document:
            urls.append(("document download", document.url))
        return urls

    @staticmethod
    def _first_filter(api_url):
        """The most frequent choice of the first two facets, as the repository's finder
        counts them (its JSON API), not read from the page's markup."""
        facets = json.loads(urllib.request.urlopen(api_url + "?per_page=1", timeout=30).read())["facets"]
        chosen = {}
        for param, options in facets.items():
            counted = [option for option in options if option["count"]]
            if counted:
                chosen[param] = max(counted, key=lambda option: option["count"])["value"]
            if len(chosen) == 2:
                break
        return "?" + urlencode(chosen) if chosen else ""

    @staticmethod
    def _wait_for(port):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5)
                return
            except (OSError, ValueError):
                time.sleep(0.5)
        raise CommandError("Gunicorn did not start")

    def _measure(self, port, urls, seconds, connections):
        base = f"http://127.0.0.1:{port}"
        rows = [("ceiling: minimal view", "warm", *self._wrk(base + "/bench/ceiling/", seconds, connections))]
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(COLD_SCRIPT)
        try:
            for label, url in urls:
                self.stdout.write(f"Measuring {label}: {url}")
                bump_site_version()
                rows.append((label, "cold", *self._wrk(base + url, seconds, connections, script.name)))
                urllib.request.urlopen(base + url, timeout=30).read()
                rows.append((label, "warm", *self._wrk(base + url, seconds, connections)))
        finally:
            Path(script.name).unlink()
        return rows

    @staticmethod
    def _wrk(url, seconds, connections, script=None):
        command = ["wrk", "--latency", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s"]
        if script:
            command += ["-s", script]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        p50 = _milliseconds(re.search(r"50%\s+([\d.]+\w+)", output).group(1))
        p99 = _milliseconds(re.search(r"99%\s+([\d.]+\w+)", output).group(1))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        return rate, p50, p99, int(errors.group(1)) if errors else 0

    def _print_table(self, rows, workers, seconds, connections):
        ceiling = rows[0][2]
        self.stdout.write(
            f"\nGunicorn {workers} workers, wrk {connections} connections, {seconds} s per run, "
            f"{os.cpu_count()} CPUs on {socket.gethostname()}"
        )
        self.stdout.write(f"| {'URL':<24} | run  | {'req/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} | ceiling | errors |")
        self.stdout.write(f"|{'-' * 26}|------|{'-' * 10}|{'-' * 9}|{'-' * 9}|---------|--------|")
        for label, run, rate, p50, p99, errors in rows:
            self.stdout.write(
                f"| {label:<24} | {run:<4} | {rate:>8.0f} | {p50:>7.1f} | {p99:>7.1f} | {rate / ceiling:>6.0%} "
                f" | {errors:>6} |"
            )


def _first_live_page(page_type):
    """The first live public page of this type ("app_label.ModelName"), or None."""
    try:
        model = apps.get_model(page_type)
    except LookupError:
        return None
    return model.objects.live().public().first()


def _milliseconds(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
