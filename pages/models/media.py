"""The site's own image and document models, swapped in from the first migration."""

import logging

from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.search import index

from pages.pdf import InvalidPdf, read_pdf

logger = logging.getLogger(__name__)


class SiteImage(AbstractImage):
    credit = models.CharField(
        _("credit"), max_length=255, blank=True, help_text=_("Photographer or source, shown under the image.")
    )
    licence = models.CharField(
        _("licence"), max_length=255, blank=True, help_text=_("For example “CC BY 4.0” or “© UCLG ASPAC”.")
    )

    admin_form_fields = Image.admin_form_fields + ("credit", "licence")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class SiteRendition(AbstractRendition):
    image = models.ForeignKey(SiteImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class SiteDocument(AbstractDocument):
    """A document that knows its page count and, for PDFs, its text for search."""

    page_count = models.PositiveIntegerField(_("page count"), null=True, blank=True, editable=False)
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)

    admin_form_fields = Document.admin_form_fields

    search_fields = AbstractDocument.search_fields + [
        index.SearchField("extracted_text"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @property
    def is_pdf(self):
        return self.file_extension.lower() == "pdf"

    @property
    def human_size(self):
        return filesizeformat(self.file_size) if self.file_size else ""

    def clean(self):
        super().clean()
        if self.file and self.is_pdf:
            try:
                self._read_pdf_facts()
            except InvalidPdf as error:
                raise ValidationError({"file": error.message}) from error

    def save(self, *args, **kwargs):
        if self.file and not self.file_hash:
            # Documents created in code (demo content, imports, suggestions) get the size and
            # hash the admin form would set: the hash is the download's ETag.
            try:
                self._set_document_file_metadata()
            except OSError:
                logger.warning("Could not read document file %s", self.file.name, exc_info=True)
        if self.file and self.is_pdf and self.page_count is None:
            try:
                self._read_pdf_facts()
            except InvalidPdf:
                self.page_count, self.extracted_text = None, ""
        super().save(*args, **kwargs)

    def _read_pdf_facts(self):
        self.file.open("rb")
        facts = read_pdf(self.file)
        self.page_count, self.extracted_text = facts.page_count, facts.text
