"""`make bench`: load realistic volume, serve the site with Gunicorn under the benchmark's
settings (production plus a minimal view and a query-count header, `uclg_site.settings.bench`)
and measure every public page type with wrk from another process: cold (every request
rendered) and warm (from the page cache), warm once with Redis and once with the database
cache, against that minimal view and, when given, against another site's home page
(bakerydemo) in alternating rounds."""

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.apps import apps
from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from wagtail.models import Locale, Page

from pages.benchmark import (
    WRK_COLD_SCRIPT,
    WRK_COUNTING_SCRIPT,
    ComparisonRound,
    Row,
    comparison_lines,
    comparison_medians,
    cpu_ms_per_request,
    cpu_seconds_of,
    parse_wrk,
    serving_processes,
    table_lines,
    wait_until_idle,
)
from pages.cache import bump_site_version
from pages.models import SiteDocument

GENERATORS = [
    ("generate_stories", 2000),
    ("generate_resources", 10000),
    ("generate_volumes", 40),
    ("generate_programmes", 300),
]
# Every public page type, in the order of the table: one live English page of each; a type
# this build lacks is left out. Other apps are named by string: `pages` imports none of them.
PAGE_TYPES = [
    ("section", "pages.SectionPage"),
    ("standard page", "pages.StandardPage"),
    ("news index", "pages.NewsIndexPage"),
    ("story", "pages.StoryPage"),
    ("event", "pages.EventPage"),
    ("repository", "repository.ResourceIndexPage"),
    ("resource", "repository.ResourcePage"),
    ("programme index", "programmes.ProgrammeIndexPage"),
    ("programme", "programmes.ProgrammePage"),
    ("newsletter archive", "newsletters.NewsletterIndexPage"),
    ("newsletter volume", "newsletters.VolumePage"),
    ("membership (join form)", "members.MembershipPage"),
    ("member directory", "members.MemberDirectoryPage"),
]
REPOSITORY_TYPE = "repository.ResourceIndexPage"
HOME = "home page"
REDIS, DATABASE = "Redis", "database"
COLD, WARM = "cold", "warm"
FORWARDED_HTTPS = {"X-Forwarded-Proto": "https"}
# The first requests of a freshly started site make image renditions and open connections.
WARM_UP_SECONDS = 3
# On a busy shared machine a worker's first render of a page can take tens of seconds.
REQUEST_TIMEOUT = 120


class Command(BaseCommand):
    help = "Benchmark the site under production settings with wrk (see the README)."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=10, help="Length of each wrk run.")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--workers", type=int, default=3, help="Gunicorn sync workers.")
        parser.add_argument("--port", type=int, default=8107)
        parser.add_argument("--skip-data", action="store_true", help="Use the database as it is.")
        parser.add_argument(
            "--compare-url",
            help="Home page of another site on this machine (bakerydemo, see the README), measured "
            "in alternating rounds with our cold home page.",
        )
        parser.add_argument("--compare-rounds", type=int, default=3)
        parser.add_argument("--compare-only", action="store_true", help="Only the comparison, not the table.")

    def handle(self, *args, seconds, connections, workers, port, skip_data, compare_url, compare_rounds, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (Debian: apt-get install wrk).")
        if options["compare_only"] and not compare_url:
            raise CommandError("--compare-only needs --compare-url.")
        if not skip_data:
            self._load_data()
        self._collect_static()
        self._run_queued_tasks()
        self.seconds, self.connections, self.port = seconds, connections, port
        load_before = os.getloadavg()
        results, ceilings, rounds = {}, {}, []
        with _wrk_scripts() as self.scripts:
            with self._serving(workers, REDIS):
                urls = [] if options["compare_only"] else self._urls()
                self._warm_up(urls, workers)
                ceilings[REDIS] = self._measure_ceiling(results, REDIS)
                for label, url in urls:
                    self._measure_cold_and_warm(results, label, url)
                if compare_url:
                    rounds = self._compare(compare_url, compare_rounds)
            if urls:
                with self._serving(workers, DATABASE):
                    self._warm_up(urls, workers)
                    ceilings[DATABASE] = self._measure_ceiling(results, DATABASE)
                    for label, url in urls:
                        self._measure_warm(results, label, url, DATABASE)
        self._report(results, ceilings, rounds, urls, workers, load_before, compare_url)

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

    def _collect_static(self):
        self.stdout.write("Collecting static files for the production settings…")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=settings.BASE_DIR, env=self._server_environment(REDIS), check=True,
        )  # fmt: skip

    def _run_queued_tasks(self):
        """What loading the content queued (search index, reference index, renditions) is done
        before measuring, as the worker would have done it in production."""
        self.stdout.write("Running the tasks queued so far…")
        subprocess.run(
            [sys.executable, "manage.py", "run_worker", "--once"],
            cwd=settings.BASE_DIR, env=self._server_environment(REDIS), check=True,
        )  # fmt: skip

    def _server_environment(self, cache):
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("Benchmark against PostgreSQL: set DATABASE_URL (see the README).")
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "uclg_site.settings.bench",
            "SECRET_KEY": "bench-only-" + secrets.token_urlsafe(48),
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            # Without Redis the settings choose the database cache on PostgreSQL.
            "REDIS_URL": (os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0") if cache == REDIS else "",
            "CACHE_KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX") or "bench",
            "LOG_LEVEL": "WARNING",
        }

    @contextlib.contextmanager
    def _serving(self, workers, cache):
        """Gunicorn with the benchmark's settings and this cache, for the `with` block. No worker
        recycling (--max-requests 0) and no worker killed after production's 30 s: a worker
        restarting mid-run shows up as a p99 of seconds that production, with recycling spread
        out by jitter and a machine of its own, would not see."""
        log_path = Path(tempfile.gettempdir()) / f"uclg-bench-server-{cache.lower()}.log"
        self.stdout.write(f"Serving with the {cache} cache on port {self.port}, and the task worker (log: {log_path})")
        environment = self._server_environment(cache)
        with log_path.open("w") as server_log:
            server = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "gunicorn"), "uclg_site.wsgi",
                    "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers), "--worker-class", "sync",
                    "--timeout", str(REQUEST_TIMEOUT), "--max-requests", "0",
                ],
                cwd=settings.BASE_DIR, env=environment, stdout=server_log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            # As in production: what pages queue (counts kept for them, search hits) is done
            # beside the server, not in it.
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "run_worker"],
                cwd=settings.BASE_DIR, env=environment, stdout=server_log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            self.worker_pid = worker.pid
            try:
                self._wait_for(f"http://127.0.0.1:{self.port}/health/")
                yield
            finally:
                for process in (server, worker):
                    process.terminate()
                for process in (server, worker):
                    process.wait(timeout=30)

    def _urls(self):
        """One URL of each kind that exists in this database, in the order of the table."""
        urls = [(HOME, "/")]
        for label, page_type in PAGE_TYPES:
            page = _first_live_page(page_type)
            if page:
                urls.append((label, page.url))
        repository = _first_live_page(REPOSITORY_TYPE)
        if repository:
            api = repository.url + repository.specific.reverse_subpage("api")
            filters = self._first_filter(f"http://127.0.0.1:{self.port}{api}")
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
        facets = json.loads(urllib.request.urlopen(api_url + "?per_page=1", timeout=REQUEST_TIMEOUT).read())["facets"]
        chosen = {}
        for param, options in facets.items():
            counted = [option for option in options if option["count"]]
            if counted:
                chosen[param] = max(counted, key=lambda option: option["count"])["value"]
            if len(chosen) == 2:
                break
        return "?" + urlencode(chosen) if chosen else ""

    @staticmethod
    def _wait_for(url, headers=None):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=REQUEST_TIMEOUT)
                return
            except (OSError, ValueError):
                time.sleep(0.5)
        raise CommandError(f"Gunicorn did not start: {url}")

    def _warm_up(self, urls, workers):
        """Unmeasured: each page once per worker at the same time, so that no worker's first
        render of a page (templates compiled, lazy imports, per-process memos) is measured."""
        self.stdout.write("Warming up every page in every worker (unmeasured)…")
        addresses = [
            f"http://127.0.0.1:{self.port}{url}{'&' if '?' in url else '?'}bench-warm-up={worker}"
            for _label, url in urls
            for worker in range(workers)
        ]  # a query string of its own each: the page cache would answer all but the first
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(_fetch, addresses))

    def _measure_ceiling(self, results, cache):
        result, cpu_ms = self._wrk(f"http://127.0.0.1:{self.port}/bench/ceiling/", self.port, WARM)
        results["ceiling: minimal view", cache, WARM] = Row("ceiling: minimal view", cache, WARM, result, cpu_ms)
        return result.rate

    def _measure_cold_and_warm(self, results, label, url):
        self.stdout.write(f"Measuring {label}: {url}")
        address = f"http://127.0.0.1:{self.port}{url}"
        bump_site_version()
        result, cpu_ms = self._wrk(address, self.port, COLD)
        results[label, REDIS, COLD] = Row(label, REDIS, COLD, result, cpu_ms)
        self._measure_warm(results, label, url, REDIS)

    def _measure_warm(self, results, label, url, cache):
        address = f"http://127.0.0.1:{self.port}{url}"
        _fetch(address)  # stores the page
        result, cpu_ms = self._wrk(address, self.port, WARM)
        results[label, cache, WARM] = Row(label, cache, WARM, result, cpu_ms)

    def _compare(self, compare_url, rounds):
        """Our cold home and the other site's home, one after the other, `rounds` times, so that
        both see the same load of this shared machine. Both get `X-Forwarded-Proto: https`, as
        behind a TLS-terminating proxy: bakerydemo's production settings redirect plain HTTP."""
        address = urlsplit(compare_url)
        if address.hostname not in ("127.0.0.1", "localhost"):
            raise CommandError("--compare-url must be a site on this machine (its CPU time is read here).")
        compare_port = address.port or 80
        ours_url = f"http://127.0.0.1:{self.port}/"
        self._wait_for(compare_url, FORWARDED_HTTPS)
        self.stdout.write("Warming up both home pages (unmeasured): images, connections, lazy imports")
        for url, port in ((ours_url, self.port), (compare_url, compare_port)):
            self._wrk(url, port, COLD, FORWARDED_HTTPS, seconds=WARM_UP_SECONDS)
        measured = []
        for number in range(1, rounds + 1):
            self.stdout.write(f"Comparison round {number} of {rounds}: our cold home, then {compare_url}")
            ours, ours_cpu = self._wrk(ours_url, self.port, COLD, FORWARDED_HTTPS)
            theirs, theirs_cpu = self._wrk(compare_url, compare_port, COLD, FORWARDED_HTTPS)
            measured.append(ComparisonRound(ours, ours_cpu, theirs, theirs_cpu))
            self.stdout.write(f"  ours {ours.rate:.1f} req/s, theirs {theirs.rate:.1f} req/s")
        return measured

    def _wrk(self, url, port, run, headers=None, seconds=None):
        """One wrk run against `url`, with the CPU time that the processes serving `port` spent
        on it, per request."""
        command = ["wrk", "--latency", "-t", "2", "-c", str(self.connections), "-d", f"{seconds or self.seconds}s"]
        for name, value in (headers or {}).items():
            command += ["-H", f"{name}: {value}"]
        command += ["--timeout", f"{REQUEST_TIMEOUT}s", "-s", self.scripts[run], url, "--", secrets.token_hex(4)]
        processes = serving_processes(port)
        # Nor may what our worker still has to do run during the next run, ours or the other site's.
        wait_until_idle([*processes, self.worker_pid])
        cpu_before = cpu_seconds_of(processes)
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        cpu_spent = cpu_seconds_of(processes) - cpu_before if processes else None
        result = parse_wrk(output)
        return result, cpu_ms_per_request(cpu_spent, result.requests)

    def _report(self, results, ceilings, rounds, urls, workers, load_before, compare_url):
        load_after = os.getloadavg()
        self.stdout.write(
            f"\nGunicorn {workers} sync workers, wrk 2 threads and {self.connections} connections, "
            f"{self.seconds} s per run, {os.cpu_count()} CPUs on {socket.gethostname()}; load average "
            f"{load_before[0]:.1f} before, {load_after[0]:.1f} after. CPU ms/req: the Gunicorn processes' "
            "CPU time (not PostgreSQL's or Redis's) over the requests served; cold runs use Redis."
        )
        order = [("ceiling: minimal view", REDIS, WARM), ("ceiling: minimal view", DATABASE, WARM)]
        for label, _url in urls:
            order += [(label, REDIS, COLD), (label, REDIS, WARM), (label, DATABASE, WARM)]
        rows = [results[key] for key in order if key in results]
        reference_rate = comparison_medians(rounds)[1] if rounds else None
        for line in table_lines(rows, ceilings, reference_rate):
            self.stdout.write(line)
        if rounds:
            self.stdout.write(f"\nbakerydemo comparison: {compare_url} against our cold home page, alternating")
            for line in comparison_lines(rounds, "bakerydemo home"):
                self.stdout.write(line)
        self.stdout.write(f"Server logs (warnings and errors): {tempfile.gettempdir()}/uclg-bench-server-*.log")


@contextlib.contextmanager
def _wrk_scripts():
    """The wrk scripts of a cold and a warm run, as files for the length of the benchmark."""
    with tempfile.TemporaryDirectory(prefix="uclg-bench-") as folder:
        paths = {COLD: Path(folder) / "cold.lua", WARM: Path(folder) / "warm.lua"}
        paths[COLD].write_text(WRK_COLD_SCRIPT)
        paths[WARM].write_text(WRK_COUNTING_SCRIPT)
        yield {run: str(path) for run, path in paths.items()}


def _fetch(address):
    with urllib.request.urlopen(address, timeout=REQUEST_TIMEOUT) as response:
        response.read()


def _first_live_page(page_type):
    """The first live public English page of exactly this type ("app_label.ModelName"), or None."""
    try:
        model = apps.get_model(page_type)
    except LookupError:
        return None
    pages = model.objects.exact_type(model).live().public().filter(locale=Locale.get_default())
    return pages.order_by("path").first()
