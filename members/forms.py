"""The public join form, the directory filters and the staff review form."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from pages.pdf import InvalidPdf, check_pdf
from pages.protection import ProtectedFormMixin
from pages.widgets import WrittenOutCheckboxes, WrittenOutChoicesMixin, WrittenOutSelect

from .countries import country_choices
from .models import (
    ApplicationStatus,
    CorrespondenceLanguage,
    InterestArea,
    MembershipApplication,
    MembershipCategory,
)

MAX_LETTER_BYTES = 5 * 1024 * 1024
MULTI_LINE_FIELDS = {"postal_address", "message"}
ALLOWED_IN_MULTI_LINE = {"\n", "\r", "\t"}
PHONE_SEPARATORS = re.compile(r"[\s().\-/]")
E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def has_control_characters(value: str, allowed=frozenset()) -> bool:
    """True when the text holds NUL or another control or format-less character (Unicode Cc)."""
    return any(unicodedata.category(char) == "Cc" and char not in allowed for char in value)


def normalise_phone(value: str) -> str:
    """A phone number in international form, +<country code><number>, or a ValidationError."""
    compact = PHONE_SEPARATORS.sub("", value)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if not E164.match(compact):
        raise ValidationError(
            _("Enter the number with its country code, starting with +, for example +62 21 389 01801."),
            code="invalid_phone",
        )
    return compact


class MembershipApplicationForm(ProtectedFormMixin, WrittenOutChoicesMixin, forms.ModelForm):
    website = forms.URLField(
        label=_("Official website"),
        required=False,
        max_length=300,
        assume_scheme="https",
        help_text=_("For example www.example.go.id"),
    )
    letter_of_intent = forms.FileField(
        label=_("Letter of intent or council resolution (optional)"),
        required=False,
        help_text=_("A PDF file of at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("We can only process your application with your consent.")},
    )

    class Meta:
        model = MembershipApplication
        fields = [
            "organisation_name",
            "category",
            "country",
            "city",
            "population",
            "website",
            "letter_of_intent",
            "interests",
            "postal_address",
            "head_name",
            "head_title",
            "contact_name",
            "contact_position",
            "contact_email",
            "contact_phone",
            "preferred_language",
            "heard_about",
            "message",
            "consent",
        ]
        labels = {
            "organisation_name": _("Name of the local government or organisation"),
            "category": _("Membership category"),
            "country": _("Country or territory"),
            "city": _("City or region"),
            "population": _("Population"),
            "interests": _("Standing Committees and programmes you are interested in"),
            "postal_address": _("Postal address"),
            "head_name": _("Name of the mayor, governor or head of the organisation"),
            "head_title": _("Their title"),
            "contact_name": _("Contact person"),
            "contact_position": _("Position of the contact person"),
            "contact_email": _("Email of the contact person"),
            "contact_phone": _("Phone of the contact person"),
            "preferred_language": _("Preferred language for correspondence"),
            "heard_about": _("How did you hear of UCLG ASPAC?"),
            "message": _("Message"),
        }
        help_texts = {
            "population": _(
                "Local governments only. It sets the indicative annual fee; the secretariat sends the final invoice."
            ),
            "contact_phone": _("With the country code, for example +62 21 389 01801."),
        }
        widgets = {
            # django-countries gives the country its own select, which the mixin leaves alone.
            "country": WrittenOutSelect,
            "interests": WrittenOutCheckboxes,
            "postal_address": forms.Textarea(attrs={"rows": 3}),
            "message": forms.Textarea(attrs={"rows": 5}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "population": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }

    def __init__(self, *args, privacy_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = MembershipCategory.objects.filter(enabled=True)
        self.fields["interests"].queryset = InterestArea.objects.filter(enabled=True)
        self.fields["preferred_language"].queryset = CorrespondenceLanguage.objects.filter(enabled=True)
        self.fields["preferred_language"].required = True
        self.fields["country"].choices = [("", "---------"), *country_choices()]
        if privacy_url:
            self.fields["consent"].label = format_html(
                '{} <a href="{}">{}</a>',
                _("I agree that UCLG ASPAC processes these details to handle this application, as described in the"),
                privacy_url,
                _("privacy notice"),
            )
        else:
            self.fields["consent"].label = _(
                "I agree that UCLG ASPAC processes these details to handle this application."
            )

    def clean(self):
        cleaned_data = super().clean()
        for name, value in list(cleaned_data.items()):
            allowed = ALLOWED_IN_MULTI_LINE if name in MULTI_LINE_FIELDS else frozenset()
            if isinstance(value, str) and name in self.Meta.fields and has_control_characters(value, allowed):
                self.add_error(
                    name, ValidationError(_("Remove the invisible control characters from this text."), code="control")
                )
        category = cleaned_data.get("category")
        if category and category.is_local_government and cleaned_data.get("population") is None:
            self.add_error("population", _("Local governments give their population, which sets the fee."))
        return cleaned_data

    def clean_contact_phone(self):
        return normalise_phone(self.cleaned_data["contact_phone"])

    def clean_letter_of_intent(self):
        upload = self.cleaned_data.get("letter_of_intent")
        if not upload:
            return None
        if upload.size > MAX_LETTER_BYTES:
            raise ValidationError(_("This file is larger than 5 MB. Please send a smaller PDF."), code="too_large")
        try:
            check_pdf(upload)  # bounded; the full read happens on the worker
        except InvalidPdf as error:
            raise ValidationError(error.message, code="not_pdf") from None
        return upload


class DirectoryFilterForm(WrittenOutChoicesMixin, forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=MembershipCategory.objects.all(), required=False, empty_label=_("All categories")
    )
    country = forms.ChoiceField(label=_("Country or territory"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *country_choices()]


class ApplicationReviewForm(WagtailAdminModelForm):
    """Staff change only the status and the internal note; what the applicant sent stays as sent."""

    change_note = forms.CharField(
        label=_("Note on this change"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the history of the application with your name and the time."),
    )
    create_member = forms.BooleanField(
        label=_("Add to the member directory when approved"),
        required=False,
        initial=True,
    )

    class Meta:
        model = MembershipApplication
        fields = ["status", "internal_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = ApplicationStatus(self.instance.status)
        allowed = [current, *self.instance.allowed_statuses()]
        self.fields["status"].choices = [(status.value, status.label) for status in allowed]

    def clean(self):
        cleaned_data = super().clean()
        for name in ("internal_note", "change_note"):
            if has_control_characters(cleaned_data.get(name) or "", ALLOWED_IN_MULTI_LINE):
                self.add_error(name, _("Remove the invisible control characters from this text."))
        return cleaned_data
