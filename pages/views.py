"""Site-wide views that are not pages: search and the error pages."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from wagtail.models import Page

from pages.forms import SiteSearchForm

SEARCH_RESULTS_PER_PAGE = 10


def search(request):
    form = SiteSearchForm(request.GET)
    results = Page.objects.none()
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        if query:
            results = Page.objects.live().public().search(query)
    page = Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "pages/search.html",
        {"form": form, "query": query, "results": page, "query_string": urlencode({"q": query})},
    )


@requires_csrf_token
def server_error(request):
    """Rendered without context processors or database access, so it works while the
    database is down."""
    return HttpResponseServerError(loader.get_template("500.html").render())


def bench_ceiling(request):
    """The least a Django view can do under the site's settings; `make bench` compares pages
    with it. Only routed when BENCH_CEILING_VIEW is on."""
    return HttpResponse("ok", content_type="text/plain")
