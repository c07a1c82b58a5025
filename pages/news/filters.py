"""Filters that other apps add to the News & Events listing.

The foundation cannot name the apps built on it, so an app that links its own pages to
stories (programmes, say) registers a filter here from its `AppConfig.ready()`. The
listing's form shows one choice field per registered filter that has choices.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NewsFilter:
    name: str
    label: str
    empty_label: str
    # () -> [(value, label), …]: the values worth offering now; none hides the field.
    choices: Callable[[], list]
    # (news items queryset, chosen value) -> the narrowed queryset.
    apply: Callable
    order: int = 0


_filters = {}


def register_news_filter(name, *, label, empty_label, choices, apply, order=0):
    """Add a choice field `name` to the news filters; re-registering a name replaces it."""
    _filters[name] = NewsFilter(name, label, empty_label, choices, apply, order)


def registered_news_filters():
    return sorted(_filters.values(), key=lambda news_filter: (news_filter.order, news_filter.name))
