"""Admin registration of the pages app: story categories as snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from pages.models import StoryCategory


class StoryCategoryViewSet(SnippetViewSet):
    model = StoryCategory
    icon = "tag"
    menu_label = _("Story categories")
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    add_to_admin_menu = False


register_snippet(StoryCategoryViewSet)
