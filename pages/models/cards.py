"""Cards of listed pages, kept as the HTML they render to (pages.cards)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class StoredCard(models.Model):
    """One page's card as one listing shows it: rendered when a listing first shows the page
    after a change, and read by every later listing in the same query as its neighbours'.

    `variant` names the card template, its heading level, the language, the site and the
    template's version. A row counts only while the page's address and publication time
    are those it was rendered with, and (for an upcoming event) until `valid_until`."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="stored_cards")
    variant = models.CharField(_("variant"), max_length=255)
    html = models.TextField(_("HTML"))
    url_path = models.TextField(_("page address"))
    published_at = models.DateTimeField(_("page published at"), null=True)
    valid_until = models.DateTimeField(_("valid until"), null=True)

    class Meta:
        verbose_name = _("stored card")
        verbose_name_plural = _("stored cards")
        constraints = [models.UniqueConstraint(fields=["page", "variant"], name="pages_storedcard_page_variant")]

    def __str__(self):
        return f"{self.page_id} {self.variant}"
