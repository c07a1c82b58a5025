"""The old site's addresses: which export item a link points to, what that item became here,
and the permanent redirects that keep old links and bookmarks working."""

from urllib.parse import parse_qs, unquote, urlsplit

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from pages.models import SiteDocument, SiteImage

from . import media

# The query parameters WordPress answers on its home address: /?p=12, /?page_id=7, /?attachment_id=9.
QUERY_NAMES = {"post": "p", "page": "page_id", "attachment": "attachment_id"}


def host_of(url):
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def path_key(url):
    return unquote(urlsplit(url.strip()).path).lower().rstrip("/") or "/"


def query_id(url):
    """The WordPress ID in /?p=12, /?page_id=7 or /?attachment_id=9, else None."""
    query = parse_qs(urlsplit(url.strip()).query)
    for name in QUERY_NAMES.values():
        values = query.get(name)
        if values and values[0].isdigit():
            return int(values[0])
    return None


class OldAddresses:
    """Every address of the export's posts, pages and attachments, by WordPress ID."""

    def __init__(self, export):
        self.host = host_of(export.base_site_url or export.base_blog_url)
        self.ids = {item.wp_id for item in export.items}
        self.by_path = {}
        self.attachments_by_key = {}
        for item in export.items:
            if item.post_type == "attachment":
                self.attachments_by_key[media.url_key(item.attachment_url)] = item.wp_id
            if item.link and query_id(item.link) is None:
                self.by_path.setdefault(path_key(item.link), item.wp_id)

    def is_old_site_url(self, url):
        host = host_of(url)
        return not host or host == self.host

    def item_id(self, url):
        if not self.is_old_site_url(url):
            return None
        wp_id = query_id(url)
        if wp_id is not None:
            return wp_id if wp_id in self.ids else None
        return self.by_path.get(path_key(url))

    def attachment_id(self, url):
        if not self.is_old_site_url(url):
            return None
        return self.attachments_by_key.get(media.url_key(url))


class ImportResolver:
    """What the body converter asks: the image, document or page an old address became."""

    def __init__(self, addresses, targets):
        self.addresses = addresses
        self.targets = targets
        self.waits_for_later_items = False

    def is_old_site_url(self, url):
        return self.addresses.is_old_site_url(url)

    def image_for_id(self, wp_id):
        target = self.targets.get(wp_id)
        return target if isinstance(target, SiteImage) else None

    def image_for_url(self, url):
        return self.image_for_id(self.addresses.attachment_id(url))

    def document_for_url(self, url):
        target = self.targets.get(self.addresses.attachment_id(url))
        return target if isinstance(target, SiteDocument) else None

    def page_for_url(self, url):
        wp_id = self.addresses.item_id(url)
        target = self.targets.get(wp_id)
        if wp_id is not None and target is None:
            # A link to a post imported after this one: the item is converted again at the end.
            self.waits_for_later_items = True
        return target if isinstance(target, Page) else None


def old_paths(item, addresses):
    """The addresses the item answered at on the old site."""
    paths = [f"/?{QUERY_NAMES[item.post_type]}={item.wp_id}"]
    for url in (item.link, item.attachment_url):
        if url and addresses.is_old_site_url(url) and query_id(url) is None:
            path = urlsplit(url.strip()).path
            if path.strip("/"):
                paths.append(path)
    return paths


def target_address(target):
    if not target.pk:
        return ""  # a dry run's stand-in: nothing was saved
    if isinstance(target, SiteImage):
        return target.file.url
    if isinstance(target, SiteDocument):
        return target.url
    return None


def redirect_old_paths(item, target, addresses, site, report, dry_run):
    """Permanent redirects from each old address to the new page or file."""
    page = target if isinstance(target, Page) else None
    link = "" if page else target_address(target)
    new_url = (page.url if page.pk else None) if page else link
    for path in old_paths(item, addresses):
        old_path = Redirect.normalise_path(path)
        if new_url and Redirect.normalise_path(new_url) == old_path:
            continue
        existing = Redirect.objects.filter(site=site, old_path=old_path).first()
        if existing and existing.is_permanent and existing.redirect_link == link:
            if existing.redirect_page_id == (page.pk if page else None):
                report.count("redirect", "skipped")
                continue
        report.count("redirect", "updated" if existing else "created")
        if not dry_run:
            redirect = existing or Redirect(site=site, old_path=old_path)
            redirect.is_permanent = True
            redirect.redirect_page = page
            redirect.redirect_link = link
            redirect.save()
