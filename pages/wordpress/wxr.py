"""Reading a WordPress eXtended RSS (WXR) export, the file WordPress writes under Tools → Export.

`read_export` turns the file into plain dataclasses and knows nothing of Wagtail: the importer
decides what becomes a page, an image or a document. The file is read as a stream and every
finished `<item>` is dropped from the tree, so a 50 MB export of thousands of posts does not
sit in memory twice. An uploaded file is untrusted: anything that is not a readable export
raises `WxrError` with a sentence an editor can act on, never a parser's own exception.
"""

import email.utils
import io
import os
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

import defusedxml
import defusedxml.ElementTree as SafeElementTree
from django.utils import timezone
from django.utils.translation import gettext as _

CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DUBLIN_CORE_NAMESPACE = "http://purl.org/dc/elements/1.1/"
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
# WXR 1.0, 1.1 and 1.2 differ only in this version number.
WORDPRESS_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")
EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$")

# WordPress writes this for a date it does not have, e.g. the GMT date of a draft.
ZERO_DATE = "0000-00-00 00:00:00"
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")
NEGATIVE_YEAR = re.compile(r"\s-\d{4}\s")
SNIFF_BYTES = 4096


class WxrError(ValueError):
    """The file cannot be read as a WordPress export; str(error) is a clear sentence for an editor."""


@dataclass
class WxrAuthor:
    login: str
    display_name: str
    email: str


@dataclass
class WxrTerm:
    """A category or a tag."""

    slug: str
    name: str
    parent_slug: str = ""


@dataclass
class WxrItem:
    """One `<item>`: a post, a page, an attachment, or any other post type (menu items, custom types)."""

    wp_id: int
    post_type: str
    title: str
    link: str
    slug: str
    status: str
    date: datetime | None
    date_problem: str
    author_login: str
    content: str
    excerpt: str
    parent_id: int = 0
    menu_order: int = 0
    categories: list[WxrTerm] = field(default_factory=list)
    tags: list[WxrTerm] = field(default_factory=list)
    attachment_url: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    password: str = ""

    @property
    def thumbnail_id(self) -> int | None:
        """The WordPress ID of the featured image's attachment, if the post has one."""
        wp_id = _to_int(self.meta.get("_thumbnail_id", ""))
        return wp_id or None

    @property
    def alt_text(self) -> str:
        return self.meta.get("_wp_attachment_image_alt", "")

    @property
    def is_public(self) -> bool:
        return self.status == "publish" and not self.password


@dataclass
class WxrExport:
    title: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    authors: dict[str, WxrAuthor] = field(default_factory=dict)
    categories: list[WxrTerm] = field(default_factory=list)
    tags: list[WxrTerm] = field(default_factory=list)
    items: list[WxrItem] = field(default_factory=list)
    # Items that could not be read, one sentence each; the rest of the export is still usable.
    problems: list[str] = field(default_factory=list)

    def author_name(self, login: str) -> str:
        author = self.authors.get(login)
        return (author and author.display_name) or login

    def item(self, wp_id: int) -> WxrItem | None:
        return self._items_by_id.get(wp_id)

    def attachments(self) -> dict[int, WxrItem]:
        return {item.wp_id: item for item in self.items if item.post_type == "attachment"}

    @cached_property
    def _items_by_id(self) -> dict[int, WxrItem]:
        by_id = {}
        for item in self.items:
            by_id.setdefault(item.wp_id, item)
        return by_id


def read_export(source) -> WxrExport:
    """Read a WXR file from a path, bytes, or a binary file object."""
    stream = _open(source)
    try:
        return _read_stream(stream)
    finally:
        if stream is not source:
            stream.close()


def _open(source):
    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(source))
    if isinstance(source, str | os.PathLike):
        try:
            return open(source, "rb")  # read_export closes it
        except OSError as error:
            raise WxrError(_("The file could not be opened: %(reason)s.") % {"reason": error.strerror}) from error
    return source


class _SniffedStream:
    """The stream with its first bytes already read, so they can be looked at before parsing."""

    def __init__(self, head: bytes, rest):
        self.head = head
        self.rest = rest

    def read(self, size=-1):
        if self.head:
            chunk, self.head = self.head, b""
            return chunk
        return self.rest.read(size)


def _read_stream(stream) -> WxrExport:
    head = stream.read(SNIFF_BYTES)
    if isinstance(head, str):
        head = head.encode("utf-8")
    if not head.strip():
        raise WxrError(_("The file is empty."))
    if _looks_like_html(head):
        raise _not_wxr(_("it is a web page (HTML)."))
    reader = _ExportReader()
    try:
        reader.read(_SniffedStream(head, stream))
    except defusedxml.DefusedXmlException as error:
        raise WxrError(
            _("The file declares XML entities, which a WordPress export never does: it was not read.")
        ) from error
    except ElementTree.ParseError as error:
        if not reader.saw_root:
            raise _not_wxr(_("it is not an XML file.")) from error
        raise _parse_error(error) from error
    except (UnicodeError, LookupError) as error:
        raise WxrError(
            _("The file is not in a text encoding that could be read (%(reason)s).") % {"reason": error}
        ) from error
    return reader.export


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html")) or (b"<html" in start and b"<rss" not in start)


def _not_wxr(reason: str) -> WxrError:
    return WxrError(_("This is not a WordPress export (WXR) file: %(reason)s") % {"reason": reason})


def _parse_error(error: ElementTree.ParseError) -> WxrError:
    line, column = getattr(error, "position", (0, 0))
    reason = re.sub(r":\s*line \d+, column \d+$", "", str(error))
    message = _(
        "The file is not well-formed XML: %(reason)s at line %(line)s, column %(column)s. "
        "It may be cut short or damaged; export it again from WordPress."
    ) % {"reason": reason, "line": line, "column": column + 1}
    if "invalid token" in reason:
        message += " " + _("A file saved in another encoding than UTF-8 gives this error too.")
    return WxrError(message)


def _split_tag(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _brace, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _wp_name(tag: str) -> str:
    """The local name of a `wp:` element, or "" for any other namespace."""
    namespace, local = _split_tag(tag)
    return local if WORDPRESS_NAMESPACE.match(namespace) else ""


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _wp_children(element) -> dict[str, str]:
    """The text of an element's `wp:` children by local name; a repeated child keeps its first text."""
    texts = {}
    for child in element:
        name = _wp_name(child.tag)
        if name:
            texts.setdefault(name, _text(child))
    return texts


def _to_int(text: str) -> int:
    try:
        return int(str(text).strip())
    except ValueError:
        return 0


class _ExportReader:
    """Walks the stream of parse events and fills `export`."""

    def __init__(self):
        self.export = WxrExport()
        self.saw_root = False
        self.saw_wordpress = False
        self.saw_channel = False

    def read(self, stream):
        depth = 0
        channel = None
        for event, element in SafeElementTree.iterparse(stream, events=("start", "end")):
            if event == "start":
                if depth == 0:
                    self.saw_root = True
                    self._check_root(element.tag)
                elif depth == 1 and element.tag == "channel":
                    channel, self.saw_channel = element, True
                if not self.saw_wordpress and _wp_name(element.tag):
                    self.saw_wordpress = True
                depth += 1
                continue
            depth -= 1
            if depth == 2 and channel is not None:
                self._read_channel_child(element)
                # Finished children are dropped so memory does not grow with the export.
                channel.remove(element)
        if not self.saw_channel:
            raise _not_wxr(_("it has no <channel>."))
        if not self.saw_wordpress:
            raise _not_wxr(_("it is an RSS feed without WordPress data (no wp: elements)."))

    def _check_root(self, tag: str):
        namespace, local = _split_tag(tag)
        if local == "rss" and not namespace:
            return
        if namespace == ATOM_NAMESPACE and local == "feed":
            raise _not_wxr(_("it is an Atom feed."))
        if local.lower() == "html":
            raise _not_wxr(_("it is a web page (HTML)."))
        raise _not_wxr(_("its root element is <%(tag)s>, not <rss>.") % {"tag": local})

    def _read_channel_child(self, element):
        export = self.export
        if element.tag == "item":
            self._read_item(element)
        elif element.tag == "title":
            export.title = _text(element)
        match _wp_name(element.tag):
            case "wxr_version":
                export.wxr_version = _text(element)
            case "base_site_url":
                export.base_site_url = _text(element)
            case "base_blog_url":
                export.base_blog_url = _text(element)
            case "author":
                self._read_author(element)
            case "category":
                fields = _wp_children(element)
                self._add_term(
                    export.categories,
                    fields.get("category_nicename", ""),
                    fields.get("cat_name", ""),
                    fields.get("category_parent", ""),
                )
            case "tag":
                fields = _wp_children(element)
                self._add_term(export.tags, fields.get("tag_slug", ""), fields.get("tag_name", ""))
            case "term":
                self._read_term(element)

    def _read_author(self, element):
        fields = _wp_children(element)
        login = fields.get("author_login", "")
        if login:
            self.export.authors[login] = WxrAuthor(
                login=login, display_name=fields.get("author_display_name", ""), email=fields.get("author_email", "")
            )

    def _read_term(self, element):
        """Newer exports may list categories and tags as generic `wp:term` entries too."""
        fields = _wp_children(element)
        terms = {"category": self.export.categories, "post_tag": self.export.tags}.get(fields.get("term_taxonomy"))
        if terms is not None:
            self._add_term(
                terms, fields.get("term_slug", ""), fields.get("term_name", ""), fields.get("term_parent", "")
            )

    @staticmethod
    def _add_term(terms: list[WxrTerm], slug: str, name: str, parent_slug: str = ""):
        if slug and all(term.slug != slug for term in terms):
            terms.append(WxrTerm(slug=slug, name=name or slug, parent_slug=parent_slug))

    def _read_item(self, element):
        title = _text(element.find("title"))
        fields = _wp_children(element)
        raw_id = fields.get("post_id", "")
        if not raw_id:
            self.export.problems.append(
                _("“%(title)s” was skipped: it has no WordPress ID (wp:post_id).") % {"title": title}
            )
            return
        if not raw_id.isdigit():
            self.export.problems.append(
                _("“%(title)s” was skipped: its WordPress ID “%(id)s” is not a number.")
                % {"title": title, "id": raw_id}
            )
            return
        date, date_problem = _item_date(fields, _text(element.find("pubDate")))
        categories, tags = _item_terms(element)
        self.export.items.append(
            WxrItem(
                wp_id=int(raw_id),
                post_type=fields.get("post_type") or "post",
                title=title,
                link=_text(element.find("link")),
                slug=fields.get("post_name", ""),
                status=fields.get("status", ""),
                date=date,
                date_problem=date_problem,
                author_login=_text(element.find(f"{{{DUBLIN_CORE_NAMESPACE}}}creator")),
                content=_namespaced_text(element, CONTENT_NAMESPACE, "encoded"),
                excerpt=_namespaced_text(element, EXCERPT_NAMESPACE, "encoded"),
                parent_id=_to_int(fields.get("post_parent", "")),
                menu_order=_to_int(fields.get("menu_order", "")),
                categories=categories,
                tags=tags,
                attachment_url=fields.get("attachment_url", ""),
                meta=_item_meta(element),
                password=fields.get("post_password", ""),
            )
        )


def _namespaced_text(element, namespace, local: str) -> str:
    """The untouched text of a child such as `content:encoded`; `namespace` may be a pattern."""
    for child in element:
        child_namespace, child_local = _split_tag(child.tag)
        matches = (
            namespace.match(child_namespace) if isinstance(namespace, re.Pattern) else namespace == child_namespace
        )
        if child_local == local and matches:
            return child.text or ""
    return ""


def _item_terms(element) -> tuple[list[WxrTerm], list[WxrTerm]]:
    categories, tags = [], []
    for child in element.iterfind("category"):
        terms = {"category": categories, "post_tag": tags}.get(child.get("domain"))
        slug = (child.get("nicename") or "").strip()
        # WXR 1.0 repeats each category without a domain; those copies are skipped.
        if terms is not None and slug and all(term.slug != slug for term in terms):
            terms.append(WxrTerm(slug=slug, name=_text(child) or slug))
    return categories, tags


def _item_meta(element) -> dict[str, str]:
    meta = {}
    for child in element:
        if _wp_name(child.tag) == "postmeta":
            fields = _wp_children(child)
            if fields.get("meta_key"):
                meta.setdefault(fields["meta_key"], fields.get("meta_value", ""))
    return meta


def _item_date(fields: dict[str, str], pub_date: str) -> tuple[datetime | None, str]:
    """The item's date, aware, from the GMT date, else the site's local date, else `<pubDate>`."""
    unreadable = []
    candidates = (
        (fields.get("post_date_gmt", ""), lambda moment: moment.replace(tzinfo=UTC)),
        (fields.get("post_date", ""), lambda moment: timezone.make_aware(moment, timezone.get_current_timezone())),
    )
    for text, make_aware in candidates:
        if not text or text == ZERO_DATE:
            continue
        moment = _parse_wordpress_date(text)
        if moment is None:
            unreadable.append(text)
        else:
            return (moment if timezone.is_aware(moment) else make_aware(moment)), ""
    if pub_date:
        moment = _parse_rfc822_date(pub_date)
        if moment is not None:
            return moment, ""
        unreadable.append(pub_date)
    if not unreadable:
        return None, _("The export gives no date for this item.")
    quoted = ", ".join(f"“{text}”" for text in unreadable)
    return None, _("No date could be read: %(texts)s is not a date.") % {"texts": quoted}


def _parse_wordpress_date(text: str) -> datetime | None:
    normalised = text.strip().replace("/", "-")
    try:
        return datetime.fromisoformat(normalised)
    except ValueError:
        pass
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(normalised.replace("T", " "), date_format)
        except ValueError:
            continue
    return None


def _parse_rfc822_date(text: str) -> datetime | None:
    # A draft's pubDate is "Mon, 30 Nov -0001 00:00:00 +0000", which email.utils reads as 2000.
    if NEGATIVE_YEAR.search(text):
        return None
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)
