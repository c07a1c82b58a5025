"""Full-text search in the language of the page being searched.

PostgreSQL stems each language with its own text search configuration where the server has
one (`english`, `indonesian`, …) and splits words only otherwise (`simple`); SQLite's FTS5
never stems. Chinese and Japanese are written without spaces and Korean attaches particles
to nouns (도시의, "of the city"), so a word index of their text holds whole phrases that no
query matches. As Lucene's CJK analyzer does, every run of Chinese, Japanese or Korean
characters is also indexed as its single characters and overlapping pairs (亚太地区 gives
亚 太 地 区 亚太 太地 地区), and the query's runs become pairs as well: 城市 then finds 亚太地区城市治理
and 도시 finds 도시의. A query of one such character looks for that character alone.
"""

import re
from functools import cache

from django.conf import settings
from django.db import connection
from django.utils.translation import get_language, get_language_info
from wagtail.search.backends import get_search_backend

# Han ideographs, Japanese kana and Korean hangul; punctuation and spaces end a run.
CJK_RUN = re.compile(
    "["
    "\u1100-\u11ff"  # Hangul jamo
    "\u3040-\u30ff"  # Hiragana, katakana
    "\u3130-\u318f"  # Hangul compatibility jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\ua960-\ua97f"  # Hangul jamo extended A
    "\uac00-\ud7ff"  # Hangul syllables, jamo extended B
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # Half-width katakana
    "\U00020000-\U0003134f"  # CJK extensions B to G
    "]+"
)
# Enough for the text of any page and the start of a long PDF: each character adds about
# two index terms, and PostgreSQL refuses a page whose index entry passes 1 MB.
MAX_CJK_CHARACTERS_INDEXED = 20_000


def cjk_index_terms(texts):
    """The single characters and overlapping pairs of every CJK run in `texts`, separated by
    spaces, as one more text of the page for the search index; empty without CJK text."""
    terms = []
    budget = MAX_CJK_CHARACTERS_INDEXED
    for text in texts:
        for run in CJK_RUN.findall(text):
            run = run[:budget]
            terms.extend(run)
            terms.extend(_pairs(run))
            budget -= len(run)
            if budget <= 0:
                return " ".join(terms)
    return " ".join(terms)


def cjk_query(query):
    """`query` with each CJK run of two or more characters replaced by its overlapping pairs."""
    return CJK_RUN.sub(lambda match: " " + " ".join(_pairs(match.group()) or match.group()) + " ", query).strip()


def _pairs(run):
    return [run[index : index + 2] for index in range(len(run) - 1)]


def searchable_texts(value):
    """The strings in a value that a search field gives (a string, a StreamField's list of
    strings, tags, …)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple, set)):
        return [text for item in value for text in searchable_texts(item)]
    return [str(value)]


def text_search_config(language_code):
    """PostgreSQL's text search configuration for a language: the one named after it in
    English (`english`, `indonesian`, `hindi`…) when the server has it, else `simple`, which
    splits words without stemming them. None on other databases."""
    if connection.vendor != "postgresql":
        return None
    try:
        name = get_language_info(language_code)["name"].lower()
    except KeyError:
        return "simple"
    return name if name in _postgresql_configs() else "simple"


@cache
def _postgresql_configs():
    """The server's text search configurations, read once per process."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        return frozenset(row[0] for row in cursor.fetchall())


def search_in_language(queryset, query, language_code=None, operator=None):
    """Search results of `query` among `queryset` (objects in one language, the active one
    unless given), stemmed as that language's pages are indexed (the backend searches CJK runs
    as pairs)."""
    language_code = language_code or get_language() or settings.LANGUAGE_CODE
    config = text_search_config(language_code)
    backend = get_search_backend(SEARCH_CONFIG=config) if config else get_search_backend()
    return backend.search(query, queryset, operator=operator)
