"""Admin registration and hooks of the pages app: story categories, the COVID-19
repository, the alt text report, the editor's guide, and what the page cache needs to know
about served pages and documents."""

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

from pages.admin_views import ImagesWithoutAltTextView, editor_guide_view, may_edit_images
from pages.dashboard import (
    LATEST_COUNT,
    QUICK_ADD_HOOK,
    LatestItemsPanel,
    PanelItem,
    quick_add_panel,
    scheduled_pages_panel,
)
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
        path("repository/import/", repository_admin_views.import_view, name="repository_import"),
        path(
            "repository/import/sample.csv",
            repository_admin_views.sample_view,
            name="repository_import_sample",
        ),
    ]


class RepositoryImportMenuItem(MenuItem):
    """Only for staff whose groups may import: an import creates and publishes resources,
    bypassing the moderation that Editors go through, so they do not see it."""

    def is_shown(self, request):
        return request.user.has_perm(repository_admin_views.IMPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_repository_import_menu_item():
    return RepositoryImportMenuItem(
        _("Import resources"),
        reverse("repository_import"),
        icon_name="upload",
        order=305,
    )


# ---- end of COVID-19 repository -------------------------------------------------------------


# ---- Accessibility report ------------------------------------------------------------------
class ImageEditorMenuItem(MenuItem):
    """Shown to staff who may add or change images: the report links to the image editor."""

    def is_shown(self, request):
        return may_edit_images(request.user)


@hooks.register("register_admin_urls")
def register_alt_text_report_urls():
    return [
        path("reports/images-without-alt-text/", ImagesWithoutAltTextView.as_view(), name="images_without_alt_text"),
        path(
            "reports/images-without-alt-text/results/",
            ImagesWithoutAltTextView.as_view(results_only=True),
            name="images_without_alt_text_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_alt_text_report_menu_item():
    return ImageEditorMenuItem(
        _("Images without alt text"),
        reverse("images_without_alt_text"),
        name="images-without-alt-text",
        icon_name="image",
        order=1300,
    )


# ---- Editor's guide ----------------------------------------------------------------------
@hooks.register("register_admin_urls")
def register_editor_guide_url():
    return [path("guide/", editor_guide_view, name="editor_guide")]


@hooks.register("register_help_menu_item")
def register_editor_guide_menu_item():
    # Before Wagtail's own (generic) editor guide, which has order 1100.
    return MenuItem(_("Guide to this site"), reverse("editor_guide"), name="site-guide", icon_name="help", order=900)


# ---- Page cache --------------------------------------------------------------------------
@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    """The page cache needs the page to check its view restrictions."""
    request.served_page = page


@hooks.register("before_serve_document")
def remember_served_document(document, request):
    """The cache headers of a download depend on its collection's privacy."""
    request.served_document = document


# ---- Dashboard -------------------------------------------------------------------------------
# Wagtail's own panels stay: pages awaiting the user's review, the user's pages in moderation,
# recent edits. Feature apps add theirs (membership applications, the volume button).


@hooks.register(QUICK_ADD_HOOK)
def quick_add_news_and_resources():
    return [
        (_("Add a story"), "pages.StoryPage"),
        (_("Add an event"), "pages.EventPage"),
        (_("Add a resource"), "pages.ResourcePage"),
    ]


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    user = request.user
    panels.extend(
        panel
        for panel in (quick_add_panel(user), scheduled_pages_panel(user), suggestions_panel(user))
        if panel is not None
    )


def suggestions_panel(user):
    """New visitor suggestions for the repository, for staff who may review them."""
    if not (user.has_perm("pages.view_resourcesuggestion") or user.has_perm("pages.change_resourcesuggestion")):
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
