"""Admin registration and hooks of the pages app: story categories, the COVID-19
repository, and what the page cache needs to know about served pages and documents."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from pages.models import StoryCategory
from pages.models.resources import (
    Publisher,
    ResourceLanguage,
    ResourcePage,
    ResourceSuggestion,
    ResourceTheme,
    ResourceType,
)
from pages.repository import admin_views as repository_admin_views


# ---- News and events ---------------------------------------------------------------------
class StoryCategoryViewSet(SnippetViewSet):
    model = StoryCategory
    icon = "tag"
    menu_label = _("Story categories")
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    add_to_admin_menu = False


register_snippet(StoryCategoryViewSet)


# ---- COVID-19 repository ------------------------------------------------------------------


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


class ResourceListingViewSet(PageListingViewSet):
    """Every resource with its download count, for staff."""

    model = ResourcePage
    name = "repository_resources"
    icon = "doc-full"
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
    return [path("repository/import/", repository_admin_views.import_view, name="repository_import")]


@hooks.register("register_admin_menu_item")
def register_repository_import_menu_item():
    return MenuItem(
        _("Import resources"),
        reverse("repository_import"),
        icon_name="upload",
        order=305,
    )


# ---- end of COVID-19 repository -------------------------------------------------------------


# ---- Page cache --------------------------------------------------------------------------
@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    """The page cache needs the page to check its view restrictions."""
    request.served_page = page


@hooks.register("before_serve_document")
def remember_served_document(document, request):
    """The cache headers of a download depend on its collection's privacy."""
    request.served_document = document
