"""Admin registration and hooks of the pages app: story categories, the alt text report, the
editor's guide, the dashboard, and what the page cache needs to know about served pages and
documents."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from pages.admin_views import ImagesWithoutAltTextView, TranslationReportView, editor_guide_view, may_edit_images
from pages.dashboard import (
    QUICK_ADD_HOOK,
    quick_add_panel,
    scheduled_pages_panel,
)
from pages.models import StoryCategory


# ---- News and events ---------------------------------------------------------------------
class StoryCategoryViewSet(SnippetViewSet):
    model = StoryCategory
    icon = "tag"
    menu_label = _("Story categories")
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    add_to_admin_menu = False


register_snippet(StoryCategoryViewSet)


# ---- Accessibility report ------------------------------------------------------------------
class ImageEditorMenuItem(MenuItem):
    """Shown to staff who may add or change images: the report links to the image editor."""

    def is_shown(self, request):
        return may_edit_images(request.user)


def report_urls(slug, view, name):
    """A Wagtail report's page and the results its filters load."""
    return [
        path(f"reports/{slug}/", view.as_view(), name=name),
        path(f"reports/{slug}/results/", view.as_view(results_only=True), name=f"{name}_results"),
    ]


@hooks.register("register_admin_urls")
def register_alt_text_report_urls():
    return report_urls("images-without-alt-text", ImagesWithoutAltTextView, "images_without_alt_text")


@hooks.register("register_reports_menu_item")
def register_alt_text_report_menu_item():
    return ImageEditorMenuItem(
        _("Images without alt text"),
        reverse("images_without_alt_text"),
        name="images-without-alt-text",
        icon_name="image",
        order=1300,
    )


# ---- Translations report ------------------------------------------------------------------
class PageEditorMenuItem(MenuItem):
    """Shown to staff who may edit or publish pages, like the report it opens."""

    def is_shown(self, request):
        return TranslationReportView.permission_policy.user_has_any_permission(
            request.user, TranslationReportView.any_permission_required
        )


@hooks.register("register_admin_urls")
def register_translation_report_urls():
    return report_urls("translations", TranslationReportView, "translation_status_report")


@hooks.register("register_reports_menu_item")
def register_translation_report_menu_item():
    return PageEditorMenuItem(
        _("Translations"), reverse("translation_status_report"), name="translations", icon_name="site", order=1200
    )


@hooks.register("construct_reports_menu")
def rename_localize_jobs_report(request, menu_items):
    """wagtail-localize's own report, also called “Translations”, lists translation jobs and
    their progress; it is renamed so editors can tell the two apart."""
    for item in menu_items:
        if item.url == reverse("wagtail_localize:translations_report"):
            item.label = _("Translation jobs")


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
# recent edits. Feature apps add theirs (repository suggestions, membership applications,
# the volume button).


@hooks.register(QUICK_ADD_HOOK)
def quick_add_news():
    return [(_("Add a story"), "pages.StoryPage"), (_("Add an event"), "pages.EventPage")]


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    user = request.user
    panels.extend(panel for panel in (quick_add_panel(user), scheduled_pages_panel(user)) if panel is not None)
