"""Many realistic resources quickly, for benchmarks and tests: pages are inserted in bulk
(one INSERT per table, not one save per page) and indexed for search, search vectors
included, in batches. Indexing (Wagtail reads each resource's fields in Python) takes most of
the time, so a benchmark of 100,000 copies generated resources in SQL, index entries and
vectors included (`copy_resources`)."""

import datetime
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from pages.cache import bump_site_version
from pages.languages import in_default_language

from .models import (
    GovernmentLevel,
    GuidanceStatus,
    PandemicPhase,
    Publisher,
    ResourceCountry,
    ResourceIndexPage,
    ResourceLanguage,
    ResourcePage,
    ResourceSearchVector,
    ResourceTheme,
    ResourceType,
    SustainableDevelopmentGoal,
)
from .regions import subregion_of
from .search_vectors import store_search_vectors

BATCH_SIZE = 1000
COPY_BATCH_SIZE = 10_000
ASIA_PACIFIC_COUNTRIES = [
    "AU", "BD", "BT", "CN", "FJ", "ID", "IN", "JP", "KH", "KR", "LA", "LK", "MM", "MN", "MV", "MY",
    "NP", "NZ", "PG", "PH", "PK", "SB", "SG", "TH", "TL", "TO", "VN", "VU", "WS",
]  # fmt: skip
CITIES = [
    "Surabaya", "Makassar", "Seoul", "Busan", "Yokohama", "Kitakyushu", "Pune", "Bengaluru", "Quezon City", "Cebu",
    "Da Nang", "Hue", "Chiang Mai", "Bangkok", "Kathmandu", "Colombo", "Dhaka", "Penang", "Suva", "Ulaanbaatar",
]  # fmt: skip
SUBJECTS = [
    "Community-based contact tracing", "Keeping fresh markets open safely", "Emergency cash transfers",
    "Telemedicine for primary care", "Protecting informal workers", "Remote learning for primary schools",
    "Safe public transport", "Water points in informal settlements", "Local budget reprioritisation",
    "Risk communication with faith leaders", "Support for small businesses", "Quarantine centres",
    "Digital permits and services", "Food banks and community kitchens", "Green jobs for recovery",
    "Shelter for homeless people", "Vaccination outreach", "Preventing gender-based violence",
]  # fmt: skip
FORMS = ["lessons from {city}", "a guide for local governments", "the experience of {city}", "a toolkit", "what worked"]
SENTENCES = [
    "The city combined health measures with support for the most vulnerable households.",
    "Local leaders worked with community organisations to reach people the national programme missed.",
    "Costs, staffing and the legal basis of each measure are described step by step.",
    "The document ends with recommendations for mayors and local councils.",
    "Data from district health offices guided where resources went first.",
    "Partnerships with the private sector kept essential services running.",
]


def _fields(number, rng, taxonomies, images):
    city = rng.choice(CITIES)
    subject = rng.choice(SUBJECTS)
    title = f"{subject}: {rng.choice(FORMS).format(city=city)} ({number})"
    date = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(0, 4 * 365))
    summary = " ".join(rng.sample(SENTENCES, 2))
    return {
        "title": title,
        "slug": f"{slugify(title)[:70]}-{uuid.uuid4().hex[:6]}",
        "summary": summary,
        "body": "".join(f"<p>{sentence}</p>" for sentence in rng.sample(SENTENCES, 3)),
        "resource_type_id": rng.choice(taxonomies["types"]),
        "publisher_id": rng.choice(taxonomies["publishers"]),
        "phase": rng.choice(PandemicPhase.values),
        "status": rng.choices(GuidanceStatus.values, weights=[8, 2, 1])[0],
        "government_level": rng.choice(GovernmentLevel.values),
        "cities": city,
        "publication_date": date,
        "external_url": f"https://example.org/resources/{number}-{uuid.uuid4().hex[:8]}",
        "listing_image_id": rng.choice(images) if images else None,
        "featured": rng.random() < 0.02,
    }


def _taxonomies():
    return {
        "types": list(in_default_language(ResourceType.objects.all()).values_list("pk", flat=True)),
        "themes": list(in_default_language(ResourceTheme.objects.all()).values_list("pk", flat=True)),
        "languages": list(in_default_language(ResourceLanguage.objects.all()).values_list("pk", flat=True)),
        "publishers": list(in_default_language(Publisher.objects.all()).values_list("pk", flat=True)),
        "goals": list(SustainableDevelopmentGoal.objects.values_list("pk", flat=True)),
    }


def ensure_taxonomies():
    """Minimal taxonomies for an empty database (the demo content brings the real ones)."""
    if not ResourceType.objects.exists():
        for name in ("Report", "Policy brief", "Case study / local practice"):
            ResourceType.objects.create(name=name)
    if not ResourceTheme.objects.exists():
        for name in ("Public health & health systems", "Local economic recovery", "Water & sanitation"):
            ResourceTheme.objects.create(name=name)
    if not ResourceLanguage.objects.exists():
        ResourceLanguage.objects.create(code="en", name="English")
    if not Publisher.objects.exists():
        Publisher.objects.create(name="Example Publisher", acronym="EP")


def _insert_resource_rows(pages, values):
    """INSERT the resource rows for already-saved base pages (the ORM cannot bulk-create
    multi-table-inherited models)."""
    fields = list(ResourcePage._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(ResourcePage._meta.db_table)
    rows = []
    for page, fields_for_page in zip(pages, values, strict=True):
        resource = ResourcePage(page_ptr_id=page.pk, **fields_for_page)
        rows.append([field.get_db_prep_save(getattr(resource, field.attname), connection) for field in fields])
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


@transaction.atomic
def generate_resources(count, index_page=None, seed=None, images=None):
    """Add `count` published resources under the repository page; returns their ids."""
    index_page = index_page or in_default_language(ResourceIndexPage.objects.all()).get()
    ensure_taxonomies()
    rng = random.Random(seed)
    taxonomies = _taxonomies()
    content_type = ContentType.objects.get_for_model(ResourcePage)
    created_ids = []
    for start in range(0, count, BATCH_SIZE):
        batch = min(BATCH_SIZE, count - start)
        parent = Page.objects.get(pk=index_page.pk)
        last_child = parent.get_last_child()
        next_step = Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1
        now = timezone.now()
        values, pages = [], []
        for offset in range(batch):
            fields = _fields(start + offset + 1, rng, taxonomies, images)
            title, slug = fields.pop("title"), fields.pop("slug")
            values.append(fields)
            pages.append(_live_child_page(parent, next_step + offset, title, slug, content_type, now))
        pages = Page.objects.bulk_create(pages)
        _insert_resource_rows(pages, values)
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + batch)
        ids = [page.pk for page in pages]
        _add_relations(ids, rng, taxonomies)
        created_ids += ids
        _index(ids)
    _analyze()
    # Published without Wagtail's signals: pages and counts kept from before are outdated.
    bump_site_version()
    return created_ids


def _analyze():
    """Fresh planner statistics for the tables that grew: PostgreSQL plans the repository's
    queries from them, and autovacuum may take minutes to notice thousands of new rows."""
    if connection.vendor != "postgresql":
        return
    models = [Page, ResourcePage, ResourceCountry, ResourcePage.themes.through, ResourcePage.sdgs.through]
    models += [ResourcePage.languages.through, IndexEntry, ResourceSearchVector]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _add_relations(ids, rng, taxonomies):
    themes, goals, languages, countries = [], [], [], []
    Themes, Goals, Languages = ResourcePage.themes.through, ResourcePage.sdgs.through, ResourcePage.languages.through
    for page_id in ids:
        for theme_id in rng.sample(taxonomies["themes"], min(len(taxonomies["themes"]), rng.randint(1, 3))):
            themes.append(Themes(resourcepage_id=page_id, resourcetheme_id=theme_id))
        for goal_id in rng.sample(taxonomies["goals"], min(len(taxonomies["goals"]), rng.randint(1, 3))):
            goals.append(Goals(resourcepage_id=page_id, sustainabledevelopmentgoal_id=goal_id))
        for language_id in rng.sample(taxonomies["languages"], min(len(taxonomies["languages"]), rng.randint(1, 2))):
            languages.append(Languages(resourcepage_id=page_id, resourcelanguage_id=language_id))
        for order, code in enumerate(rng.sample(ASIA_PACIFIC_COUNTRIES, rng.randint(1, 2))):
            countries.append(
                ResourceCountry(page_id=page_id, country=code, subregion=subregion_of(code), sort_order=order)
            )
    Themes.objects.bulk_create(themes)
    Goals.objects.bulk_create(goals)
    Languages.objects.bulk_create(languages)
    ResourceCountry.objects.bulk_create(countries)


def _index(ids):
    backend = get_search_backend()
    resources = list(ResourcePage.objects.filter(pk__in=ids).select_related("publisher", "document"))
    backend.add_bulk(ResourcePage, resources)
    store_search_vectors(resources)


@transaction.atomic
def copy_resources(count, index_page=None):
    """Add `count` published resources, each a copy of one already under the repository page
    (title, text, taxonomies, countries, search index entry and vector), copied by the database with
    INSERT … SELECT: a repository of 100,000 for benchmarks in a minute or two, with the mix
    of words and facet values of the resources it copies. PostgreSQL only."""
    index_page = index_page or ResourceIndexPage.objects.get()
    sources = list(ResourcePage.objects.child_of(index_page).live().order_by("pk").values_list("pk", "title", "slug"))
    if not sources:
        raise ValueError("There are no resources to copy.")
    content_type = ContentType.objects.get_for_model(ResourcePage)
    for start in range(0, count, COPY_BATCH_SIZE):
        picked = [sources[number % len(sources)] for number in range(start, min(count, start + COPY_BATCH_SIZE))]
        parent = Page.objects.get(pk=index_page.pk)
        pages = Page.objects.bulk_create(_pages_like(parent, picked, content_type))
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
        _copy_rows([page.pk for page in pages], [source_id for source_id, _title, _slug in picked], content_type)
    _analyze()
    bump_site_version()


def _pages_like(parent, picked, content_type):
    last_child = parent.get_last_child()
    next_step = Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1
    now = timezone.now()
    pages = []
    for offset, (_source_id, title, slug) in enumerate(picked):
        slug = f"{slug[:70]}-{uuid.uuid4().hex[:8]}"
        pages.append(_live_child_page(parent, next_step + offset, title, slug, content_type, now))
    return pages


def _live_child_page(parent, step, title, slug, content_type, now):
    """An unsaved live page at position `step` under `parent`, for bulk creation."""
    return Page(
        title=title,
        draft_title=title,
        slug=slug,
        path=Page._get_path(parent.path, parent.depth + 1, step),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        content_type=content_type,
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        locale_id=parent.locale_id,
        translation_key=uuid.uuid4(),
    )


def _copy_rows(new_ids, source_ids, content_type):
    """Copy each source resource's rows to its new page, in one statement per table."""
    quote = connection.ops.quote_name
    copies = "unnest(%s::integer[], %s::integer[]) AS copies(new_id, source_id)"
    columns = [field.column for field in ResourcePage._meta.local_concrete_fields if field.column != "page_ptr_id"]
    statements = [
        f"INSERT INTO {quote(ResourcePage._meta.db_table)} (page_ptr_id, {', '.join(map(quote, columns))}) "
        f"SELECT copies.new_id, {', '.join(f'source.{quote(column)}' for column in columns)} FROM {copies} "
        f"JOIN {quote(ResourcePage._meta.db_table)} source ON source.page_ptr_id = copies.source_id",
        "INSERT INTO pages_resourcecountry (sort_order, page_id, country, subregion) "
        f"SELECT source.sort_order, copies.new_id, source.country, source.subregion FROM {copies} "
        "JOIN pages_resourcecountry source ON source.page_id = copies.source_id",
    ]
    for through in (ResourcePage.themes.through, ResourcePage.sdgs.through, ResourcePage.languages.through):
        table = quote(through._meta.db_table)
        value = quote(
            next(
                field.column
                for field in through._meta.local_concrete_fields
                if field.column not in ("id", "resourcepage_id")
            )
        )
        statements.append(
            f"INSERT INTO {table} (resourcepage_id, {value}) SELECT copies.new_id, source.{value} FROM {copies} "
            f"JOIN {table} source ON source.resourcepage_id = copies.source_id"
        )
    entry_columns = "title_norm, autocomplete, title, body, title_text, body_text"
    statements.append(
        f"INSERT INTO wagtailsearch_indexentry (content_type_id, object_id, {entry_columns}) "
        f"SELECT source.content_type_id, copies.new_id::text, {entry_columns} FROM {copies} "
        "JOIN wagtailsearch_indexentry source ON source.object_id = copies.source_id::text "
        f"AND source.content_type_id = {int(content_type.pk)}"
    )
    vectors = quote(ResourceSearchVector._meta.db_table)
    statements.append(
        f"INSERT INTO {vectors} (page_id, vector) SELECT copies.new_id, source.vector FROM {copies} "
        f"JOIN {vectors} source ON source.page_id = copies.source_id"
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, [new_ids, source_ids])
