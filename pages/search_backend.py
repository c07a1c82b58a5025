"""Wagtail's database search backend, with each page indexed in its own language on
PostgreSQL: its words are stemmed with the text search configuration of its locale's language
(`pages.multilingual_search.text_search_config`), the one its visitors' queries use. Objects
without a locale (documents, members) keep the backend's `SEARCH_CONFIG`. On other databases
this is Wagtail's database backend unchanged.

Settings: `WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "pages.search_backend", ...}}`.
"""

from copy import copy

from django.db import connection
from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend
from wagtail.search.backends.database import SearchBackend as database_search_backend

from pages.languages import language_code_of
from pages.multilingual_search import text_search_config


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    if connection.vendor == "postgresql":
        return LanguagePostgresSearchBackend(params)
    return database_search_backend(params)


class LanguagePostgresIndex(PostgresIndex):
    def add_items(self, model, objs):
        """Index the objects in groups of one text search configuration each."""
        groups = {}
        for obj in objs:
            groups.setdefault(self._config_of(obj), []).append(obj)
        for config, group in groups.items():
            backend = copy(self.backend)
            backend.config = config
            PostgresIndex(backend).add_items(model, group)

    def _config_of(self, obj):
        if getattr(obj, "locale_id", None) is None:
            return self.backend.config
        return text_search_config(language_code_of(obj))


class LanguagePostgresSearchBackend(PostgresSearchBackend):
    index_class = LanguagePostgresIndex
