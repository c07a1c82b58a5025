"""Helpers any page's listing uses: pagination and cards fetched in a fixed number of queries."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import QuerySet, prefetch_related_objects
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage


def paginate(queryset, request, per_page):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def ids_and_types(pages):
    """(id, content type id) of each of `pages`: a queryset, or a list of pages or of such pairs."""
    if isinstance(pages, QuerySet):
        return list(pages.values_list("pk", "content_type_id"))
    return [page if isinstance(page, tuple) else (page.pk, page.content_type_id) for page in pages]


def with_card_data(pages):
    """The specific pages among `pages` (as `ids_and_types` takes them), in order, with what
    their cards show: one query per page type, each joining the type's `card_related`
    (its images, its category), and one query for the renditions of every card's images.
    Listings show kept cards (pages.cards), which come from here when they are rendered."""
    return _with_renditions(_specific_cards(pages))


def _specific_cards(pages):
    entries = ids_and_types(pages)
    ids_by_type = defaultdict(list)
    for pk, content_type_id in entries:
        ids_by_type[content_type_id].append(pk)
    specific = {}
    for content_type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        cards = model.objects.filter(pk__in=ids).select_related(*model.card_related).defer(*_page_contents(model))
        specific.update(cards.in_bulk())
    return [specific[pk] for pk, _content_type_id in entries if pk in specific]


def _page_contents(model):
    """The StreamFields of a page type: no card shows them, and decoding a story's body costs
    more than the rest of its card."""
    return [field.name for field in model._meta.concrete_fields if isinstance(field, StreamField)]


def _with_renditions(pages):
    """Fetch the renditions of the images the pages joined (their `card_related`) in one
    query, so their `{% image %}` tags read no more."""
    images = [
        image
        for page in pages
        for image in (getattr(page, name, None) for name in getattr(page, "card_related", ()))
        if isinstance(image, AbstractImage)
    ]
    prefetch_related_objects(images, "renditions")
    return pages
