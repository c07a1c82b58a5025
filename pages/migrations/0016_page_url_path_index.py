"""An index on Wagtail's page URL paths.

The site root routes a request by reading every page its path could name, by URL path, in
one query (`pages/routing.py`); Wagtail does not index that column, so each request scanned
every page: 155 ms of a repository search at 100,000 resources, on a busy machine. With the
index it is an index scan. Both databases; created only if missing."""

from django.db import migrations

INDEX_NAME = "pages_page_url_path"


def create_index(apps, schema_editor):
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON wagtailcore_page (url_path)")


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("pages", "0015_storycategory_translatable")]

    operations = [migrations.RunPython(create_index, drop_index)]
