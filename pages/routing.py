"""Finding the page a URL names in two queries, however deep it sits.

Wagtail walks the tree from the site's root with two queries per level (the child with the
next slug, then its specific page), eight for a story under the news index before anything
is rendered. The site root's `route` reads every page the path could name in one query (by
their URL paths), walks them as Wagtail would, and fetches the specific page where the walk
stops, joined with what the page type names in `page_related` (its images, its category).
A page type with its own `route` other than Wagtail's or RoutablePageMixin's takes over
the walk as usual.

Before the walk Wagtail reads the site of the request, the active language's Locale and the
site's home page in that language (`Page.route_for_request`): three queries on every page,
for rows that change only through saves that bump the site-wide cache version. The site
views read them through `route_for_request` and `site_for_request` instead, once per
version and process (pages.request_version).
"""

import copy
from functools import cache

from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from pages.compiled_query import CompiledQuery, stand_in_ids
from pages.request_version import memoised_for_this_version

# Paths this deep or less are routed by a query compiled once per depth; deeper ones, which
# no page of the site has, by the ORM, so that made-up paths cannot grow the kept queries.
COMPILED_ROUTE_DEPTH = 8


def site_for_request(request):
    """Wagtail's `Site.find_for_request`, read once per version for each host and port; kept
    on the request where Wagtail keeps it, so its own callers find it too."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        key = ("site", hostname, request.get_port())
        request._wagtail_site = memoised_for_this_version(key, lambda: Site._find_for_request(request))
    return request._wagtail_site


def route_for_request(request, path):
    """Wagtail's `Page.route_for_request`, with the site's home page in the active language
    read once per version. Kept on the request where Wagtail keeps it, so Wagtail's serve
    view and everything after it use this route."""
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = _route(request, path)
    return request._wagtail_route_for_request


def _route(request, path):
    site = site_for_request(request)
    if site is None:
        return None
    home = memoised_for_this_version(("home-page", site.pk, get_language()), lambda: _home_in_active_language(site))
    try:
        # A copy of its own for this request: serving a page caches things on it.
        return copy.copy(home).route(request, [component for component in path.split("/") if component])
    except Http404:
        return None


def _home_in_active_language(site):
    home = site.root_page.localized
    return _specific(home, home.specific_class)


def route_from_root(root, request, path_components):
    prefixes = [
        root.url_path + "/".join(path_components[:length]) + "/" for length in range(1, len(path_components) + 1)
    ]
    pages_by_url_path = {page.url_path: page for page in _pages_at(prefixes)}
    parent = root
    trail = [root]
    for position, url_path in enumerate(prefixes):
        page = pages_by_url_path.get(url_path)
        if page is None:
            raise Http404
        page._cached_parent_obj = parent
        trail.append(page)
        remaining = path_components[position + 1 :]
        model = page.specific_class
        if model is None or not _routes_like_wagtail(model) or not remaining or _routes_itself(page, model, remaining):
            specific = _specific(page, model)
            # The pages from the home page down, which breadcrumbs and structured data show.
            specific.__dict__["_site_trail"] = trail
            return specific.route(request, remaining)
        parent = page
    raise Http404


def _pages_at(url_paths):
    if len(url_paths) > COMPILED_ROUTE_DEPTH:
        return Page.objects.filter(url_path__in=url_paths)
    return _pages_at_query(len(url_paths)).all(*url_paths)


@cache
def _pages_at_query(depth):
    return CompiledQuery(Page.objects.all(), "url_path", *(f"/compiled-query-stand-in-{n}/" for n in range(depth)))


def _routes_like_wagtail(model):
    return model.route in (Page.route, RoutablePageMixin.route)


def _routes_itself(page, model, remaining):
    """Whether a routable page answers the rest of the path with one of its own views, as
    RoutablePageMixin.route checks before looking at its children."""
    if model.route is not RoutablePageMixin.route or not page.live:
        return False
    try:
        model.get_resolver().resolve("/" + "/".join(remaining) + "/")
    except Http404:
        return False
    return True


def _specific(page, model):
    if model is None:
        return page.specific
    specific = _specific_page_query(model).get(page.pk)
    if "_cached_parent_obj" in page.__dict__:
        specific._cached_parent_obj = page._cached_parent_obj
    return specific


@cache
def _specific_page_query(model):
    return SpecificPageQuery(model)


class SpecificPageQuery:
    """`model.objects.select_related(*model.page_related).get(pk=…)`, compiled once per page
    type and process (pages.compiled_query): compiling the joins of a page type's tables and
    of the rows it names cost more than running the query, on every page served."""

    def __init__(self, model):
        self.model = model
        queryset = model.objects.select_related(*getattr(model, "page_related", ()))
        self.query = CompiledQuery(queryset, model._meta.pk.name, *stand_in_ids(1))

    def get(self, pk):
        for page in self.query.all(pk):
            return page
        raise self.model.DoesNotExist(f"No live {self.model.__name__} with id {pk}")
