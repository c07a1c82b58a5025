"""Keeps a shared HTTP cache in front of the site (Varnish, Cloudflare, CloudFront) in step
with what editors change, through wagtail.contrib.frontend_cache's purge backends
(`settings.WAGTAILFRONTENDCACHE`, built from the environment; empty, nothing is sent).

- Publishing or unpublishing a page purges the URLs that show it: the page and its own
  routes (feeds, downloads), every ancestor up to the home page with their routes (listings,
  their feeds and calendars), the pages that link to it, and the sitemap.
- A change that shows on every page bans everything: a page in the main navigation or a
  section (menus, breadcrumbs), a moved or deleted page, a setting, a menu, a snippet, a
  redirect, a privacy restriction, an edited image or document.

Requests are sent by the task worker once the editor's change is committed, after the site's
own page cache has moved to a new version (pages.cache registers its receivers first), so a
visitor can never put the old page back into the shared cache and the editor never waits
for it. For that reason Wagtail's own frontend_cache app is not installed: its receivers queue
the purge of the page inside the editor's transaction, before that point.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

import requests
from django.conf import settings
from django.db import transaction
from django_tasks import task
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import CloudflareBackend, CloudfrontBackend, HTTPBackend
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.contrib.routable_page.models import RoutablePageMixin

logger = logging.getLogger(__name__)

# More pages than this linking to a published page: banning everything is cheaper.
MAX_LINKING_PAGES = 50

# Purges and bans go before the search index and reference index updates queued by the same
# publication (django-tasks runs higher priorities first): visitors see the change sooner.
PURGE_PRIORITY = 50


def is_configured():
    return bool(settings.WAGTAILFRONTENDCACHE)


# --- Signal receivers ---------------------------------------------------------------------


def purge_published_page(sender, instance, revision=None, **kwargs):
    """Receiver of page_published and page_unpublished."""
    if not is_configured():
        return
    page = instance.specific_deferred
    if _shows_on_every_page(page, revision):
        ban_everything_once_committed()
        return
    urls = sorted(urls_showing(page))
    if urls:
        transaction.on_commit(lambda: purge_urls_from_cache_task.using(priority=PURGE_PRIORITY).enqueue(urls))


def ban_for_moved_page(sender, **kwargs):
    """Receiver of post_page_move: every URL under the page changed, and menus may have."""
    if is_configured():
        ban_everything_once_committed()


def ban_for_saved_model(sender, instance, created=False, update_fields=None, **kwargs):
    """Receiver of post_save for every model. Saving a page only stores a draft until it is
    published (purge_published_page); a new image or document is on no page yet."""
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import Page

    from pages.cache import is_bookkeeping_save

    if not is_configured():
        return
    if isinstance(instance, Page) or (created and isinstance(instance, AbstractImage | AbstractDocument)):
        return
    if is_bookkeeping_save(update_fields):
        return
    ban_for_deleted_model(sender, instance)


def ban_for_deleted_model(sender, instance, **kwargs):
    """Receiver of post_delete for every model."""
    from pages.cache import cache_invalidating_models

    if is_configured() and isinstance(instance, cache_invalidating_models()):
        ban_everything_once_committed()


def ban_everything_once_committed():
    """Queue one ban for the current transaction, however many changes it holds (deleting a
    section deletes each of its pages)."""
    connection = transaction.get_connection()
    queued = [callback for _savepoints, callback, *_robust in getattr(connection, "run_on_commit", [])]
    if _enqueue_ban in queued:
        return
    transaction.on_commit(_enqueue_ban)


@task(priority=PURGE_PRIORITY)
def ban_shared_cache() -> list[str]:
    """Empty every shared cache, on the task worker."""
    return ban_everything()


def _enqueue_ban():
    ban_shared_cache.enqueue()


# --- What shows a page --------------------------------------------------------------------


def _shows_on_every_page(page, revision):
    """Whether the page is in the main navigation (from the tree or the *Main menu* setting),
    in the footer, or a section whose title every page below it shows in its breadcrumbs."""
    from pages.models import FooterLink, MainMenuItem

    site = page.get_site()
    if site is None:
        return False
    menu_depth = site.root_page.depth + 2
    if page.depth == site.root_page.depth + 1:
        return True
    if page.depth <= menu_depth and (page.show_in_menus or _was_in_menus(revision)):
        return True
    return MainMenuItem.objects.filter(page=page).exists() or FooterLink.objects.filter(page=page).exists()


def _was_in_menus(revision):
    """Whether the revision before this one showed the page in menus: unticking the box
    takes it out of every page's navigation."""
    if revision is None:
        return False
    try:
        previous = revision.get_previous()
    except type(revision).DoesNotExist:  # the page's first revision
        return False
    return bool(previous.content.get("show_in_menus"))


def urls_showing(page):
    """The page's URLs, its listings' (every ancestor up to the home page), those of the pages
    linking to it, and the sitemap's."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    batch = PurgeBatch()
    listings = list(page.get_ancestors().filter(depth__gt=1).live().specific(defer=True))
    linking_ids = (
        ReferenceIndex.get_references_to(page)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
        .distinct()
    )
    linking = list(Page.objects.filter(pk__in=[int(pk) for pk in linking_ids[: MAX_LINKING_PAGES + 1]]).live())
    if len(linking) > MAX_LINKING_PAGES:
        ban_everything_once_committed()
        linking = []
    for shown in [page, *listings, *(linking_page.specific_deferred for linking_page in linking)]:
        batch.add_page(shown)
        batch.add_urls(_route_urls(shown))
    site = page.get_site()
    if site is not None:
        batch.add_url(site.root_url + "/sitemap.xml")
    return batch.urls


def _route_urls(page):
    """The full URLs of a routable page's routes that take no argument (feeds, calendar,
    downloads)."""
    if not isinstance(page, RoutablePageMixin):
        return []
    base = page.get_full_url()
    if base is None:
        return []
    urls = []
    for pattern in page.get_subpage_urls():
        if pattern.name and pattern.pattern.regex.groups == 0:
            urls.append(base + page.reverse_subpage(pattern.name).lstrip("/"))
    return urls


# --- Backends -----------------------------------------------------------------------------


class VarnishBackend(HTTPBackend):
    """Wagtail's HTTP purge backend with a deadline on each request (Wagtail's waits forever
    for an unreachable cache), and a ban of everything through the `BAN` method that the
    site's VCL (uclg_site/deploy/varnish.vcl) accepts from the application servers."""

    def __init__(self, params):
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", 5.0))
        super().__init__(params)

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        self._send("PURGE", parts.path or "/", parts.query, host)

    def ban_everything(self):
        self._send("BAN", "/", "", self.cache_netloc)

    def _send(self, method, path, query, host):
        url = urlunsplit([self.cache_scheme, self.cache_netloc, path, query, ""])
        request = Request(
            url, method=method, headers={"Host": host, "User-Agent": "Wagtail-frontendcache/" + wagtail_version}
        )
        try:
            with urlopen(request, timeout=self.timeout):  # noqa: S310 - the address is the configured cache's
                pass
        except HTTPError as error:
            logger.error("The shared cache refused %s %s: %s %s", method, url, error.code, error.reason)
        except (URLError, OSError) as error:
            logger.error("Could not send %s %s to the shared cache: %s", method, url, error)


def ban_everything():
    """Empty every configured shared cache; returns the names of those emptied."""
    emptied = []
    for name, backend in get_backends().items():
        if isinstance(backend, VarnishBackend):
            backend.ban_everything()
        elif isinstance(backend, CloudflareBackend):
            _purge_everything_from_cloudflare(backend)
        elif isinstance(backend, CloudfrontBackend):
            backend.purge_batch(["/*"])
        else:
            logger.warning("The shared cache %s cannot be emptied at once; its pages expire by themselves", name)
            continue
        emptied.append(name)
    return emptied


def _purge_everything_from_cloudflare(backend):
    if backend.cloudflare_token:
        headers = {"Authorization": f"Bearer {backend.cloudflare_token}"}
    else:
        headers = {"X-Auth-Email": backend.cloudflare_email, "X-Auth-Key": backend.cloudflare_api_key}
    try:
        response = requests.post(
            backend.cloudflare_purge_endpoint_url, json={"purge_everything": True}, headers=headers, timeout=30
        )
        response.raise_for_status()
    except requests.RequestException as error:
        logger.error("Could not empty the Cloudflare cache: %s", error)
