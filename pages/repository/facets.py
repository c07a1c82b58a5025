"""The repository's facets: the filters a visitor combines (OR within a facet, AND across
facets), each giving the SQL condition a resource meets when it has one of the chosen values,
and the SQL that counts its values among the matching resources (`facet_counts`)."""

import re
from dataclasses import dataclass
from functools import cache

from django import forms
from django.conf import settings
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_names
from wagtail.models import Locale, TranslatableMixin

from pages.page_ids import column, table

from .models import GuidanceStatus, PandemicPhase, ResourceCountry, ResourcePage
from .regions import subregion_name

MAX_VALUES_PER_FACET = 30


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


def merged_by_value(result):
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
        column = resource_column(self.field_name)
        if not self.field.is_relation:
            return f"{column} IN ({_marks(count)})"
        return f"{column} IN ({_ids_of(self.field.related_model, 'slug', count)})"

    def count_sql(self, number, where, narrowed):
        column = f"m.{quoted(self.field.column)}"
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
        return f"EXISTS (SELECT 1 FROM {links} AND l.{page} = {resource_column('pk')})"

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
        table, page_column = quoted(meta.db_table), quoted(meta.get_field(self.page_field).column)
        if connection.vendor == "postgresql" and narrowed:
            # Other facets' selections often leave few rows, but PostgreSQL cannot tell how
            # few (they are columns of `matching`) and would read the whole link table: look
            # each row's links up in its index instead (OFFSET 0 keeps it a nested loop).
            return f"CROSS JOIN LATERAL (SELECT * FROM {table} l WHERE l.{page_column} = m.id OFFSET 0) l"
        return f"JOIN {table} l ON l.{page_column} = m.id"

    @property
    def value_column(self):
        return f"l.{quoted(self.link_model._meta.get_field(self.value_field).column)}"

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
        return "(" + " OR ".join([f"{resource_column('publication_date')} BETWEEN %s AND %s"] * count) + ")"

    def condition_params(self, values):
        return [bound for value in values for bound in connection.ops.year_lookup_bounds_for_date_field(int(value))]

    def count_sql(self, number, where, narrowed):
        return f"SELECT {number}, CAST(m.year AS TEXT), NULL, COUNT(*) FROM matching m WHERE {where} GROUP BY m.year"

    def order(self, rows):
        return sorted(rows, key=lambda item: item[0], reverse=True)


EVERY_ROW = "1 = 1"


def quoted(name):
    return connection.ops.quote_name(name)


def _marks(count):
    return ", ".join(["%s"] * count)


def _ids_of(taxonomy, shown_by, count):
    """The SELECT of the ids of the `taxonomy` entries whose `shown_by` is one of `count` values."""
    pk = quoted(taxonomy._meta.pk.column)
    return f"SELECT t.{pk} FROM {table(taxonomy)} t WHERE t.{quoted(shown_by)} IN ({_marks(count)})"


def resource_column(field_name):
    """A column of the resource's own table, as the finder's querysets name it."""
    field = ResourcePage._meta.pk if field_name == "pk" else ResourcePage._meta.get_field(field_name)
    return f"{table(ResourcePage)}.{quoted(field.column)}"


def _named(number, taxonomy, shown_by, counts):
    """The (value_id, hits) rows of `counts` as facet rows showing each `taxonomy` entry by its
    `shown_by` and name: rows are grouped on the id and only the groups are joined to names."""
    table = quoted(taxonomy._meta.db_table)
    name = _local_name(taxonomy, table)
    return (
        f"SELECT {number}, t.{quoted(shown_by)}, {name}, c.hits FROM ({counts}) c JOIN {table} t ON t.id = c.value_id"
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
        f"COALESCE((SELECT tr.name FROM {table} tr JOIN {quoted(Locale._meta.db_table)} lo ON lo.id = tr.locale_id"
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
