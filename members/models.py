"""Membership: the page with the join form, applications reviewed by the secretariat, the
taxonomies they use (categories, fee bands, interests, languages) and the member directory."""

import hashlib
import secrets
import unicodedata
import uuid

from django.conf import settings
from django.db import models
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from pages.blocks import BodyBlock
from pages.languages import site_languages
from pages.models.base import BasePage
from pages.pdf import PdfCheck
from pages.routes import call_view
from pages.storage import private_storage
from pages.tasks import queue_pdf_check
from pages.visibility import private_q

from .countries import AsiaPacificCountries

SESSION_REFERENCE_KEY = "membership_application_reference"


def letter_upload_path(instance, filename):
    # The applicant's file name is not kept: it may carry personal data or odd characters.
    return f"membership/letters/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class SortedTaxonomy(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    sort_order = models.PositiveSmallIntegerField(
        _("sort order"), default=0, help_text=_("Lower numbers are listed first.")
    )

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class MembershipCategory(SortedTaxonomy):
    description = models.TextField(_("description"), blank=True, max_length=500)
    is_local_government = models.BooleanField(
        _("is a local government"),
        default=False,
        help_text=_("Applicants in this category give their population, which sets the indicative fee."),
    )
    enabled = models.BooleanField(_("enabled"), default=True, help_text=_("Only enabled categories can be chosen."))

    class Meta(SortedTaxonomy.Meta):
        verbose_name = _("membership category")
        verbose_name_plural = _("membership categories")


class InterestArea(SortedTaxonomy):
    """A Standing Committee or programme an applicant may want to take part in."""

    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta(SortedTaxonomy.Meta):
        verbose_name = _("Standing Committee or programme of interest")
        verbose_name_plural = _("Standing Committees and programmes of interest")


class CorrespondenceLanguage(SortedTaxonomy):
    enabled = models.BooleanField(_("enabled"), default=True)
    site_language = models.CharField(
        _("site language"),
        max_length=15,
        blank=True,
        choices=site_languages,
        help_text=_(
            "The site's language that applicants choosing this one get their acknowledgement in. "
            "Leave empty for a language the site does not speak: they get the language of the page they applied on."
        ),
    )

    class Meta(SortedTaxonomy.Meta):
        verbose_name = _("correspondence language")
        verbose_name_plural = _("correspondence languages")


class IncomeGroup(SortedTaxonomy):
    key = models.SlugField(_("key"), max_length=40, unique=True, help_text=_("Used by the data file of countries."))

    class Meta(SortedTaxonomy.Meta):
        verbose_name = _("income group")
        verbose_name_plural = _("income groups")


class CountryIncomeGroup(models.Model):
    country = CountryField(_("country"), countries=AsiaPacificCountries, unique=True)
    income_group = models.ForeignKey(IncomeGroup, verbose_name=_("income group"), on_delete=models.CASCADE)

    class Meta:
        ordering = ["country"]
        verbose_name = _("country income group")
        verbose_name_plural = _("country income groups")

    def __str__(self):
        return f"{self.country.name}: {self.income_group}"


class PopulationBand(models.Model):
    label = models.CharField(_("label"), max_length=80, help_text=_("For example “100,000 to 500,000”."))
    min_population = models.PositiveBigIntegerField(_("from (inclusive)"), default=0)
    max_population = models.PositiveBigIntegerField(
        _("up to (exclusive)"), null=True, blank=True, help_text=_("Empty for the highest band.")
    )

    class Meta:
        ordering = ["min_population"]
        verbose_name = _("population band")
        verbose_name_plural = _("population bands")

    def __str__(self):
        return self.label


class FeeBand(models.Model):
    population_band = models.ForeignKey(PopulationBand, verbose_name=_("population band"), on_delete=models.CASCADE)
    income_group = models.ForeignKey(IncomeGroup, verbose_name=_("income group"), on_delete=models.CASCADE)
    annual_fee_usd = models.DecimalField(_("indicative annual fee (USD)"), max_digits=10, decimal_places=0)

    class Meta:
        ordering = ["population_band__min_population", "income_group__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["population_band", "income_group"], name="members_unique_fee_band")
        ]
        verbose_name = _("fee band")
        verbose_name_plural = _("fee bands")

    def __str__(self):
        return f"{self.population_band} × {self.income_group}: {self.annual_fee_usd} USD"

    @classmethod
    def indicative_fee(cls, country, population):
        """The fee of the band matching this population and the country's income group."""
        if not country or population is None:
            return None
        band = (
            cls.objects.filter(
                income_group__countryincomegroup__country=country,
                population_band__min_population__lte=population,
            )
            .filter(
                models.Q(population_band__max_population__isnull=True)
                | models.Q(population_band__max_population__gt=population)
            )
            .first()
        )
        return band.annual_fee_usd if band else None


class ApplicationStatus(models.TextChoices):
    NEW = "new", _("New")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Which status may follow which: the review workflow.
STATUS_TRANSITIONS = {
    ApplicationStatus.NEW: [ApplicationStatus.UNDER_REVIEW, ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN],
    ApplicationStatus.UNDER_REVIEW: [
        ApplicationStatus.APPROVED,
        ApplicationStatus.DECLINED,
        ApplicationStatus.WITHDRAWN,
    ],
    ApplicationStatus.APPROVED: [ApplicationStatus.WITHDRAWN],
    ApplicationStatus.DECLINED: [ApplicationStatus.UNDER_REVIEW],
    ApplicationStatus.WITHDRAWN: [ApplicationStatus.UNDER_REVIEW],
}
CLOSED_STATUSES = [ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN]

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference():
    return "ASPAC-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def application_fingerprint(email, organisation, when):
    """The same applicant sending the same organisation on the same day: one application."""
    normalised_email = email.strip().casefold()
    normalised_org = " ".join(unicodedata.normalize("NFKC", organisation).casefold().split())
    day = timezone.localdate(when).isoformat()
    return hashlib.sha256(f"{normalised_email}\n{normalised_org}\n{day}".encode()).hexdigest()


class MembershipApplication(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, default=new_reference, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.NEW, db_index=True
    )
    organisation_name = models.CharField(_("name of the organisation"), max_length=200)
    category = models.ForeignKey(
        MembershipCategory, verbose_name=_("membership category"), on_delete=models.PROTECT, related_name="+"
    )
    country = CountryField(_("country or territory"), countries=AsiaPacificCountries)
    city = models.CharField(_("city or region"), max_length=120)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    website = models.URLField(_("official website"), max_length=300, blank=True)
    letter_of_intent = models.FileField(
        _("letter of intent or council resolution"),
        storage=private_storage,
        upload_to=letter_upload_path,
        max_length=200,
        blank=True,
    )
    letter_check = models.CharField(
        _("letter of intent check"),
        max_length=10,
        choices=PdfCheck.choices,
        blank=True,
        editable=False,
        help_text=_("Whether the background worker could read the letter as a PDF."),
    )
    interests = models.ManyToManyField(
        InterestArea, verbose_name=_("Standing Committees and programmes of interest"), blank=True
    )
    postal_address = models.TextField(_("postal address"), max_length=500)
    head_name = models.CharField(_("name of the head of government or organisation"), max_length=120)
    head_title = models.CharField(_("title of the head of government or organisation"), max_length=120)
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_position = models.CharField(_("position of the contact person"), max_length=120)
    contact_email = models.EmailField(_("contact email"), max_length=254)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    preferred_language = models.ForeignKey(
        CorrespondenceLanguage,
        verbose_name=_("preferred language"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_language = models.CharField(
        _("language of the form"),
        max_length=15,
        default=settings.LANGUAGE_CODE,
        editable=False,
        help_text=_("The language of the page the application was sent from."),
    )
    heard_about = models.CharField(_("how did you hear of us?"), max_length=200, blank=True)
    message = models.TextField(_("message"), max_length=3000, blank=True)
    consent = models.BooleanField(_("consent to data processing"), default=False)
    indicative_fee_usd = models.DecimalField(
        _("indicative annual fee (USD)"),
        max_digits=10,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("As shown to the applicant when they applied."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    internal_note = models.TextField(
        _("internal note"), blank=True, max_length=5000, help_text=_("Seen only by the secretariat.")
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")

    def __str__(self):
        return f"{self.organisation_name} ({self.reference})"

    def save(self, *args, **kwargs):
        if not self.fingerprint:
            self.fingerprint = application_fingerprint(self.contact_email, self.organisation_name, self.submitted_at)
        is_new = self._state.adding
        super().save(*args, **kwargs)
        if is_new:
            # Only the cheap check ran in the request; the full read happens on the worker.
            queue_pdf_check(self, "letter_of_intent", "letter_check")

    def country_name(self):
        return self.country.name

    def email_language(self):
        """The language to write to the applicant in: their correspondence language when the
        site speaks it, else the language they applied in."""
        chosen = self.preferred_language.site_language if self.preferred_language else ""
        configured = dict(settings.LANGUAGES)
        return chosen if chosen in configured else self.submitted_language

    def allowed_statuses(self):
        return STATUS_TRANSITIONS[ApplicationStatus(self.status)]

    def personal_data(self):
        """Everything this applicant told us, for a data export on request."""
        return {
            "reference": self.reference,
            "status": self.status,
            "submitted_at": self.submitted_at.isoformat(),
            "organisation_name": self.organisation_name,
            "category": self.category.name,
            "country": self.country.code,
            "city": self.city,
            "population": self.population,
            "website": self.website,
            "has_letter_of_intent": bool(self.letter_of_intent),
            "interests": [interest.name for interest in self.interests.all()],
            "postal_address": self.postal_address,
            "head_name": self.head_name,
            "head_title": self.head_title,
            "contact_name": self.contact_name,
            "contact_position": self.contact_position,
            "contact_email": self.contact_email,
            "contact_phone": self.contact_phone,
            "preferred_language": self.preferred_language.name if self.preferred_language else "",
            "submitted_language": self.submitted_language,
            "heard_about": self.heard_about,
            "message": self.message,
            "consent": self.consent,
            "client_ip": self.client_ip,
        }


class StatusChange(models.Model):
    """Who moved an application from one status to another, when, and why."""

    application = models.ForeignKey(MembershipApplication, on_delete=models.CASCADE, related_name="status_changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    from_status = models.CharField(_("from"), max_length=20, choices=ApplicationStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=ApplicationStatus.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Member(index.Indexed, models.Model):
    organisation_name = models.CharField(_("organisation"), max_length=200)
    country = CountryField(_("country or territory"), countries=AsiaPacificCountries)
    city = models.CharField(_("city or region"), max_length=120, blank=True)
    category = models.ForeignKey(
        MembershipCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="members"
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    logo = models.ForeignKey(
        "pages.SiteImage", verbose_name=_("logo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_year = models.PositiveSmallIntegerField(_("member since"), null=True, blank=True)
    application = models.OneToOneField(
        MembershipApplication,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
        editable=False,
    )

    panels = [
        FieldPanel("organisation_name"),
        MultiFieldPanel([FieldPanel("country"), FieldPanel("city")], heading=_("Place")),
        FieldPanel("category"),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("joined_year"),
    ]
    search_fields = [index.SearchField("organisation_name"), index.AutocompleteField("organisation_name")]

    class Meta:
        ordering = ["organisation_name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return self.organisation_name


@register_setting(icon="group")
class MembershipSettings(BaseSiteSetting):
    secretariat_email = models.EmailField(
        _("secretariat email"),
        blank=True,
        help_text=_("Receives a notification of every membership application."),
    )

    panels = [FieldPanel("secretariat_email")]

    class Meta:
        verbose_name = _("membership settings")


class MembershipPage(RoutablePageMixin, BasePage):
    """Explains membership and carries the join form; its "thanks" step follows a submission."""

    page_description = _("The Be a Member page with the application form. There is only one.")

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["members.MemberDirectoryPage"]
    max_count = 1

    og_type = "website"

    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("body"),
        help_text=_("Benefits, categories, fees and the process, shown above the form."),
    )
    form_heading = models.CharField(_("form heading"), max_length=120, default=_("Apply for membership"))
    form_introduction = models.TextField(
        _("form introduction"), blank=True, max_length=1000, help_text=_("Shown above the form.")
    )
    thank_you_heading = models.CharField(
        _("thank-you heading"), max_length=120, default=_("Thank you for your application")
    )
    thank_you_text = RichTextField(
        _("thank-you text"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("What happens next, shown after the form is sent."),
    )
    show_fee_table = models.BooleanField(
        _("show the fee table"), default=True, help_text=_("Indicative annual fees by population and income group.")
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("form_heading"), FieldPanel("form_introduction"), FieldPanel("show_fee_table")],
            heading=_("Form"),
        ),
        MultiFieldPanel([FieldPanel("thank_you_heading"), FieldPanel("thank_you_text")], heading=_("After sending")),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("membership page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.show_fee_table:
            context["fee_table"] = fee_table()
        # The member directory below this page, when published and public: one query, where
        # Wagtail's `.public()` would read every view restriction first.
        context["directory"] = self.get_children().live().exclude(private_q()).first()
        return context

    @path("")
    def join(self, request):
        return call_view("members.join", request, self)

    @path("thanks/")
    def thanks(self, request):
        reference = request.session.get(SESSION_REFERENCE_KEY)
        if not reference:
            return redirect(self.url)
        application = MembershipApplication.objects.filter(reference=reference).first()
        return self.render(
            request,
            context_overrides={"reference": reference, "application": application},
            template="members/membership_page_thanks.html",
        )


def fee_table():
    """Rows of population bands with one fee per income group, in a fixed number of queries."""
    groups = list(IncomeGroup.objects.all())
    fees = {(fee.population_band_id, fee.income_group_id): fee.annual_fee_usd for fee in FeeBand.objects.all()}
    rows = [
        {"band": band, "fees": [fees.get((band.pk, group.pk)) for group in groups]}
        for band in PopulationBand.objects.all()
    ]
    return {"groups": groups, "rows": rows} if rows and groups else None


class MemberDirectoryPage(BasePage):
    """The public directory of members."""

    page_description = _("The public list of members, grouped by country.")
    parent_page_types = ["pages.HomePage", "members.MembershipPage"]
    subpage_types = []
    max_count = 1

    og_type = "website"
    schema_page_type = "CollectionPage"

    content_panels = BasePage.content_panels

    class Meta:
        verbose_name = _("member directory page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(call_view("members.directory", request, self))
        return context
