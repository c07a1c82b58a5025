"""The filters of the Programmes & Projects listing, validated from GET parameters."""

from datetime import date
from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from pages.languages import LocalNameChoiceField, named_in_active_language
from pages.request_version import memoised_for_this_version
from pages.visibility import private_q
from pages.widgets import WrittenOutChoicesMixin
from programmes.models import ProgrammePage, ThematicArea


class ProgrammeFilterForm(WrittenOutChoicesMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *ProgrammePage.Status.choices], required=False
    )
    theme = LocalNameChoiceField(
        label=_("Thematic area"),
        queryset=ThematicArea.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All thematic areas"),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    year = forms.TypedChoiceField(label=_("Active in"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices change only when programmes or thematic areas are saved: read once per cache
        # version. The queryset still validates a chosen thematic area.
        self.fields["theme"].queryset = named_in_active_language(ThematicArea.objects.all())
        self.fields["theme"].choices = [
            ("", self.fields["theme"].empty_label),
            *memoised_for_this_version(("programme-filter-themes", get_language()), self._theme_choices),
        ]
        countries_and_years = memoised_for_this_version("programme-filter-choices", _countries_and_years)
        self.fields["country"].choices = [("", _("All countries")), *countries_and_years[0]]
        self.fields["year"].choices = [("", _("All years")), *countries_and_years[1]]

    def _theme_choices(self):
        return list(self.fields["theme"].queryset.values_list("slug", "local_name"))

    def filter(self, programmes):
        data = self.cleaned_data
        if data["status"]:
            programmes = programmes.filter(status=data["status"])
        if data["theme"]:
            programmes = programmes.filter(thematic_areas__translation_key=data["theme"].translation_key)
        if data["country"]:
            # Codes are stored comma separated; a two-letter code only matches whole codes.
            programmes = programmes.filter(countries__contains=data["country"])
        if data["year"]:
            year = data["year"]
            programmes = programmes.filter(start_date__year__lte=year).filter(
                Q(end_date__isnull=True) | Q(end_date__year__gte=year)
            )
        return programmes

    def query_string(self):
        return urlencode({name: self.data.get(name) for name in self.fields if self.data.get(name)})

    @property
    def is_filtered(self):
        return self.is_bound and any(self.data.get(name) for name in self.fields)


def _countries_and_years():
    """The countries and the years in which live public programmes are active, as choices."""
    live = ProgrammePage.objects.live().exclude(private_q())
    codes = set()
    for value in live.values_list("countries", flat=True):
        codes.update(code for code in (value or "").split(",") if code)
    country_choices = sorted(
        ((code, countries.name(code)) for code in codes if countries.name(code)), key=lambda choice: choice[1]
    )
    years, this_year = set(), date.today().year
    for start, end in live.values_list("start_date", "end_date"):
        if start:
            # An open-ended programme is active until today.
            years.update(range(start.year, max(end.year if end else this_year, start.year) + 1))
    return country_choices, [(year, year) for year in sorted(years, reverse=True)]
