import statistics
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from pages.demo.media import placeholder_image
from pages.repository.finder import ResourceFinder, count_unfiltered_facets
from pages.repository.generator import copy_resources, generate_resources
from pages.repository.models import ResourceIndexPage, ResourcePage, StoredFacetCounts

# The facets the benchmark filters on, each set to its most frequent value.
BENCH_FACETS = ("type", "theme")
# A word in most resources' text (nine in ten of the generated ones): the broadest search.
BROAD_QUERY = "local"
# Beyond this many resources, --resources copies generated ones (PostgreSQL): generating and
# indexing each in Python takes minutes per 10,000.
GENERATED = 10_000


class Command(BaseCommand):
    help = (
        "Time the COVID-19 repository index with the page cache off, in four scenarios (a search with "
        "two facets, a broad search alone and with two facets, no filter at all): prints the median, "
        "90th and 99th percentile server time and the SQL query count of each, plus EXPLAIN ANALYZE of "
        "each query on PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--query", default="", help="Search term (default: a word from a resource title).")
        parser.add_argument("--broad-query", default=BROAD_QUERY, help="A word most resources contain.")
        parser.add_argument(
            "--resources",
            type=int,
            default=0,
            help="First add resources until this many are live (e.g. 100000): generated up to 10,000, copies beyond.",
        )
        parser.add_argument("--seed", type=int, default=2, help="Random seed of the generated resources.")
        parser.add_argument("--explain", action="store_true", help="Print EXPLAIN ANALYZE of each query (PostgreSQL).")

    def handle(self, *args, **options):
        index = ResourceIndexPage.objects.live().first()
        if index is None:
            raise CommandError("There is no repository page: run load_demo_content first.")
        self._top_up(index, options["resources"], options["seed"])
        # Neither the page cache nor the parts kept under its version may answer: every run
        # measures a render after a publish, the cold case.
        with override_settings(PAGE_CACHE_SECONDS=0, PAGE_PARTS_CACHE=False):
            self._benchmark(index, options)

    def _top_up(self, index, wanted, seed):
        """Generate up to GENERATED resources; on PostgreSQL copy them for the rest."""
        live = ResourcePage.objects.live().count()
        generated = max(0, min(wanted, GENERATED) - live) if connection.vendor == "postgresql" else wanted - live
        started = time.perf_counter()
        if generated > 0:
            images = [placeholder_image(f"Synthetic resource cover {number}", 600, 400).pk for number in range(1, 4)]
            generate_resources(generated, index, seed=seed, images=images)
            self.stdout.write(f"Generated {generated} resources in {time.perf_counter() - started:.0f} s.")
        copied = wanted - ResourcePage.objects.live().count()
        if copied > 0:
            started = time.perf_counter()
            copy_resources(copied, index)
            self.stdout.write(f"Copied {copied} resources in {time.perf_counter() - started:.0f} s.")

    def _benchmark(self, index, options):
        filters = most_frequent_choices(BENCH_FACETS)
        if len(filters) < len(BENCH_FACETS):
            raise CommandError("There are no resources with a type and a theme to benchmark.")
        sample = ResourceFinder(filters).all_results(prefetch=()).first()
        word = options["query"] or sample.title.split()[0].strip(":").lower()
        broad = options["broad_query"]
        scenarios = {
            f"search “{word}” + type + theme": {"q": word, **filters},
            f"broad search “{broad}”": {"q": broad},
            f"broad search “{broad}” + type + theme": {"q": broad, **filters},
            "unfiltered index": {},
        }
        client = Client(HTTP_HOST=index.get_site().hostname)
        total = ResourcePage.objects.live().count()
        self.stdout.write(f"{total} live resources, {connection.vendor}, {options['runs']} runs per scenario")
        # What the worker does after any change: the unfiltered counts kept for this version.
        count_unfiltered_facets.call(settings.LANGUAGE_CODE)
        for name, params in scenarios.items():
            self._scenario(client, name, index, params, options)
        # Until the worker has counted them after a change, pages count their matches themselves.
        StoredFacetCounts.objects.all().delete()
        for name in ("unfiltered index", f"broad search “{broad}”"):
            self._scenario(client, f"{name}, before the worker has counted", index, scenarios[name], options)
        count_unfiltered_facets.call(settings.LANGUAGE_CODE)

    def _scenario(self, client, name, index, params, options):
        url = f"{index.url}?{urlencode(params)}" if params else index.url
        client.get(url)  # per-process caches (site, locale) as a running server has them
        timings, counts = [], []
        for _run in range(options["runs"]):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
            counts.append(len(queries))
        matches = ResourceFinder(params).page(1).paginator.count
        self.stdout.write(
            f"\n== {name}: {url} ({matches} matches)\n"
            f"median {statistics.median(timings):.1f} ms, p90 {percentile(timings, 90):.1f} ms, "
            f"p99 {percentile(timings, 99):.1f} ms, queries {min(counts)}–{max(counts)}"
        )
        if options["explain"] and connection.vendor == "postgresql":
            self._explain(queries.captured_queries)

    def _explain(self, captured):
        total = 0.0
        for query in captured:
            sql = query["sql"]
            if not sql.startswith(("SELECT", "WITH")) or "django_cache" in sql:
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
                (result,) = cursor.fetchone()
                cursor.execute(f"EXPLAIN ANALYZE {sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
            total += result[0]["Execution Time"]
            self.stdout.write(f"\n-- {sql[:300]}…\n{plan}")
        self.stdout.write(f"\nDatabase time of the scenario's queries (EXPLAIN ANALYZE, summed): {total:.1f} ms")


def percentile(timings, rank):
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, int(len(ordered) * rank / 100))]


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
