"""What a story or event shows under itself: the previous and next item in listing order and
the related items, read in one query.

Three ORM querysets over `news_items()` (two tables joined for the date, the view
restrictions, the tag tables of both page types) cost more to compile than to run, on every
render of every story and event. The query is written once here instead: the live, public
siblings are selected once (`WITH siblings`), then the one just newer, the one just older and
the newest sharing the category or a tag are taken from them.
"""

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import Page

from pages.page_ids import in_restricted_section, restricted_params
from pages.visibility import restricted_paths

# What the pager shows of an item: a title and a link; in the order of the model's fields,
# as `Model.from_db` reads them.
PAGER_COLUMNS = tuple(
    field.attname
    for field in Page._meta.concrete_fields
    if field.attname in {"id", "title", "url_path", "locale_id", "content_type_id"}
)
NEXT, PREVIOUS, RELATED = "next", "previous", "related"


@dataclass
class Neighbours:
    next: Page | None = None
    previous: Page | None = None
    related: list = field(default_factory=list)  # (id, content type id) pairs, newest first


def neighbours_of(item, related_limit=3):
    """The `Neighbours` of the saved story or event `item`."""
    story, event = apps.get_model("pages", "StoryPage"), apps.get_model("pages", "EventPage")
    tag_ids = [tag.pk for tag in item.tag_list]
    private = restricted_paths()
    sql = _neighbours_sql(len(private), len(tag_ids))
    date, parent_path = connection.ops.adapt_datefield_value(item.date), item.path[: -Page.steplen]
    content_types = ContentType.objects.get_for_models(story, event)
    params = [
        content_types[story].pk,
        content_types[event].pk,
        parent_path + "%",
        item.depth,
        item.pk,
        *restricted_params(private),
        *(date, date, item.pk),
        *(date, date, item.pk),
        item.category_id,
        *tag_ids,
        *tag_ids,
        related_limit,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = Neighbours()
    for kind, *values in rows:
        if kind == RELATED:
            row = dict(zip(PAGER_COLUMNS, values, strict=True))
            found.related.append((row["id"], row["content_type_id"]))
        else:
            setattr(found, kind, Page.from_db(connection.alias, PAGER_COLUMNS, values))
    return found


@cache
def _neighbours_sql(private_paths, tags):
    """The query for this many restricted paths and tags (a handful of each in practice)."""
    quote = connection.ops.quote_name
    page, story, event = (
        quote(model._meta.db_table)
        for model in (Page, apps.get_model("pages", "StoryPage"), apps.get_model("pages", "EventPage"))
    )
    private = in_restricted_section(private_paths)
    tag_list = ", ".join(["%s"] * tags) or "NULL"
    tagged = " OR ".join(
        f"s.id IN (SELECT {quote(through._meta.get_field('content_object').column)} "
        f"FROM {quote(through._meta.db_table)} WHERE {quote(through._meta.get_field('tag').column)} IN ({tag_list}))"
        for through in (apps.get_model("pages", "StoryPageTag"), apps.get_model("pages", "EventPageTag"))
    )
    columns = ", ".join(f"s.{column}" for column in PAGER_COLUMNS)
    return (
        "WITH siblings AS ("
        f"SELECT p.id, p.title, p.url_path, p.locale_id, p.content_type_id, "
        f"COALESCE(story.date, event.date) AS sort_date, COALESCE(story.category_id, event.category_id) AS category_id "
        f"FROM {page} p LEFT JOIN {story} story ON story.page_ptr_id = p.id "
        f"LEFT JOIN {event} event ON event.page_ptr_id = p.id "
        f"WHERE p.content_type_id IN (%s, %s) AND p.live AND p.path LIKE %s AND p.depth = %s AND p.id <> %s "
        f"AND NOT ({private})) "
        f"SELECT * FROM (SELECT '{NEXT}', {columns} FROM siblings s "
        "WHERE s.sort_date > %s OR (s.sort_date = %s AND s.id > %s) ORDER BY s.sort_date, s.id LIMIT 1) newer "
        f"UNION ALL SELECT * FROM (SELECT '{PREVIOUS}', {columns} FROM siblings s "
        "WHERE s.sort_date < %s OR (s.sort_date = %s AND s.id < %s) "
        "ORDER BY s.sort_date DESC, s.id DESC LIMIT 1) older "
        f"UNION ALL SELECT * FROM (SELECT '{RELATED}', {columns} FROM siblings s "
        f"WHERE s.category_id = %s OR {tagged} ORDER BY s.sort_date DESC, s.id DESC LIMIT %s) related"
    )
