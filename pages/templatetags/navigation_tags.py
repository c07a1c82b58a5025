"""Main navigation, footer links and breadcrumbs: from the *Main menu* setting or the page tree."""

from django import template
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import get_language
from wagtail.models import Page, Site

from pages.languages import translations_in_active_language
from pages.models import FooterLink, MainMenuItem
from pages.request_version import memoised_for_this_version
from pages.visibility import private_q

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request)
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def main_nav(context):
    """The editors' *Main menu* setting when it has items, else the pages marked “show in
    menus” under the home page in tree order; each item with its own such children as a
    submenu. Three queries at most, however large the tree, once per cache version in public
    requests; the menu's HTML is rendered once per version for each place a page can be in
    it (which item is current or holds the current page)."""
    request = context["request"]
    site = Site.find_for_request(request)
    current = context.get("page")
    if site is None:
        return ""
    language = get_language()
    menu = memoised_for_this_version(("main-menu", site.pk, language), lambda: _menu_items(site))
    current_path = getattr(current, "path", "")
    active = tuple(entry["page"].pk for entry in menu if current_path and current_path.startswith(entry["page"].path))
    listed = memoised_for_this_version(("main-menu-pages", site.pk, language), lambda: _listed_page_ids(menu))
    current_pk = current.pk if current is not None and current.pk in listed else None
    return memoised_for_this_version(
        ("main-menu-html", site.pk, language, active, current_pk),
        lambda: _render_menu(menu, active, current, request),
    )


def _listed_page_ids(menu):
    return frozenset(page.pk for entry in menu for page in [entry["page"], *entry["children"]] if page.pk is not None)


def _render_menu(menu, active, current, request):
    items = [{**entry, "active": entry["page"].pk in active} for entry in menu]
    return render_to_string("components/main_nav.html", {"items": items, "current": current, "request": request})


def _menu_items(site):
    chosen = list(
        MainMenuItem.objects.filter(menu__site=site, page__live=True)
        .exclude(private_q("page__"))
        .select_related("page")
        .order_by("sort_order")
    )
    if chosen:
        # In another language the chosen pages' translations stand in, under their own titles.
        translated = translations_in_active_language([item.page for item in chosen])
        items = []
        for item in chosen:
            translation = translated.get(item.page.translation_key)
            page, label = (translation, translation.title) if translation else (item.page, item.text)
            items.append({"page": page, "label": label, "children": []})
        _attach_children(items)
    else:
        root = site.root_page
        items = _tree_menu(translations_in_active_language([root]).get(root.translation_key, root))
    return items


def _tree_menu(root):
    """Children of `root` marked “show in menus”, with theirs, in tree order: one query."""
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
            entry = {"page": page, "label": page.title, "children": []}
            items.append(entry)
            by_path[page.path] = entry
        else:
            parent = by_path.get(page.path[: -Page.steplen])
            if parent:
                parent["children"].append(page)
    return items


def _attach_children(items):
    """Each chosen page's children marked “show in menus”, for all items in one query."""
    is_child_of_an_item = Q()
    for entry in items:
        is_child_of_an_item |= Q(path__startswith=entry["page"].path, depth=entry["page"].depth + 1)
    children = Page.objects.filter(is_child_of_an_item).live().exclude(private_q()).in_menu().order_by("path")
    by_path = {}
    for entry in items:
        by_path.setdefault(entry["page"].path, []).append(entry)
    for child in children:
        for entry in by_path.get(child.path[: -Page.steplen], []):
            entry["children"].append(child)


@register.inclusion_tag("components/footer_links.html", takes_context=True)
def footer_links(context):
    """The footer's page links chosen in the *Main menu* setting, live and public ones only,
    read once per cache version in public requests."""
    site = Site.find_for_request(context["request"])
    if site is None:
        return {"links": []}
    links = memoised_for_this_version(("footer-links", site.pk), lambda: _footer_links(site))
    return {"links": links, "request": context["request"]}


def _footer_links(site):
    return list(
        FooterLink.objects.filter(menu__site=site, page__live=True)
        .exclude(private_q("page__"))
        .select_related("page")
        .order_by("sort_order")
    )


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    root = _site_root(context["request"])
    if page is None or root is None or page.depth <= root.depth:
        return {"ancestors": [], "page": page}
    if hasattr(page, "site_trail"):
        # The trail the page's structured data reads too (or its route found): no query of its own.
        ancestors = [ancestor for ancestor in page.site_trail(context["request"])[:-1] if ancestor.live]
    else:
        ancestors = list(Page.objects.ancestor_of(page).filter(depth__gte=root.depth).live().order_by("depth"))
    return {"ancestors": ancestors, "page": page, "request": context["request"]}
