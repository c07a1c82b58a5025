"""Search and faceted filtering of resources.

Full-text matching stays in SQL: on PostgreSQL a condition on the resources' stored vectors
(`search_vectors`), elsewhere Wagtail's search queryset as a subquery; the facet counts
select the matches with it, and a page of results sorted by relevance is ranked by it. The
facets (`facets`) are counted with the number of results in one query (`facet_counts`);
the unfiltered index's counts are kept per content version, counted on the worker
(`kept_counts`). No resource row is read into Python except
the page shown. The SQL of both queries is compiled once per process for each shape of
request (the facets chosen and how many values each, a search or none, the sort, the
language) with stand-ins for the values, which each request puts in their places
(`ResourceFinder.compiled`): compiling the querysets cost more CPU than running them.
"""

import logging
import re
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.core.validators import ProhibitNullCharactersValidator
from django.db import DatabaseError, connection
from django.db.models import BooleanField, Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from pages.cache import claim_once, for_this_version, site_version
from pages.cards import cards
from pages.compiled_query import ShapeCache, SlottedSql, stand_in
from pages.languages import active_locale_id
from pages.multilingual_search import search_in_language
from pages.page_ids import PageListing, column, join, run, table
from pages.request_version import request_site_version
from pages.visibility import private_q, restricted_paths

from .facet_counts import FacetCounts
from .facets import FACETS, ValueListField, resource_column
from .models import (
    ResourceCountry,
    ResourcePage,
    ResourceSearchVector,
    StoredFacetCounts,
)

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200
SEARCHABLE = re.compile(r"[^\w\s]+")


COMPILED_SHAPES = ShapeCache()


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


class IndexSearch:
    """The visitor's words searched in Wagtail's index (SQLite): the matches, most relevant
    first, stay a queryset that the finder uses as a subquery. Its SQL holds the words, so it
    is compiled for each search (`sql` is None)."""

    sql = None
    params = ()

    def __init__(self, results):
        self.matches = results.get_queryset()

    def narrow(self, resources, params=None):
        return resources.filter(pk__in=self.matches.values("pk"))

    def estimated_matches(self, params):
        """Unknown here: the index gives no estimate without reading the matches."""
        return None

    def by_relevance(self, narrowed, visible, params=None):
        """The visible matches in the index's order (`narrowed` by the search already)."""
        return visible(self.matches)


class VectorSearch:
    """The visitor's words searched in the resources' stored vectors (PostgreSQL,
    `search_vectors`): the query Wagtail's backend makes of them, in the visitor's language,
    matched and ranked on the vector table, which the GIN index serves. The query is compiled
    alone (`sql`, `params`), so that the finder's SQL can be compiled once for any words."""

    def __init__(self, results):
        compiler = results.query_compiler
        query = compiler.build_tsquery(compiler.query, config=compiler.get_config(results.backend))
        sql_compiler = ResourcePage.objects.none().query.get_compiler(connection=connection)
        self.sql, params = sql_compiler.compile(query.resolve_expression(sql_compiler.query))
        self.params = list(params)
        self.weights = compiler.sql_weights

    def query(self, params=None):
        return CompiledSearchQuery(self.sql, self.params if params is None else params)

    def narrow(self, resources, params=None):
        return resources.filter(search_vector__vector=self.query(params))

    def unmatched(self, resources, params):
        """The `resources` the words do not match (a resource without a vector included)."""
        vectors, page = table(ResourceSearchVector), column(ResourceSearchVector, "page")
        matched = f"v.{page} = {resource_column('pk')} AND v.vector @@ {self.sql}"
        condition = f"NOT EXISTS (SELECT 1 FROM {vectors} v WHERE {matched})"
        return resources.filter(RawSQL(condition, params, BooleanField()))

    def estimated_matches(self, params):
        """How many resources the planner expects the words to match, from the statistics it
        keeps of the vectors' words: no row is read."""
        sql = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {table(ResourceSearchVector)} WHERE vector @@ {self.sql}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            (plan,) = cursor.fetchone()
        return plan[0]["Plan"]["Plan Rows"]

    def by_relevance(self, narrowed, visible, params=None):
        rank = SearchRank(F("search_vector__vector"), self.query(params), weights=self.weights)
        return narrowed.order_by(rank.desc(), "-pk")


class CompiledSearchQuery(SearchQuery):
    """A full-text query already compiled to SQL and parameters."""

    def __init__(self, sql, params):
        super().__init__("", search_type="raw")
        self.sql, self.params = sql, params

    def as_sql(self, compiler, connection, **extra_context):
        return self.sql, list(self.params)


def search_for(query):
    """The search of `query`'s words in the visitor's language, in resources of every language;
    None when the query has no words."""
    terms = SEARCHABLE.sub(" ", query).strip()
    if not terms:
        return None
    results = search_in_language(ResourcePage.objects.all(), terms, operator="and")
    return VectorSearch(results) if connection.vendor == "postgresql" else IndexSearch(results)


def in_visitors_language(resources):
    """The resources in the visitor's language, and the English ones not translated into it:
    most readings exist in one language only, and a visitor of any language may read them."""
    active = active_locale_id()
    if active is None:
        return resources.filter(locale__language_code=settings.LANGUAGE_CODE)
    if get_language() == settings.LANGUAGE_CODE:
        return resources.filter(locale_id=active)
    translated = ResourcePage.objects.filter(translation_key=OuterRef("translation_key"), locale_id=active)
    return resources.filter(Q(locale_id=active) | Q(locale__language_code=settings.LANGUAGE_CODE) & ~Exists(translated))


def _public(queryset):
    return queryset.live().exclude(private_q())


def _visible(resources):
    return _public(in_visitors_language(resources))


class ResourceFinder:
    """Everything the index page, the JSON API and the CSV export show for one set of GET
    parameters."""

    def __init__(self, params):
        self.form = ResourceFilterForm(params)
        self.form.is_valid()
        cleaned = self.form.cleaned_data
        self.query = cleaned.get("q", "")
        self.selected = {facet.param: cleaned.get(facet.param) or [] for facet in FACETS}
        self.search = search_for(self.query) if self.query else None
        default_sort = SortOrder.RELEVANCE if self.search is not None else SortOrder.NEWEST
        self.sort = cleaned.get("sort") or default_sort
        if self.sort == SortOrder.RELEVANCE and self.search is None:
            self.sort = SortOrder.NEWEST

    @property
    def has_filters(self):
        return any(self.selected.values())

    def searched(self, stand_ins=False, unmatched=False):
        """The live, public resources in the visitor's language that match the search (or,
        `unmatched`, that it does not match). `stand_ins`: with every varying parameter's
        stand-in, to be compiled once per shape."""
        resources = _visible(ResourcePage.objects.all())
        if self.search is None:
            return resources
        params = self._params("q", self.search.params, stand_ins)
        return self.search.unmatched(resources, params) if unmatched else self.search.narrow(resources, params)

    def condition(self, facet, stand_ins=False):
        """The condition of having one of `facet`'s selected values."""
        return facet.condition(self.selected[facet.param], self.condition_params(facet, stand_ins))

    def condition_params(self, facet, stand_ins=False):
        """The parameters of `facet`'s condition for its selected values, or their stand-ins."""
        return self._params(facet.param, facet.condition_params(self.selected[facet.param]), stand_ins)

    def filtered(self, base=None, stand_ins=False):
        """The matching resources with every selected facet applied."""
        queryset = self.searched(stand_ins) if base is None else base
        for facet in FACETS:
            if self.selected[facet.param]:
                queryset = queryset.filter(self.condition(facet, stand_ins))
        return queryset

    def ordered_results(self, stand_ins=False):
        """The matching resources in the chosen order, as a queryset."""
        if self.sort == SortOrder.RELEVANCE:
            params = self._params("q", self.search.params, stand_ins)
            ranked = self.search.by_relevance(self.searched(stand_ins), _visible, params)
            return self.filtered(base=ranked, stand_ins=stand_ins)
        return self.filtered(stand_ins=stand_ins).order_by(*SortOrder.ORDERING[self.sort])

    @staticmethod
    def _params(key, params, stand_ins):
        """`params`, or their stand-ins, the slots `key:0`, `key:1`…"""
        return [stand_in(f"{key}:{index}") for index in range(len(params))] if stand_ins else params

    @cached_property
    def _slot_values(self):
        """The value of each slot of the finder's SQL (as `_params` names them)."""
        groups = [("q", self.search.params)] if self.search is not None else []
        for facet in FACETS:
            if values := self.selected[facet.param]:
                groups.append((facet.param, facet.condition_params(values)))
        return {f"{key}:{index}": value for key, params in groups for index, value in enumerate(params)}

    @cached_property
    def shape(self):
        """What the finder's SQL depends on besides its slots' values; None when it holds the
        words searched (SQLite) and is compiled for each search."""
        if self.search is not None and self.search.sql is None:
            return None
        chosen = tuple((facet.param, len(self.selected[facet.param])) for facet in FACETS if self.selected[facet.param])
        searched = self.search.sql if self.search is not None else None
        return (get_language(), active_locale_id(), restricted_paths(), searched, self.sort, chosen)

    def compiled(self, name, build):
        """`build(stand_ins)`'s SQL and its parameters, the SQL compiled once per shape: compiling
        the querysets cost more CPU than PostgreSQL took to run them."""
        if self.shape is None:
            return build(False)
        slotted = COMPILED_SHAPES.get((name, *self.shape), lambda: SlottedSql(*build(True), self._slot_values))
        return slotted.sql, slotted.params_for(self._slot_values)

    def page_of_ids(self, number, per_page=RESULTS_PER_PAGE):
        """One page of results as their ids, read in order from a narrow query (ranking or
        sorting thousands of matches carries only their ids); the number of results comes
        with the facet counts."""
        sql, params = self.compiled("ids", self._ids_sql)
        paginator = Paginator(OrderedIds(sql, params), per_page)
        paginator.count = self.counts.total
        page = paginator.get_page(number)
        page.object_list = list(page.object_list)
        return page

    def page(self, number, per_page=RESULTS_PER_PAGE, prefetch=("countries",)):
        """One page of results, with their listing data."""
        page = self.page_of_ids(number, per_page)
        ids = page.object_list
        by_id = {
            resource.pk: resource for resource in _with_listing_data(ResourcePage.objects.filter(pk__in=ids), prefetch)
        }
        page.object_list = [by_id[pk] for pk in ids if pk in by_id]
        return page

    def all_results(self, prefetch=("countries", "themes", "languages", "sdgs"), chunked=None):
        """Every matching resource in order. With `chunked=N` they are read N at a time (with
        their related rows), so an export of thousands never holds them all in memory."""
        results = _with_listing_data(self.ordered_results(), prefetch)
        return results.iterator(chunk_size=chunked) if chunked else results

    def _ids_sql(self, stand_ins):
        return self.ordered_results(stand_ins).values_list("pk", flat=True).query.sql_with_params()

    @cached_property
    def counts(self):
        """The facet counts and the number of results; the same for every page and sort
        order of one search and filter set, so kept in the cache per content version."""
        return for_this_version(
            ["facet-counts-and-total", get_language(), *self.canonical_params(sort="")],
            lambda: FacetCounts(self, kept=None if self.has_filters else kept_counts()).read(),
        )

    def facet_groups(self):
        groups = []
        for facet in FACETS:
            selected = self.selected[facet.param]
            options = [
                FacetOption(value, label, count, value in selected)
                for value, label, count in self.counts.by_param[facet.param]
            ]
            present = {option.value for option in options}
            options += [FacetOption(value, value, 0, True) for value in selected if value not in present]
            groups.append(FacetGroup(facet.param, facet.label, options))
        return groups

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


class OrderedIds:
    """The ids an ordered query gives, read a window at a time, as `Paginator` asks."""

    def __init__(self, sql, params):
        self.sql, self.params = sql, params

    def __getitem__(self, window):
        start = window.start or 0
        return [pk for (pk,) in run(f"{self.sql} LIMIT %s OFFSET %s", [*self.params, window.stop - start, start])]


def kept_counts():
    """The unfiltered index's counts in the visitor's language kept under the current content
    version, or None, their counting then queued for the worker (once per version)."""
    version, language = request_site_version(), get_language()
    if version is None:
        return None
    rows = StoredFacetCounts.objects.filter(language=language, version=version).values_list("rows", flat=True).first()
    # Claimed for a minute, far longer than counting takes: after a release deletes them (or
    # while no worker runs), they are queued again a minute later.
    if rows is None and claim_once(f"repository:facet-counts:{language}:{version}", seconds=60):
        count_unfiltered_facets.enqueue(language)
    return rows


def forget_kept_counts(using="default", **kwargs):
    """post_migrate receiver: a release may count differently (a facet added, say), so the
    counts kept under the current version are counted afresh after each one."""
    try:
        StoredFacetCounts.objects.using(using).all().delete()
    except DatabaseError:  # the table is not there (migrated back before it)
        logger.warning("Could not delete the kept facet counts", exc_info=True)


@task()
def count_unfiltered_facets(language: str) -> str:
    """Keep the unfiltered index's counts in `language` under the current content version.
    The version is read before counting: a change made meanwhile leaves them outdated."""
    version = site_version()
    if version is None:
        return "skipped: the cache holding the content version is unreachable"
    with translation.override(language):
        rows = FacetCounts(ResourceFinder({})).counted()
    StoredFacetCounts.objects.update_or_create(language=language, defaults={"version": version, "rows": rows})
    return "counted"


def _with_listing_data(queryset, prefetch):
    return queryset.select_related("resource_type", "publisher", "document", "listing_image").prefetch_related(
        "listing_image__renditions", *prefetch
    )


def find_resources(request):
    """The context of the repository index page; its results as cards (pages.cards)."""
    params = request.GET
    finder = ResourceFinder(params)
    groups = finder.facet_groups()
    page = finder.page_of_ids(params.get("page"))
    content_type_id = ContentType.objects.get_for_model(ResourcePage).pk
    results = [(pk, content_type_id) for pk in page.object_list]
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
        "resource_cards": cards(results, "repository/resource_card.html", request, as_name="resource"),
        "result_count": page.paginator.count,
        "query_string": finder.query_string(),
    }


def related_resources(resource, request, limit=4):
    """The cards of live resources in the same language sharing a theme or a country with
    `resource`, newest first."""
    ids = _related().ids(resource.pk, resource.locale_id, resource.pk, resource.pk, limit=limit)
    return cards(ids, "repository/resource_card.html", request, as_name="resource")


@cache
def _related():
    themes = ResourcePage.themes.through
    theme_page, theme = column(themes, "resourcepage"), column(themes, "resourcetheme")
    country_page, country = column(ResourceCountry, "page"), column(ResourceCountry, "country")
    return PageListing(
        join(ResourcePage, "resource"),
        where=(
            "p.id <> %s AND p.locale_id = %s AND ("
            f"p.id IN (SELECT {theme_page} FROM {table(themes)} WHERE {theme} IN "
            f"(SELECT {theme} FROM {table(themes)} WHERE {theme_page} = %s)) OR "
            f"p.id IN (SELECT {country_page} FROM {table(ResourceCountry)} WHERE {country} IN "
            f"(SELECT {country} FROM {table(ResourceCountry)} WHERE {country_page} = %s)))"
        ),
        order_by="resource.publication_date DESC, p.id DESC",
    )
