import statistics
import time
from urllib.parse import urlencode

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from pages.repository.finder import ResourceFinder
from pages.repository.models import ResourceIndexPage, ResourcePage

# The facets the benchmark filters on, each set to its most frequent value.
BENCH_FACETS = ("type", "theme")


class Command(BaseCommand):
    help = (
        "Time the COVID-19 repository index with a search term and two facets: prints the median "
        "and 90th percentile server time and the SQL query count, plus EXPLAIN ANALYZE on PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--query", default="", help="Search term (default: a word from a resource title).")
        parser.add_argument("--explain", action="store_true", help="Print EXPLAIN ANALYZE of each query (PostgreSQL).")

    def handle(self, *args, **options):
        # The page cache would answer every run after the first: time the render itself.
        with override_settings(PAGE_CACHE_SECONDS=0):
            self._benchmark(options)

    def _benchmark(self, options):
        index = ResourceIndexPage.objects.live().first()
        if index is None:
            raise CommandError("There is no repository page: run load_demo_content (and generate_resources N).")
        filters = most_frequent_choices(BENCH_FACETS)
        if len(filters) < len(BENCH_FACETS):
            raise CommandError("There are no resources with a type and a theme to benchmark.")
        sample = ResourceFinder(filters).all_results(prefetch=()).first()
        word = options["query"] or sample.title.split()[0].strip(":").lower()
        url = f"{index.url}?{urlencode({'q': word, **filters})}"
        client = Client(HTTP_HOST=index.get_site().hostname)
        client.get(url)  # warm caches
        timings, counts = [], []
        for _run in range(options["runs"]):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
            counts.append(len(queries))
        total = ResourcePage.objects.live().count()
        timings.sort()
        p90 = timings[min(len(timings) - 1, int(len(timings) * 0.9))]
        self.stdout.write(f"{total} live resources, {connection.vendor}, {options['runs']} runs of {url}")
        self.stdout.write(
            f"median {statistics.median(timings):.1f} ms, p90 {p90:.1f} ms, queries {min(counts)}–{max(counts)}"
        )
        if options["explain"] and connection.vendor == "postgresql":
            for query in queries.captured_queries:
                sql = query["sql"]
                if ResourcePage._meta.db_table not in sql:
                    continue
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN ANALYZE {sql}")
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                self.stdout.write(f"\n-- {sql[:300]}…\n{plan}")


def most_frequent_choices(params):
    """Each facet in `params` set to its value with the most live resources, the facets'
    counts narrowing one another as a visitor's choices would."""
    chosen = {}
    for param in params:
        group = next(group for group in ResourceFinder(chosen).facet_groups() if group.param == param)
        options = [option for option in group.options if option.count]
        if options:
            chosen[param] = max(options, key=lambda option: option.count).value
    return chosen
