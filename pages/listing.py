"""Helpers any page's listing uses: pagination and cards fetched in a fixed number of queries."""

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from wagtail.models import Page


def paginate(queryset, request, per_page):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def with_card_data(pages):
    """The specific pages among `pages`, in order, with what their cards show fetched in a
    fixed number of queries. Each page type names what its card needs in `card_prefetch`."""
    page_ids = [page.pk for page in pages]
    specific = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    by_type = defaultdict(list)
    for page in specific.values():
        by_type[type(page)].append(page)
    for model, group in by_type.items():
        lookups = getattr(model, "card_prefetch", ())
        if lookups:
            prefetch_related_objects(group, *lookups)
    return [specific[pk] for pk in page_ids if pk in specific]
