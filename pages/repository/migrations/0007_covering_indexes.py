"""Indexes that hold what the repository's facet counts read of every matching resource, so
PostgreSQL reads them from the index alone instead of from the tables' rows.

A broad search with two facets at 100,000 resources joins about 94,000 pages, vectors and
resources: read from these indexes (and with the many-valued facets' flags as joins, see
`finder.FacetCounts`), its counts took 161 ms instead of 241. PostgreSQL only: SQLite has no
covering indexes."""

from django.db import migrations

INDEXES = {
    # Live pages by id, with what the visibility test reads (language, private sections).
    "repository_live_page_ids": "wagtailcore_page (id) INCLUDE (locale_id, path) WHERE live",
    # A resource's own facet columns.
    "repository_resource_facets": (
        "pages_resourcepage (page_ptr_id) INCLUDE (resource_type_id, phase, status, publisher_id, publication_date)"
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("repository", "0006_stored_facet_counts"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
