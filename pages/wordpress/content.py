"""A WordPress post's body HTML turned into the raw data of our body StreamField.

WordPress stores bodies in two shapes: the classic editor's text, where paragraphs are blank
lines that WordPress turns into `<p>` when it shows the post (wpautop), and the block editor's
HTML, where `<!-- wp:name {json} -->` comments delimit the blocks. Both are reduced to the
blocks of `pages.blocks.BodyBlock` and to the few rich-text features its paragraphs allow;
whatever cannot come along is dropped and said in `Conversion.warnings`, for the import report.

The string handling comes first (block delimiters and shortcodes become marker elements, and
classic bodies get their paragraphs), then one walk over the parsed tree emits the blocks.
"""

import json
import re
from dataclasses import dataclass, field
from html import escape, unescape
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

if TYPE_CHECKING:
    from wagtail.models import Page

    from pages.models import SiteDocument, SiteImage


class Resolver(Protocol):
    """What the importer knows about the old site's media and pages."""

    def image_for_url(self, url: str) -> "SiteImage | None": ...

    def image_for_id(self, wp_id: int) -> "SiteImage | None": ...

    def document_for_url(self, url: str) -> "SiteDocument | None": ...

    def page_for_url(self, url: str) -> "Page | None": ...

    def is_old_site_url(self, url: str) -> bool: ...


@dataclass
class Conversion:
    blocks: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def convert_body(html: str, resolver: Resolver) -> Conversion:
    if not isinstance(html, str) or not html.strip():
        return Conversion()
    try:
        return _BodyConverter(resolver).convert(html)
    except RecursionError:
        # Only absurdly deep nesting gets here; its words are worth more than its markup.
        return _plain_text_conversion(html)


# Elements whose content never comes along; the message says what was lost.
_DROPPED_MESSAGES = {
    "script": gettext_noop("A script was removed."),
    "style": gettext_noop("A block of CSS styles was removed."),
    "form": gettext_noop("A form was removed."),
    "object": gettext_noop("An embedded object was removed."),
    "embed": gettext_noop("An embedded object was removed."),
    "applet": gettext_noop("An embedded object was removed."),
}
_DROPPED_ELEMENTS = {"iframe", "noscript", "template", "video", "audio", "svg", "canvas", "map"}
_DROPPED_ELEMENTS |= {"input", "select", "textarea", "button", "head", "title", "meta", "link"}
_DROPPED_ELEMENTS |= set(_DROPPED_MESSAGES)

# Elements that begin a new paragraph (or a block) wherever they stand.
_BLOCK_ELEMENTS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "blockquote"}
_BLOCK_ELEMENTS |= {"figure", "img", "hr", "section", "article", "aside", "header", "footer", "main", "nav"}
_BLOCK_ELEMENTS |= {"pre", "address", "dl", "center", "wp-block", "wp-caption", "wp-gallery", "wp-embed"}
_BLOCK_ELEMENTS |= _DROPPED_ELEMENTS
_BLOCK_NAMES = sorted(_BLOCK_ELEMENTS)

_HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
_LAYOUT_BLOCKS = {"columns", "column", "group", "cover", "spacer", "buttons", "button", "separator"}
_LAYOUT_BLOCKS |= {"media-text", "row", "stack"}
_EMBED_BLOCKS = {"embed", "core-embed"}
# WordPress's own markers of the excerpt and of page breaks: not content, nothing to report.
_SILENT_COMMENTS = {"more", "nextpage", "noteaser"}
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
_WP_IMAGE_CLASS = re.compile(r"^wp-image-(\d+)$")


def _collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text)


def _plain(node: Tag) -> str:
    """The text of a heading, cell or caption on one line, without scripts or comments."""
    return _collapse(_paragraph_texts(node)).strip()


def _is_blank(rich_text: str) -> bool:
    return not unescape(re.sub(r"<[^>]*>", "", rich_text)).strip()


def _file_name(url: str) -> str:
    return unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]) or url


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


class _BodyConverter:
    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        self.blocks: list[dict] = []
        self.warnings: list[str] = []
        self.rich_text: list[str] = []  # paragraphs and lists of the paragraph block being built
        self.inline: list[str] = []  # inline content of the paragraph being built
        self.deferred_images: list[Tag] = []  # images met inside lists and tables
        self.layout_blocks: set[str] = set()
        self.handlers = {
            "p": self.paragraph,
            "ul": self.list_block,
            "ol": self.list_block,
            "blockquote": self.quote,
            "table": self.table,
            "img": self.image,
            "figure": self.figure,
            "hr": lambda node: self.flush_inline(),
            "wp-block": self.gutenberg_block,
            "wp-caption": self.caption_shortcode,
            "wp-gallery": self.gallery_shortcode,
            "wp-embed": lambda node: self.embed(node.get("data-url", "")),
        }

    def convert(self, html: str) -> Conversion:
        soup = BeautifulSoup(_prepare(html, self.warn), "html.parser")
        if soup.find(style=True):
            self.warn(_("Inline styles were removed."))
        self.walk(soup)
        self.flush_rich_text()
        if self.layout_blocks:
            names = ", ".join(sorted(self.layout_blocks))
            self.warn(_("Layout blocks (%(names)s) were flattened.") % {"names": names})
        return Conversion(self.blocks, self.warnings)

    def warn(self, message: str):
        if message not in self.warnings:
            self.warnings.append(message)

    # Building the blocks

    def flush_inline(self):
        content = "".join(self.inline)
        self.inline = []
        content = re.sub(r"^(?:\s|<br/>)+|(?:\s|<br/>)+$", "", content)
        content = re.sub(r"\s*<br/>\s*", "<br/>", content)
        if not _is_blank(content):
            self.rich_text.append(f"<p>{content}</p>")

    def flush_rich_text(self):
        self.flush_inline()
        if self.rich_text:
            self.blocks.append({"type": "paragraph", "value": "".join(self.rich_text)})
        self.rich_text = []

    def add_block(self, block_type: str, value):
        self.flush_rich_text()
        self.blocks.append({"type": block_type, "value": value})

    def add_paragraph(self, rich_text: str):
        self.flush_inline()
        self.rich_text.append(f"<p>{rich_text}</p>")

    # The walk over block-level content

    def walk(self, node: Tag):
        for child in list(node.children):
            self.visit(child)

    def visit(self, node):
        if isinstance(node, NavigableString):
            self.inline.append(self.text(node))
            return
        name = node.name
        handler = self.handlers.get(name)
        if name in _DROPPED_ELEMENTS:
            self.drop(node)
        elif handler:
            handler(node)
        elif name in _HEADING_LEVELS:
            self.heading(node)
        elif name == "a" and node.find("img"):
            self.container(node)  # a linked image: the image is kept, its link is not
        elif name not in _BLOCK_ELEMENTS and not node.find(_BLOCK_NAMES):
            self.inline.append(self.render_inline(node))
        else:
            self.container(node)

    def container(self, node: Tag):
        self.flush_inline()
        self.walk(node)
        self.flush_inline()

    def text(self, node: NavigableString) -> str:
        if isinstance(node, Comment):
            if node.strip().lower() not in _SILENT_COMMENTS:
                self.warn(_("An HTML comment was removed."))
            return ""
        if isinstance(node, CData | Declaration | Doctype | ProcessingInstruction):
            return ""
        return escape(_collapse(str(node)), quote=False)

    def drop(self, node: Tag):
        if node.name == "iframe":
            host = _host(node.get("src", "").strip())
            if host:
                self.warn(_("An embedded frame from %(host)s was removed.") % {"host": host})
            else:
                self.warn(_("An embedded frame was removed."))
        elif node.name in _DROPPED_MESSAGES:
            self.warn(_(_DROPPED_MESSAGES[node.name]))
        elif node.name not in {"head", "title", "meta", "link"}:
            self.warn(_("An embedded <%(element)s> element was removed.") % {"element": node.name})

    def paragraph(self, node: Tag):
        self.flush_inline()
        if not self.document_paragraph(node):
            self.walk(node)
        self.flush_inline()

    def heading(self, node: Tag):
        text = _plain(node)
        if text:
            self.add_block("heading", {"text": text[:200], "level": _HEADING_LEVELS[node.name]})
        for image in node.find_all("img"):
            self.image(image)

    # Inline content: the rich-text features of our paragraphs, everything else unwrapped

    def render_inline(self, node, in_link=False) -> str:
        if isinstance(node, NavigableString):
            return self.text(node)
        name = node.name
        if name in _DROPPED_ELEMENTS:
            self.drop(node)
            return ""
        if name == "br":
            return "<br/>"
        if name == "img":
            self.deferred_images.append(node)
            return ""
        inner = "".join(self.render_inline(child, in_link or name == "a") for child in node.children)
        if _is_blank(inner):
            return inner
        if name in {"b", "strong"}:
            return f"<b>{inner}</b>"
        if name in {"i", "em"}:
            return f"<i>{inner}</i>"
        if name == "a" and not in_link:
            opening = self.link_opening(node.get("href", ""))
            return f"{opening}{inner}</a>" if opening else inner
        if name in _BLOCK_ELEMENTS:
            return f" {inner} "
        return inner

    def link_opening(self, href: str) -> str | None:
        """The `<a>` of a link that survives the move, or None when only its text does."""
        href = href.strip()
        if not href or href.startswith("#"):
            return None  # in-page anchors do not survive the move
        try:
            parts = urlsplit(href)
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        if scheme == "mailto":
            return f'<a href="{escape(href)}">'
        if scheme not in {"", "http", "https"}:
            self.warn(_("A %(scheme)s: link was removed; its text was kept.") % {"scheme": scheme})
            return None
        if href.startswith("//"):
            href = f"https:{href}"
        page = self.resolver.page_for_url(href)
        if page is not None:
            return f'<a linktype="page" id="{int(page.pk)}">'
        document = self.resolver.document_for_url(href)
        if document is not None:
            return f'<a linktype="document" id="{int(document.pk)}">'
        if not parts.netloc or self.resolver.is_old_site_url(href):
            self.report_dead_link(href)
            return None
        return f'<a href="{escape(href)}">'

    def report_dead_link(self, href: str):
        path = urlsplit(href).path.lower()
        extension = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
        if "/wp-content/uploads/" in path or extension not in {"", "html", "htm", "php", "asp", "aspx"}:
            message = _("The attached file %(url)s was not found: its link was removed and its text kept.")
        else:
            message = _("The link to %(url)s leads to nothing imported: its text was kept without the link.")
        self.warn(message % {"url": href})

    def emit_deferred_images(self):
        images, self.deferred_images = self.deferred_images, []
        for image in images:
            self.image(image)

    # Lists, quotes and tables

    def list_block(self, node: Tag):
        """A list in the paragraph's rich text; nested lists are flattened into one level,
        their items following their parent item, because our editor has no nesting."""
        self.flush_inline()
        items: list[str] = []
        self.collect_list_items(node, items)
        if items:
            tag = "ol" if node.name == "ol" else "ul"
            self.rich_text.append(f"<{tag}>{''.join(f'<li>{item}</li>' for item in items)}</{tag}>")
        self.emit_deferred_images()

    def collect_list_items(self, list_node: Tag, items: list[str]):
        for child in list(list_node.children):
            sublists = []
            if isinstance(child, Tag):
                sublists = [sub for sub in child.find_all(["ul", "ol"]) if sub.find_parent(["ul", "ol"]) is list_node]
                if child.name in {"ul", "ol"}:
                    sublists = [child]
                for sublist in sublists:
                    sublist.extract()
            item = re.sub(r"^(?:\s|<br/>)+|(?:\s|<br/>)+$", "", self.render_inline(child))
            if not _is_blank(item):
                items.append(item)
            for sublist in sublists:
                self.collect_list_items(sublist, items)

    def quote(self, node: Tag):
        citations = node.find_all("cite")
        attribution = " ".join(_plain(cite) for cite in citations).strip()
        for cite in citations:
            cite.extract()
        images = [image.extract() for image in node.find_all("img")]
        text = _paragraph_texts(node)
        if text:
            self.add_block("quote", {"text": text, "attribution": attribution[:200]})
        for image in images:
            self.image(image)

    def table(self, node: Tag, caption: str = ""):
        """A table of plain text; a spanning cell becomes one cell, rows without cells go."""
        rows = []
        for row in node.find_all("tr"):
            cells = [cell for cell in row.find_all(["td", "th"]) if cell.find_parent("tr") is row]
            if cells and row.find_parent("table") is node:
                rows.append((row, cells))
                self.deferred_images += [image for cell in cells for image in cell.find_all("img")]
        if rows:
            first_row, first_cells = rows[0]
            header = bool(first_row.find_parent("thead")) or all(cell.name == "th" for cell in first_cells)
            width = max(len(cells) for _row, cells in rows)
            value = {
                "data": [[_plain(cell) for cell in cells] + [""] * (width - len(cells)) for _row, cells in rows],
                "first_row_is_table_header": header,
                "first_col_is_header": False,
                "table_header_choice": "row" if header else "neither",
                "table_caption": caption or (_plain(node.caption) if node.caption else ""),
                "cell": [],
                "mergedCells": [],
            }
            self.add_block("table", value)
        self.emit_deferred_images()

    # Images, galleries, files and embeds

    def figure(self, node: Tag):
        caption_node = node.find("figcaption")
        caption = _plain(caption_node) if caption_node else ""
        if caption_node:
            caption_node.extract()
        if node.find("table"):
            self.table(node.find("table"), caption)
        elif node.find("img") and not node.find("blockquote"):
            for number, image in enumerate(node.find_all("img")):
                self.image(image, caption if number == 0 else "")
        else:
            self.container(node)
            if caption:
                self.add_paragraph(escape(caption, quote=False))

    def caption_shortcode(self, node: Tag):
        images = [image.extract() for image in node.find_all("img")]
        caption = node.get("data-caption", "").strip() or _plain(node)
        if not images:
            self.container(node)
        for number, image in enumerate(images):
            self.image(image, caption if number == 0 else "")

    def gallery_shortcode(self, node: Tag):
        for wp_id in re.findall(r"\d+", node.get("data-ids", "")):
            self.image_by_id(int(wp_id))

    def image_by_id(self, wp_id: int):
        image = self.resolver.image_for_id(wp_id)
        if image is None:
            self.warn(_("The gallery image with WordPress ID %(id)s was not found.") % {"id": wp_id})
        else:
            self.add_image_block(image, "", "")

    def image(self, node: Tag, caption: str = ""):
        source = (node.get("src") or node.get("data-src") or "").strip()
        wp_id = _attachment_id(node)
        image = self.resolver.image_for_id(wp_id) if wp_id is not None else None
        if image is None and source:
            image = self.resolver.image_for_url(source)
        if image is not None:
            self.add_image_block(image, _collapse(node.get("alt", "")).strip(), caption)
        elif source or wp_id is not None:
            self.missing_image(source or f"ID {wp_id}", caption)

    def add_image_block(self, image, alt_text: str, caption: str):
        value = {"image": image.pk, "alt_text": alt_text or image.description, "decorative": False}
        self.add_block("image", {"image": value, "caption": caption[:500]})

    def missing_image(self, source: str, caption: str):
        placeholder = _("[Image not imported: %(name)s]") % {"name": _file_name(source)}
        self.add_paragraph(f"<i>{escape(placeholder, quote=False)}</i>")
        if caption:
            self.add_paragraph(escape(caption, quote=False))
        if urlsplit(source).netloc and not self.resolver.is_old_site_url(source):
            message = _(
                "The image %(url)s is on another site: external images are not fetched, "
                "so a placeholder text stands in its place."
            )
        else:
            message = _("The image %(url)s is missing: a placeholder text stands in its place.")
        self.warn(message % {"url": source})

    def document_paragraph(self, node: Tag) -> bool:
        """A paragraph holding nothing but a link to an attached file becomes a download block."""
        content = [
            child
            for child in node.children
            if not (isinstance(child, NavigableString) and not child.strip())
            and not (isinstance(child, Tag) and child.name == "br")
        ]
        if len(content) != 1 or not isinstance(content[0], Tag) or content[0].name != "a":
            return False
        link = content[0]
        href = link.get("href", "").strip()
        document = self.resolver.document_for_url(href) if href and not link.find("img") else None
        if document is None:
            return False
        self.add_block("document", {"document": document.pk, "label": _plain(link)[:200]})
        return True

    def file_block(self, node: Tag, attributes: dict):
        links = [link for link in node.find_all("a") if "wp-block-file__button" not in link.get("class", [])]
        href = str(attributes.get("href") or (links[0].get("href", "") if links else "")).strip()
        label = _plain(links[0]) if links else str(attributes.get("fileName", ""))
        document = self.resolver.document_for_url(href) if href else None
        if document is not None:
            self.add_block("document", {"document": document.pk, "label": label[:200]})
            return
        if href:
            self.report_dead_link(href)
        if label:
            self.add_paragraph(escape(label, quote=False))

    def embed(self, url: str):
        url = url.strip()
        self.flush_inline()
        if re.match(r"https?://", url, re.IGNORECASE):
            self.add_paragraph(f'<a href="{escape(url)}">{escape(url, quote=False)}</a>')
            self.warn(_("The video embed %(url)s became a link.") % {"url": url})

    def gutenberg_block(self, node: Tag):
        name = node.get("data-name", "")
        try:
            attributes = json.loads(node.get("data-attrs") or "{}")
        except ValueError:
            attributes = {}
        if not isinstance(attributes, dict):
            attributes = {}
        kind = name.split("/", 1)[0]
        if name in _LAYOUT_BLOCKS:
            self.layout_blocks.add(name)
        if name == "image" and isinstance(attributes.get("id"), int):
            for image in node.find_all("img"):
                if _attachment_id(image) is None:
                    image["data-id"] = str(attributes["id"])
        if name == "gallery" and not node.find("img"):
            for wp_id in attributes.get("ids") or []:
                if isinstance(wp_id, int):
                    self.image_by_id(wp_id)
        elif name == "file":
            self.file_block(node, attributes)
        elif kind in _EMBED_BLOCKS:
            self.embed(str(attributes.get("url") or _plain(node).split(" ")[0]))
        else:
            self.container(node)


def _attachment_id(image: Tag) -> int | None:
    for css_class in image.get("class", []):
        match = _WP_IMAGE_CLASS.match(css_class)
        if match:
            return int(match.group(1))
    data_id = image.get("data-id", "").strip()
    return int(data_id) if data_id.isdigit() else None


def _paragraph_texts(node: Tag) -> str:
    """The plain text of a quote: its paragraphs joined by blank lines, its line breaks kept."""
    paragraphs: list[list[str]] = [[]]

    def visit(parent: Tag):
        for child in parent.children:
            if isinstance(child, Comment | CData | Declaration | Doctype | ProcessingInstruction):
                continue
            if isinstance(child, NavigableString):
                paragraphs[-1].append(_collapse(str(child)))
            elif child.name == "br":
                paragraphs[-1].append("\n")
            elif child.name in _DROPPED_ELEMENTS:
                continue
            elif child.name in _BLOCK_ELEMENTS:
                paragraphs.append([])
                visit(child)
                paragraphs.append([])
            else:
                visit(child)

    visit(node)
    texts = ["\n".join(line.strip() for line in "".join(parts).split("\n")).strip() for parts in paragraphs]
    return "\n\n".join(text for text in texts if text)


def _plain_text_conversion(html: str) -> Conversion:
    text = unescape(re.sub(r"<[^>]*>", " ", html))
    paragraphs = [_collapse(chunk).strip() for chunk in re.split(r"\n\s*\n", text)]
    rich_text = "".join(f"<p>{escape(chunk, quote=False)}</p>" for chunk in paragraphs if chunk)
    blocks = [{"type": "paragraph", "value": rich_text}] if rich_text else []
    return Conversion(blocks, [_("The body was too deeply nested to convert: only its text was kept.")])


# The string stage: block delimiters, shortcodes and classic paragraphs

_GUTENBERG_DELIMITER = re.compile(
    r"<!--\s+(/?)wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+(?:(\{.*?\})\s+)?(/?)-->", re.DOTALL
)
_EMBED_SHORTCODE = re.compile(r"\[embed(?:\s[^\]]*)?\](.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)
_SHORTCODE = re.compile(r"\[(/?)([A-Za-z][A-Za-z0-9_-]*)(\s[^\[\]]*?)?(/?)\]")
_SHORTCODE_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
# WordPress's own shortcodes, which are often used without attributes.
_KNOWN_SHORTCODES = {"caption", "wp_caption", "gallery", "embed", "audio", "video", "playlist"}
_BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"'\[\]]+)[ \t]*$", re.MULTILINE | re.IGNORECASE)


def _prepare(html: str, warn) -> str:
    text = html.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    is_block_editor = bool(_GUTENBERG_DELIMITER.search(text))
    text = _GUTENBERG_DELIMITER.sub(_gutenberg_marker, text)
    text = _EMBED_SHORTCODE.sub(lambda match: _marker("wp-embed", url=unescape(match.group(1).strip())), text)
    text = _replace_shortcodes(text, warn)
    if not is_block_editor:
        # WordPress embeds a URL that stands alone on its line of a classic body.
        text = _BARE_URL_LINE.sub(lambda match: _marker("wp-embed", url=unescape(match.group(1))), text)
        text = wpautop(text)
    return text


def _marker(element: str, closed: bool = True, **attributes: str) -> str:
    attributes_html = "".join(f' data-{name}="{escape(value)}"' for name, value in attributes.items())
    return f"<{element}{attributes_html}>" + (f"</{element}>" if closed else "")


def _gutenberg_marker(match: re.Match) -> str:
    closing, name, attributes, self_closing = match.groups()
    if closing:
        return "</wp-block>"
    return _marker("wp-block", closed=bool(self_closing), name=name.removeprefix("core/"), attrs=attributes or "{}")


def _replace_shortcodes(text: str, warn) -> str:
    """Shortcodes become markers (caption, gallery) or go, keeping the text they enclose.

    Brackets are a shortcode only when they look like one, so that "[1]", "[sic]" or
    "[citation needed]" stay text: a name starting with a letter, and either attributes with
    `=`, a `/]` ending, a `[/name]` closing in the same body, a `-` or `_` in the name, or one of
    WordPress's own shortcode names."""
    matches = list(_SHORTCODE.finditer(text))
    if not matches:
        return text
    closed_names = {match.group(2).lower() for match in matches if match.group(1)}

    def is_shortcode(match: re.Match) -> bool:
        closing, name, attributes, self_closing = match.groups()
        name = name.lower()
        if closing:
            return True
        return bool(
            "=" in (attributes or "")
            or self_closing
            or name in closed_names
            or "-" in name
            or "_" in name
            or name in _KNOWN_SHORTCODES
        )

    opened_names = {match.group(2).lower() for match in matches if not match.group(1) and is_shortcode(match)}

    def replace(match: re.Match) -> str:
        closing, name, attributes, _self_closing = match.groups()
        name = name.lower()
        if closing and name not in opened_names or not is_shortcode(match):
            return match.group(0)
        values = _shortcode_attributes(attributes or "")
        if name in {"caption", "wp_caption"}:
            caption = values.get("caption", "")
            return "</wp-caption>" if closing else _marker("wp-caption", closed=False, caption=caption)
        if name == "gallery":
            if not closing and not values.get("ids"):
                warn(_("A [gallery] without a list of images was removed."))
            return "" if closing else _marker("wp-gallery", ids=values.get("ids", ""))
        warn(_("The [%(name)s] shortcode was removed.") % {"name": name})
        return ""

    return _SHORTCODE.sub(replace, text)


def _shortcode_attributes(text: str) -> dict[str, str]:
    return {key: "".join(values) for key, *values in _SHORTCODE_ATTRIBUTE.findall(text)}


_AUTOP_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area"
    r"|blockquote|address|math|style|script|iframe|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup"
    r"|header|footer|nav|figure|figcaption|details|menu|summary|wp-caption|wp-gallery|wp-embed)"
)


def _sub(pattern: str, replacement: str, text: str) -> str:
    return re.sub(pattern, replacement, text, flags=re.IGNORECASE)


def wpautop(text: str) -> str:
    """WordPress's wpautop: blank lines make paragraphs, single newlines line breaks, and
    block-level elements are not wrapped. A port of its main rules, not of its every corner."""
    if not text.strip():
        return ""
    # Newlines inside a tag are not line breaks.
    text = re.sub(r"<[^<>]*>", lambda match: match.group(0).replace("\n", " "), text + "\n")
    text = _sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = _sub(rf"(<{_AUTOP_BLOCKS}[\s/>])", r"\n\n\1", text)
    text = _sub(rf"(</{_AUTOP_BLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    text = "".join(f"<p>{chunk.strip()}</p>\n" for chunk in re.split(r"\n[ \t]*\n", text) if chunk.strip())
    text = _sub(r"<p>\s*</p>", "", text)
    text = _sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = _sub(rf"<p>\s*(</?{_AUTOP_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = _sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = _sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text)
    text = _sub(r"</blockquote></p>", "</p></blockquote>", text)
    text = _sub(rf"<p>\s*(</?{_AUTOP_BLOCKS}[^>]*>)", r"\1", text)
    text = _sub(rf"(</?{_AUTOP_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"(?<!<br />)[ \t]*\n", "<br />\n", text)
    text = _sub(rf"(</?{_AUTOP_BLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = _sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    return re.sub(r"\n</p>$", "</p>", text)
