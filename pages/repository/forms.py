"""The public “Suggest a resource” form and the staff form that imports a spreadsheet."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from pages.pdf import InvalidPdf, check_pdf
from pages.protection import ProtectedFormMixin

from .models import ResourceSuggestion

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_IMPORT_BYTES = 5 * 1024 * 1024
UPLOAD_EXTENSIONS = ["pdf", "doc", "docx", "odt", "ppt", "pptx", "xlsx", "csv"]


class ResourceSuggestionForm(ProtectedFormMixin, forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree that UCLG ASPAC stores these details to review my suggestion and may contact me about it."),
        required=True,
    )

    class Meta:
        model = ResourceSuggestion
        fields = ["title", "url", "file", "publisher", "country", "reason", "name", "organisation", "email", "consent"]
        labels = {"url": _("Link to the resource"), "file": _("Or upload the file")}
        help_texts = {
            "url": _("Give a link, upload the file, or both."),
            "file": _("PDF or office document, at most 20 MB. Kept private until staff review it."),
            "reason": _("Who is it useful for, and what can a local government learn from it?"),
        }
        widgets = {"reason": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].validators.append(FileExtensionValidator(UPLOAD_EXTENSIONS))
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 20 MB. Please give a link instead."))
        if upload.name.lower().endswith(".pdf"):
            try:
                check_pdf(upload)  # bounded; the full read happens on the worker
            except InvalidPdf as error:
                raise ValidationError(error.message) from error
            upload.seek(0)
        return upload

    def clean(self):
        cleaned_data = super().clean()
        if (
            not self.is_spam
            and not cleaned_data.get("url")
            and not cleaned_data.get("file")
            and not self.has_error("url")
            and not self.has_error("file")
        ):
            self.add_error("url", _("Give a link to the resource or upload the file."))
        return cleaned_data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"), help_text=_("One resource per row; see the columns below."))
    dry_run = forms.BooleanField(label=_("Dry run: check the file and save nothing"), required=False, initial=True)
    commit_valid = forms.BooleanField(label=_("Import the valid rows even when other rows have errors"), required=False)
    as_drafts = forms.BooleanField(
        label=_("Import as drafts"),
        required=False,
        help_text=_("New resources stay unpublished and changes to existing ones wait as drafts, for review."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
