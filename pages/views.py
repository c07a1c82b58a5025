"""Site-wide views that are not pages: search, robots.txt, the favicon, old WordPress
addresses and the error pages."""

import math
import sys
from collections import defaultdict
from functools import cache
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Window
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string
from wagtail.views import serve as wagtail_serve

from pages import languages
from pages.admin_faults import DATABASE_FAULTS, admin_fault_response
from pages.cache import for_this_version
from pages.compiled_query import CompiledQuery, stand_in_ids
from pages.forms import SiteSearchForm, page_type_key
from pages.models import BasePage
from pages.multilingual_search import search_in_language
from pages.page_ids import run, table
from pages.request_version import memoised_for_this_version
from pages.routing import route_for_request, site_for_request
from pages.tasks import count_search_hit
from pages.visibility import private_q

SEARCH_RESULTS_PER_PAGE = 10
# The favicon's address has no version in it, so a month rather than the year that
# fingerprinted static files get: a new icon reaches every browser within that time.
FAVICON_MAX_AGE = 30 * 24 * 60 * 60


def _site_pages(request):
    site = site_for_request(request)
    pages = Page.objects.live().exclude(private_q())
    return pages.descendant_of(site.root_page, inclusive=True) if site else pages.none()


def _pages_of_home(home):
    """The live, public pages under `home` (the site's home page in one language) and in its
    language."""
    if home is None:
        return Page.objects.none()
    return Page.objects.live().exclude(private_q()).descendant_of(home, inclusive=True).filter(locale_id=home.locale_id)


def _searchable_page_types(request, pages):
    """The site's page models that have at least one live, public page."""
    # They change only through publishing, which bumps the version.
    content_type_ids = memoised_for_this_version(
        ("search-types", request.get_host(), get_language()),
        lambda: list(pages.order_by().values_list("content_type", flat=True).distinct()),
    )
    models = (ContentType.objects.get_for_id(pk).model_class() for pk in content_type_ids)
    return [model for model in models if model is not None and issubclass(model, BasePage)]


def _search_page(pages, language_code, query, number):
    """The expensive part of a search: the result count, the page number shown and the ids
    of that page's results, most relevant first."""
    results = search_in_language(pages, query, language_code) if query else Page.objects.none()
    if query and connection.vendor == "postgresql":
        return _ranked_page_with_count(results, number)
    page_obj = Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(number)
    return page_obj.paginator.count, page_obj.number, [page.pk for page in page_obj.object_list]


def _ranked_page_with_count(results, number):
    """As `Paginator.get_page` (page 1 for a number that is not one, the last page for one
    out of range), with the count of every match read beside the page's ids: counting, then
    ranking, would match and join every index entry twice, most of the time of a search of
    a common word."""
    counted = results.get_queryset().annotate(matches=Window(Count("pk"))).values_list("pk", "matches")

    def rows_of_page(number):
        start = (number - 1) * SEARCH_RESULTS_PER_PAGE
        return list(counted[start : start + SEARCH_RESULTS_PER_PAGE])

    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    rows = rows_of_page(number) if number >= 1 else []
    if not rows and number != 1:  # out of range: the last page, found from the count
        rows = rows_of_page(1)
        number = max(1, math.ceil(rows[0][1] / SEARCH_RESULTS_PER_PAGE)) if rows else 1
        if number > 1:
            rows = rows_of_page(number)
    elif not rows:
        number = 1
    count = rows[0][1] if rows else 0
    return count, number, [pk for pk, _matches in rows]


def _result_entry(page, summary=""):
    """What a result shows, from a specific page: its own editorial date when it has one."""
    return {
        "page": page,
        "type": page._meta.verbose_name,
        "summary": summary
        or getattr(page, "card_summary", "")
        or getattr(page, "meta_description", page.search_description),
        "date": getattr(page, "date", None) or page.first_published_at,
    }


def _specific_in_order(ids):
    """The pages with these ids as their specific types, in this order, fetched in one query
    per page type (and one for the types)."""
    ids_by_type = defaultdict(list)
    for pk, content_type_id in _content_types_of(ids):
        ids_by_type[content_type_id].append(pk)
    specific = {}
    for content_type_id, type_ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
        specific |= {page.pk: page for page in _pages_of_type_query(model, len(type_ids)).all(*type_ids)}
    return [specific[pk] for pk in ids if pk in specific]


def _content_types_of(ids):
    if not ids:
        return []
    places = ", ".join(["%s"] * len(ids))
    return run(f"SELECT id, content_type_id FROM {table(Page)} WHERE id IN ({places})", list(ids))


@cache
def _pages_of_type_query(model, number):
    """`model`'s pages by id, compiled once per page type and number of ids: compiling the
    join of a page type's tables cost more than running it, for each type of each search."""
    return CompiledQuery(model.objects.order_by(), model._meta.pk.name, *stand_in_ids(number))


def _promotions(query, pages):
    """The results editors promoted for this query, in their order: live public pages of
    the site, each in the visitor's language where it is translated, and other addresses."""
    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query)).select_related("page")
    )
    promoted_keys = {pick.page.translation_key for pick in picks if pick.page_id}
    shown = {}
    if promoted_keys:  # most queries have no promoted page: no query to build
        promoted = pages.filter(translation_key__in=promoted_keys).values_list("pk", flat=True)
        shown = {page.translation_key: page for page in _specific_in_order(promoted)}
    promotions = []
    for pick in picks:
        if pick.page_id and pick.page.translation_key in shown:
            promotions.append({**_result_entry(shown[pick.page.translation_key], pick.description), "url": None})
        elif pick.page_id is None and pick.external_link_url:
            promotions.append(
                {
                    "title": pick.external_link_text or pick.external_link_url,
                    "url": pick.external_link_url,
                    "summary": pick.description,
                }
            )
    return promotions


def search(request):
    """Search in the language of the address: its pages, with its stemming. While a language
    has no home page, its address searches the English pages it shows."""
    home = languages.site_home_in_active_language(request)
    language_code = languages.language_code_of(home) if home is not None else get_language()
    pages = _pages_of_home(home)
    page_types = _searchable_page_types(request, pages)
    form = SiteSearchForm(request.GET, page_types=page_types)
    promotions = []
    query = ""
    page_type = None
    if form.is_valid():
        query = form.cleaned_data["q"]
        page_type = form.cleaned_data["type"]
    if query:
        if page_type is not None:
            pages = pages.filter(content_type=ContentType.objects.get_for_model(page_type))
    type_key = page_type_key(page_type) if page_type is not None else ""
    number = request.GET.get("page")
    count, number, ids = for_this_version(
        ["search", request.get_host(), get_language(), query, type_key, number],
        lambda: _search_page(pages, language_code, query, number),
    )
    # Paging over a range gives the page's numbers without holding the results.
    page_obj = Paginator(range(count), SEARCH_RESULTS_PER_PAGE).get_page(number)
    entries = [_result_entry(page) for page in _specific_in_order(ids)]
    if query and page_obj.number == 1:
        count_search_hit.enqueue(query, timezone.now().date().isoformat())
        if page_type is None:
            promotions = _promotions(query, pages)
    parameters = {"q": query}
    if type_key:
        parameters["type"] = type_key
    return render(
        request,
        "pages/search.html",
        {
            "form": form,
            "query": query,
            "page_type_label": page_type._meta.verbose_name_plural if page_type else "",
            "results": page_obj,
            "entries": entries,
            "promotions": promotions,
            "query_string": urlencode(parameters),
        },
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('search')}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@cache
def _favicon_bytes():
    with open(finders.find("favicon.ico"), "rb") as icon:
        return icon.read()


@require_safe
@cache_control(public=True, max_age=FAVICON_MAX_AGE)
def favicon(request):
    """`/favicon.ico`, which browsers and feed readers ask for whatever the page links to."""
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")


def home_or_legacy_redirect(request):
    """The home page, unless the address is an old WordPress link such as `/?p=123` that
    editors redirected. Wagtail's redirect middleware only looks at addresses that are not
    found, and the home page always is, so links with a query string are checked here."""
    if request.GET:
        redirect = _editors_redirect(request)
        if redirect is not None:
            return redirect
    return serve_page(request, "")


def _editors_redirect(request):
    """The answer of a Wagtail redirect for the request's address, if there is one."""
    # Wagtail's lookup reads the request's site: known per cache version (pages.routing).
    site_for_request(request)
    redirect = get_redirect(request, Redirect.normalise_path(request.get_full_path(), decode_unicode=False))
    if redirect is None or not redirect.link:
        return None
    response_class = HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
    return response_class(redirect.link)


def serve_page(request, path):
    """Wagtail's page view, on the route pages.routing finds: the site and its home page in
    the visitor's language are read once per version, not on every request."""
    route_for_request(request, path)
    return wagtail_serve(request, path)


def legacy_dated_post(request, year, month, slug):
    """Old WordPress post addresses, `/YYYY/MM/slug/`: where a redirect sends them (the
    WordPress import leaves one for each post it brought in), else the live page with that
    slug when exactly one exists. Anything else is not found."""
    redirect = _editors_redirect(request)
    if redirect is not None:
        return redirect
    matches = list(_site_pages(request).filter(slug=slug)[:2])
    if len(matches) != 1:
        raise Http404
    return HttpResponsePermanentRedirect(matches[0].get_url(request))


def bad_request(request, exception=None):
    """A request the site cannot read (say, a form body in a charset other than UTF-8) gets a
    400 in the site's layout. Not wrapped in `requires_csrf_token` as Django's own handler is:
    that decorator reads the unreadable body again and turns the 400 into a bare 500."""
    return render(request, "400.html", status=400)


def server_error(request):
    """Rendered without context processors or database access, so it works while the
    database is down. No `requires_csrf_token`: the page has no form, and the decorator
    would read a request body that may be the very cause of the error."""
    if getattr(request, "is_preview", False) and isinstance(sys.exc_info()[1], DATABASE_FAULTS):
        # Wagtail renders previews through a handler of its own, which turns exceptions into
        # this page: the editor's preview panel gets the admin's message instead.
        return admin_fault_response(request)
    return HttpResponseServerError(loader.get_template("500.html").render())
