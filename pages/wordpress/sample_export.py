"""A made-up but realistic WordPress export of the old UCLG ASPAC site, for testing the importer.

`write_sample_export` writes `export.xml` in the form WordPress 6.x writes it (WXR 1.2) and the
media files under `uploads/YYYY/MM/`, the layout of `wp-content/uploads`. The content carries
what a real export of a ten-year-old site carries: both editor styles, shortcodes, PDFs,
internal links, drafts and private posts, a page tree, and the mess editors paste in (scripts,
iframes, inline styles, broken nesting). One attachment's file is left out on purpose, and two
posts share a slug, so the importer's reports can be tested.

Everything follows from the seed, and images and PDFs are drawn once and reused, so thousands
of posts take seconds.
"""

import io
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from html import escape
from pathlib import Path

from django.conf import settings
from fpdf import FPDF
from PIL import Image, ImageDraw

STORIES_FILE = Path(settings.BASE_DIR) / "pages" / "demo" / "data" / "stories.json"
SITE_UTC_OFFSET = timedelta(hours=7)  # the old site ran on Jakarta time
EXPORT_CREATED = datetime(2026, 1, 15, 8, 0)
FIRST_YEAR, LAST_YEAR = 2016, 2025
STORY_COUNT = 10
# Enough posts besides the stories to carry every special case on a post of its own.
MINIMUM_POSTS = 40

CATEGORIES = [
    ("uncategorized", "Uncategorized"),
    ("news", "News"),
    ("webinar", "Webinar"),
    ("training", "Training"),
    ("congress", "Congress"),
    ("call-opportunity", "Call / Opportunity"),
    ("global-regional-activity", "Global-Regional Activity"),
    # Not a category of the new site: the importer must say what it does with it.
    ("press-release", "Press Release"),
]
CATEGORY_WEIGHTS = {
    "news": 40,
    "webinar": 12,
    "training": 12,
    "congress": 6,
    "call-opportunity": 8,
    "global-regional-activity": 14,
    "uncategorized": 3,
}
TAG_NAMES = [
    "SDGs", "Climate", "Localisation", "COVID-19", "Health", "Gender", "Local finance", "Participation",
    "Mobility", "Resilience", "COP26", "UCLG World", "Human rights", "Decentralised cooperation", "Congress",
    "Youth", "Urban planning", "Water", "Waste management", "Smart city", "Disaster risk reduction", "Housing",
    "Culture", "Jakarta", "Manila", "Bangkok", "Seoul", "Surabaya", "Kathmandu", "Colombo",
]  # fmt: skip
AUTHORS = [
    ("secretariat", "UCLG ASPAC Secretariat", "secretariat@example.org"),
    ("rpratama", "Rizky Pratama", "rizky.pratama@example.org"),
    ("mjkim", "Kim Min-ji", "minji.kim@example.org"),
]
CITIES = [
    "Jakarta", "Manila", "Bangkok", "Seoul", "Surabaya", "Kathmandu", "Colombo", "Hanoi", "Makassar",
    "Davao", "Ulaanbaatar", "Kuala Lumpur", "Dhaka", "Guangzhou", "Busan", "Pune", "Suva", "Semarang",
]  # fmt: skip
TOPICS = [
    "Localising the SDGs", "Climate Action Planning", "Local Finance", "Urban Resilience", "Waste Management",
    "Sanitation", "Gender-Responsive Budgeting", "Disaster Risk Reduction", "Smart Cities", "Youth Participation",
    "Sustainable Mobility", "Affordable Housing", "Clean Water", "Migration", "Heritage Cities", "Food Security",
]  # fmt: skip
EVENT_WORDS = ["Workshop on", "Webinar:", "Forum on", "Training on", "Dialogue on", "Peer Learning on", "Report:"]
SENTENCES = [
    "Mayors and local officials from {city} shared how they put {topic} into practice.",
    "The session opened with remarks from the Secretary General of UCLG ASPAC.",
    "Participants from {count} member cities exchanged experiences and agreed on next steps.",
    "{city} presented its roadmap on {topic}, prepared with civil society and the private sector.",
    "The programme is supported by the European Union and implemented with national associations.",
    "A follow-up meeting will take place in {city} later this year.",
    "Local governments are at the forefront of {topic}, and need the means to act.",
    "The discussion highlighted the importance of data, finance and multi-level governance.",
    "Speakers stressed that no one and no place should be left behind.",
    "The outcome document will be shared with all members of the network.",
]
ALT_TEXTS = [
    "Participants of the {topic} workshop in {city}",
    "Mayor of {city} speaking at the opening session",
    "Group photo of delegates in {city}",
    "A panel discussion on {topic}",
]
YOUTUBE_IDS = ["dQw9WgXcQ2s", "kJQP7kiw5Fk", "3JZ_D3ELwOQ", "L_jWHffIx5E", "9bZkp7q19f0"]
IMAGE_COLOURS = [(31, 94, 140), (200, 90, 40), (46, 139, 87), (120, 60, 140)]
IMAGE_SIZE = (640, 360)
PAGE_TREE = [
    (
        "about-us",
        "About Us",
        [("history", "History"), ("secretariat", "Secretariat"), ("members", "Members")],
    ),
    (
        "capacity-building",
        "Capacity Building",
        [("learning-events", "Learning Events"), ("city-to-city-exchanges", "City-to-City Exchanges")],
    ),
    (
        "policy-research",
        "Policy Research",
        [("publications", "Publications"), ("policy-briefs", "Policy Briefs"), ("localisation-reports", "VLR Reports")],
    ),
    (
        "programmes-projects",
        "Programmes & Projects",
        [("lokal", "LOCAL"), ("clima", "Climate Resilient Cities"), ("sdgs-localisation", "SDGs Localisation")],
    ),
    (
        "decentralised-cooperations",
        "Decentralised Cooperations",
        [("partners", "Partners"), ("twinning", "City Twinning")],
    ),
    (
        "standing-committee",
        "Standing Committee",
        [("gender-equality", "Gender Equality"), ("women-leaders", "Women Leaders")],
    ),
]

# How often a post gets each feature of its body; "pdf" and "link" are then given one of two forms.
RANDOM_FEATURES = [
    ("inline-image", 0.35),
    ("gallery", 0.12),
    ("pdf", 0.25),
    ("youtube", 0.1),
    ("list", 0.2),
    ("quote", 0.1),
    ("table", 0.08),
    ("link", 0.2),
]
# The first stories carry every feature in both editor styles (even indexes are classic), so
# an export of any seed and size has them all.
STORY_FEATURES = [
    {"inline-image", "link-permalink", "list"},
    {"inline-image", "pdf-paragraph", "list", "link-permalink"},
    {"gallery", "youtube", "pdf-inline"},
    {"youtube", "quote", "table", "link-id"},
    {"pdf-paragraph", "link-id", "quote", "table"},
    {"gallery", "inline-image", "pdf-inline"},
]

HOSTILE_SNIPPETS = {
    "script": '<script>document.write("<img src=https://tracker.example/p.gif>")</script>',
    "iframe": '<iframe src="https://maps.example.org/embed?city=jakarta" width="600" height="450"></iframe>',
    "style": '<span style="color: #ff0000; font-size: 28px;">Registration closes on Friday!</span>',
    "javascript": '<a href="javascript:alert(document.cookie)">Click here to register</a>',
    "nesting": "<p><b>bold <i>both</b> italic</i></p>",
    "contact-form": '[contact-form-7 id="5" title="Contact form 1"]',
}


@dataclass
class _Media:
    wp_id: int
    kind: str  # "jpg", "png" or "pdf"
    name: str
    title: str
    alt: str
    uploaded: datetime
    parent: "_Post"
    url: str = ""
    relative_path: str = ""
    write_file: bool = True


@dataclass
class _Post:
    title: str
    slug: str
    local_date: datetime
    category: str
    tags: list[str]
    author: str
    paragraphs: list[str] = field(default_factory=list)
    excerpt: str = ""
    story: bool = False
    status: str = "publish"
    password: str = ""
    gutenberg: bool = False
    features: set[str] = field(default_factory=set)
    wp_id: int = 0
    link: str = ""
    thumbnail: _Media | None = None
    media: list[_Media] = field(default_factory=list)
    content: str = ""
    extra_categories: list[str] = field(default_factory=list)
    parent_id: int = 0
    menu_order: int = 0


def write_sample_export(
    directory: Path, posts: int = 300, *, seed: int = 2026, base_url: str = "https://www.uclg-aspac.org"
) -> Path:
    """Write `export.xml` and `uploads/` into `directory`; return the path of export.xml."""
    if posts < MINIMUM_POSTS:
        raise ValueError(f"A sample export needs at least {MINIMUM_POSTS} posts, not {posts}.")
    directory = Path(directory)
    builder = _ExportBuilder(random.Random(seed), base_url.rstrip("/"), posts)
    builder.build()
    export_path = directory / "export.xml"
    directory.mkdir(parents=True, exist_ok=True)
    export_path.write_text(builder.render(), encoding="utf-8")
    builder.write_media(directory / "uploads")
    return export_path


def slugify(text: str) -> str:
    """WordPress's sanitize_title, near enough: ASCII, lower case, hyphens, no apostrophes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


class _ExportBuilder:
    def __init__(self, rng: random.Random, base_url: str, post_count: int):
        self.rng = rng
        self.base_url = base_url
        self.post_count = post_count
        self.next_id = 1  # ID 1 was WordPress's "Hello world!" post, long deleted
        self.pages: list[_Post] = []
        self.posts: list[_Post] = []
        self.media: list[_Media] = []
        self.menu_items: list[tuple[int, _Post, int]] = []
        self.used_paths: set[str] = set()
        self.gave_a_draft_no_slug = False

    def allocate_id(self) -> int:
        self.next_id += 1
        return self.next_id

    # Building the content.

    def build(self):
        self._build_pages()
        self.posts = sorted(self._story_posts() + self._generic_posts(), key=lambda post: post.local_date)
        self._assign_special_cases()
        published = []
        for post in self.posts:
            post.wp_id = self.allocate_id()
            post.link = self._post_link(post)
            self._attach_media(post)
            post.content = self._post_content(post, published)
            if post.status == "publish" and not post.password:
                published.append(post)
        self._build_menu()

    def _build_pages(self):
        created = datetime(2016, 1, 11, 9, 0)
        for parent_slug, parent_title, children in PAGE_TREE:
            parent = self._page(parent_title, parent_slug, created, f"{self.base_url}/{parent_slug}/")
            self.pages.append(parent)
            for order, (child_slug, child_title) in enumerate(children, start=1):
                link = f"{self.base_url}/{parent_slug}/{child_slug}/"
                child = self._page(child_title, child_slug, created + timedelta(minutes=order), link, parent, order)
                self.pages.append(child)
        draft = self._page("Careers", "", created + timedelta(days=400), "", status="draft")
        draft.link = f"{self.base_url}/?page_id={draft.wp_id}"
        self.pages.append(draft)

    def _page(self, title, slug, created, link, parent=None, order=0, status="publish") -> _Post:
        page = _Post(title=title, slug=slug, local_date=created, category="", tags=[], author="secretariat")
        page.wp_id, page.link, page.status = self.allocate_id(), link, status
        page.parent_id, page.menu_order = (parent.wp_id if parent else 0), order
        page.content = "\n\n".join(self._paragraphs(3, city="Jakarta", topic=title))
        return page

    def _story_posts(self) -> list[_Post]:
        items = json.loads(STORIES_FILE.read_text(encoding="utf-8"))["items"]
        chosen = [item for item in items if item["kind"] == "story"]
        chosen += [item for item in items if item["kind"] != "story"]
        posts = []
        for index, item in enumerate(chosen[:STORY_COUNT]):
            published = datetime.combine(date.fromisoformat(item["date"]), time(9, 30))
            post = _Post(
                title=item["title"],
                slug=item["slug"],
                local_date=published,
                category=item["category"],
                tags=list(item["tags"]),
                author=AUTHORS[index % len(AUTHORS)][0],
                paragraphs=[escape(paragraph, quote=False) for paragraph in item["body"]],
                excerpt=item["teaser"],
                story=True,
                gutenberg=index % 2 == 1,
                features=set(STORY_FEATURES[index]) if index < len(STORY_FEATURES) else set(),
            )
            posts.append(post)
        return posts

    def _generic_posts(self) -> list[_Post]:
        rng = self.rng
        start = datetime(FIRST_YEAR, 1, 1)
        span_minutes = int((datetime(LAST_YEAR + 1, 1, 1) - start).total_seconds() // 60)
        category_slugs, weights = zip(*CATEGORY_WEIGHTS.items(), strict=True)
        posts = []
        for _index in range(self.post_count - STORY_COUNT):
            city, topic = rng.choice(CITIES), rng.choice(TOPICS)
            title = f"{rng.choice(EVENT_WORDS)} {topic} in {city}"
            local_date = start + timedelta(minutes=rng.randrange(span_minutes))
            post = _Post(
                title=title,
                slug=slugify(title),
                local_date=local_date.replace(second=rng.randrange(60)),
                category=rng.choices(category_slugs, weights)[0],
                tags=rng.sample(TAG_NAMES, rng.randrange(0, 5)),
                author=rng.choice(AUTHORS)[0],
                paragraphs=self._paragraphs(rng.randrange(3, 8), city=city, topic=topic.lower()),
                gutenberg=local_date.year >= 2019 and rng.random() < 0.7,
            )
            if rng.random() < 0.4:
                post.excerpt = post.paragraphs[0]
            posts.append(post)
        return posts

    def _paragraphs(self, count: int, *, city: str, topic: str) -> list[str]:
        rng = self.rng
        paragraphs = []
        for _index in range(count):
            sentences = rng.sample(SENTENCES, 3)
            text = " ".join(sentences).format(city=city, topic=topic, count=rng.randrange(5, 40))
            paragraphs.append(escape(text, quote=False))
        return paragraphs

    def _assign_special_cases(self):
        """Statuses, hostile snippets and the duplicate slug, each on its own post."""
        rng = self.rng
        generic = [index for index, post in enumerate(self.posts) if not post.story]
        self._make_unique_slugs()
        first, second = self._duplicate_slug_pair(generic)
        self.posts[second].title, self.posts[second].slug = self.posts[first].title, self.posts[first].slug
        candidates = [index for index in generic if index not in (first, second)]
        scale = max(1, self.post_count // 300)
        wanted = (
            [("status:draft", 3 * scale), ("status:private", 2 * scale), ("status:password", 1), ("status:pending", 1)]
            + [("status:trash", 1), ("press-release", 3 * scale), ("contact-form", 2)]
            + [(name, 1) for name in HOSTILE_SNIPPETS if name != "contact-form"]
        )
        chosen = rng.sample(candidates, sum(count for _name, count in wanted))
        for name, count in wanted:
            for _repeat in range(count):
                self._apply_special_case(self.posts[chosen.pop()], name)

    def _make_unique_slugs(self):
        seen: dict[str, int] = {}
        for post in self.posts:
            count = seen.get(post.slug, 0) + 1
            seen[post.slug] = count
            if count > 1:
                post.slug = f"{post.slug}-{count}"

    def _duplicate_slug_pair(self, generic: list[int]) -> tuple[int, int]:
        first = generic[len(generic) // 3]
        first_month = self.posts[first].local_date.strftime("%Y%m")
        for index in generic[(2 * len(generic)) // 3 :]:
            if self.posts[index].local_date.strftime("%Y%m") != first_month:
                return first, index
        raise AssertionError("too few posts for a duplicate slug")

    def _apply_special_case(self, post: _Post, name: str):
        if name == "status:password":
            post.password = "members2020"
        elif name.startswith("status:"):
            post.status = name.removeprefix("status:")
            if post.status == "trash":
                post.slug += "__trashed"
            # WordPress gives a draft a slug only once someone edits it; the first draft never was.
            if post.status == "draft" and not self.gave_a_draft_no_slug:
                post.features.add("draft-without-slug")
                self.gave_a_draft_no_slug = True
        elif name == "press-release":
            post.extra_categories.append("press-release")
        else:
            post.features.add(name)

    def _post_link(self, post: _Post) -> str:
        if post.status in ("draft", "pending"):
            return f"{self.base_url}/?p={post.wp_id}"
        return f"{self.base_url}/{post.local_date:%Y/%m}/{post.slug}/"

    def _attach_media(self, post: _Post):
        rng = self.rng
        features = post.features
        for feature, probability in RANDOM_FEATURES:
            if rng.random() < probability:
                features.add(feature)
        if "pdf" in features:
            features.discard("pdf")
            features.add("pdf-inline" if rng.random() < 0.5 else "pdf-paragraph")
        if "link" in features:
            features.discard("link")
            features.add("link-permalink" if rng.random() < 0.6 else "link-id")
        if post.story or rng.random() < 0.85:
            post.thumbnail = self._new_media(post, "png" if rng.random() < 0.1 else "jpg")
        if "inline-image" in features:
            post.media.append(self._new_media(post, "jpg"))
        if "gallery" in features:
            post.media.extend(self._new_media(post, "jpg") for _index in range(3))
        if {"pdf-inline", "pdf-paragraph"} & features:
            post.media.append(self._new_media(post, "pdf"))

    def _new_media(self, post: _Post, kind: str) -> _Media:
        uploaded = post.local_date - timedelta(minutes=self.rng.randrange(5, 120))
        stem = post.slug.replace("__trashed", "")[:40].strip("-") or "upload"
        title = f"{stem}-{len(post.media) + (post.thumbnail is not None) + 1}"
        if kind == "pdf":
            title = f"{stem[:30].rstrip('-')}-report"
        relative_path = f"{uploaded:%Y/%m}/{title}.{kind}"
        suffix = 2
        while relative_path in self.used_paths:
            relative_path = f"{uploaded:%Y/%m}/{title}-{suffix}.{kind}"
            suffix += 1
        self.used_paths.add(relative_path)
        alt = ""
        if kind != "pdf" and self.rng.random() < 0.8:
            alt = self.rng.choice(ALT_TEXTS).format(topic=post.title, city=self.rng.choice(CITIES))
        media = _Media(
            wp_id=self.allocate_id(),
            kind=kind,
            name=Path(relative_path).name,
            title=Path(relative_path).stem,
            alt=alt,
            uploaded=uploaded,
            parent=post,
            url=f"{self.base_url}/wp-content/uploads/{relative_path}",
            relative_path=relative_path,
        )
        # One file is missing from uploads/, as happens when a site is moved by hand.
        if kind == "jpg" and not any(not item.write_file for item in self.media) and len(self.media) >= 20:
            media.write_file = False
        self.media.append(media)
        return media

    def _build_menu(self):
        about = self.pages[0]
        for order, target in enumerate((about, self.pages[3]), start=1):
            self.menu_items.append((self.allocate_id(), target, order))

    # Writing the content of a post.

    def _post_content(self, post: _Post, earlier: list[_Post]) -> str:
        blocks = [_Block("paragraph", text) for text in post.paragraphs]
        images = [media for media in post.media if media.kind != "pdf"]
        pdfs = [media for media in post.media if media.kind == "pdf"]
        middle = min(2, len(blocks))
        extras = []
        if "inline-image" in post.features:
            extras.append(_Block("image", images[0]))
        if "gallery" in post.features:
            extras.append(_Block("gallery", images[-3:]))
        if "pdf-paragraph" in post.features:
            extras.append(_Block("file", pdfs[0]))
        if "pdf-inline" in post.features:
            blocks[-1] = _Block(
                "paragraph", blocks[-1].value + f' Read the <a href="{pdfs[0].url}">full report (PDF)</a> for details.'
            )
        if "youtube" in post.features:
            extras.append(_Block("youtube", self.rng.choice(YOUTUBE_IDS)))
        if "list" in post.features:
            extras.append(_Block("list", self.rng.sample(CITIES, 4)))
        if "quote" in post.features:
            extras.append(_Block("quote", "Cities are where the SDGs will be won or lost."))
        if "table" in post.features:
            extras.append(_Block("table", [("City", "Participants"), ("Jakarta", "120"), ("Manila", "85")]))
        if earlier and {"link-permalink", "link-id"} & post.features:
            target = self.rng.choice(earlier)
            href = target.link if "link-permalink" in post.features else f"{self.base_url}/?p={target.wp_id}"
            blocks.append(
                _Block("paragraph", f'See also our earlier story: <a href="{href}">{escape(target.title)}</a>.')
            )
        for name in HOSTILE_SNIPPETS:
            if name in post.features:
                extras.append(_Block("raw", HOSTILE_SNIPPETS[name]))
        if post.gutenberg and post.story:
            blocks.insert(1, _Block("heading", "Highlights"))
        blocks[middle:middle] = extras
        render = _render_gutenberg if post.gutenberg else _render_classic
        return "\n\n".join(render(block) for block in blocks)

    # Writing the files.

    def render(self) -> str:
        parts = [self._channel_head()]
        items = [(page.wp_id, self._page_item(page)) for page in self.pages]
        items += [(post.wp_id, self._post_item(post)) for post in self.posts]
        items += [(media.wp_id, self._attachment_item(media)) for media in self.media]
        items += [(wp_id, self._menu_item(wp_id, target, order)) for wp_id, target, order in self.menu_items]
        parts.extend(text for _wp_id, text in sorted(items, key=lambda pair: pair[0]))
        parts.append("</channel>\n</rss>\n")
        return "".join(parts)

    def write_media(self, uploads: Path):
        for media in self.media:
            if media.write_file:
                path = uploads / media.relative_path
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(_media_bytes(media.kind, media.wp_id))

    def _channel_head(self) -> str:
        authors = "".join(
            f"\t<wp:author><wp:author_id>{number}</wp:author_id><wp:author_login>{_cdata(login)}</wp:author_login>"
            f"<wp:author_email>{_cdata(email)}</wp:author_email><wp:author_display_name>{_cdata(name)}"
            f"</wp:author_display_name><wp:author_first_name>{_cdata('')}</wp:author_first_name>"
            f"<wp:author_last_name>{_cdata('')}</wp:author_last_name></wp:author>\n\n"
            for number, (login, name, email) in enumerate(AUTHORS, start=1)
        )
        categories = "".join(
            f"\t<wp:category>\n\t\t<wp:term_id>{number}</wp:term_id>\n"
            f"\t\t<wp:category_nicename>{_cdata(slug)}</wp:category_nicename>\n"
            f"\t\t<wp:category_parent>{_cdata('')}</wp:category_parent>\n"
            f"\t\t<wp:cat_name>{_cdata(name)}</wp:cat_name>\n\t</wp:category>\n"
            for number, (slug, name) in enumerate(CATEGORIES, start=1)
        )
        tags = "".join(
            f"\t<wp:tag>\n\t\t<wp:term_id>{number}</wp:term_id>\n\t\t<wp:tag_slug>{_cdata(slugify(name))}</wp:tag_slug>\n"
            f"\t\t<wp:tag_name>{_cdata(name)}</wp:tag_name>\n\t</wp:tag>\n"
            for number, name in enumerate(self._all_tags(), start=len(CATEGORIES) + 1)
        )
        menu_term = (
            "\t<wp:term>\n\t\t<wp:term_id>90</wp:term_id>\n\t\t<wp:term_taxonomy>nav_menu</wp:term_taxonomy>\n"
            f"\t\t<wp:term_slug>{_cdata('main-menu')}</wp:term_slug>\n"
            f"\t\t<wp:term_name>{_cdata('Main menu')}</wp:term_name>\n\t</wp:term>\n"
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" ?>\n'
            "<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->\n"
            "<!-- It contains information about your site's posts, pages, comments, categories, "
            "and other content. -->\n"
            f'<!-- generator="WordPress/6.4.3" created="{EXPORT_CREATED:%Y-%m-%d %H:%M}" -->\n'
            '<rss version="2.0"\n'
            '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
            '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n\n<channel>\n'
            "\t<title>UCLG ASPAC</title>\n"
            f"\t<link>{self.base_url}</link>\n"
            "\t<description>United Cities and Local Governments Asia-Pacific</description>\n"
            f"\t<pubDate>{_rfc822(EXPORT_CREATED)}</pubDate>\n"
            "\t<language>en-US</language>\n"
            "\t<wp:wxr_version>1.2</wp:wxr_version>\n"
            f"\t<wp:base_site_url>{self.base_url}</wp:base_site_url>\n"
            f"\t<wp:base_blog_url>{self.base_url}</wp:base_blog_url>\n\n"
            f"{authors}{categories}{tags}{menu_term}\n"
            "\t<generator>https://wordpress.org/?v=6.4.3</generator>\n\n"
        )

    def _all_tags(self) -> list[str]:
        names = list(TAG_NAMES)
        for post in self.posts:
            names.extend(tag for tag in post.tags if tag not in names)
        return names

    def _post_item(self, post: _Post) -> str:
        terms = [(slug, dict(CATEGORIES)[slug]) for slug in [post.category, *post.extra_categories]]
        categories = "".join(
            f'\t\t<category domain="category" nicename="{slug}">{_cdata(name)}</category>\n' for slug, name in terms
        )
        categories += "".join(
            f'\t\t<category domain="post_tag" nicename="{slugify(tag)}">{_cdata(tag)}</category>\n' for tag in post.tags
        )
        meta = {"_edit_last": "1"}
        if post.thumbnail:
            meta["_thumbnail_id"] = str(post.thumbnail.wp_id)
        return self._item(post, "post", categories=categories, meta=meta)

    def _page_item(self, page: _Post) -> str:
        return self._item(page, "page", meta={"_wp_page_template": "default"})

    def _item(self, post: _Post, post_type, *, categories="", meta=None) -> str:
        undated = post.status == "draft"
        gmt = post.local_date - SITE_UTC_OFFSET
        slug = "" if "draft-without-slug" in post.features else post.slug
        return _item_xml(
            title=post.title,
            link=post.link,
            pub_date="Mon, 30 Nov -0001 00:00:00 +0000" if undated else _rfc822(gmt),
            creator=post.author,
            guid=f"{self.base_url}/?{'page_id' if post_type == 'page' else 'p'}={post.wp_id}",
            content=post.content,
            excerpt=post.excerpt,
            wp_id=post.wp_id,
            post_date=f"{post.local_date:%Y-%m-%d %H:%M:%S}",
            post_date_gmt="0000-00-00 00:00:00" if undated else f"{gmt:%Y-%m-%d %H:%M:%S}",
            slug=slug,
            status=post.status,
            parent_id=post.parent_id,
            menu_order=post.menu_order,
            post_type=post_type,
            password=post.password,
            extra=categories,
            meta=meta or {},
        )

    def _attachment_item(self, media: _Media) -> str:
        parent = media.parent
        meta = {"_wp_attached_file": media.relative_path}
        if media.kind != "pdf":
            meta["_wp_attachment_metadata"] = _php_image_metadata(media.relative_path)
            if media.alt:
                meta["_wp_attachment_image_alt"] = media.alt
        gmt = media.uploaded - SITE_UTC_OFFSET
        mime = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}[media.kind]
        return _item_xml(
            title=media.title,
            link=f"{parent.link.rstrip('/')}/{media.title}/" if "?" not in parent.link else parent.link,
            pub_date=_rfc822(gmt),
            creator=parent.author,
            guid=media.url,
            content="",
            excerpt="",
            wp_id=media.wp_id,
            post_date=f"{media.uploaded:%Y-%m-%d %H:%M:%S}",
            post_date_gmt=f"{gmt:%Y-%m-%d %H:%M:%S}",
            slug=media.title,
            status="inherit",
            parent_id=parent.wp_id,
            menu_order=0,
            post_type="attachment",
            password="",
            extra=f"\t\t<wp:attachment_url>{_cdata(media.url)}</wp:attachment_url>\n",
            meta=meta,
            mime_type=mime,
        )

    def _menu_item(self, wp_id: int, target: _Post, order: int) -> str:
        menu_date = datetime(2016, 2, 1, 10, 0)
        return _item_xml(
            title="",
            link=f"{self.base_url}/?p={wp_id}",
            pub_date=_rfc822(menu_date - SITE_UTC_OFFSET),
            creator="secretariat",
            guid=f"{self.base_url}/?p={wp_id}",
            content=" ",
            excerpt="",
            wp_id=wp_id,
            post_date=f"{menu_date:%Y-%m-%d %H:%M:%S}",
            post_date_gmt=f"{menu_date - SITE_UTC_OFFSET:%Y-%m-%d %H:%M:%S}",
            slug=str(wp_id),
            status="publish",
            parent_id=0,
            menu_order=order,
            post_type="nav_menu_item",
            password="",
            extra=f'\t\t<category domain="nav_menu" nicename="main-menu">{_cdata("Main menu")}</category>\n',
            meta={
                "_menu_item_type": "post_type",
                "_menu_item_menu_item_parent": "0",
                "_menu_item_object_id": str(target.wp_id),
                "_menu_item_object": "page",
                "_menu_item_target": "",
                "_menu_item_url": "",
            },
        )


@dataclass
class _Block:
    kind: str
    value: object


def _render_classic(block: _Block) -> str:
    """The classic editor stores no <p>: paragraphs are separated by blank lines."""
    value = block.value
    match block.kind:
        case "paragraph" | "raw":
            return value
        case "heading":
            return f"<h2>{value}</h2>"
        case "image":
            return (
                f'[caption id="attachment_{value.wp_id}" align="aligncenter" width="640"]'
                f'<img src="{value.url}" alt="{escape(value.alt)}" width="640" height="360" '
                f'class="size-full wp-image-{value.wp_id}" /> Photo: {escape(value.alt or value.title)}[/caption]'
            )
        case "gallery":
            return f'[gallery ids="{",".join(str(media.wp_id) for media in value)}"]'
        case "file":
            return f'<a href="{value.url}">Download: {escape(value.title)} (PDF)</a>'
        case "youtube":
            return f"[embed]https://www.youtube.com/watch?v={value}[/embed]"
        case "list":
            return "<ul>\n" + "\n".join(f"\t<li>{item}</li>" for item in value) + "\n</ul>"
        case "quote":
            return f"<blockquote>{value}</blockquote>"
        case "table":
            rows = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in value)
            return f"<table><tbody>{rows}</tbody></table>"
    raise ValueError(block.kind)


def _render_gutenberg(block: _Block) -> str:
    value = block.value
    match block.kind:
        case "paragraph":
            return f"<!-- wp:paragraph -->\n<p>{value}</p>\n<!-- /wp:paragraph -->"
        case "raw":
            return f"<!-- wp:html -->\n{value}\n<!-- /wp:html -->"
        case "heading":
            return f'<!-- wp:heading -->\n<h2 class="wp-block-heading">{value}</h2>\n<!-- /wp:heading -->'
        case "image":
            return (
                f'<!-- wp:image {{"id":{value.wp_id},"sizeSlug":"full","linkDestination":"none"}} -->\n'
                f'<figure class="wp-block-image size-full"><img src="{value.url}" alt="{escape(value.alt)}" '
                f'class="wp-image-{value.wp_id}"/><figcaption class="wp-element-caption">'
                f"Photo: {escape(value.alt or value.title)}</figcaption></figure>\n<!-- /wp:image -->"
            )
        case "gallery":
            ids = ",".join(str(media.wp_id) for media in value)
            return f'<!-- wp:shortcode -->\n[gallery ids="{ids}"]\n<!-- /wp:shortcode -->'
        case "file":
            anchor = f"wp-block-file--media-{value.wp_id}"
            return (
                f'<!-- wp:file {{"id":{value.wp_id},"href":"{value.url}"}} -->\n<div class="wp-block-file">'
                f'<a id="{anchor}" href="{value.url}">{escape(value.title)}</a><a href="{value.url}" '
                f'class="wp-block-file__button wp-element-button" download aria-describedby="{anchor}">Download</a>'
                "</div>\n<!-- /wp:file -->"
            )
        case "youtube":
            url = f"https://www.youtube.com/watch?v={value}"
            return (
                f'<!-- wp:embed {{"url":"{url}","type":"video","providerNameSlug":"youtube","responsive":true}} -->\n'
                '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube">'
                f'<div class="wp-block-embed__wrapper">\n{url}\n</div></figure>\n<!-- /wp:embed -->'
            )
        case "list":
            items = "".join(f"<!-- wp:list-item -->\n<li>{item}</li>\n<!-- /wp:list-item -->\n" for item in value)
            return f"<!-- wp:list -->\n<ul>{items}</ul>\n<!-- /wp:list -->"
        case "quote":
            return (
                '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><!-- wp:paragraph -->\n'
                f"<p>{value}</p>\n<!-- /wp:paragraph --><cite>Secretary General, UCLG ASPAC</cite></blockquote>\n"
                "<!-- /wp:quote -->"
            )
        case "table":
            rows = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in value)
            return (
                f'<!-- wp:table -->\n<figure class="wp-block-table"><table><tbody>{rows}</tbody></table></figure>\n'
                "<!-- /wp:table -->"
            )
    raise ValueError(block.kind)


def _item_xml(**values) -> str:
    meta = "".join(
        f"\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>{_cdata(key)}</wp:meta_key>\n"
        f"\t\t\t<wp:meta_value>{_cdata(value)}</wp:meta_value>\n\t\t</wp:postmeta>\n"
        for key, value in values["meta"].items()
    )
    mime = (
        f"\t\t<wp:post_mime_type>{_cdata(values['mime_type'])}</wp:post_mime_type>\n" if "mime_type" in values else ""
    )
    return (
        "\t<item>\n"
        f"\t\t<title>{_cdata(values['title'])}</title>\n"
        f"\t\t<link>{escape(values['link'])}</link>\n"
        f"\t\t<pubDate>{values['pub_date']}</pubDate>\n"
        f"\t\t<dc:creator>{_cdata(values['creator'])}</dc:creator>\n"
        f'\t\t<guid isPermaLink="false">{escape(values["guid"])}</guid>\n'
        "\t\t<description></description>\n"
        f"\t\t<content:encoded>{_cdata(values['content'])}</content:encoded>\n"
        f"\t\t<excerpt:encoded>{_cdata(values['excerpt'])}</excerpt:encoded>\n"
        f"\t\t<wp:post_id>{values['wp_id']}</wp:post_id>\n"
        f"\t\t<wp:post_date>{_cdata(values['post_date'])}</wp:post_date>\n"
        f"\t\t<wp:post_date_gmt>{_cdata(values['post_date_gmt'])}</wp:post_date_gmt>\n"
        f"\t\t<wp:post_modified>{_cdata(values['post_date'])}</wp:post_modified>\n"
        f"\t\t<wp:post_modified_gmt>{_cdata(values['post_date_gmt'])}</wp:post_modified_gmt>\n"
        f"\t\t<wp:comment_status>{_cdata('closed')}</wp:comment_status>\n"
        f"\t\t<wp:ping_status>{_cdata('closed')}</wp:ping_status>\n"
        f"\t\t<wp:post_name>{_cdata(values['slug'])}</wp:post_name>\n"
        f"\t\t<wp:status>{_cdata(values['status'])}</wp:status>\n"
        f"\t\t<wp:post_parent>{values['parent_id']}</wp:post_parent>\n"
        f"\t\t<wp:menu_order>{values['menu_order']}</wp:menu_order>\n"
        f"\t\t<wp:post_type>{_cdata(values['post_type'])}</wp:post_type>\n"
        f"\t\t<wp:post_password>{_cdata(values['password'])}</wp:post_password>\n"
        "\t\t<wp:is_sticky>0</wp:is_sticky>\n"
        f"{mime}{values['extra']}{meta}"
        "\t</item>\n"
    )


def _cdata(text: str) -> str:
    """CDATA as WordPress writes it: a "]]>" inside is split across two sections."""
    return "<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _rfc822(moment: datetime) -> str:
    return moment.strftime("%a, %d %b %Y %H:%M:%S +0000")


def _php_image_metadata(relative_path: str) -> str:
    """The PHP-serialised array WordPress keeps about an image (only its main keys)."""
    width, height = IMAGE_SIZE
    return (
        f'a:3:{{s:5:"width";i:{width};s:6:"height";i:{height};'
        f's:4:"file";s:{len(relative_path.encode())}:"{relative_path}";}}'
    )


def _media_bytes(kind: str, wp_id: int) -> bytes:
    if kind == "pdf":
        return _pdf_bytes(wp_id % 2)
    return _image_bytes(kind, wp_id % len(IMAGE_COLOURS))


@cache
def _image_bytes(kind: str, variant: int) -> bytes:
    background = IMAGE_COLOURS[variant]
    image = Image.new("RGB", IMAGE_SIZE, background)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, channel + 80) for channel in background)
    draw.rectangle((40, 200, 600, 320), fill=light)
    draw.ellipse((420 - 40 * variant, 40, 560 - 40 * variant, 180), fill=(240, 240, 230))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG" if kind == "png" else "JPEG", quality=70)
    return buffer.getvalue()


@cache
def _pdf_bytes(variant: int) -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(datetime(2020, 1, 1, 0, 0))
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.cell(0, 12, ["Annual Report", "Policy Brief"][variant], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "United Cities and Local Governments Asia-Pacific. " * 12)
    return bytes(pdf.output())
