"""Search and faceted filtering of resources.

Full-text matching runs once through Wagtail's search backend and yields the matching ids
in relevance order; filtering, facet counts and sorting are then plain ORM queries over
those ids. Each facet's counts apply every other selected facet but not its own, so a
visitor sees how many results each further choice (OR within a facet) would give.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.core.validators import ProhibitNullCharactersValidator
from django.db import connection
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_names

from pages.cache import for_this_version
from pages.languages import active_locale_id
from pages.multilingual_search import search_in_language
from pages.visibility import private_q

from .models import GuidanceStatus, PandemicPhase, ResourceCountry, ResourcePage
from .regions import subregion_name

RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FACET = 30
SEARCHABLE = re.compile(r"[^\w\s]+")


class ValueListField(forms.Field):
    """Several values of one GET parameter. Values that cannot be valid are dropped rather
    than rejected, so a stale or hand-edited link still shows a normal page."""

    widget = forms.MultipleHiddenInput

    def __init__(self, pattern=r"^[a-z0-9-]{1,120}$", **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.pattern = re.compile(pattern)

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        kept = []
        for item in value:
            item = str(item).strip().lower()
            if self.pattern.match(item) and item not in kept:
                kept.append(item)
        return kept[:MAX_VALUES_PER_FACET]


@dataclass
class Facet:
    """One filter of the index. Subclasses give `apply(queryset, values)` and
    `counts(queryset)`, the latter as (value, label, count) triples."""

    param: str
    label: str
    pattern: str = r"^[a-z0-9-]{1,120}$"


class FieldFacet(Facet):
    def __init__(self, param, label, lookup, label_lookup=None, choices=None, pattern=r"^[a-z0-9-]{1,120}$"):
        super().__init__(param, label, pattern)
        self.lookup, self.label_lookup, self.choices = lookup, label_lookup, choices

    def apply(self, queryset, values):
        return queryset.filter(**{f"{self.lookup}__in": values})

    def counts(self, queryset):
        columns = [self.lookup] + ([self.label_lookup] if self.label_lookup else [])
        rows = (
            queryset.order_by().values(*columns).annotate(count=Count("pk")).exclude(**{f"{self.lookup}__isnull": True})
        )
        labels = dict(self.choices or [])
        result = []
        for row in rows:
            value = row[self.lookup]
            if value in ("", None):
                continue
            label = row[self.label_lookup] if self.label_lookup else labels.get(value, value)
            result.append((str(value), str(label), row["count"]))
        if self.choices:
            order = [str(value) for value, _label in self.choices]
            return sorted(result, key=lambda item: order.index(item[0]) if item[0] in order else len(order))
        return sorted(result, key=lambda item: (-item[2], item[1].lower()))


class RelationFacet(Facet):
    """A many-valued facet counted on its link table (themes, SDGs, languages, countries)."""

    def __init__(
        self,
        param,
        label,
        model,
        page_column,
        value_lookup,
        label_lookup=None,
        label_function=None,
        pattern=r"^[a-z0-9-]{1,120}$",
        sort_by_value=False,
        stored_value=str,
    ):
        super().__init__(param, label, pattern)
        self.model, self.page_column = model, page_column
        self.value_lookup, self.label_lookup, self.label_function = value_lookup, label_lookup, label_function
        self.sort_by_value = sort_by_value
        self.stored_value = stored_value

    def apply(self, queryset, values):
        stored = [self.stored_value(value) for value in values]
        linked = self.model.objects.filter(**{f"{self.value_lookup}__in": stored}).values(self.page_column)
        return queryset.filter(pk__in=linked)

    def counts(self, queryset):
        columns = [self.value_lookup] + ([self.label_lookup] if self.label_lookup else [])
        rows = (
            self.model.objects.filter(**{f"{self.page_column}__in": queryset.order_by().values("pk")})
            .order_by()
            .values(*columns)
            .annotate(count=Count(self.page_column, distinct=True))
        )
        result = []
        for row in rows:
            value = row[self.value_lookup]
            if value in ("", None):
                continue
            if self.label_lookup:
                label = row[self.label_lookup]
            else:
                label = self.label_function(value)
            result.append((str(value).lower(), str(label), row["count"]))
        if self.sort_by_value:
            return sorted(result, key=lambda item: int(item[0]))
        return sorted(result, key=lambda item: (-item[2], item[1].lower()))


class YearFacet(Facet):
    def apply(self, queryset, values):
        # One date range per year (an indexable BETWEEN), not EXTRACT(year) over every row.
        years = Q()
        for value in values:
            years |= Q(publication_date__year=int(value))
        return queryset.filter(years)

    def counts(self, queryset):
        rows = (
            queryset.order_by()
            .annotate(publication_year=ExtractYear("publication_date"))
            .values("publication_year")
            .annotate(count=Count("pk"))
        )
        result = [(str(row["publication_year"]), str(row["publication_year"]), row["count"]) for row in rows]
        return sorted(result, key=lambda item: item[0], reverse=True)


def _country_label(code):
    return country_names.name(code.upper()) or code.upper()


FACETS = [
    FieldFacet("type", _("Type"), "resource_type__slug", "resource_type__name"),
    RelationFacet(
        "theme",
        _("Theme"),
        ResourcePage.themes.through,
        "resourcepage_id",
        "resourcetheme__slug",
        "resourcetheme__name",
    ),
    FieldFacet("phase", _("Pandemic phase"), "phase", choices=PandemicPhase.choices),
    FieldFacet("status", _("Guidance status"), "status", choices=GuidanceStatus.choices),
    RelationFacet(
        "region",
        _("Sub-region"),
        ResourceCountry,
        "page_id",
        "subregion",
        label_function=subregion_name,
        pattern=r"^\d{3}$",
    ),
    RelationFacet(
        "country",
        _("Country"),
        ResourceCountry,
        "page_id",
        "country",
        label_function=_country_label,
        pattern=r"^[a-z]{2}$",
        stored_value=str.upper,
    ),
    YearFacet("year", _("Year"), pattern=r"^(19|20)\d\d$"),
    RelationFacet(
        "language",
        _("Language"),
        ResourcePage.languages.through,
        "resourcepage_id",
        "resourcelanguage__code",
        "resourcelanguage__name",
    ),
    FieldFacet("publisher", _("Publisher"), "publisher__slug", "publisher__name"),
    RelationFacet(
        "sdg",
        _("Sustainable Development Goal"),
        ResourcePage.sdgs.through,
        "resourcepage_id",
        "sustainabledevelopmentgoal_id",
        label_function=lambda number: _("SDG %(number)s") % {"number": number},
        pattern=r"^([1-9]|1[0-7])$",
        sort_by_value=True,
    ),
]
FACETS_BY_PARAM = {facet.param: facet for facet in FACETS}


class SortOrder:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"
    TITLE = "title"
    CHOICES = [
        (RELEVANCE, _("Relevance")),
        (NEWEST, _("Newest first")),
        (OLDEST, _("Oldest first")),
        (TITLE, _("Title A–Z")),
    ]
    ORDERING = {
        NEWEST: ("-publication_date", "-pk"),
        OLDEST: ("publication_date", "pk"),
        TITLE: ("title", "pk"),
    }


class ResourceFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search the repository"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        validators=[ProhibitNullCharactersValidator()],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SortOrder.CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for facet in FACETS:
            self.fields[facet.param] = ValueListField(pattern=facet.pattern, label=facet.label)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetGroup:
    param: str
    label: str
    options: list = field(default_factory=list)

    @property
    def selected_count(self):
        return sum(1 for option in self.options if option.selected)


def search_ids(query):
    """Ids of the resources in the visitor's language matching `query`, most relevant first."""
    terms = SEARCHABLE.sub(" ", query).strip()
    if not terms:
        return None
    results = search_in_language(ResourcePage.objects.filter(locale_id=active_locale_id()), terms, operator="and")
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is None:
        return [resource.pk for resource in results]
    return list(get_queryset().values_list("pk", flat=True))


def _among(ids):
    """`pk IN ids`. On PostgreSQL the ids travel as one array parameter: a common word
    matches thousands of resources, and thousands of literal ids in each of a dozen facet
    queries cost far more to build and parse than the queries take to run."""
    if connection.vendor == "postgresql":
        return Q(pk__in=RawSQL("SELECT unnest(%s::integer[])", (ids,)))
    return Q(pk__in=ids)


class ResourceFinder:
    """Everything the index page, the JSON API and the CSV export show for one set of GET
    parameters."""

    def __init__(self, params):
        self.form = ResourceFilterForm(params)
        self.form.is_valid()
        cleaned = self.form.cleaned_data
        self.query = cleaned.get("q", "")
        self.selected = {facet.param: cleaned.get(facet.param) or [] for facet in FACETS}
        self.matched_ids = search_ids(self.query) if self.query else None
        default_sort = SortOrder.RELEVANCE if self.matched_ids is not None else SortOrder.NEWEST
        self.sort = cleaned.get("sort") or default_sort
        if self.sort == SortOrder.RELEVANCE and self.matched_ids is None:
            self.sort = SortOrder.NEWEST
        self.base = ResourcePage.objects.live().exclude(private_q()).filter(locale_id=active_locale_id())
        if self.matched_ids is not None:
            self.base = self.base.filter(_among(self.matched_ids))

    @property
    def has_filters(self):
        return any(self.selected.values())

    def filtered(self, except_param=None):
        """The matching resources with every selected facet applied, except `except_param`'s."""
        if not self.selected.get(except_param) and self._narrowed():
            return ResourcePage.objects.filter(_among(self.matching_ids))
        return self._apply_filters(except_param)

    def _apply_filters(self, except_param=None):
        queryset = self.base
        for facet in FACETS:
            values = self.selected[facet.param]
            if values and facet.param != except_param:
                queryset = facet.apply(queryset, values)
        return queryset

    def _narrowed(self):
        return self.matched_ids is not None or self.has_filters

    @cached_property
    def matching_ids(self):
        """Ids of the resources matching the search and every filter, read once: the facets
        that have nothing selected all count over this same set."""
        return list(self._apply_filters().values_list("pk", flat=True))

    def ordered_results(self):
        """The matching resources in the chosen order, as a queryset or (for relevance) a
        list of ids."""
        if self.sort == SortOrder.RELEVANCE:
            kept = set(self.matching_ids)
            return [pk for pk in self.matched_ids if pk in kept]
        return self.filtered().order_by(*SortOrder.ORDERING[self.sort])

    def page(self, number, per_page=RESULTS_PER_PAGE, prefetch=("countries",)):
        results = self.ordered_results()
        page = Paginator(results, per_page).get_page(number)
        if isinstance(results, list):
            by_id = {
                resource.pk: resource
                for resource in _with_listing_data(ResourcePage.objects.filter(pk__in=list(page.object_list)), prefetch)
            }
            page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
        else:
            page.object_list = list(_with_listing_data(page.object_list, prefetch))
        return page

    def all_results(self, prefetch=("countries", "themes", "languages", "sdgs"), chunked=None):
        """Every matching resource in order. With `chunked=N` they are read N at a time (with
        their related rows), so an export of thousands never holds them all in memory."""
        results = self.ordered_results()
        if chunked:
            return self._in_chunks(results, prefetch, chunked)
        if isinstance(results, list):
            return self._in_order(results, prefetch)
        return _with_listing_data(results, prefetch)

    @staticmethod
    def _in_order(ids, prefetch):
        by_id = {
            resource.pk: resource for resource in _with_listing_data(ResourcePage.objects.filter(pk__in=ids), prefetch)
        }
        return [by_id[pk] for pk in ids if pk in by_id]

    def _in_chunks(self, results, prefetch, size):
        if isinstance(results, list):
            for start in range(0, len(results), size):
                yield from self._in_order(results[start : start + size], prefetch)
        else:
            yield from _with_listing_data(results, prefetch).iterator(chunk_size=size)

    def facet_groups(self):
        counts = for_this_version(["facet-counts", get_language(), *self.canonical_params(sort="")], self._facet_counts)
        groups = []
        for facet in FACETS:
            selected = self.selected[facet.param]
            options = [
                FacetOption(value, label, count, value in selected) for value, label, count in counts[facet.param]
            ]
            present = {option.value for option in options}
            options += [FacetOption(value, value, 0, True) for value in selected if value not in present]
            groups.append(FacetGroup(facet.param, facet.label, options))
        return groups

    def _facet_counts(self):
        """Each facet's (value, label, count) triples; the same for every page and sort order
        of one search and filter set, so kept in the cache per content version."""
        return {
            facet.param: [
                (value, str(label), count) for value, label, count in facet.counts(self.filtered(facet.param))
            ]
            for facet in FACETS
        }

    def canonical_params(self, **changes):
        """The current filters as a list of (name, value) pairs, with `changes` applied
        (a facet param mapped to a new list of values, or "q"/"sort" to a string)."""
        params = []
        query = changes.get("q", self.query)
        if query:
            params.append(("q", query))
        sort = changes.get("sort", self.form.cleaned_data.get("sort", ""))
        if sort:
            params.append(("sort", sort))
        for facet in FACETS:
            for value in changes.get(facet.param, self.selected[facet.param]):
                params.append((facet.param, value))
        return params

    def query_string(self, **changes):
        return urlencode(self.canonical_params(**changes))

    def chips(self, groups):
        chips = []
        if self.query:
            chips.append(
                {"label": _("Search: “%(query)s”") % {"query": self.query}, "url": "?" + self.query_string(q="")}
            )
        for group in groups:
            for option in group.options:
                if option.selected:
                    remaining = [value for value in self.selected[group.param] if value != option.value]
                    chips.append(
                        {
                            "label": f"{group.label}: {option.label}",
                            "url": "?" + self.query_string(**{group.param: remaining}),
                        }
                    )
        return chips

    def clear_all_query_string(self):
        return self.query_string(**{facet.param: [] for facet in FACETS})


def _with_listing_data(queryset, prefetch):
    return queryset.select_related("resource_type", "publisher", "document", "listing_image").prefetch_related(
        "listing_image__renditions", *prefetch
    )


def find_resources(params):
    """The context of the repository index page."""
    finder = ResourceFinder(params)
    groups = finder.facet_groups()
    page = finder.page(params.get("page"))
    return {
        "finder": finder,
        "filter_form": finder.form,
        "query": finder.query,
        "sort": finder.sort,
        "sort_choices": SortOrder.CHOICES if finder.query else SortOrder.CHOICES[1:],
        "facet_groups": groups,
        "chips": finder.chips(groups),
        "clear_all_query_string": finder.clear_all_query_string(),
        "has_filters": finder.has_filters or bool(finder.query),
        "resources": page,
        "result_count": page.paginator.count,
        "query_string": finder.query_string(),
    }


def related_resources(resource, limit=4):
    """Live resources sharing a theme or a country with `resource`, newest first."""
    theme_ids = ResourcePage.themes.through.objects.filter(resourcepage_id=resource.pk).values("resourcetheme_id")
    countries = ResourceCountry.objects.filter(page_id=resource.pk).values("country")
    by_theme = ResourcePage.themes.through.objects.filter(resourcetheme_id__in=theme_ids).values("resourcepage_id")
    by_country = ResourceCountry.objects.filter(country__in=countries).values("page_id")
    candidates = (
        ResourcePage.objects.live()
        .exclude(private_q())
        .exclude(pk=resource.pk)
        .filter(locale_id=resource.locale_id)
        .filter(Q(pk__in=by_theme) | Q(pk__in=by_country))
        .order_by("-publication_date", "-pk")
    )
    return list(_with_listing_data(candidates, ("countries",))[:limit])
