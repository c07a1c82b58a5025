"""The (id, content type id) pairs of a short listing of live, public pages, read by SQL
written once per shape.

The home page's blocks each list a handful of pages (the featured stories, the activities,
the programmes, the resources, the volumes). Compiling their ORM querysets (the page type's
join, the view restrictions, the ordering expressions) cost several times more than running
them, on every render of the home page. A listing here names its tables, its conditions and
its order as SQL fragments; the query is put together once for each number of restricted
paths and kept, and each render only runs it.
"""

from dataclasses import dataclass
from functools import cache

from django.db import connection
from wagtail.models import Page

from pages.visibility import restricted_paths


def table(model):
    """The quoted name of `model`'s table, for a listing's fragments."""
    return connection.ops.quote_name(model._meta.db_table)


def column(model, field_name):
    """The quoted column of `model`'s field `field_name`, for a listing's fragments."""
    return connection.ops.quote_name(model._meta.get_field(field_name).column)


def join(model, alias, kind="JOIN"):
    """`kind` join of the page type `model`'s own table, as `alias`, to the page table `p`."""
    return f"{kind} {table(model)} {alias} ON {alias}.{column(model, model._meta.pk.name)} = p.id"


@dataclass(frozen=True)
class PageListing:
    """`joins` reach the page type's tables from the page table `p`; `where` keeps the
    listing's pages; `order_by` sorts them. The live and public conditions, and the parent's
    when one is given, are added. `%s` in `where`, then in `order_by`, take the parameters."""

    joins: str
    order_by: str
    where: str = "1 = 1"

    def ids(self, *params, limit=None, offset=0, parent=None):
        """The pages' (id, content type id): `limit` of them from `offset` when a limit is
        given, only `parent`'s children when it is given."""
        private = restricted_paths()
        sql = _listing_sql(self, len(private), parent is not None, limit is not None)
        paging = [limit, offset] if limit is not None else []
        return _run(sql, private, parent, [*params, *paging])

    def conditions(self, private_paths, has_parent):
        """The listing's FROM and WHERE, for queries that combine listings: their parameters
        are `listing_params(...)` followed by the `where`'s own."""
        parent = "AND p.path LIKE %s AND p.depth = %s " if has_parent else ""
        private = in_restricted_section(private_paths)
        return f"FROM {table(Page)} p {self.joins} WHERE p.live AND NOT ({private}) {parent}AND ({self.where})"


def in_restricted_section(private_paths):
    """The condition that the page `p` lies under one of `private_paths` restricted pages;
    its parameters are `restricted_params(restricted_paths())`."""
    return " OR ".join(["p.path LIKE %s"] * private_paths) or "1 = 0"


def restricted_params(private):
    return [path + "%" for path in private]


def listing_params(private, parent):
    """The parameters of `PageListing.conditions` before the `where`'s own."""
    return [*restricted_params(private), *([parent.path + "%", parent.depth + 1] if parent is not None else [])]


def run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def _run(sql, private, parent, params):
    return run(sql, [*listing_params(private, parent), *params])


class PagedListing:
    """A listing's pages as Django's `Paginator` pages them: counted once, and each page of
    (id, content type id) read with a limit and an offset. The listing has `count(*params,
    parent=…)` and `ids(*params, limit=…, offset=…, parent=…)`."""

    def __init__(self, listing, *params, parent=None):
        self.listing, self.params, self.parent = listing, params, parent

    def count(self):
        return self.listing.count(*self.params, parent=self.parent)

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        return self.listing.ids(*self.params, limit=stop - start, offset=start, parent=self.parent)


@cache
def _listing_sql(listing, private_paths, has_parent, has_limit):
    paging = " LIMIT %s OFFSET %s" if has_limit else ""
    conditions = listing.conditions(private_paths, has_parent)
    return f"SELECT p.id, p.content_type_id {conditions} ORDER BY {listing.order_by}{paging}"
