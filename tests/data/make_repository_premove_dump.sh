#!/bin/sh
# Builds tests/data/repository_premove.sql.gz: a populated PostgreSQL database made with the code
# from before the COVID-19 repository became the app `repository` (commit ab818c6), for
# tests/test_repository_app_migration.py. Run from the project folder, with PostgreSQL on
# 127.0.0.1:5432 (user postgres, trust authentication).
set -eu
PREMOVE=${PREMOVE:-$(mktemp -d)/premove}
DATABASE=uclg_premove
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DATABASE"
export MEDIA_ROOT="$PREMOVE-media" PRIVATE_MEDIA_ROOT="$PREMOVE-private-media"
export DJANGO_SUPERUSER_PASSWORD=premove-admin-password
OUT="$(pwd)/tests/data/repository_premove.sql.gz"

git worktree add "$PREMOVE" ab818c6
ln -s "$(pwd)/.venv" "$PREMOVE/.venv"
dropdb -h 127.0.0.1 -U postgres --if-exists "$DATABASE"
createdb -h 127.0.0.1 -U postgres "$DATABASE"
cd "$PREMOVE"
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py setup_site -v 0
.venv/bin/python manage.py load_demo_content -v 0
.venv/bin/python manage.py shell -c '
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import F
from pages.models import ResourcePage, ResourceSuggestion

ResourceSuggestion.objects.create(
    title="Premove suggestion: city water kiosks", url="https://example.org/kiosks", reason="Useful for towns.",
    name="Ana Reviewer", organisation="City of Example", email="ana@example.org", consent=True,
)
ResourcePage.objects.filter(pk=ResourcePage.objects.live().order_by("pk").first().pk).update(download_count=F("download_count") + 7)
group, _created = Group.objects.get_or_create(name="Repository reviewers")
group.permissions.add(
    Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    *Permission.objects.filter(
        content_type__app_label="pages",
        codename__in=["change_resourcepage", "view_resourcesuggestion", "change_resourcesuggestion", "change_publisher"],
    ),
)
user = get_user_model().objects.create_user("premove-reviewer", "reviewer@example.org", "premove-password", is_staff=True)
user.groups.add(group)
'
.venv/bin/python manage.py update_index -v 0
pg_dump -h 127.0.0.1 -U postgres --format=plain --no-owner --no-privileges "$DATABASE" | gzip -9 > "$OUT"
cd - > /dev/null
git worktree remove --force "$PREMOVE"
rm -rf "$PREMOVE-media" "$PREMOVE-private-media"
dropdb -h 127.0.0.1 -U postgres "$DATABASE"
