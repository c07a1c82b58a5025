"""Full-page cache for anonymous visitors.

Every cached page is stored under one site-wide version number. Publishing, unpublishing,
moving or deleting a page, or saving a snippet, a setting, an image, a document or a redirect
bumps that number, so every page is rendered afresh after any change: simple and always
correct. Only anonymous GETs of public pages that used no CSRF token and set no cookie are
stored, and only those say `public` (with the lifetimes a shared cache in front of the site
may keep them: `s-maxage`, `stale-while-revalidate`, `stale-if-error`); everything else gets
`Cache-Control: private, no-store`.

Expensive parts of a page (fragments, facet counts, search results) are kept under the same
version with `for_this_version`, so a page that must be rendered reuses them until the next
change.

Tracking parameters never reach the page or its key, and a page that ignored one of the
request's parameters is not stored (pages.query_parameters). A change made while the cache
was unreachable is recorded in the database and bumps the version once the cache is back
(`apply_pending_bumps`).
"""

import hashlib
import logging
import secrets
import time
import zlib
from contextlib import nullcontext
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control, set_response_etag
from django.utils.http import http_date

from pages.cache_backends import cache_is_in_the_database
from pages.middleware import fault_response
from pages.query_parameters import page_ignored_a_parameter, without_tracking_parameters
from pages.request_version import request_site_version, version_of_request

logger = logging.getLogger(__name__)

VERSION_KEY = "pages:site-version"
# Longer query strings are answered but not stored, so random strings cannot fill the cache.
MAX_CACHED_QUERY_LENGTH = 512
CACHE_HEADER = "X-Page-Cache"


def site_version():
    """The current version number, or None when the cache cannot be reached (the database
    cache raises the database's error when the database cannot be reached)."""
    return _version_and_entry(None)[0]


def _version_and_entry(page_key):
    """The current version and the cached entry of `page_key` (when given), read in one
    round trip; (None, None) when the cache cannot be reached, the database's error when the
    database holding the cache cannot be."""
    keys = [VERSION_KEY, page_key] if page_key else [VERSION_KEY]
    try:
        found = cache.get_many(keys)
        version = found.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, _fresh_version(), timeout=None)
            version = cache.get(VERSION_KEY)
    except DatabaseError:
        raise  # the database holding the cache is unreachable: so is everything a page reads
    except Exception:  # noqa: BLE001 - a cache outage must never break a page
        logger.warning("Page cache unavailable; serving without it", exc_info=True)
        version = None
    if version is None:
        # A change made meanwhile may have failed to bump the version: look for it soon.
        _check_pending_bumps_at_next_request()
        return None, None
    return version, found.get(page_key) if page_key else None


def _fresh_version():
    """A number never used before (not a counter): entries left from before an eviction, or
    from a bump that a rolled-back transaction undid, are never reused."""
    return secrets.randbits(62)


def for_this_version(parts, compute):
    """`compute()`, kept in the cache under the version read when the current request
    started and `parts`, so any content change computes it afresh. Computed every time
    outside a request, when the cache is unreachable, when the page cache is off and when
    PAGE_PARTS_CACHE is off (the benchmark's cold renders)."""
    version = request_site_version()
    if version is None or settings.PAGE_CACHE_SECONDS <= 0 or not settings.PAGE_PARTS_CACHE:
        return compute()
    key = "pages:computed:" + hashlib.sha256("\x1f".join(map(str, [version, *parts])).encode()).hexdigest()
    try:
        value = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache outage must never break a page
        value = None
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=settings.PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001 - a cache outage must never break a page
            logger.warning("Could not store a computed part of a page in the cache", exc_info=True)
    return value


def claim_once(key, seconds):
    """Whether this call is the first in `seconds` to claim `key`, for work that one process
    should queue for all; False when the cache cannot be reached."""
    try:
        return bool(cache.add(f"pages:claimed:{key}", True, timeout=seconds))
    except Exception:  # noqa: BLE001 - a cache outage must never break a page
        return False


def parameters_key(request, names):
    """The request's values of these GET parameters, as part of a cache key: parameters a
    page does not read (tracking tags, cache busters) never split its cached parts."""
    return urlencode([(name, value) for name in names for value in request.GET.getlist(name)])


def bump_site_version(**kwargs):
    """Signal receiver: invalidate every cached page at once, and again when the change is
    committed, so a page rendered from the old data in between is not kept."""
    _bump()
    transaction.on_commit(_bump)


def _bump():
    """Store a fresh version; when the cache cannot take it, record the change in the
    database so that it takes effect once the cache is back (`apply_pending_bumps`)."""
    if not _store_fresh_version():
        logger.warning("Could not invalidate the page cache; the change is recorded until it can be")
        _record_pending_bump()


def _store_fresh_version():
    """Whether a new version is now in the cache. Read back, because a cache that ignores its
    errors (django-redis with IGNORE_EXCEPTIONS) reports nothing when a write is lost."""
    # In a transaction, a failing database cache must not abort the caller's transaction.
    in_transaction = transaction.get_connection().in_atomic_block
    version = _fresh_version()
    try:
        with transaction.atomic() if in_transaction else nullcontext():
            cache.set(VERSION_KEY, version, timeout=None)
            return cache.get(VERSION_KEY) == version
    except Exception:  # noqa: BLE001 - saving content must not fail because the cache is down
        logger.warning("Page cache unavailable while invalidating it", exc_info=True)
        return False


def _record_pending_bump():
    from pages.models.cache import PendingCacheInvalidation

    in_transaction = transaction.get_connection().in_atomic_block
    try:
        # Inside the editor's transaction, so it is kept exactly when the change is.
        with transaction.atomic() if in_transaction else nullcontext():
            PendingCacheInvalidation.objects.create()
    except DatabaseError:
        logger.exception("Could not record a pending page cache invalidation")
    _check_pending_bumps_at_next_request()


# When this process next looks for changes that could not bump the version (monotonic time).
_next_pending_check = 0.0


def _check_pending_bumps_at_next_request():
    global _next_pending_check
    _next_pending_check = 0.0


def apply_pending_bumps():
    """Bump the version for changes made while the cache was unreachable, then forget them.
    Looked for at the first request after this process saw the cache fail, and otherwise at
    most every PAGE_CACHE_PENDING_CHECK_SECONDS, so warm hits cost no query in between.
    Returns the database error when the database could not be asked, else None."""
    global _next_pending_check
    now = time.monotonic()
    if now < _next_pending_check:
        return None
    _next_pending_check = now + settings.PAGE_CACHE_PENDING_CHECK_SECONDS
    from pages.models.cache import PendingCacheInvalidation

    try:
        newest = PendingCacheInvalidation.objects.order_by("-pk").values_list("pk", flat=True).first()
        if newest is not None and _store_fresh_version():
            PendingCacheInvalidation.objects.filter(pk__lte=newest).delete()
            logger.info("Applied a page cache invalidation recorded while the cache was unreachable")
    except DatabaseError as error:
        logger.warning("Could not look for pending page cache invalidations", exc_info=True)
        return error
    return None


# Wagtail stores an image's or document's size and hash the first time it needs them (making
# a rendition, on the worker): nothing a visitor sees has changed.
BOOKKEEPING_FIELDS = frozenset({"file_size", "file_hash"})


def is_bookkeeping_save(update_fields):
    return bool(update_fields) and set(update_fields) <= BOOKKEEPING_FIELDS


def changes_public_content(instance, update_fields=None):
    """Whether saving or deleting `instance` can change what a public page shows."""
    return isinstance(instance, cache_invalidating_models()) and not is_bookkeeping_save(update_fields)


def bump_for_cached_models(sender, instance, update_fields=None, **kwargs):
    if changes_public_content(instance, update_fields):
        bump_site_version()


_models_shown_on_pages = []


def shown_on_public_pages(*models):
    """Declare models an app edits in its own admin views (not as snippets or settings) whose
    changes show on public pages: saving or deleting one invalidates as a snippet does."""
    _models_shown_on_pages.extend(models)


def cache_invalidating_models():
    """Every model whose change can show on a public page. Snippets and settings are looked up
    when a save happens, so models registered by any app are covered; other models are
    declared with `shown_on_public_pages`."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site
    from wagtail.snippets.models import get_snippet_models

    from pages.models.settings import MenuLink

    return (
        Page,
        Site,
        Collection,
        PageViewRestriction,
        CollectionViewRestriction,
        Redirect,
        AbstractImage,
        AbstractDocument,
        BaseSiteSetting,
        BaseGenericSetting,
        # A setting's inline rows (menu links) are saved after the setting itself: bumping
        # again for each closes the moment when the old menu could be cached as current.
        MenuLink,
        *get_snippet_models(),
        *_models_shown_on_pages,
    )


def shared_cache_lifetimes():
    """The Cache-Control directives of a public page: browsers keep it briefly; a shared cache
    (Varnish, a CDN) longer, since publishing purges it (pages.shared_cache), and it may answer
    with its expired copy while it fetches a new one or while the site is failing."""
    return {
        "public": True,
        "max_age": settings.PAGE_CACHE_MAX_AGE,
        "s_maxage": settings.PAGE_CACHE_SHARED_MAX_AGE,
        "stale_while_revalidate": settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
        "stale_if_error": settings.PAGE_CACHE_STALE_IF_ERROR,
    }


def _states_its_own_lifetime(response):
    """A view that chose a public lifetime (the favicon's month) keeps it: pages change
    when editors publish, such files do not."""
    cache_control = response.get("Cache-Control", "")
    return "public" in cache_control and "max-age" in cache_control


def _is_never_cached_path(path):
    return path.startswith(tuple(settings.NEVER_CACHED_PATH_PREFIXES))


def _carries_visitor_state(request):
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies or "HTTP_AUTHORIZATION" in request.META


def _cache_key(request):
    """One key per URL without its tracking parameters; the entry records the version it was
    rendered under."""
    query = urlencode(sorted(request.GET.unrecorded_lists()), doseq=True)
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    # "z": entries say whether their body is compressed; those of the earlier format are never read.
    return f"pages:page:z:{hashlib.sha256(url.encode()).hexdigest()}"


def _user_is_authenticated(request):
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _served_object_is_private(request):
    from pages.visibility import is_private, is_private_document

    page = getattr(request, "served_page", None)
    if page is not None and is_private(page):
        return True
    document = getattr(request, "served_document", None)
    return document is not None and is_private_document(document)


def is_publicly_cacheable(request, response):
    """Whether a shared cache (ours, a CDN, a reverse proxy) may keep this response."""
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not _is_never_cached_path(request.path_info)
        and not _carries_visitor_state(request)
        and not _user_is_authenticated(request)
        and not getattr(request, "is_preview", False)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and not _served_object_is_private(request)
    )


class FullPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._serve(request)
        if request.method == "HEAD":
            _remove_body(response)
        return response

    def _serve(self, request):
        key, version, cached, database_fault = None, None, None, None
        if request.method in ("GET", "HEAD") and not _is_never_cached_path(request.path_info):
            request.GET = without_tracking_parameters(request.GET)
            key, version, cached, database_fault = self._look_up(request)
        if cached is not None and version is not None and cached[0] == version:
            return self._cached_response(cached)
        # The database just failed to answer: rendering would wait for it a second time.
        fault = fault_response(request, database_fault) if database_fault is not None else None
        if fault is not None:
            return fault
        token = version_of_request.set(version)
        try:
            return self._respond(request, key if version is not None else None, version)
        finally:
            version_of_request.reset(token)

    def _respond(self, request, key, version):
        response = self.get_response(request)
        if is_publicly_cacheable(request, response):
            if not _states_its_own_lifetime(response):
                patch_cache_control(response, **shared_cache_lifetimes())
            if key is not None and not response.streaming:
                if page_ignored_a_parameter(request):
                    response[CACHE_HEADER] = "miss"  # rendered, and not stored
                else:
                    self._store(key, version, response)
        elif not response.has_header("Cache-Control") or _user_is_authenticated(request):
            add_never_cache_headers(response)
        return response

    def _look_up(self, request):
        """The request's cache key, the current version and the cached entry, and the
        database's error when the database could not be asked."""
        database_fault = apply_pending_bumps()
        if database_fault is not None and cache_is_in_the_database():
            return None, None, None, database_fault  # nothing cached can be read either
        key = _cache_key(request) if self._may_use_cache(request) else None
        try:
            version, cached = _version_and_entry(key)
        except DatabaseError as error:  # the database holding the cache is unreachable
            return None, None, None, error
        return key, version, cached, database_fault

    @staticmethod
    def _may_use_cache(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and not _carries_visitor_state(request)
            and len(request.META.get("QUERY_STRING", "")) <= MAX_CACHED_QUERY_LENGTH
        )

    @staticmethod
    def _cached_response(cached):
        _version, body, headers, compressed = cached
        response = HttpResponse(zlib.decompress(body) if compressed else body)
        for name, value in headers:
            response[name] = value
        response[CACHE_HEADER] = "hit"
        return response

    @staticmethod
    def _store(key, version, response):
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(time.time())
        headers = [(name, value) for name, value in response.items() if name != CACHE_HEADER]
        try:
            compress = settings.PAGE_CACHE_COMPRESS
            body = zlib.compress(response.content, 1) if compress else response.content
            cache.set(key, (version, body, headers, compress), timeout=settings.PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001 - a cache outage must never break a page
            logger.warning("Could not store a page in the cache", exc_info=True)
        response[CACHE_HEADER] = "miss"


def _remove_body(response):
    """A HEAD answer: the headers of the GET answer (its ETag and Content-Length included),
    no body."""
    if response.streaming:
        if hasattr(response, "close"):
            response.close()
        response.streaming_content = []
        return
    if not response.has_header("ETag") and response.status_code == 200:
        set_response_etag(response)
    length = len(response.content)
    response.content = b""
    response["Content-Length"] = str(length)
