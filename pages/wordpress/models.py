"""What an import remembers: each uploaded export with its reports, and which WordPress item
became which page, image or document, so that importing the same site again updates them."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from pages.storage import private_storage


class WordPressImport(models.Model):
    """One uploaded export: checked on the worker (a dry run), then imported when staff say so."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked: ready to import")
        UNREADABLE = "unreadable", _("Could not be read")
        IMPORTING = "importing", _("Being imported")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Stopped by an error")

    export_file = models.FileField(_("export file"), upload_to="wordpress-exports/", storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CHECKING)
    as_drafts = models.BooleanField(_("import as drafts"), default=False)
    category_mapping = models.JSONField(_("category mapping"), default=dict, blank=True)
    event_categories = models.JSONField(_("categories imported as events"), default=list, blank=True)
    check_report = models.JSONField(_("dry-run report"), default=dict, blank=True)
    import_report = models.JSONField(_("import report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("WordPress import")
        verbose_name_plural = _("WordPress imports")

    def __str__(self):
        return self.original_name

    @property
    def is_running(self):
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)


class ImportedItem(models.Model):
    """A WordPress post, page or attachment and what it became here. Keyed on the old site's
    address and the item's WordPress ID: a second import of the same site finds it again."""

    class Kind(models.TextChoices):
        POST = "post", _("post")
        PAGE = "page", _("page")
        ATTACHMENT = "attachment", _("attachment")

    source_site = models.CharField(_("WordPress site"), max_length=255)
    wordpress_id = models.PositiveBigIntegerField(_("WordPress ID"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    imported_at = models.DateTimeField(_("last imported"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source_site", "wordpress_id"], name="wordpress_item_once_per_site")
        ]
        verbose_name = _("imported WordPress item")
        verbose_name_plural = _("imported WordPress items")

    def __str__(self):
        return f"{self.source_site} #{self.wordpress_id}"
