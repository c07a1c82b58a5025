#!/bin/sh
# Builds tests/data/premultilingual.sql.gz: a populated PostgreSQL database made with the code
# from before the site became multilingual (commit c9a5c98, the parent of the first migration
# that made a model translatable), for tests/test_multilingual_migration.py. Run from the
# project folder, with PostgreSQL on 127.0.0.1:5432 (user postgres, trust authentication).
set -eu
BEFORE=${BEFORE:-$(mktemp -d)/premultilingual}
DATABASE=${DATABASE:-uclg_premultilingual}
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DATABASE"
export MEDIA_ROOT="$BEFORE-media" PRIVATE_MEDIA_ROOT="$BEFORE-private-media"
export DJANGO_SUPERUSER_PASSWORD=premultilingual-admin-password
OUT="$(pwd)/tests/data/premultilingual.sql.gz"

git worktree add --detach "$BEFORE" c9a5c98
ln -s "$(pwd)/.venv" "$BEFORE/.venv"
dropdb -h 127.0.0.1 -U postgres --if-exists "$DATABASE"
createdb -h 127.0.0.1 -U postgres "$DATABASE"
cd "$BEFORE"
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py setup_site -v 0
.venv/bin/python manage.py load_demo_content -v 0
.venv/bin/python manage.py update_index -v 0
pg_dump -h 127.0.0.1 -U postgres --format=plain --no-owner --no-privileges "$DATABASE" | gzip -9 > "$OUT"
cd - > /dev/null
git worktree remove --force "$BEFORE"
rm -rf "$BEFORE-media" "$BEFORE-private-media"
dropdb -h 127.0.0.1 -U postgres "$DATABASE"
