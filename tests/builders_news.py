"""Builders for stories, events and programmes in tests."""

import uuid
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from pages.models import EventPage, NewsIndexPage, StoryCategory, StoryPage


def news_index():
    return NewsIndexPage.objects.get(locale__language_code="en")


def make_category(name="Test category", slug="test-category"):
    category, _created = StoryCategory.objects.get_or_create(slug=slug, defaults={"name": name})
    return category


def make_story(title, slug=None, day=None, category=None, tags=(), sections=(), live=True, parent=None, **fields):
    page = StoryPage(
        title=title,
        slug=slug or title.lower().replace(" ", "-"),
        date=day or date(2023, 1, 1),
        teaser=fields.pop("teaser", f"Teaser of {title}."),
        category=category,
        live=live,
        **fields,
    )
    if tags:
        page.tags.set(list(tags))
    if sections:
        page.sections.set(list(sections))
    (parent or news_index()).add_child(instance=page)
    return page


def make_event(title, starts_in=timedelta(days=7), duration=timedelta(hours=2), slug=None, **fields):
    start = timezone.now().replace(microsecond=0) + starts_in
    page = EventPage(
        title=title,
        slug=slug or title.lower().replace(" ", "-"),
        date=fields.pop("day", date(2023, 1, 1)),
        teaser=fields.pop("teaser", f"Teaser of {title}."),
        start=start,
        end=start + duration,
        live=fields.pop("live", True),
        **fields,
    )
    news_index().add_child(instance=page)
    return page


def make_stories(count, prefix="Bulk", **fields):
    """`count` live stories on consecutive days of 2020, oldest first."""
    index = news_index()
    return [
        make_story(
            f"{prefix} {number}",
            slug=f"{prefix.lower()}-{number}",
            day=date(2020, 1, 1) + timedelta(days=number),
            parent=index,
            **fields,
        )
        for number in range(count)
    ]


def bulk_stories(count, prefix="Many", category=None, image=None):
    """`count` live stories, created in a few statements (see `bulk_pages`)."""
    return bulk_pages(
        news_index(),
        StoryPage,
        [
            {
                "title": f"{prefix} {number}",
                "slug": f"{prefix.lower()}-{number}",
                "date": date(2019, 1, 1) + timedelta(days=number % 1500),
                "teaser": f"Teaser of {prefix} {number}.",
                "category": category,
                "listing_image": image,
                "body": [],
            }
            for number in range(count)
        ],
    )


def bulk_pages(parent, model, field_sets):
    """Live pages of `model` under `parent`, one per dict of fields, in a few statements,
    for query-count tests on large listings.

    Django cannot bulk-create rows of a multi-table model, so the page rows are
    bulk-created and the specific rows inserted with one `executemany`. Search and
    reference indexing are skipped: listings never read them."""
    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    last_child = parent.get_last_child()
    first_step = int(last_child.path[-Page.steplen :], 36) + 1 if last_child else 1
    instances = []
    for number, fields in enumerate(field_sets):
        instances.append(
            model(
                draft_title=fields["title"],
                path=model._get_path(parent.path, parent.depth + 1, first_step + number),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{fields['slug']}/",
                content_type=content_type,
                locale_id=parent.locale_id,
                translation_key=uuid.uuid4(),
                live=True,
                first_published_at=now,
                last_published_at=now,
                **fields,
            )
        )
    page_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    pages = Page.objects.bulk_create(
        [Page(**{field.attname: getattr(instance, field.attname) for field in page_fields}) for instance in instances]
    )
    specific_fields = model._meta.local_concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in specific_fields)
    placeholders = ", ".join(["%s"] * len(specific_fields))
    rows = []
    for instance, page in zip(instances, pages, strict=True):
        instance.page_ptr_id = instance.pk = page.pk
        rows.append([field.get_db_prep_save(getattr(instance, field.attname), connection) for field in specific_fields])
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({placeholders})", rows)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(instances))
    return instances
