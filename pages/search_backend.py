"""Wagtail's database search backend, with each page indexed in its own language on
PostgreSQL: its words are stemmed with the text search configuration of its locale's language
(`pages.multilingual_search.text_search_config`), the one its visitors' queries use. Objects
without a locale (documents, members) keep the backend's `SEARCH_CONFIG`. On other databases
Wagtail's database backend indexes as it does.

On every database, a query's Chinese, Japanese and Korean runs are searched as the pairs that
pages index (`cjk_query`), whoever asks: the site search, the repository, the admin.

Settings: `WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "pages.search_backend", ...}}`.
"""

from copy import copy
from functools import cache

from django.db import connection
from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend
from wagtail.search.backends.database import SearchBackend as database_search_backend

from pages.languages import language_code_of
from pages.multilingual_search import cjk_query, text_search_config


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    if connection.vendor == "postgresql":
        return LanguagePostgresSearchBackend(params)
    backend = database_search_backend(params)
    backend.__class__ = _with_cjk_queries(type(backend))
    return backend


class CJKQueryMixin:
    def search(self, query, *args, **kwargs):
        return super().search(_as_pairs(query), *args, **kwargs)

    def autocomplete(self, query, *args, **kwargs):
        return super().autocomplete(_as_pairs(query), *args, **kwargs)


def _as_pairs(query):
    return cjk_query(query) if isinstance(query, str) else query


@cache
def _with_cjk_queries(backend_class):
    return type(backend_class.__name__, (CJKQueryMixin, backend_class), {})


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


class LanguagePostgresSearchBackend(CJKQueryMixin, PostgresSearchBackend):
    index_class = LanguagePostgresIndex
