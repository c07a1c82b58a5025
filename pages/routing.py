"""Finding the page a URL names in two queries, however deep it sits.

Wagtail walks the tree from the site's root with two queries per level (the child with the
next slug, then its specific page), eight for a story under the news index before anything
is rendered. The site root's `route` reads every page the path could name in one query (by
their URL paths), walks them as Wagtail would, and fetches the specific page where the walk
stops, joined with what the page type names in `page_related` (its images, its category).
A page type with its own `route` other than Wagtail's or RoutablePageMixin's takes over
the walk as usual.
"""

from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


def route_from_root(root, request, path_components):
    prefixes = [
        root.url_path + "/".join(path_components[:length]) + "/" for length in range(1, len(path_components) + 1)
    ]
    pages_by_url_path = {page.url_path: page for page in Page.objects.filter(url_path__in=prefixes)}
    parent = root
    trail = [root]
    for position, url_path in enumerate(prefixes):
        page = pages_by_url_path.get(url_path)
        if page is None:
            raise Http404
        page._cached_parent_obj = parent
        trail.append(page)
        remaining = path_components[position + 1 :]
        model = page.specific_class
        if model is None or not _routes_like_wagtail(model) or not remaining or _routes_itself(page, model, remaining):
            specific = _specific(page, model)
            # The pages from the home page down, which breadcrumbs and structured data show.
            specific.__dict__["_site_trail"] = trail
            return specific.route(request, remaining)
        parent = page
    raise Http404


def _routes_like_wagtail(model):
    return model.route in (Page.route, RoutablePageMixin.route)


def _routes_itself(page, model, remaining):
    """Whether a routable page answers the rest of the path with one of its own views, as
    RoutablePageMixin.route checks before looking at its children."""
    if model.route is not RoutablePageMixin.route or not page.live:
        return False
    try:
        model.get_resolver().resolve("/" + "/".join(remaining) + "/")
    except Http404:
        return False
    return True


def _specific(page, model):
    if model is None:
        return page.specific
    specific = model.objects.select_related(*getattr(model, "page_related", ())).get(pk=page.pk)
    specific._cached_parent_obj = page._cached_parent_obj
    return specific
