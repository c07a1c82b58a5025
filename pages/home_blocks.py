"""The blocks of the home page's middle, which the apps built on the foundation contribute.

Each app registers its blocks from its `AppConfig.ready()`, so the home page shows them
without the foundation importing the app or its template tags. A block's context function
takes the home page's template context and returns the values its template needs; it runs
only when the blocks are rendered, not when they come from the cache.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeBlock:
    name: str
    order: int
    template: str
    context_function: Callable


_blocks = {}


def register_home_block(name, order, template, context_function):
    """Show `template` on the home page, lower orders first; re-registering a name replaces it."""
    _blocks[name] = HomeBlock(name, order, template, context_function)


def registered_home_blocks():
    return sorted(_blocks.values(), key=lambda block: (block.order, block.name))


def featured_context(context):
    return {
        "page": context["page"],
        "request": context.get("request"),
        "featured_pages": context["home_cards"]["featured"],
    }


def activities_context(context):
    home_cards = context["home_cards"]
    return {
        "page": context["page"],
        "request": context.get("request"),
        "activities_pages": home_cards["activities"],
        "activities_url": home_cards["activities_url"],
        "activities_heading": home_cards["activities_heading"],
    }


def register_foundation_blocks():
    """The home page's own stories: the featured ones first, its activities after the
    programmes (20) and before the repository (40) and the newsletters (50)."""
    register_home_block("featured", 10, "pages/home/featured.html", featured_context)
    register_home_block("activities", 30, "pages/home/activities.html", activities_context)
