"""Site-wide settings edited in the admin: organisation, footer, links, the main menu."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable

from pages.blocks import ExternalLinkBlock, SocialLinkBlock
from pages.request_version import memoised_for_this_version


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    organisation_short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("Shown next to the logo, e.g. “UCLG ASPAC”.")
    )
    logo = models.ForeignKey(
        "pages.SiteImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    social_image = models.ForeignKey(
        "pages.SiteImage",
        verbose_name=_("default social image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown when a page without a picture of its own (no social, listing or hero image) is shared on "
            "social networks. Cropped to 1200×630."
        ),
    )
    address = models.TextField(_("postal address"), blank=True, max_length=500)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    social_links = StreamField([("link", SocialLinkBlock())], blank=True, verbose_name=_("social links"))
    external_links = StreamField(
        [("link", ExternalLinkBlock())],
        blank=True,
        verbose_name=_("external links"),
        help_text=_("Partner and network sites listed under “External Links”."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the footer and from every form that collects personal data."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("organisation_short_name"),
                FieldPanel("logo"),
                FieldPanel("social_image"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("email"), FieldPanel("phone"), FieldPanel("social_links")],
            heading=_("Footer"),
        ),
        FieldPanel("external_links"),
        FieldPanel("privacy_page"),
    ]

    # Every page shows the logo and the footer's privacy link; the social image is the
    # fallback of every page's sharing image.
    select_related = ("logo", "social_image", "privacy_page")

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def for_site(cls, site):
        """Read once per cache version in public requests: every page's header, footer and
        head need it, and it changes only through saves that bump the version."""
        if site is None:
            return super().for_site(site)
        return memoised_for_this_version(("site-settings", site.pk), lambda: super(SiteSettings, cls).for_site(site))


@register_setting(icon="list-ul")
class MainMenu(ClusterableModel, BaseSiteSetting):
    """The header's main menu and the footer's page links, in the order and with the labels
    editors choose. An empty main menu falls back to the page tree (“Show in menus”)."""

    panels = [
        InlinePanel(
            "menu_items",
            heading=_("Main menu"),
            label=_("menu item"),
            help_text=_(
                "Leave empty to list the home page's children marked “Show in menus”, in tree order. "
                "Each item shows its own children marked “Show in menus” as a submenu."
            ),
        ),
        InlinePanel("footer_links", heading=_("Footer links"), label=_("footer link")),
    ]

    class Meta:
        verbose_name = _("main menu")


class MenuLink(Orderable):
    """A page chosen for a menu, with an optional label replacing its title."""

    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")
    label = models.CharField(_("label"), max_length=60, blank=True, help_text=_("Leave empty to use the page title."))

    panels = [FieldPanel("page"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def text(self):
        return self.label or self.page.title


class MainMenuItem(MenuLink):
    menu = ParentalKey(MainMenu, on_delete=models.CASCADE, related_name="menu_items")


class FooterLink(MenuLink):
    menu = ParentalKey(MainMenu, on_delete=models.CASCADE, related_name="footer_links")
