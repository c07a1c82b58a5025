from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from pages.models import StoryCategory

# The request body limit, less room for the rest of the form.
MAX_EXPORT_BYTES = settings.MAX_REQUEST_BODY_BYTES - 1024 * 1024


class ExportUploadForm(forms.Form):
    export_file = forms.FileField(
        label=_("WordPress export file"),
        help_text=_("The .xml file that WordPress writes under Tools → Export → All content."),
    )
    as_drafts = forms.BooleanField(
        label=_("Import as drafts"),
        required=False,
        help_text=_("Pages and stories stay unpublished for editors to review, even those public on WordPress."),
    )

    def clean_export_file(self):
        upload = self.cleaned_data["export_file"]
        if upload.size > MAX_EXPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s.") % {"size": filesizeformat(MAX_EXPORT_BYTES)}
            )
        start = upload.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
        upload.seek(0)
        if not start.startswith((b"<?xml", b"<rss")):
            raise forms.ValidationError(_("This is not an XML file: choose the .xml file that WordPress exported."))
        return upload


class MappingForm(forms.Form):
    """One choice per WordPress category of the export's posts, and which of them are events."""

    def __init__(self, *args, categories, job, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— none: leave unmapped —"))] + [
            (category.slug, category.name)
            for category in StoryCategory.objects.filter(locale=Locale.get_default()).order_by("name")
        ]
        known = {slug for slug, _label in choices}
        self.category_fields = []
        for slug, name in sorted(categories.items(), key=lambda pair: pair[1].lower()):
            field_name = f"category__{slug}"
            initial = job.category_mapping.get(slug, slug if slug in known else "")
            self.fields[field_name] = forms.ChoiceField(label=name, choices=choices, required=False, initial=initial)
            self.category_fields.append(field_name)
        self.fields["event_categories"] = forms.MultipleChoiceField(
            label=_("Posts in these categories become events"),
            choices=sorted(categories.items(), key=lambda pair: pair[1].lower()),
            required=False,
            initial=job.event_categories,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Their date becomes the event's start; add times and venues afterwards."),
        )

    def mapping(self):
        categories = {name.removeprefix("category__"): self.cleaned_data[name] for name in self.category_fields}
        return categories, list(self.cleaned_data["event_categories"])
