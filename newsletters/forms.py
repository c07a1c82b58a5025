from django import forms
from django.utils.translation import gettext_lazy as _

from pages.protection import ProtectedFormMixin
from pages.widgets import WrittenOutChoicesMixin


class ArchiveFilterForm(WrittenOutChoicesMixin, forms.Form):
    """The archive's year filter; only years that have volumes are valid."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(year, str(year)) for year in years]


class SubscribeForm(ProtectedFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_("I agree to receive the UCLG ASPAC newsletter by email. I can unsubscribe at any time."),
        error_messages={"required": _("Tick this box to subscribe.")},
    )
