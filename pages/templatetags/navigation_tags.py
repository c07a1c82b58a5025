"""Main navigation and breadcrumbs, built from the page tree."""

from django import template
from wagtail.models import Page, Site

from pages.visibility import private_q

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request)
    return site.root_page if site else None


@register.inclusion_tag("components/main_nav.html", takes_context=True)
def main_nav(context):
    """Pages marked “show in menus” under the home page, in tree order, each with its own
    such children as a submenu. Two queries, however large the tree."""
    request = context["request"]
    root = _site_root(request)
    current = context.get("page")
    if root is None:
        return {"items": [], "current": current}
    pages = list(
        Page.objects.descendant_of(root)
        .filter(depth__lte=root.depth + 2)
        .live()
        .exclude(private_q())
        .in_menu()
        .order_by("path")
    )
    items, by_path = [], {}
    for page in pages:
        if page.depth == root.depth + 1:
            entry = {"page": page, "children": []}
            items.append(entry)
            by_path[page.path] = entry
        else:
            parent = by_path.get(page.path[: -Page.steplen])
            if parent:
                parent["children"].append(page)
    current_path = getattr(current, "path", "")
    for entry in items:
        entry["active"] = bool(current_path) and current_path.startswith(entry["page"].path)
    return {"items": items, "request": request, "current": current}


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    root = _site_root(context["request"])
    if page is None or root is None or page.depth <= root.depth:
        return {"ancestors": [], "page": page}
    ancestors = Page.objects.ancestor_of(page).filter(depth__gte=root.depth).live().order_by("depth")
    return {"ancestors": list(ancestors), "page": page, "request": context["request"]}
