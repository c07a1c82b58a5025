"""Which pages sit in a private section (behind a Wagtail view restriction).

Wagtail's `.public()` reads every view restriction each time it is called, and a page that
lists stories, programmes, resources and volumes calls it about a dozen times per render.
Restrictions only change through saves that bump the site-wide cache version
(pages.cache), so they are read once per version and process and reused by every request
served under that version (pages.request_version). Outside a request, or when the cache is
unreachable, they are read afresh each time.
"""

from django.db.models import Q
from wagtail.models import Collection, PageViewRestriction

from pages.request_version import memoised_for_this_version


def restricted_paths():
    """Tree paths of the pages that carry a view restriction."""
    return memoised_for_this_version("restricted-paths", _read_restricted_paths)


def _read_restricted_paths():
    return tuple(PageViewRestriction.objects.order_by().values_list("page__path", flat=True))


def private_q(prefix=""):
    """Matches the pages in a private section: `queryset.exclude(private_q())` keeps the
    public ones, as Wagtail's `.exclude(private_q())` does. `prefix` reaches the page through
    a relation, e.g. `private_q("page__")` on menu items."""
    condition = Q()
    for path in restricted_paths():
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


def is_private(page):
    return any(page.path.startswith(path) for path in restricted_paths())


def private_collection_ids():
    """Ids of the collections behind a view restriction, their own or an ancestor's."""
    return memoised_for_this_version("private-collections", _read_private_collection_ids)


def _read_private_collection_ids():
    paths = Collection.objects.filter(view_restrictions__isnull=False).values_list("path", flat=True)
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return frozenset(Collection.objects.filter(condition).values_list("pk", flat=True)) if condition else frozenset()


def is_private_document(document):
    return document.collection_id in private_collection_ids()
