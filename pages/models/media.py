"""The site's own image and document models, swapped in from the first migration."""

import logging

from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.search import index

from pages.alt_text import alt_text_problem, looks_like_file_name
from pages.pdf import InvalidPdf, read_pdf

logger = logging.getLogger(__name__)


class SiteImage(AbstractImage):
    # Wagtail's own field, relabelled: it is what screen readers say and what is shown when the
    # picture cannot load, wherever the image appears on the site.
    description = models.CharField(
        _("alt text (description)"),
        max_length=255,
        blank=True,
        default="",
        help_text=_(
            "What the picture shows, for people who cannot see it: one short sentence such as "
            "“Mayors planting mangroves in Surabaya”. Not the file name. Leave empty only if you tick “Decorative”."
        ),
    )
    is_decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_(
            "Tick only if the picture adds nothing to the text around it (a pattern, a mood photo): "
            "screen readers will then skip it."
        ),
    )
    credit = models.CharField(
        _("credit"), max_length=255, blank=True, help_text=_("Photographer or source, shown under the image.")
    )
    licence = models.CharField(
        _("licence"), max_length=255, blank=True, help_text=_("For example “CC BY 4.0” or “© UCLG ASPAC”.")
    )

    admin_form_fields = Image.admin_form_fields + ("is_decorative", "credit", "licence")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    @property
    def default_alt_text(self):
        """The alt attribute wherever the image is rendered without one of its own (cards, hero
        images, covers): empty only for an image marked decorative. Without real alt text a
        title that a person wrote is better than nothing; a file name such as “DSC_0042” is not."""
        if self.is_decorative:
            return ""
        if not alt_text_problem(self.description, self.file.name):
            return self.description.strip()
        return "" if looks_like_file_name(self.title, self.file.name) else self.title


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
