"""A change the page cache could not be told about (pages.cache)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingCacheInvalidation(models.Model):
    """Written when a content change could not bump the site-wide cache version (the cache was
    unreachable). Every process looks for these rows within a few seconds, bumps the version
    once the cache answers again and deletes them, so the change still takes effect."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pending cache invalidation")
        verbose_name_plural = _("pending cache invalidations")

    def __str__(self):
        return f"#{self.pk} {self.created_at:%Y-%m-%d %H:%M:%S}"
