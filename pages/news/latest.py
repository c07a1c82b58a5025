"""The newest live, public stories and events that the home and section pages show, as (id, content type
id) pairs read by SQL written once (pages.page_ids): the same pages, in the same order, as
`news_items()` filtered alike."""

from functools import cache

from pages.page_ids import PagedListing, PageListing, column, join, table

from .models import EventPage, StoryPage

IS_NEWS = "(story.page_ptr_id IS NOT NULL OR event.page_ptr_id IS NOT NULL)"
NEWEST_FIRST = "COALESCE(story.date, event.date) DESC, p.id DESC"


@cache
def _news_tables():
    return f"{join(StoryPage, 'story', 'LEFT JOIN')} {join(EventPage, 'event', 'LEFT JOIN')}"


def newest_in_language(locale_id, chosen_ids, limit):
    """The chosen stories and events (of any language) first, then the newest in the language
    `locale_id`; each group newest first."""
    if not chosen_ids:
        listing = PageListing(_news_tables(), where=f"{IS_NEWS} AND p.locale_id = %s", order_by=NEWEST_FIRST)
        return listing.ids(locale_id, limit=limit)
    chosen = ", ".join(["%s"] * len(chosen_ids))
    listing = PageListing(
        _news_tables(),
        where=f"{IS_NEWS} AND (p.locale_id = %s OR p.id IN ({chosen}))",
        order_by=f"CASE WHEN p.id IN ({chosen}) THEN 0 ELSE 1 END, {NEWEST_FIRST}",
    )
    return listing.ids(locale_id, *chosen_ids, *chosen_ids, limit=limit)


def newest_of_category(parent, category_id, limit):
    """The newest stories and events under `parent` in the category `category_id`."""
    listing = PageListing(
        _news_tables(),
        where=f"{IS_NEWS} AND COALESCE(story.category_id, event.category_id) = %s",
        order_by=NEWEST_FIRST,
    )
    return listing.ids(category_id, limit=limit, parent=parent)


def newest_in_section(section, limit):
    """The newest stories and events in the section's language that list `section` among
    their sections."""
    listing = PageListing(_news_tables(), where=_in_section_where(), order_by=NEWEST_FIRST)
    return listing.ids(section.locale_id, section.pk, section.pk, limit=limit)


@cache
def _in_section_where():
    listed = " OR ".join(
        f"p.id IN (SELECT {column(through, item)} FROM {table(through)} WHERE {column(through, 'sectionpage')} = %s)"
        for item, through in (("storypage", StoryPage.sections.through), ("eventpage", EventPage.sections.through))
    )
    return f"{IS_NEWS} AND p.locale_id = %s AND ({listed})"


def newest_under(parent):
    """Every story and event under `parent`, newest first, for a paginator."""
    return PagedListing(PageListing(_news_tables(), where=IS_NEWS, order_by=NEWEST_FIRST), parent=parent)
