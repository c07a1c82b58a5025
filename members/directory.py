"""The member directory's counts and pages of members, read by SQL written once per shape.

Compiling the directory's querysets (the filters, the order of countries, the joined
category, the logos and their renditions) cost more than running them on every render. Here
the conditions and the order are SQL fragments put together once for each set of filters
and number of countries, and the members of a page are read by a `CompiledQuery` kept for
each number of members.
"""

from functools import cache

from wagtail.images import get_image_model

from pages.compiled_query import CompiledQuery, stand_in_ids
from pages.page_ids import column, run, table

from .models import Member


def member_counts(category_id, country):
    """Country code → number of members with this category and in this country (either or
    both None: not filtered)."""
    sql, params = _filtered("SELECT m.{country}, COUNT(*)", category_id, country, "GROUP BY 1")
    return dict(run(sql, params))


class DirectoryListing:
    """The filtered members, `country_order` first and then by name, as Django's `Paginator`
    pages them: `total` members, each page read with a limit and an offset."""

    def __init__(self, category_id, country, country_order, total):
        self.category_id, self.country, self.country_order, self.total = category_id, country, country_order, total

    def count(self):
        return self.total

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        if not self.total or stop <= start:
            return []
        places = " ".join(f"WHEN %s THEN {place}" for place in range(len(self.country_order)))
        order = f"ORDER BY CASE m.{{country}} {places} END, m.{{name}} LIMIT %s OFFSET %s"
        sql, params = _filtered("SELECT m.{id}", self.category_id, self.country, order)
        ids = [pk for (pk,) in run(sql, [*params, *self.country_order, stop - start, start])]
        return members_with_logos(ids)


def _filtered(select, category_id, country, rest):
    """`select` from the members, narrowed by the filters that are set, then `rest`."""
    sql = _filtered_sql(select, category_id is not None, country is not None, rest)
    return sql, [value for value in (category_id, country) if value is not None]


@cache
def _filtered_sql(select, by_category, by_country, rest):
    names = {"id": column(Member, "id"), "country": column(Member, "country")}
    names |= {"category": column(Member, "category"), "name": column(Member, "organisation_name")}
    conditions = ["1 = 1"]
    if by_category:
        conditions.append("m.{category} = %s")
    if by_country:
        conditions.append("m.{country} = %s")
    where = " AND ".join(conditions)
    return f"{select} FROM {table(Member)} m WHERE {where} {rest}".format(**names)


def members_with_logos(ids):
    """The members with these ids, in this order, with their category, their logo and the
    logo's renditions, which `{% image %}` then finds without a query."""
    if not ids:
        return []
    by_id = {member.pk: member for member in _members_query(len(ids)).all(*ids)}
    members = [by_id[pk] for pk in ids if pk in by_id]
    logos = {member.logo_id: member.logo for member in members if member.logo_id is not None}
    for logo in logos.values():
        logo.prefetched_renditions = []
    if logos:
        for rendition in _renditions_query(len(logos)).all(*logos):
            rendition.image = logos[rendition.image_id]
            rendition.image.prefetched_renditions.append(rendition)
    return members


@cache
def _members_query(number):
    queryset = Member.objects.select_related("category", "logo").order_by()
    return CompiledQuery(queryset, "id", *stand_in_ids(number))


@cache
def _renditions_query(number):
    renditions = get_image_model().get_rendition_model().objects.order_by()
    return CompiledQuery(renditions, "image", *stand_in_ids(number))
