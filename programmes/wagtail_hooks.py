"""Admin registration of the programmes app: partners and thematic areas as snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from programmes.models import PartnerOrganisation, ThematicArea


class PartnerOrganisationViewSet(SnippetViewSet):
    model = PartnerOrganisation
    icon = "group"
    menu_label = _("Partner organisations")
    list_display = ["name", "url"]
    search_fields = ["name"]


class ThematicAreaViewSet(SnippetViewSet):
    model = ThematicArea
    icon = "tag"
    menu_label = _("Thematic areas")
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(PartnerOrganisationViewSet)
register_snippet(ThematicAreaViewSet)
