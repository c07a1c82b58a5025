"""A WordPress export becomes the site's content: attachments become images and documents,
pages become standard pages under their sections, posts become stories or events under
News & Events, and every old address redirects to what it became.

Each item is saved in a transaction of its own: an item that fails is reported and leaves
nothing half-saved, and the items before and after it are imported all the same. Items are
keyed on the old site's address and their WordPress ID, so importing again updates them.
A dry run takes every decision and reports it, and writes nothing."""

import html
import logging
import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from pages.models import EventPage, HomePage, NewsIndexPage, SectionPage, StandardPage, StoryCategory, StoryPage

from . import links, media
from .content import convert_body
from .models import ImportedItem
from .report import ImportReport

logger = logging.getLogger(__name__)

# Statuses whose items are imported unpublished, for editors to review: WordPress did not show
# them to the public. Anything else (trash, auto-draft, inherit) is not imported.
PUBLIC_STATUS = "publish"
UNPUBLISHED_STATUSES = {"draft", "pending", "private", "future"}
TEASER_LENGTH = 300
# What a dry run's pages, images and documents stand in with: nothing is saved, so no real ID.
DRY_RUN_ID = 0


@dataclass
class Mapping:
    """WordPress category slug → the site's category slug ("" leaves it unmapped), and the
    WordPress categories whose posts become events."""

    categories: dict = field(default_factory=dict)
    event_categories: set = field(default_factory=set)


class ImportStopped(Exception):
    """The destination is missing: nothing can be imported."""


def import_export(export, *, media_dir=None, dry_run=False, as_drafts=False, mapping=None, progress=None):
    importer = WordPressImporter(
        export, media_dir=media_dir, dry_run=dry_run, as_drafts=as_drafts, mapping=mapping or Mapping()
    )
    importer.progress = progress
    return importer.run()


class WordPressImporter:
    def __init__(self, export, *, media_dir, dry_run, as_drafts, mapping):
        self.export = export
        self.media_dir = media_dir
        self.dry_run = dry_run
        self.as_drafts = as_drafts
        self.mapping = mapping
        self.report = ImportReport(dry_run=dry_run, as_drafts=as_drafts)
        self.source_site = links.host_of(export.base_site_url or export.base_blog_url) or "wordpress"
        self.addresses = links.OldAddresses(export)
        self.targets = {}
        self._planned_slugs = {}
        self.progress = None
        self._done = 0

    def run(self):
        self.report.categories = {
            term.slug: term.name for item in self.export.items if item.post_type == "post" for term in item.categories
        }
        for problem in self.export.problems:
            self.report.warn(None, problem)
        try:
            self._find_destination()
        except ImportStopped as stop:
            self.report.problem = str(stop)
            return self.report
        self._known = self._known_items()
        self._categories = self._site_categories()
        for item in self.export.items:
            if item.post_type == "attachment":
                self._one(item, media.kind_of(item) or "document", self._import_attachment)
        for item in _parents_first(item for item in self.export.items if item.post_type == "page"):
            self._one(item, "page", self._import_page)
        waiting = []
        for item in sorted((item for item in self.export.items if item.post_type == "post"), key=_by_date):
            if self._one(item, self._post_kind(item), self._import_post):
                waiting.append(item)
        for item in waiting:
            self._relink(item)
        self._report_other_types()
        return self.report

    # ---- Where things go ------------------------------------------------------------------

    def _find_destination(self):
        self.site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        home = self.site.root_page.specific if self.site else None
        if not isinstance(home, HomePage):
            raise ImportStopped(_("The site has no home page: create it before importing."))
        self.home = home
        self.news_index = NewsIndexPage.objects.child_of(home).first()
        if self.news_index is None:
            raise ImportStopped(_("Create the News & Events page before importing posts."))
        self.sections = {section.slug: section for section in SectionPage.objects.child_of(home)}

    def _known_items(self):
        return {
            entry.wordpress_id: entry
            for entry in ImportedItem.objects.filter(source_site=self.source_site).select_related("content_type")
        }

    def _site_categories(self):
        return {category.slug: category for category in StoryCategory.objects.filter(locale=self.home.locale)}

    # ---- One item, in a transaction of its own -----------------------------------------

    def _one(self, item, kind, import_item):
        """Import one item; True when it links to posts imported after it."""
        resolver = links.ImportResolver(self.addresses, self.targets)
        try:
            with transaction.atomic():
                outcome = import_item(item, kind, resolver)
        except (ValidationError, ValueError, OSError) as error:
            self.report.fail(item, kind, _failure_message(error))
            return False
        except Exception as error:
            logger.exception("WordPress item %s could not be imported", item.wp_id)
            self.report.fail(item, kind, _("Unexpected error: %(error)s") % {"error": error})
            return False
        self._tick()
        if outcome is not None:
            self.report.count(kind, outcome)
        return outcome is not None and resolver.waits_for_later_items

    def _relink(self, item):
        """A post linking to posts imported after it, converted again now that they exist.
        Its first conversion's warnings were held back: they named those links as broken."""
        page = self.targets.get(item.wp_id)
        if not isinstance(page, Page):
            return
        conversion = convert_body(item.content, links.ImportResolver(self.addresses, self.targets))
        for warning in conversion.warnings:
            self.report.warn(item, warning)
        if self.dry_run:
            return
        page.body = conversion.blocks
        with transaction.atomic():
            revision = page.save_revision()
            if page.live:
                revision.publish()

    def _tick(self):
        self._done += 1
        if self.progress and self._done % 25 == 0:
            self.progress(self.report)

    def _existing(self, item):
        entry = self._known.get(item.wp_id)
        if entry is None:
            return None
        target = entry.content_type.get_object_for_this_type(pk=entry.object_id) if entry.object_id else None
        return target.specific if isinstance(target, Page) else target

    def _remember(self, item, kind, target):
        self.targets[item.wp_id] = target
        if self.dry_run:
            return
        entry, _created = ImportedItem.objects.update_or_create(
            source_site=self.source_site,
            wordpress_id=item.wp_id,
            defaults={
                "kind": kind,
                "content_type": ContentType.objects.get_for_model(target, for_concrete_model=False),
                "object_id": target.pk,
            },
        )
        self._known[item.wp_id] = entry

    # ---- Attachments ------------------------------------------------------------------

    def _import_attachment(self, item, kind, resolver):
        if media.kind_of(item) is None:
            self.report.warn(
                item, _("Files of this type are not taken: %(path)s") % {"path": media.relative_path(item)}
            )
            self.report.count("document", "skipped")
            return None
        existing = self._existing(item)
        try:
            path = media.local_file(self.media_dir, item)
        except media.MissingFile as missing:
            self.report.warn(
                item,
                _("The file is missing (%(reason)s): content showing it keeps a placeholder.") % {"reason": missing},
            )
            self.report.count(kind, "skipped")
            return None
        upload = media.checked_file(path, kind)
        with upload:
            if self.dry_run:
                model = media.SiteImage if kind == "image" else media.SiteDocument
                target = existing or model(pk=DRY_RUN_ID, title=item.title)
            elif kind == "image":
                target = media.save_image(existing, item, upload)
            else:
                target = media.save_document(existing, item, upload)
        self._remember(item, "attachment", target)
        links.redirect_old_paths(item, target, self.addresses, self.site, self.report, self.dry_run)
        return "updated" if existing else "created"

    # ---- Pages ------------------------------------------------------------------------

    def _import_page(self, item, kind, resolver):
        if not self._is_imported_status(item, kind):
            return None
        existing = self._existing(item)
        parent = self.targets.get(item.parent_id) if item.parent_id else self.home
        if not isinstance(parent, Page):
            if item.parent_id:
                self.report.warn(item, _("Its parent page was not imported: it was placed under the home page."))
            parent = self.home
        section = self.sections.get(item.slug) if parent == self.home and existing is None else None
        if section is not None:
            self._remember(item, "page", section)
            existing = section
        if self._left_as_it_is(item, existing):
            return "skipped"
        conversion = convert_body(item.content, resolver)
        for warning in conversion.warnings:
            self.report.warn(item, warning)
        fields = {
            "title": item.title.strip() or _("Untitled"),
            "introduction": _plain(item.excerpt)[:1000],
            "body": conversion.blocks,
        }
        page = self._save_page(item, existing, StandardPage, parent, fields)
        return ("updated" if existing else "created") if page else None

    def _left_as_it_is(self, item, existing):
        """The site's own sections stand for the old pages of the same slug, and a page an
        editor has saved since it was imported is theirs: an import never overwrites either."""
        if isinstance(existing, SectionPage):
            message = _("Matched to the existing section “%(title)s”, which was left as it is.")
        elif existing is not None and _edited_by_a_person(existing):
            message = _("Edited on this site since it was imported (“%(title)s”): left as it is.")
        else:
            return False
        self.report.warn(item, message % {"title": existing.title})
        self.targets[item.wp_id] = existing
        if existing.live:
            self._redirect(item, existing)
        return True

    # ---- Posts --------------------------------------------------------------------------

    def _post_kind(self, item):
        slugs = {term.slug for term in item.categories}
        return "event" if slugs & self.mapping.event_categories else "story"

    def _import_post(self, item, kind, resolver):
        if not self._is_imported_status(item, kind):
            return None
        existing = self._existing(item)
        if self._left_as_it_is(item, existing):
            return "skipped"
        model = EventPage if kind == "event" else StoryPage
        if existing is not None and not isinstance(existing, model):
            self.report.warn(item, _("Imported earlier as another page type: updated as it is."))
            model = type(existing)
        conversion = convert_body(item.content, resolver)
        if not resolver.waits_for_later_items:
            for warning in conversion.warnings:
                self.report.warn(item, warning)
        when = item.date
        if when is None:
            self.report.warn(item, item.date_problem or _("It has no date: today's date was used."))
            when = timezone.now()
        fields = {
            "title": item.title.strip() or _("Untitled"),
            "date": timezone.localtime(when).date(),
            "author_name": self.export.author_name(item.author_login)[:255],
            "teaser": _teaser(item, conversion.blocks),
            "hero_image": self.targets.get(item.thumbnail_id) if item.thumbnail_id else None,
            "category": self._category(item),
            "body": conversion.blocks,
        }
        if item.thumbnail_id and not isinstance(fields["hero_image"], media.SiteImage):
            fields["hero_image"] = None
            self.report.warn(item, _("Its featured image was not imported."))
        if model is EventPage:
            fields.update(start=when, time_zone=timezone.get_current_timezone_name())
        tags = [term.name[:100] for term in item.tags]
        page = self._save_page(item, existing, model, self.news_index, fields, tags=tags)
        return ("updated" if existing else "created") if page else None

    def _category(self, item):
        """The site's category of the first WordPress category that has one; the others that
        have none are reported, never invented."""
        chosen = None
        for term in item.categories:
            slug = self.mapping.categories.get(term.slug, term.slug)
            if slug in self._categories:
                chosen = chosen or self._categories[slug]
            elif term.slug not in self.mapping.categories:
                self.report.note_unknown_category(term)
        return chosen

    # ---- Saving pages -------------------------------------------------------------------

    def _is_imported_status(self, item, kind):
        if item.status == PUBLIC_STATUS or item.status in UNPUBLISHED_STATUSES:
            return True
        self.report.count(kind, "skipped")
        return False

    def _publishes(self, item):
        if self.as_drafts:
            return False
        if item.status != PUBLIC_STATUS:
            self.report.warn(
                item, _("It was not public on WordPress (%(status)s): imported as a draft.") % {"status": item.status}
            )
            return False
        if item.password:
            self.report.warn(item, _("It was password-protected on WordPress: imported as a draft."))
            return False
        return True

    def _save_page(self, item, existing, model, parent, fields, tags=None):
        publish = self._publishes(item)
        page = existing or model(slug=self._free_slug(item, parent), live=False)
        for name, value in fields.items():
            setattr(page, name, value)
        if tags is not None:
            page.tags.set(tags)
        if self.dry_run:
            page.pk = page.pk or DRY_RUN_ID
            self._remember(item, "page" if model is StandardPage else "post", page)
            if publish or page.live:
                self._redirect(item, page)
            return page
        if existing is None:
            parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        self._remember(item, "page" if model is StandardPage else "post", page)
        if publish or page.live:
            self._redirect(item, page)
        return page

    def _free_slug(self, item, parent):
        wanted = (
            slugify(item.slug, allow_unicode=True)[:200]
            or slugify(item.title, allow_unicode=True)[:200]
            or f"wp-{item.wp_id}"
        )
        siblings = parent.get_children().filter(slug__startswith=wanted) if parent.pk else Page.objects.none()
        taken = set(siblings.values_list("slug", flat=True))
        # A dry run saves nothing: the addresses it has handed out are remembered here.
        planned = self._planned_slugs.setdefault(parent.pk, set())
        taken |= planned
        slug, number = wanted, 2
        while slug in taken:
            slug, number = f"{wanted}-{number}", number + 1
        if self.dry_run:
            planned.add(slug)
        if slug != wanted:
            self.report.warn(
                item, _("The address “%(wanted)s” was taken: it became “%(slug)s”.") % {"wanted": wanted, "slug": slug}
            )
        return slug

    def _redirect(self, item, target):
        links.redirect_old_paths(item, target, self.addresses, self.site, self.report, self.dry_run)

    def _report_other_types(self):
        others = {}
        for item in self.export.items:
            if item.post_type not in ("post", "page", "attachment"):
                others[item.post_type] = others.get(item.post_type, 0) + 1
        for post_type, number in sorted(others.items()):
            self.report.warn(
                None,
                _("%(number)s items of type “%(type)s” were not imported.") % {"number": number, "type": post_type},
            )


def _parents_first(pages):
    """Pages ordered so that a parent comes before its children, siblings by menu order."""
    pages = list(pages)
    by_id = {page.wp_id: page for page in pages}

    def depth(page, seen=()):
        parent = by_id.get(page.parent_id)
        if parent is None or page.wp_id in seen:
            return 0
        return 1 + depth(parent, (*seen, page.wp_id))

    return sorted(pages, key=lambda page: (depth(page), page.menu_order, page.wp_id))


def _edited_by_a_person(page):
    # The import saves its revisions without a user; editors' revisions carry theirs.
    revision = page.latest_revision
    return revision is not None and revision.user_id is not None


def _by_date(item):
    return (item.date or timezone.now(), item.wp_id)


def _plain(markup):
    """Text of HTML for plain-text fields: blocks apart, entities decoded."""
    spaced = re.sub(r"<(?:/p|/li|/h\d|br\s*/?)>", " ", markup or "", flags=re.IGNORECASE)
    return " ".join(html.unescape(strip_tags(spaced)).split())


def _teaser(item, blocks):
    text = _plain(item.excerpt)
    if not text:
        paragraphs = [block["value"] for block in blocks if block["type"] == "paragraph"]
        text = _plain(" ".join(paragraphs))
    return Truncator(text or item.title).chars(TEASER_LENGTH)


def _failure_message(error):
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error)
