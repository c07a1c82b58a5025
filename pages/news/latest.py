"""The live, public stories and events that the home, section and news pages list, as (id,
content type id) pairs read by SQL written once (pages.page_ids): the same pages, in the same
order, as `news_items()` filtered alike.

Stories and events are read in two parts, one per type, each walking its own table's date
index from the newest and stopping at the listing's length; the parts are merged by date.
One query over both tables joined to every page, ordered by the date of either, had to
read every page of the site (resources, volumes …) before it could sort: 10 to 20 ms of
database time on every render of the home page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from pages.page_ids import PagedListing, PageListing, column, join, listing_params, run, table
from pages.visibility import restricted_paths

from .models import EventPage, StoryPage

NEWS_TYPES = (StoryPage, EventPage)
NEWEST_FIRST = "item.date DESC, p.id DESC"


@dataclass(frozen=True)
class NewsListing:
    """Stories and events passing `where(model)`, a condition written over a type's own table
    (`item`) and its page (`p`) whose `%s` take the same parameters for both types. With
    `chosen`, that many pages named by id come first, whatever their language."""

    where: Callable
    chosen: int = 0

    def ids(self, *params, limit, offset=0, parent=None, chosen_ids=()):
        private = restricted_paths()
        sql = _merged_sql(self, len(private), parent is not None)
        prefix = listing_params(private, parent)
        chosen = [*listing_params(private, None), *chosen_ids] if self.chosen else []
        parts = [*prefix, *params, offset + limit] * len(NEWS_TYPES)
        return [row[:2] for row in run(sql, [*chosen, *parts, limit, offset])]

    def count(self, *params, parent=None):
        private = restricted_paths()
        sql = _count_sql(self, len(private), parent is not None)
        return run(sql, [*listing_params(private, parent), *params] * len(NEWS_TYPES))[0][0]


def _part(listing, model, private_paths, has_parent):
    return PageListing(join(model, "item"), order_by=NEWEST_FIRST, where=listing.where(model)).conditions(
        private_paths, has_parent
    )


@cache
def _merged_sql(listing, private_paths, has_parent):
    parts = [
        f"SELECT * FROM (SELECT 1 AS rank, p.id, p.content_type_id, item.date AS sort_date "
        f"{_part(listing, model, private_paths, has_parent)} ORDER BY {NEWEST_FIRST} LIMIT %s) "
        f"AS {model._meta.model_name}"
        for model in NEWS_TYPES
    ]
    if listing.chosen:
        chosen = _among(listing.chosen).conditions(private_paths, False)
        parts.insert(0, f"SELECT 0 AS rank, p.id, p.content_type_id, NULL AS sort_date {chosen}")
    union = " UNION ALL ".join(parts)
    return (
        f"SELECT id, content_type_id, rank FROM ({union}) AS news "
        "ORDER BY rank, sort_date DESC, id DESC LIMIT %s OFFSET %s"
    )


def live_among(page_ids):
    """{id: (id, content type id)} of the live, public stories and events among `page_ids`."""
    if not page_ids:
        return {}
    return {row[0]: row for row in _among(len(page_ids)).ids(*page_ids)}


@cache
def _among(count):
    ids = ", ".join(["%s"] * count)
    is_news = " OR ".join(
        f"p.id IN (SELECT {column(model, model._meta.pk.name)} FROM {table(model)})" for model in NEWS_TYPES
    )
    return PageListing("", order_by="p.id", where=f"p.id IN ({ids}) AND ({is_news})")


@cache
def _count_sql(listing, private_paths, has_parent):
    counts = " + ".join(f"(SELECT COUNT(*) {_part(listing, model, private_paths, has_parent)})" for model in NEWS_TYPES)
    return f"SELECT {counts}"


def _in_section(model):
    through = model.sections.through
    item = column(through, model._meta.model_name)
    section = column(through, "sectionpage")
    return f"p.locale_id = %s AND p.id IN (SELECT {item} FROM {table(through)} WHERE {section} = %s)"


def _everything(model):
    return "1 = 1"


def _in_language(model):
    return "p.locale_id = %s"


def _in_category(model):
    return "item.category_id = %s"


def newest_in_language(locale_id, chosen_ids, limit):
    """The chosen stories and events (of any language) first, then the newest in the language
    `locale_id`, newest first."""
    return NewsListing(_in_language, chosen=len(chosen_ids)).ids(locale_id, limit=limit, chosen_ids=chosen_ids)


def newest_of_category(parent, category_id, limit):
    """The newest stories and events under `parent` in the category `category_id`."""
    return NewsListing(_in_category).ids(category_id, limit=limit, parent=parent)


def newest_in_section(section, limit):
    """The newest stories and events in the section's language that list `section` among
    their sections."""
    return NewsListing(_in_section).ids(section.locale_id, section.pk, limit=limit)


def newest_under(parent):
    """Every story and event under `parent`, newest first, for a paginator."""
    return PagedListing(NewsListing(_everything), parent=parent)
