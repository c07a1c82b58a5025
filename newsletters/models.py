"""Newsletter volumes, their archive, and the people who subscribe to hear about them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail.utils.sendfile import sendfile

from pages import discovery
from pages.admin_faults import SitePageForm
from pages.blocks import BodyBlock
from pages.cards import cards
from pages.languages import site_languages
from pages.models import BasePage
from pages.pdf import InvalidPdf, check_pdf, looks_like_pdf
from pages.renditions import SOCIAL_IMAGE_SPEC
from pages.visibility import is_private_document, private_q

from .forms import ArchiveFilterForm

NOT_A_PDF_MESSAGE = _(
    "The newsletter file must be a PDF. Choose or upload a PDF document (other formats are not accepted)."
)
UNREADABLE_PDF_MESSAGE = _(
    "This PDF cannot be read: it may be damaged or incomplete. Export the newsletter again as PDF and upload it."
)


def volume_download_filename(number) -> str:
    return f"uclg-aspac-newsletter-vol-{number}.pdf"


class NewsletterIndexPage(BasePage):
    """The archive of newsletter volumes, newest first, filterable by year."""

    page_description = _("The newsletter archive. There is only one; volumes go under it.")

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["newsletters.VolumePage"]
    max_count = 1

    og_type = "website"
    schema_page_type = "CollectionPage"

    volumes_per_page = models.PositiveSmallIntegerField(
        _("volumes per page"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("How many volumes the archive shows on each page."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("volumes_per_page")]

    class Meta:
        verbose_name = _("newsletter archive")
        verbose_name_plural = _("newsletter archives")

    def live_volumes(self):
        return VolumePage.objects.child_of(self).live().exclude(private_q()).order_by("-issue_date", "-volume_number")

    def volume_years(self):
        dates = VolumePage.objects.child_of(self).live().exclude(private_q()).dates("issue_date", "year", order="DESC")
        return [day.year for day in dates]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = ArchiveFilterForm(request.GET, years=self.volume_years())
        volumes = self.live_volumes()
        selected_year = None
        if form.is_valid():
            selected_year = form.cleaned_data["year"]
            if selected_year:
                volumes = volumes.filter(issue_date__year=selected_year)
        else:
            volumes = volumes.none()
        query_string = f"year={selected_year}" if selected_year else ""
        volumes_page = Paginator(volumes, self.volumes_per_page).get_page(request.GET.get("page"))
        context.update(
            filter_form=form,
            selected_year=selected_year,
            volumes=volumes_page,
            volume_cards=cards(volumes_page.object_list, "newsletters/volume_card.html", request, as_name="volume"),
            query_string=query_string,
        )
        return context


class VolumePageForm(SitePageForm):
    """Title and slug may be left blank: they then follow from the volume number."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "slug"):
            if name in self.fields:
                self.fields[name].required = False
        if "title" in self.fields:
            self.fields["title"].help_text = _("Leave blank to use “Vol. <number>”.")

    def clean(self):
        number = self.cleaned_data.get("volume_number")
        if number:
            if not self.cleaned_data.get("title"):
                self.cleaned_data["title"] = VolumePage.default_title(number)
            if not self.cleaned_data.get("slug") and "slug" in self.fields:
                self.cleaned_data["slug"] = VolumePage.default_slug(number)
        elif not self.cleaned_data.get("title"):
            self.add_error("title", _("Give the volume a title or a volume number."))
        return super().clean()


class VolumePage(RoutablePageMixin, BasePage):
    """One issue of the newsletter: its PDF, cover, summary and table of contents."""

    page_description = _(
        "One newsletter volume: its PDF, cover and contents. Subscribers can be notified once it is published."
    )

    parent_page_types = ["newsletters.NewsletterIndexPage"]
    subpage_types = []

    # Unique per language (`clean`): a volume's translations share its number.
    volume_number = models.PositiveIntegerField(
        _("volume number"),
        validators=[MinValueValidator(1)],
        help_text=_("For example 37. The title and web address follow from it unless you set them."),
    )
    issue_date = models.DateField(
        _("issue date"),
        db_index=True,
        help_text=_("When this volume was published. The archive is ordered and filtered by this date."),
    )
    period = models.CharField(
        _("period covered"),
        max_length=100,
        blank=True,
        help_text=_("Optional, for example “January – June 2021”. Shown next to the volume number."),
    )
    card_related = ("listing_image", "cover_image", "pdf")
    card_template = "newsletters/volume_card.html"
    page_related = ("listing_image", "social_image", "cover_image", "pdf")
    prepared_renditions = {
        **BasePage.prepared_renditions,
        # The volume page, its card in the archive and on the home page, and its sharing image.
        "cover_image": ("fill-480x640", "fill-360x480", SOCIAL_IMAGE_SPEC),
    }

    cover_image = models.ForeignKey(
        "pages.SiteImage",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The front page of the newsletter, shown on cards and on the volume page."),
    )
    pdf = models.ForeignKey(
        "pages.SiteDocument",
        verbose_name=_("PDF file"),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The newsletter as a PDF. Visitors download it as “uclg-aspac-newsletter-vol-<number>.pdf”."),
    )
    summary = models.TextField(
        _("editorial summary"),
        max_length=1500,
        blank=True,
        help_text=_("A short paragraph on what this volume covers."),
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("web version"),
        help_text=_("Optional: the newsletter's articles for reading on the site."),
    )

    base_form_class = VolumePageForm

    content_panels = [
        FieldRowPanel([FieldPanel("volume_number"), FieldPanel("issue_date"), FieldPanel("period")]),
        FieldPanel("title"),
        FieldPanel("introduction"),
        MultiFieldPanel([FieldPanel("pdf"), FieldPanel("cover_image")], heading=_("Files")),
        FieldPanel("summary"),
        InlinePanel("contents", label=_("Table of contents"), heading=_("Table of contents")),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("issue_date"),
        index.RelatedFields("contents", [index.SearchField("title")]),
        index.RelatedFields("pdf", [index.SearchField("extracted_text")]),
    ]

    class Meta:
        verbose_name = _("newsletter volume")
        verbose_name_plural = _("newsletter volumes")
        constraints = [
            models.CheckConstraint(condition=models.Q(volume_number__gte=1), name="newsletters_volume_number_positive"),
        ]

    @staticmethod
    def default_title(number) -> str:
        return f"Vol. {number}"

    @staticmethod
    def default_slug(number) -> str:
        return f"vol-{number}"

    @property
    def card_summary(self):
        return self.listing_summary or self.summary or self.introduction

    @property
    def default_sharing_image(self):
        return self.listing_image or self.cover_image

    @property
    def download_filename(self):
        return volume_download_filename(self.volume_number)

    @property
    def download_url(self):
        return self.url + self.reverse_subpage("download")

    def get_main_structured_data(self, request):
        """A PublicationIssue of the newsletter (the archive page, as a Periodical),
        published by the organisation."""
        data = discovery.page_data(self, request, "PublicationIssue")
        data.update(
            issueNumber=str(self.volume_number),
            datePublished=self.issue_date.isoformat(),
            publisher=self.site_organisation(request),
        )
        trail = self.site_trail(request)
        if len(trail) >= 2:
            archive = trail[-2]
            data["isPartOf"] = {"@type": "Periodical", "name": archive.title, "url": archive.get_full_url(request)}
        return data

    def full_clean(self, *args, **kwargs):
        if self.volume_number:
            self.title = self.title or self.default_title(self.volume_number)
            self.slug = self.slug or self.default_slug(self.volume_number)
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.volume_number and self._number_taken_in_language():
            raise ValidationError({"volume_number": _("Another newsletter already has this volume number.")})
        if self.pdf_id:
            self._check_pdf(self.pdf)

    def _number_taken_in_language(self):
        others = VolumePage.objects.filter(volume_number=self.volume_number, locale_id=self.locale_id)
        return others.exclude(pk=self.pk).exists()

    def _check_pdf(self, document):
        if not document.is_pdf:
            raise ValidationError({"pdf": NOT_A_PDF_MESSAGE})
        try:
            with document.open_file() as handle:
                if not looks_like_pdf(handle):
                    raise ValidationError({"pdf": NOT_A_PDF_MESSAGE})
                if document.page_count is None:
                    check_pdf(handle)
        except (InvalidPdf, OSError) as error:
            raise ValidationError({"pdf": UNREADABLE_PDF_MESSAGE}) from error

    @path("download/", name="download")
    def download(self, request):
        """The PDF under a download-friendly name. Documents in a private collection go
        through the document view, which checks its restrictions."""
        document = self.pdf
        if document is None or not document.is_pdf:
            raise Http404
        if is_private_document(document):
            return redirect(document.url)
        etag = f'"{document.file_hash}"' if document.file_hash else None
        if etag and etag in request.headers.get("if-none-match", ""):
            return HttpResponseNotModified()
        try:
            local_path = document.file.path
        except NotImplementedError:
            local_path = None
        if local_path:
            # pages.downloads: byte ranges, or nginx sends the bytes (X-Accel-Redirect).
            response = sendfile(
                request,
                local_path,
                attachment=True,
                attachment_filename=self.download_filename,
                mimetype="application/pdf",
            )
        else:
            response = self._stream_pdf(document)
        if etag:
            response["ETag"] = etag
        return response

    def _stream_pdf(self, document):
        try:
            handle = document.file.open("rb")
        except OSError as error:
            raise Http404 from error
        return FileResponse(
            handle,
            as_attachment=True,
            filename=self.download_filename,
            content_type="application/pdf",
        )


class VolumeContentsItem(Orderable):
    """One article in a volume's table of contents."""

    volume = ParentalKey(VolumePage, on_delete=models.CASCADE, related_name="contents")
    title = models.CharField(_("article title"), max_length=255)
    page_number = models.PositiveSmallIntegerField(
        _("page number"), null=True, blank=True, help_text=_("Where the article starts in the PDF.")
    )
    story = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("story on the site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: a page on this site with the full article."),
    )

    panels = [FieldPanel("title"), FieldPanel("page_number"), FieldPanel("story")]

    class Meta(Orderable.Meta):
        verbose_name = _("table of contents entry")
        verbose_name_plural = _("table of contents entries")


class Subscriber(models.Model):
    """An email address that asked for the newsletter. Only confirmed addresses receive it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("email address"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    consent = models.BooleanField(
        _("consent given"), default=False, help_text=_("The subscriber agreed to receive the newsletter.")
    )
    consented_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(
        _("IP address"),
        null=True,
        blank=True,
        help_text=_("Where the last sign-up came from; kept to deal with abuse."),
    )
    language = models.CharField(
        _("language"),
        max_length=15,
        choices=site_languages,
        default="en",
        help_text=_("The site's language the address signed up in; its emails are written in it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="newsletters_subscriber_email_unique_ci",
                violation_error_message=_("This email address is already on the list."),
            ),
        ]
        indexes = [models.Index(fields=["status"], name="newsletters_subscriber_status")]

    def __str__(self):
        return self.email


class VolumeNotification(models.Model):
    """The record that subscribers were told about a volume. One per volume, so a second
    click (even a simultaneous one) cannot send the announcement again."""

    volume = models.OneToOneField(
        VolumePage, verbose_name=_("volume"), on_delete=models.CASCADE, related_name="notification"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    sent_count = models.PositiveIntegerField(_("emails sent"), default=0)
    failed_count = models.PositiveIntegerField(_("emails failed"), default=0)

    class Meta:
        verbose_name = _("volume notification")
        verbose_name_plural = _("volume notifications")

    def __str__(self):
        return str(self.volume)
