"""Search and faceted filtering of resources.

Full-text matching stays in SQL: on PostgreSQL a condition on the resources' stored vectors
(`search_vectors`), elsewhere Wagtail's search queryset as a subquery; the facet counts
select the matches with it, and a page of results sorted by relevance is ranked by it. Every facet's
counts and the number of results come from one query (`FacetCounts`); each facet's counts
apply every other selected facet but not its own, so a visitor sees how many results each
further choice (OR within a facet) would give. No resource row is read into Python except
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
from django.db.models.functions import ExtractYear
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_names
from django_tasks import task
from wagtail.models import Locale, TranslatableMixin

from pages.cache import claim_once, for_this_version, site_version
from pages.cards import cards
from pages.compiled_query import ShapeCache, SlottedSql, stand_in
from pages.languages import active_locale_id
from pages.multilingual_search import search_in_language
from pages.page_ids import PageListing, column, join, run, table
from pages.request_version import request_site_version
from pages.visibility import private_q, restricted_paths

from .models import (
    GuidanceStatus,
    PandemicPhase,
    ResourceCountry,
    ResourcePage,
    ResourceSearchVector,
    StoredFacetCounts,
)
from .regions import subregion_name

logger = logging.getLogger(__name__)

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


def _merged(result):
    """One (value, label, count) per value: resources of different languages may link to an
    entry and to its translation, which share the value (their slug)."""
    merged = {}
    for value, label, count in result:
        known = merged.get(value)
        merged[value] = (value, label, count + (known[2] if known else 0))
    return list(merged.values())


@dataclass
class Facet:
    """One filter of the index. Subclasses give `condition_sql(count)`, the SQL condition a
    resource meets when it has one of `count` values, and `condition_params(values)`, its
    parameters for these values (together `condition`, usable in `filter` and `annotate`);
    `count_sql(number, where, narrowed)`, one SELECT of the facet counts query (`FacetCounts`)
    giving (number, value, label, count) rows over the `matching` resources that meet `where`,
    `narrowed` when they are few; and
    `label_of(value, label)`."""

    param: str
    label: str
    pattern: str = r"^[a-z0-9-]{1,120}$"

    def condition(self, values, params=None):
        """The condition as an expression; `params`, when given, stand in for the values'."""
        sql = self.condition_sql(len(values))
        return RawSQL(sql, params if params is not None else self.condition_params(values), BooleanField())

    def condition_params(self, values):
        return list(values)

    def label_of(self, value, label):
        return label if label is not None else value

    def order(self, rows):
        """(value, label, count) triples, most frequent first."""
        return sorted(rows, key=lambda item: (-item[2], item[1].lower()))


class FieldFacet(Facet):
    """A column of the resource itself (phase, status), or a taxonomy it points to (type,
    publisher), shown by its slug and name."""

    def __init__(self, param, label, field_name, choices=None, pattern=r"^[a-z0-9-]{1,120}$"):
        super().__init__(param, label, pattern)
        self.field_name, self.choices = field_name, choices

    @property
    def field(self):
        return ResourcePage._meta.get_field(self.field_name)

    def condition_sql(self, count):
        column = _resource_column(self.field_name)
        if not self.field.is_relation:
            return f"{column} IN ({_marks(count)})"
        return f"{column} IN ({_ids_of(self.field.related_model, 'slug', count)})"

    def count_sql(self, number, where, narrowed):
        column = f"m.{_quoted(self.field.column)}"
        if not self.field.is_relation:
            return f"SELECT {number}, {column}, NULL, COUNT(*) FROM matching m WHERE {where} GROUP BY {column}"
        counts = f"SELECT {column} AS value_id, COUNT(*) AS hits FROM matching m WHERE {where} GROUP BY {column}"
        return _named(number, self.field.related_model, "slug", counts)

    def label_of(self, value, label):
        if self.choices:
            labels = _translated(self.param, lambda: {str(key): str(name) for key, name in self.choices})
            if value in labels:
                return labels[value]
        return label if label is not None else value

    def order(self, rows):
        if not self.choices:
            return super().order(rows)
        order = [str(value) for value, _label in self.choices]
        return sorted(rows, key=lambda item: order.index(item[0]) if item[0] in order else len(order))


class RelationFacet(Facet):
    """A many-valued facet counted on its link table (themes, SDGs, languages, countries):
    `value_field` of `link_model` is the value, or when `shown_by` is given the taxonomy it
    points to, shown by its (`shown_by`, name)."""

    def __init__(
        self,
        param,
        label,
        link_model,
        page_field,
        value_field,
        shown_by=None,
        label_function=None,
        pattern=r"^[a-z0-9-]{1,120}$",
        sort_by_value=False,
        stored_value=str,
    ):
        super().__init__(param, label, pattern)
        self.link_model, self.page_field, self.value_field = link_model, page_field, value_field
        self.shown_by, self.label_function = shown_by, label_function
        self.sort_by_value = sort_by_value
        self.stored_value = stored_value

    def condition_sql(self, count):
        links, page = self._links_with_values(count), column(self.link_model, self.page_field)
        return f"EXISTS (SELECT 1 FROM {links} AND l.{page} = {_resource_column('pk')})"

    def holders_sql(self, count):
        """The SELECT of the ids (`resource_id`) of the resources having one of `count` values,
        with the condition's parameters."""
        page = column(self.link_model, self.page_field)
        return f"SELECT DISTINCT l.{page} AS resource_id FROM {self._links_with_values(count)}"

    def _links_with_values(self, count):
        """The link table `l` restricted to links to one of `count` values."""
        taxonomy = self.link_model._meta.get_field(self.value_field).related_model
        values = _ids_of(taxonomy, self.shown_by, count) if self.shown_by else _marks(count)
        return f"{table(self.link_model)} l WHERE l.{column(self.link_model, self.value_field)} IN ({values})"

    def condition_params(self, values):
        return [self.stored_value(value) for value in values]

    def link_sql(self, narrowed):
        """The join of each `matching` row `m` to its links `l`; `narrowed` when only some rows
        are counted (other facets' selections, or few resources matching)."""
        meta = self.link_model._meta
        table, page_column = _quoted(meta.db_table), _quoted(meta.get_field(self.page_field).column)
        if connection.vendor == "postgresql" and narrowed:
            # Other facets' selections often leave few rows, but PostgreSQL cannot tell how
            # few (they are columns of `matching`) and would read the whole link table: look
            # each row's links up in its index instead (OFFSET 0 keeps it a nested loop).
            return f"CROSS JOIN LATERAL (SELECT * FROM {table} l WHERE l.{page_column} = m.id OFFSET 0) l"
        return f"JOIN {table} l ON l.{page_column} = m.id"

    @property
    def value_column(self):
        return f"l.{_quoted(self.link_model._meta.get_field(self.value_field).column)}"

    def count_sql(self, number, where, narrowed):
        meta = self.link_model._meta
        link, value_column = self.link_sql(narrowed), self.value_column
        if meta.auto_created:
            # A many-to-many table links a resource to a value once: its rows count resources.
            links = f"SELECT {value_column} AS value_id FROM matching m {link} WHERE {where}"
        else:
            # Several countries of one resource can share a sub-region: count resources, not links.
            links = f"SELECT DISTINCT m.id, {value_column} AS value_id FROM matching m {link} WHERE {where}"
        counts = f"SELECT value_id, COUNT(*) AS hits FROM ({links}) links GROUP BY value_id"
        if self.shown_by:
            return _named(number, meta.get_field(self.value_field).related_model, self.shown_by, counts)
        return f"SELECT {number}, CAST(c.value_id AS TEXT), NULL, c.hits FROM ({counts}) c"

    def label_of(self, value, label):
        if label is not None:
            return label
        return _translated((self.param, value), lambda: str(self.label_function(value)))

    def order(self, rows):
        rows = [(value.lower(), label, count) for value, label, count in rows]
        if self.sort_by_value:
            return sorted(rows, key=lambda item: int(item[0]))
        return super().order(rows)


class YearFacet(Facet):
    def condition_sql(self, count):
        # One date range per year (an indexable BETWEEN), not EXTRACT(year) over every row.
        return "(" + " OR ".join([f"{_resource_column('publication_date')} BETWEEN %s AND %s"] * count) + ")"

    def condition_params(self, values):
        return [bound for value in values for bound in connection.ops.year_lookup_bounds_for_date_field(int(value))]

    def count_sql(self, number, where, narrowed):
        return f"SELECT {number}, CAST(m.year AS TEXT), NULL, COUNT(*) FROM matching m WHERE {where} GROUP BY m.year"

    def order(self, rows):
        return sorted(rows, key=lambda item: item[0], reverse=True)


EVERY_ROW = "1 = 1"


def _quoted(name):
    return connection.ops.quote_name(name)


def _marks(count):
    return ", ".join(["%s"] * count)


def _ids_of(taxonomy, shown_by, count):
    """The SELECT of the ids of the `taxonomy` entries whose `shown_by` is one of `count` values."""
    pk = _quoted(taxonomy._meta.pk.column)
    return f"SELECT t.{pk} FROM {table(taxonomy)} t WHERE t.{_quoted(shown_by)} IN ({_marks(count)})"


def _resource_column(field_name):
    """A column of the resource's own table, as the finder's querysets name it."""
    field = ResourcePage._meta.pk if field_name == "pk" else ResourcePage._meta.get_field(field_name)
    return f"{table(ResourcePage)}.{_quoted(field.column)}"


def _named(number, taxonomy, shown_by, counts):
    """The (value_id, hits) rows of `counts` as facet rows showing each `taxonomy` entry by its
    `shown_by` and name: rows are grouped on the id and only the groups are joined to names."""
    table = _quoted(taxonomy._meta.db_table)
    name = _local_name(taxonomy, table)
    return (
        f"SELECT {number}, t.{_quoted(shown_by)}, {name}, c.hits FROM ({counts}) c JOIN {table} t ON t.id = c.value_id"
    )


def _local_name(taxonomy, table):
    """SQL of the entry `t`'s name in the visitor's language where editors translated it, else
    its own name: read by the counts query itself, so a translated facet costs no query more."""
    language = get_language()
    if (
        not issubclass(taxonomy, TranslatableMixin)
        or language == settings.LANGUAGE_CODE
        or language not in dict(settings.LANGUAGES)
    ):
        return "t.name"
    # The language is one of the configured codes, so it can stand in the SQL as a literal.
    return (
        f"COALESCE((SELECT tr.name FROM {table} tr JOIN {_quoted(Locale._meta.db_table)} lo ON lo.id = tr.locale_id"
        f" WHERE tr.translation_key = t.translation_key AND lo.language_code = '{language}'), t.name)"
    )


_TRANSLATIONS = {}


def _translated(key, translate):
    """`translate()` in the visitor's language, once per process and `key`: the interface's
    translations change only with a release, and gettext cost more than the facet counts'
    query took to read (keys are facets and their values, never a visitor's input)."""
    key = (get_language(), key)
    if key not in _TRANSLATIONS:
        _TRANSLATIONS[key] = translate()
    return _TRANSLATIONS[key]


def _country_label(code):
    return _country_names_in(get_language()).get(code.upper()) or code.upper()


@cache
def _country_names_in(language):
    """{code: name} of every country in `language`: django-countries translates the whole
    list again for each name asked, and a listing asks for thirty."""
    with translation.override(language):
        return {code: str(name) for code, name in country_names}


FACETS = [
    FieldFacet("type", _("Type"), "resource_type"),
    RelationFacet("theme", _("Theme"), ResourcePage.themes.through, "resourcepage", "resourcetheme", shown_by="slug"),
    FieldFacet("phase", _("Pandemic phase"), "phase", choices=PandemicPhase.choices),
    FieldFacet("status", _("Guidance status"), "status", choices=GuidanceStatus.choices),
    RelationFacet(
        "region",
        _("Sub-region"),
        ResourceCountry,
        "page",
        "subregion",
        label_function=subregion_name,
        pattern=r"^\d{3}$",
    ),
    RelationFacet(
        "country",
        _("Country"),
        ResourceCountry,
        "page",
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
        "resourcepage",
        "resourcelanguage",
        shown_by="code",
    ),
    FieldFacet("publisher", _("Publisher"), "publisher"),
    RelationFacet(
        "sdg",
        _("Sustainable Development Goal"),
        ResourcePage.sdgs.through,
        "resourcepage",
        "sustainabledevelopmentgoal",
        label_function=lambda number: _("SDG %(number)s") % {"number": number},
        pattern=r"^([1-9]|1[0-7])$",
        sort_by_value=True,
        stored_value=int,
    ),
]
FACETS_BY_PARAM = {facet.param: facet for facet in FACETS}
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
        matched = f"v.{page} = {_resource_column('pk')} AND v.vector @@ {self.sql}"
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
            lambda: FacetCounts(self).read(),
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


@dataclass
class Counts:
    total: int
    by_param: dict  # param: [(value, label, count), …] in display order


class FacetCounts:
    """Every facet's counts and the number of results, in one query. The live, public
    resources matching the search are selected once (`matching`), with a column per selected
    facet saying whether the resource has one of its values. Each facet counts the rows that
    pass every other selected facet, not its own (OR within a facet, AND across facets), so a
    visitor sees how many results each further choice would give; the total counts the rows
    that pass them all.

    The unfiltered index's counts are kept (`StoredFacetCounts`), and read while they are
    current; a search matching most resources is counted as those kept counts less the counts
    of the few resources it does not match (`unmatched`)."""

    TOTAL = -1

    def __init__(self, finder, unmatched=False):
        self.finder, self.unmatched = finder, unmatched
        self.chosen = {facet.param: values for facet in FACETS if (values := finder.selected[facet.param])}

    def read(self):
        total, found = 0, {facet.param: [] for facet in FACETS}
        for number, value, label, count in self._rows():
            if number == self.TOTAL:
                total = count
            elif value not in ("", None):
                facet = FACETS[number]
                found[facet.param].append((str(value), str(facet.label_of(value, label)), count))
        return Counts(total, {facet.param: facet.order(_merged(found[facet.param])) for facet in FACETS})

    def _rows(self):
        search = self.finder.search
        kept = None if self.chosen else kept_counts()
        if kept is None:
            return self.counted()
        if search is None:
            return kept
        total = next(count for number, _value, _label, count in kept if number == self.TOTAL)
        estimate = search.estimated_matches(search.params)
        if estimate is None or estimate * 2 < total:
            return self.counted()
        return _less(kept, FacetCounts(self.finder, unmatched=True).counted())

    def counted(self):
        """The (facet number, value, label, count) rows, counted now."""
        name = "facet-counts-unmatched" if self.unmatched else "facet-counts"
        sql, params = self.finder.compiled(name, self._sql)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _sql(self, stand_ins):
        chosen = [FACETS_BY_PARAM[param] for param in self.chosen]
        columns = ["pk"] + [facet.field.attname for facet in FACETS if isinstance(facet, FieldFacet)] + ["year"]
        tested = {
            f"in_{facet.param}": self.finder.condition(facet, stand_ins)
            for facet in chosen
            if not isinstance(facet, RelationFacet)
        }
        matching = (
            self.finder.searched(stand_ins, unmatched=self.unmatched)
            .order_by()
            .annotate(year=ExtractYear("publication_date"), **tested)
            .values(*columns, *tested)
        )
        matching_sql, params = matching.query.sql_with_params()
        if chosen:
            matching_sql, params = self._flagged(matching_sql, list(params), columns, chosen, stand_ins)
        names = ", ".join(["id", *columns[1:], *(f"in_{facet.param}" for facet in chosen)])
        parts = [self._count_sql(numbered) for numbered in self._count_passes()]
        parts.append(f"SELECT {self.TOTAL}, NULL, NULL, COUNT(*) FROM matching m WHERE {self._passing()}")
        return f"WITH matching ({names}) AS ({matching_sql}) " + " UNION ALL ".join(parts), params

    def _flagged(self, matching_sql, params, columns, chosen, stand_ins):
        """The `columns` of `matching_sql` and a flag per chosen facet, whether the row passes
        it. A many-valued facet's flag is a join to the resources holding one of its values,
        read once from its link table: an EXISTS per row would keep PostgreSQL from reading
        the resources' facet columns from their covering index."""
        flags, joins = [], []
        for facet in chosen:
            if isinstance(facet, RelationFacet):
                holders, count = f"in_{facet.param}", len(self.finder.selected[facet.param])
                on = f"{holders}.resource_id = candidate.pk"
                joins.append(f"LEFT JOIN ({facet.holders_sql(count)}) {holders} ON {on}")
                params += self.finder.condition_params(facet, stand_ins)
                flags.append(f"{holders}.resource_id IS NOT NULL")
            else:
                flags.append(f"candidate.in_{facet.param}")
        kept = ", ".join(f"candidate.{_quoted(name)}" for name in columns)
        sql = f"SELECT {kept}, {', '.join(flags)} FROM ({matching_sql}) candidate {' '.join(joins)}"
        if len(flags) > 1:
            # A row failing two selected facets is in no count: leave it out of `matching`.
            passed = " + ".join(f"CASE WHEN {flag} THEN 1 ELSE 0 END" for flag in flags)
            sql += f" WHERE {passed} >= {len(flags) - 1}"
        return sql, params

    def _count_passes(self):
        """The facets, numbered, in groups counted together: on PostgreSQL the facets read
        from one link table (a resource's countries give its countries and sub-regions)."""
        passes = {}
        for number, facet in enumerate(FACETS):
            shared = connection.vendor == "postgresql" and isinstance(facet, RelationFacet)
            passes.setdefault(facet.link_model if shared else number, []).append((number, facet))
        return passes.values()

    def _count_sql(self, numbered):
        if len(numbered) == 1:
            ((number, facet),) = numbered
            where = self._passing(except_param=facet.param)
            return facet.count_sql(number, where, narrowed=self._narrowed(where))
        return self._one_pass_sql(numbered)

    def _one_pass_sql(self, numbered):
        """The counts of facets of one link table, joined to `matching` once: each facet is a
        grouping set of the links and counts the resources passing its own condition (two
        countries of a resource can share a sub-region, so resources are counted, not links)."""
        wheres = {number: self._passing(except_param=facet.param) for number, facet in numbered}
        facets = [facet for _number, facet in numbered]
        link = facets[0].link_sql(narrowed=self._narrowed(*wheres.values()))
        columns = {number: facet.value_column for number, facet in numbered}

        def case(then):
            return "CASE " + " ".join(f"WHEN GROUPING({columns[n]}) = 0 THEN {then(n)}" for n in columns) + " END"

        groups = (
            f"SELECT {case(str)} AS number, {case(lambda n: f'CAST({columns[n]} AS TEXT)')} AS value, "
            f"{case(lambda n: f'COUNT(DISTINCT m.id) FILTER (WHERE {wheres[n]})')} AS hits "
            f"FROM matching m {link} WHERE {' OR '.join(f'({where})' for where in wheres.values())} "
            f"GROUP BY GROUPING SETS ({', '.join(f'({column})' for column in columns.values())})"
        )
        return f"SELECT g.number, g.value, NULL, g.hits FROM ({groups}) g WHERE g.hits > 0"

    def _narrowed(self, *wheres):
        """Whether few rows are counted under these conditions: the unmatched resources of a
        broad search, or rows some other facet's selection narrows."""
        return self.unmatched or EVERY_ROW not in wheres

    def _passing(self, except_param=None):
        """The SQL condition of passing every selected facet but `except_param`’s."""
        return " AND ".join(f"m.in_{param}" for param in self.chosen if param != except_param) or EVERY_ROW


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


def _less(rows, removed):
    """`rows` with the counts of the `removed` rows taken off theirs (same facet and value)."""
    counts, labels = {}, {}
    for number, value, label, count in rows:
        counts[number, value] = counts.get((number, value), 0) + count
        labels[number, value] = label
    for number, value, _label, count in removed:
        counts[number, value] = counts.get((number, value), 0) - count
    return [
        (number, value, labels.get((number, value)), count)
        for (number, value), count in counts.items()
        if count > 0 or number == FacetCounts.TOTAL
    ]


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
