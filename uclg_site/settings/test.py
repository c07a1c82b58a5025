"""Tests: fast password hashing, plain static storage, email kept in memory."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import CACHES, DATABASE_CACHE, DATABASES, REDIS_URL, STORAGES, env

SECRET_KEY = "test-only-secret-key-" + "x" * 40
DEBUG = False
SERVE_MEDIA = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Uploads made by tests never land in the project's own media folder.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=Path(tempfile.mkdtemp(prefix="uclg-test-media-")))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="uclg-test-private-media-"))
# Tests post forms instantly; the protection tests set their own minimum.
FORM_MIN_SECONDS = 0
# Tests see fresh renders; the page cache tests turn the cache on themselves.
PAGE_CACHE_SECONDS = 0
# Nothing is purged from a shared cache; the tests that purge point it at their own stand-in.
WAGTAILFRONTENDCACHE = {}
# Query counts stay exact; the tests of pending invalidations shorten it themselves.
PAGE_CACHE_PENDING_CHECK_SECONDS = 3600
# Admin logins in tests use force_login; the lockout tests turn axes on themselves.
AXES_ENABLED = False
# Without Redis the tests use the database cache (in the test database each worker owns),
# never a folder that parallel workers would share.
if not REDIS_URL:
    CACHES = {**CACHES, "default": DATABASE_CACHE}
# The in-memory test database has no WAL, and live-server tests share its cache between
# threads: keep SQLite's default locking there (the server tests use the real settings).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {}
# Queued tasks run at once, inside the test; the worker tests switch to the database queue.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
