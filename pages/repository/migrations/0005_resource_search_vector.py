# Each resource's full-text vector, for the repository's searches on PostgreSQL. The GIN index
# exists on PostgreSQL only (SQLite has no tsvector and leaves the table empty), and the vectors
# start as the search index holds them: the same indexer made its title and body.

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

GIN_INDEX = "repository_resourcesearchvector_vector_gin"


def create_index_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX {GIN_INDEX} ON repository_resourcesearchvector USING gin (vector)")
    schema_editor.execute(
        "INSERT INTO repository_resourcesearchvector (page_id, vector) "
        "SELECT resource.page_ptr_id, entry.title || entry.body FROM pages_resourcepage resource "
        "JOIN wagtailsearch_indexentry entry ON entry.object_id = resource.page_ptr_id::text "
        "JOIN django_content_type type ON type.id = entry.content_type_id "
        "AND type.app_label = 'repository' AND type.model = 'resourcepage'"
    )
    # Without statistics on the new rows the planner mistakes a broad match for a narrow one
    # until autovacuum comes by.
    schema_editor.execute("ANALYZE repository_resourcesearchvector")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("repository", "0004_lists_translatable"),
    ]

    operations = [
        migrations.CreateModel(
            name="ResourceSearchVector",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_vector",
                        serialize=False,
                        to="repository.resourcepage",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField(editable=False)),
            ],
        ),
        migrations.RunPython(create_index_and_fill, drop_index),
    ]
