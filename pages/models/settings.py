"""Site-wide settings edited in the admin: organisation, footer, links."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from pages.blocks import ExternalLinkBlock, SocialLinkBlock


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
            [FieldPanel("organisation_name"), FieldPanel("organisation_short_name"), FieldPanel("logo")],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("email"), FieldPanel("phone"), FieldPanel("social_links")],
            heading=_("Footer"),
        ),
        FieldPanel("external_links"),
        FieldPanel("privacy_page"),
    ]

    class Meta:
        verbose_name = _("site settings")
