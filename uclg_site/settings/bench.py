"""`make bench`: production settings plus the benchmark's own route, /bench/ceiling/, which
the page cache leaves alone so that it measures the least a request costs, and an `X-Queries`
header counting each request's database queries. Page parts are not cached: a cold row (a
page cache miss) measures a full render, as after a publish; the warm rows are answered by
the page cache either way."""

from .production import *  # noqa: F403
from .production import MIDDLEWARE, NEVER_CACHED_PATH_PREFIXES

ROOT_URLCONF = "uclg_site.bench_urls"
NEVER_CACHED_PATH_PREFIXES = (*NEVER_CACHED_PATH_PREFIXES, "/bench/")
PAGE_PARTS_CACHE = False
# Outermost, so that the page cache's own lookups are counted too.
MIDDLEWARE = ["uclg_site.bench_queries.QueryCountHeaderMiddleware", *MIDDLEWARE]
