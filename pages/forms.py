from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 200


class SiteSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the site"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        validators=[ProhibitNullCharactersValidator()],
    )
