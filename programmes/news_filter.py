"""The “Programme” filter of the News & Events listing, registered from this app's `ready()`."""

from django.utils.translation import gettext_lazy as _

from pages.news.filters import register_news_filter
from pages.visibility import private_q
from programmes.models import ProgrammePage


def programmes_with_news():
    """Live programmes that have related stories or events, as (slug, title) choices."""
    with_news = ProgrammePage.objects.live().exclude(private_q()).filter(related_stories__isnull=False)
    return list(with_news.distinct().order_by("title").values_list("slug", "title"))


def about_programme(items, slug):
    return items.filter(programme_links__programme__slug=slug)


def register():
    register_news_filter(
        "programme",
        label=_("Programme"),
        empty_label=_("All programmes"),
        choices=programmes_with_news,
        apply=about_programme,
    )
