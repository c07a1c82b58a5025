from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("wordpress-import/", admin_views.upload_view, name="wordpress_import"),
        path("wordpress-import/<int:import_id>/", admin_views.detail_view, name="wordpress_import_detail"),
    ]


class WordPressImportMenuItem(MenuItem):
    """Only for staff allowed to import: an import creates and publishes many pages at once."""

    def is_shown(self, request):
        return admin_views.may_import(request.user)


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    return WordPressImportMenuItem(
        _("WordPress import"), reverse("wordpress_import"), icon_name="upload", name="wordpress-import", order=900
    )
