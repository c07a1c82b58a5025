"""The site's own image and document models, swapped in from the first migration."""

import logging
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Filter, Image
from wagtail.search import index

from pages.alt_text import alt_text_problem, looks_like_file_name
from pages.pdf import InvalidPdf, check_pdf

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

    def get_rendition(self, filter):
        """A rendition of this image. When the page prefetched the image's renditions (every
        listing does), the one wanted is taken from them: Wagtail would parse the filter spec
        again and write the rendition back to the renditions cache on each use, a fifth of a
        millisecond per picture and a thirty-card page's worth per listing."""
        spec = filter if isinstance(filter, str) else filter.spec
        prefetched = self._get_prefetched_renditions()
        if prefetched is not None:
            focal_point_key = _parsed_filter(spec).get_cache_key(self)
            for rendition in prefetched:
                if rendition.filter_spec == spec and rendition.focal_point_key == focal_point_key:
                    return rendition
        return super().get_rendition(filter)

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


@lru_cache(maxsize=256)
def _parsed_filter(spec):
    """A filter spec's operations, parsed once per process: templates name a handful of specs."""
    return Filter(spec=spec)


class SiteRendition(AbstractRendition):
    image = models.ForeignKey(SiteImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class SiteDocument(AbstractDocument):
    """A document that knows its page count and, for PDFs, its text for search. The upload
    only gets the cheap check (`check_pdf`); the text is read on the worker afterwards."""

    class Processing(models.TextChoices):
        NOT_PDF = "", _("not a PDF")
        PENDING = "pending", _("text extraction queued")
        DONE = "done", _("text extracted")
        FAILED = "failed", _("text not extracted")

    page_count = models.PositiveIntegerField(_("page count"), null=True, blank=True, editable=False)
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    processing = models.CharField(
        _("PDF processing"),
        max_length=10,
        choices=Processing.choices,
        default=Processing.NOT_PDF,
        blank=True,
        editable=False,
        help_text=_("“Text not extracted”: the PDF broke the time or memory limit; it is kept but not searchable."),
    )

    admin_form_fields = Document.admin_form_fields

    search_fields = AbstractDocument.search_fields + [
        index.SearchField("extracted_text"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @classmethod
    def from_db(cls, db, field_names, values):
        document = super().from_db(db, field_names, values)
        document._stored_file_name = document.__dict__.get("file")
        return document

    @property
    def is_pdf(self):
        return self.file_extension.lower() == "pdf"

    @property
    def human_size(self):
        return filesizeformat(self.file_size) if self.file_size else ""

    @property
    def file_replaced(self):
        return self._state.adding or getattr(self, "_stored_file_name", None) != self.file.name

    def clean(self):
        super().clean()
        if self.file and self.is_pdf:
            self.file.open("rb")
            try:
                self.page_count = check_pdf(self.file)
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
        queue_text = bool(self.file) and self.file_replaced and "update_fields" not in kwargs
        if queue_text:
            # A new file starts over: a failed file stays failed until it is replaced.
            self.extracted_text = ""
            self.processing = self.Processing.PENDING if self.is_pdf else self.Processing.NOT_PDF
            if not self.is_pdf:
                self.page_count = None
        super().save(*args, **kwargs)
        self._stored_file_name = self.file.name
        if queue_text and self.is_pdf:
            self._queue_text_extraction()

    def _queue_text_extraction(self):
        from pages.tasks import extract_document_text

        # Queued after the row is written (in the caller's transaction, if any): the worker
        # never finds the task before the document.
        result = extract_document_text.enqueue(self.pk, self.file.name)
        if result.is_finished:
            # Run at once (the immediate backend of tests): show what the task stored.
            self.refresh_from_db(fields=["page_count", "extracted_text", "processing"])
