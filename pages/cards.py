"""Listings' cards, rendered once per change of their page and kept (pages.models.StoredCard).

A listing asks `cards(pages, template, request)` for the HTML of its pages' cards. Every card
shown since its page last changed is read from the database with its neighbours in one
query, without loading the page or its images; the others are rendered from their pages
(fetched as `pages.listing.with_card_data` fetches them) and kept for the next listing.

A kept card stops counting when its page is saved (the page's cards are deleted), when its
page's address or publication time differs from the one it was rendered with (a move or a
rename of an ancestor, a publish racing a render), when an upcoming event it shows has begun
(`card_valid_until`), and when anything else a card can show changes: an image, a
document, a snippet, a setting, a site (every card is deleted, as the page cache is bumped).
Its variant names a hash of its template and of the translations, so a deployed change to
either renders cards afresh; every migration deletes them too.
"""

import hashlib
import logging
from collections.abc import Sequence
from functools import cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from pages.cache import changes_public_content
from pages.listing import ids_and_types, with_card_data
from pages.models.cards import StoredCard

logger = logging.getLogger(__name__)

# The page type's own card: `card_template` of its model.
TYPE_TEMPLATE = ""


class CardList(Sequence):
    """The cards of `pages`, in order, as HTML: read (and rendered where needed) the first
    time the list is used, or together with other lists by `resolve`."""

    def __init__(self, pages, template, request, heading_level=3, as_name="card_page"):
        self.entries = ids_and_types(pages)
        self.template = template
        self.request = request
        self.heading_level = heading_level
        self.as_name = as_name
        self._html = None
        self._variants = {}

    def variant(self, content_type_id):
        if content_type_id not in self._variants:
            template = self.template or card_template(content_type_id)
            site = Site.find_for_request(self.request) if self.request else None
            language = translation.get_language() or settings.LANGUAGE_CODE
            self._variants[content_type_id] = "|".join(
                [
                    template,
                    f"h{self.heading_level}",
                    language,
                    f"site{site.pk if site else 0}",
                    template_version(template),
                ]
            )
        return self._variants[content_type_id]

    @property
    def html(self):
        if self._html is None:
            resolve([self])
        return self._html

    def __getitem__(self, index):
        return self.html[index]

    def __len__(self):
        return len(self.html)

    def __bool__(self):
        return bool(self.entries)


def cards(pages, template, request, heading_level=3, as_name="card_page"):
    """The cards of `pages` (a queryset, or a list of pages or of (id, content type id)
    pairs) rendered with `template`, or with each page type's own card template when
    `template` is `TYPE_TEMPLATE`."""
    return CardList(pages, template, request, heading_level, as_name)


def resolve(card_lists):
    """Fill every list's HTML: the kept cards in one query, the others rendered together
    (one query per page type, one for their renditions) and kept in one more."""
    pending = [card_list for card_list in card_lists if card_list._html is None]
    wanted = {
        card_list: [(pk, card_list.variant(content_type_id)) for pk, content_type_id in card_list.entries]
        for card_list in pending
    }
    keys = {key for keys in wanted.values() for key in keys}
    if not keys:
        for card_list in pending:
            card_list._html = []
        return
    found = _kept_cards(keys)
    missing = {}
    for card_list in pending:
        for (pk, content_type_id), key in zip(card_list.entries, wanted[card_list], strict=True):
            if key not in found:
                missing.setdefault(key, (card_list, pk, content_type_id))
    if missing:
        found.update(_render_and_keep(missing))
    for card_list in pending:
        card_list._html = [mark_safe(found[key]) for key in wanted[card_list] if key in found]


def _kept_cards(keys):
    now = timezone.now()
    rows = StoredCard.objects.filter(
        page_id__in={pk for pk, _variant in keys}, variant__in={variant for _pk, variant in keys}
    ).values_list(
        "page_id",
        "variant",
        "html",
        "url_path",
        "published_at",
        "valid_until",
        "page__url_path",
        "page__last_published_at",
    )
    return {
        (page_id, variant): html
        for page_id, variant, html, url_path, published_at, valid_until, page_url_path, page_published_at in rows
        if url_path == page_url_path
        and published_at == page_published_at
        and (valid_until is None or valid_until > now)
    }


def _render_and_keep(missing):
    """Render the missing cards from their pages and store them; a page that is gone (or
    no longer of its listing's query) has no card."""
    pages = {page.pk: page for page in with_card_data([(pk, ct) for _list, pk, ct in missing.values()])}
    _prefetch_card_relations(pages.values())
    rendered = {}
    for key, (card_list, pk, _content_type_id) in missing.items():
        page = pages.get(pk)
        if page is None:
            continue
        template = card_list.template or type(page).card_template
        context = {card_list.as_name: page, "heading_level": card_list.heading_level, "request": card_list.request}
        rendered[key] = (page, get_template(template).render(context))
    _keep(rendered)
    return {key: html for key, (_page, html) in rendered.items()}


def _prefetch_card_relations(pages):
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, instances in by_model.items():
        for lookup in getattr(model, "card_prefetch", ()):
            prefetch_related_objects(instances, lookup)


def _keep(rendered):
    cards = [
        StoredCard(
            page_id=page.pk,
            variant=variant,
            html=html,
            url_path=page.url_path,
            published_at=page.last_published_at,
            valid_until=getattr(page, "card_valid_until", None),
        )
        for (_pk, variant), (page, html) in rendered.items()
    ]
    try:
        StoredCard.objects.bulk_create(
            cards,
            update_conflicts=True,
            unique_fields=["page", "variant"],
            update_fields=["html", "url_path", "published_at", "valid_until"],
        )
    except DatabaseError:
        # The page is shown all the same; its cards are rendered again next time.
        logger.warning("Could not keep rendered cards", exc_info=True)


@cache
def card_template(content_type_id):
    return ContentType.objects.get_for_id(content_type_id).model_class().card_template


@cache
def template_version(template_name):
    """A hash of the card template and of the translations its words come from."""
    digest = hashlib.sha256(get_template(template_name).template.source.encode())
    for locale_path in settings.LOCALE_PATHS:
        for catalog in sorted(locale_path.glob("*/LC_MESSAGES/*.mo")):
            digest.update(catalog.read_bytes())
    return digest.hexdigest()[:12]


def forget_page_cards(sender, instance, created=False, **kwargs):
    """post_save receiver: a saved page's cards are rendered afresh, also after the commit,
    so that a card rendered from the old page in between is not kept."""
    if isinstance(instance, Page) and not created:
        forget_cards_of(instance.pk)


def forget_cards_of(page_id):
    """For a change to a page made without saving it (a queryset update): its cards are
    rendered afresh, now and once the change is committed."""
    _delete_cards(page_id)
    transaction.on_commit(lambda: _delete_cards(page_id))


def forget_all_cards_for_model(sender, instance, created=False, update_fields=None, **kwargs):
    """post_save and post_delete receiver: any change to what cards can show apart from their
    own page (an image, a document, a category, a setting) renders every card afresh. A new
    object is on no card yet."""
    if not created and not isinstance(instance, Page) and changes_public_content(instance, update_fields):
        forget_all_cards()


def forget_all_cards(**kwargs):
    _delete_cards()
    transaction.on_commit(_delete_cards)


def _delete_cards(page_id=None):
    cards = StoredCard.objects.all() if page_id is None else StoredCard.objects.filter(page_id=page_id)
    try:
        cards.delete()
    except DatabaseError:
        logger.warning("Could not delete stored cards", exc_info=True)
