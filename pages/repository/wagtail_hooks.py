"""Admin registration and hooks of the COVID-19 repository: its lists (types, themes,
publishers, languages), the resource listing with download counts, visitors' suggestions,
the spreadsheet import and the dashboard panel of new suggestions."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from pages.dashboard import LATEST_COUNT, QUICK_ADD_HOOK, LatestItemsPanel, PanelItem

from . import admin_views
from .models import Publisher, ResourceLanguage, ResourcePage, ResourceSuggestion, ResourceTheme, ResourceType


class ResourceTypeViewSet(SnippetViewSet):
    model = ResourceType
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ResourceThemeViewSet(SnippetViewSet):
    model = ResourceTheme
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class PublisherViewSet(SnippetViewSet):
    model = Publisher
    icon = "group"
    list_display = ["name", "acronym", "website"]
    search_fields = ["name", "acronym"]


class ResourceLanguageViewSet(SnippetViewSet):
    model = ResourceLanguage
    icon = "globe"
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class RepositoryTaxonomies(SnippetViewSetGroup):
    menu_label = _("Repository lists")
    menu_icon = "list-ul"
    menu_order = 310
    items = (ResourceTypeViewSet, ResourceThemeViewSet, PublisherViewSet, ResourceLanguageViewSet)


register_snippet(RepositoryTaxonomies)


class PageEditorMenuItem(MenuItem):
    """Shown to staff with a permission on pages: the page listing sends others back to the
    dashboard with "you do not have permission"."""

    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(request.user, ["add", "change", "publish"])


class ResourceListingViewSet(PageListingViewSet):
    """Every resource with its download count, for staff."""

    model = ResourcePage
    name = "repository_resources"
    icon = "doc-full"
    menu_item_class = PageEditorMenuItem
    menu_label = _("Resources")
    add_to_admin_menu = False
    columns = [column for column in PageIndexView.base_columns if column.name != "type"] + [
        Column("publication_date", label=_("Published"), sort_key="publication_date", width="12%"),
        Column("download_count", label=_("Downloads"), sort_key="download_count", width="10%"),
    ]


class ResourceSuggestionViewSet(ModelViewSet):
    model = ResourceSuggestion
    name = "repository_suggestions"
    icon = "help"
    menu_label = _("Suggestions")
    inspect_view_enabled = True
    list_display = ["title", "name", "organisation", "country", "status", "submitted_at", "file_link", "file_check"]
    list_filter = ["status"]
    list_export = [
        "title",
        "url",
        "publisher",
        "country",
        "reason",
        "name",
        "organisation",
        "email",
        "status",
        "submitted_at",
    ]
    search_fields = ["title", "publisher", "name", "organisation"]
    form_fields = ["title", "url", "publisher", "country", "reason", "name", "organisation", "email", "status"]
    inspect_view_fields = [
        "title",
        "url",
        "publisher",
        "country",
        "reason",
        "name",
        "organisation",
        "email",
        "consent",
        "status",
        "submitted_at",
        "file_check",
    ]


class RepositoryAdmin(ViewSetGroup):
    menu_label = _("COVID-19 repository")
    menu_icon = "doc-full-inverse"
    menu_order = 300
    items = (ResourceListingViewSet, ResourceSuggestionViewSet)


@hooks.register("register_admin_viewset")
def register_repository_admin():
    return RepositoryAdmin()


@hooks.register("register_admin_urls")
def register_repository_import_url():
    return [
        path("repository/import/", admin_views.import_view, name="repository_import"),
        path(
            "repository/import/sample.csv",
            admin_views.sample_view,
            name="repository_import_sample",
        ),
    ]


class RepositoryImportMenuItem(MenuItem):
    """Only for staff whose groups may import: an import creates and publishes resources,
    bypassing the moderation that Editors go through, so they do not see it."""

    def is_shown(self, request):
        return request.user.has_perm(admin_views.IMPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_repository_import_menu_item():
    return RepositoryImportMenuItem(
        _("Import resources"),
        reverse("repository_import"),
        icon_name="upload",
        order=305,
    )


# ---- Dashboard -------------------------------------------------------------------------------
@hooks.register(QUICK_ADD_HOOK)
def quick_add_resource():
    return [(_("Add a resource"), "repository.ResourcePage")]


@hooks.register("construct_homepage_panels")
def add_suggestions_panel(request, panels):
    panel = suggestions_panel(request.user)
    if panel is not None:
        panels.append(panel)


def suggestions_panel(user):
    """New visitor suggestions for the repository, for staff who may review them."""
    if not (
        user.has_perm("repository.view_resourcesuggestion") or user.has_perm("repository.change_resourcesuggestion")
    ):
        return None
    new = ResourceSuggestion.objects.filter(status=ResourceSuggestion.Status.NEW)
    return LatestItemsPanel(
        name="new_suggestions",
        heading=_("New repository suggestions"),
        count_label=_("waiting for review"),
        count=new.count(),
        items=[
            PanelItem(
                label=suggestion.title,
                url=reverse("repository_suggestions:inspect", args=[suggestion.pk]),
                detail=suggestion.organisation or suggestion.name,
            )
            for suggestion in new[:LATEST_COUNT]
        ],
        all_url=reverse("repository_suggestions:index") + "?status=new",
        all_label=_("All new suggestions"),
        order=170,
    )
