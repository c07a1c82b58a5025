"""Views of the COVID-19 repository, handed requests by its pages through `pages.routes`:
the listing, open data (JSON, CSV), downloads, citations and suggestions. The feeds are in
`feeds`."""

from django.conf import settings
from django.db.models import F
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from pages.cache import parameters_key
from pages.exports import streaming_csv_response
from pages.languages import local_name
from pages.protection import is_rate_limited, too_many_requests
from pages.routes import route_view

from .citations import bibtex, ris
from .facets import FACETS_BY_PARAM
from .finder import RESULTS_PER_PAGE, ResourceFilterForm, ResourceFinder, find_resources, related_resources
from .forms import ResourceSuggestionForm
from .models import ResourcePage, ResourceSuggestion

API_MAX_PER_PAGE = 100


@route_view("repository.listing")
def listing_context(request, index_page):
    """What the index page's template adds to the page's own context."""
    return {
        # Searched only when the template renders the listing, not when it comes from the
        # cache; it depends on nothing but these parameters.
        "found": SimpleLazyObject(lambda: find_resources(request)),
        "listing_key": parameters_key(request, [*ResourceFilterForm.base_fields, *FACETS_BY_PARAM, "page"]),
        "has_filters": any(request.GET.get(name, "").strip() for name in ["q", *FACETS_BY_PARAM]),
    }


@route_view("repository.resource_details")
def resource_details_context(request, resource):
    return {
        "related_resources": related_resources(resource, request),
        "resource_countries": list(resource.countries.all()),
    }


def download_url(resource, request=None):
    """The address that counts a download of `resource` and sends the visitor on."""
    return resource.get_url(request=request) + resource.reverse_subpage("download")


def _resource_record(request, resource):
    document = resource.document
    return {
        "id": resource.pk,
        "title": resource.title,
        "url": request.build_absolute_uri(resource.url),
        "summary": resource.summary,
        "type": local_name(resource.resource_type) if resource.resource_type else None,
        "themes": [local_name(theme) for theme in resource.themes.all()],
        "sdgs": [goal.number for goal in resource.sdgs.all()],
        "phase": resource.phase or None,
        "status": resource.status,
        "countries": [entry.country.code for entry in resource.countries.all()],
        "subregions": sorted({entry.subregion for entry in resource.countries.all() if entry.subregion}),
        "cities": resource.cities,
        "government_level": resource.government_level or None,
        "publisher": (
            {
                "name": resource.publisher.name,
                "acronym": resource.publisher.acronym,
                "website": resource.publisher.website,
            }
            if resource.publisher
            else None
        ),
        "authors": resource.author_list,
        "publication_date": resource.publication_date.isoformat(),
        "languages": [language.code for language in resource.languages.all()],
        "file": (
            {
                "download_url": request.build_absolute_uri(download_url(resource, request)),
                "type": document.file_extension.upper(),
                "size_bytes": document.file_size,
                "page_count": document.page_count,
            }
            if document
            else None
        ),
        "external_url": resource.external_url or None,
        "licence": resource.licence,
        "identifier": resource.identifier,
        "citation": resource.suggested_citation,
    }


@route_view("repository.api")
def resources_json(request, index_page):
    """The index's results as JSON: same parameters as the page, plus `page` and
    `per_page` (at most 100)."""
    finder = ResourceFinder(request.GET)
    try:
        per_page = min(max(int(request.GET.get("per_page", RESULTS_PER_PAGE)), 1), API_MAX_PER_PAGE)
    except ValueError:
        per_page = RESULTS_PER_PAGE
    page = finder.page(
        request.GET.get("page"), per_page=per_page, prefetch=("countries", "themes", "languages", "sdgs")
    )
    base = request.build_absolute_uri(index_page.get_url(request=request) + index_page.reverse_subpage("api"))

    def page_link(number):
        return f"{base}?{finder.query_string()}&page={number}&per_page={per_page}".replace("?&", "?")

    groups = finder.facet_groups()
    data = {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "per_page": per_page,
        "next": page_link(page.next_page_number()) if page.has_next() else None,
        "previous": page_link(page.previous_page_number()) if page.has_previous() else None,
        "query": finder.query,
        "sort": finder.sort,
        "filters": {param: values for param, values in finder.selected.items() if values},
        "facets": {
            group.param: [{"value": o.value, "label": o.label, "count": o.count} for o in group.options]
            for group in groups
        },
        "results": [_resource_record(request, resource) for resource in page.object_list],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


CSV_HEADER = [
    "title", "url", "type", "publisher", "publication_date", "themes", "sdgs", "phase", "status", "countries",
    "cities", "languages", "external_url", "file_url", "identifier", "licence", "summary",
]  # fmt: skip


EXPORT_CHUNK_SIZE = 500


@route_view("repository.csv")
def resources_csv(request, index_page):
    """Every resource of the current filtered list, one row each, streamed in chunks of
    rows. Never stored in the page cache (see README): each client may download
    `EXPORT_RATE_LIMIT` files."""
    if is_rate_limited(request, "repository-csv-export", rate=settings.EXPORT_RATE_LIMIT, method="GET"):
        return too_many_requests(request, reason=EXPORT_LIMIT_REASON)
    finder = ResourceFinder(request.GET)
    response = streaming_csv_response(
        "covid-19-resources.csv", CSV_HEADER, _csv_rows(request, finder.all_results(chunked=EXPORT_CHUNK_SIZE))
    )
    response["Cache-Control"] = "private, no-store"
    return response


EXPORT_LIMIT_REASON = _(
    "Many spreadsheet downloads came from your network in a short time, so we paused them to keep the site "
    "fast for everyone. Please try again in a few minutes."
)


def _csv_rows(request, resources):
    for resource in resources:
        # With the request, Wagtail reads the site's root paths once, not once per row.
        path = resource.get_url(request=request)
        url = request.build_absolute_uri(path)
        download = path + resource.reverse_subpage("download")
        file_url = request.build_absolute_uri(download) if resource.document_id else ""
        yield [
            resource.title,
            url,
            local_name(resource.resource_type),
            resource.publisher.name if resource.publisher else "",
            resource.publication_date.isoformat(),
            "; ".join(local_name(theme) for theme in resource.themes.all()),
            "; ".join(str(goal.number) for goal in resource.sdgs.all()),
            resource.get_phase_display(),
            resource.get_status_display(),
            "; ".join(entry.country.code for entry in resource.countries.all()),
            resource.cities,
            "; ".join(language.code for language in resource.languages.all()),
            resource.external_url,
            file_url,
            resource.identifier,
            resource.licence,
            resource.summary,
        ]


@route_view("repository.download")
def download(request, resource):
    """Count one download (no personal data is stored) and send the visitor to the file or
    the publisher's page."""
    if not resource.document_id and not resource.external_url:
        raise Http404
    ResourcePage.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)
    target = resource.document.url if resource.document_id else resource.external_url
    response = HttpResponseRedirect(target)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def suggestion_file(request, pk):
    """A file uploaded with a suggestion, for staff who review suggestions; anyone else
    gets a 404, so the file's existence is not revealed."""
    if not request.user.has_perm("repository.view_resourcesuggestion"):
        raise Http404
    suggestion = get_object_or_404(ResourceSuggestion, pk=pk)
    if not suggestion.file:
        raise Http404
    response = FileResponse(
        suggestion.file.open("rb"), as_attachment=True, filename=suggestion.file.name.rsplit("/", 1)[-1]
    )
    response["Cache-Control"] = "private, no-store"
    return response


@route_view("repository.citation")
def citation_download(request, resource, citation_format):
    absolute = resource.full_url or ""
    if citation_format == "bibtex":
        content, content_type, extension = bibtex(resource, absolute), "application/x-bibtex", "bib"
    else:
        content, content_type, extension = ris(resource, absolute), "application/x-research-info-systems", "ris"
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{resource.slug}.{extension}"'
    return response


@route_view("repository.suggest")
@never_cache
def suggest_resource(request, index_page):
    """A public form whose submissions wait for staff review; nothing is published."""
    sent = request.GET.get("sent") == "1"
    if request.method == "POST":
        if is_rate_limited(request, "resource-suggestion"):
            return too_many_requests(request)
        form = ResourceSuggestionForm(request.POST, request.FILES)
        if form.is_valid():
            if not form.is_spam:
                form.save()
            return HttpResponseRedirect(
                index_page.get_url(request=request) + index_page.reverse_subpage("suggest") + "?sent=1"
            )
    else:
        form = ResourceSuggestionForm()
    return render(
        request,
        "repository/resource_suggestion.html",
        {"page": index_page, "self": index_page, "form": form, "sent": sent},
    )
