"""The filters of the News & Events listing, validated from GET parameters."""

from functools import partial
from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from pages.languages import LocalNameChoiceField, named_in_active_language
from pages.news.filters import registered_news_filters
from pages.news.models import EventPage, EventPageTag, StoryCategory, StoryPage, StoryPageTag, either
from pages.request_version import memoised_for_this_version
from pages.widgets import WrittenOutChoicesMixin

TYPE_CHOICES = [("", _("Stories and events")), ("story", _("Stories")), ("event", _("Events"))]
WHEN_CHOICES = [("", _("Any time")), ("upcoming", _("Upcoming events")), ("past", _("Past events"))]


class NewsFilterForm(WrittenOutChoicesMixin, forms.Form):
    category = LocalNameChoiceField(
        label=_("Category"),
        queryset=StoryCategory.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All categories"),
    )
    tag = forms.ModelChoiceField(
        label=_("Tag"),
        # Semi-joins, not a DISTINCT over every tagging of every story.
        queryset=Tag.objects.filter(
            Q(pk__in=StoryPageTag.objects.values("tag_id")) | Q(pk__in=EventPageTag.objects.values("tag_id"))
        ).order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All tags"),
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    type = forms.ChoiceField(label=_("Show"), choices=TYPE_CHOICES, required=False)
    when = forms.ChoiceField(label=_("When"), choices=WHEN_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices change only when pages, categories or tags are saved: read once per cache
        # version. The querysets still validate a chosen value.
        self.fields["category"].queryset = named_in_active_language(StoryCategory.objects.all())
        self.fields["category"].choices = [
            ("", self.fields["category"].empty_label),
            *((category.slug, category.local_name) for category in categories_in_active_language()),
        ]
        self.fields["tag"].choices = [
            ("", self.fields["tag"].empty_label),
            *memoised_for_this_version("news-filter-tags", _tag_choices),
        ]
        years = memoised_for_this_version("news-filter-years", _years)
        self.fields["year"].choices = [("", _("All years"))] + [(year, year) for year in years]
        self.extra_filters = []
        for news_filter in registered_news_filters():
            choices = memoised_for_this_version(("news-filter", news_filter.name), partial(_choices_of, news_filter))
            if choices:
                self.fields[news_filter.name] = forms.ChoiceField(
                    label=news_filter.label, choices=[("", news_filter.empty_label), *choices], required=False
                )
                self.extra_filters.append(news_filter)

    @classmethod
    def parameter_names(cls):
        """Every GET parameter the form may read, whether or not a filter has choices now."""
        return [*cls.base_fields, *(news_filter.name for news_filter in registered_news_filters())]

    def has_filters(self):
        """Whether a valid form narrows the listing at all (a page number alone does not)."""
        return any(value not in (None, "") for value in self.cleaned_data.values())

    def filter(self, items):
        """`items` (a queryset of `news_items()`) narrowed by the valid filters."""
        data = self.cleaned_data
        if data["category"]:
            items = items.filter(either(category__translation_key=data["category"].translation_key))
        if data["tag"]:
            items = items.filter(either(tags=data["tag"]))
        if data["year"]:
            items = items.filter(sort_date__year=data["year"])
        if data["type"] == "story":
            items = items.type(StoryPage)
        elif data["type"] == "event" or data["when"]:
            items = items.type(EventPage)
        if data["when"]:
            now = timezone.now()
            happening = EventPage.objects.filter(Q(end__gte=now) | Q(end__isnull=True, start__gte=now))
            if data["when"] == "upcoming":
                items = items.filter(pk__in=happening.values("pk"))
            else:
                items = items.exclude(pk__in=happening.values("pk"))
        for news_filter in self.extra_filters:
            if data.get(news_filter.name):
                items = news_filter.apply(items, data[news_filter.name])
        return items

    def query_string(self):
        """The valid filters as URL parameters, for pagination and feed links."""
        values = {name: self.data.get(name) for name in self.fields if self.data.get(name)}
        return urlencode(values)

    @property
    def is_filtered(self):
        return self.is_bound and any(self.data.get(name) for name in self.fields)


def categories_in_active_language():
    """The story categories in the visitor's language, read once per cache version."""
    return memoised_for_this_version(
        ("news-categories", get_language()), lambda: list(named_in_active_language(StoryCategory.objects.all()))
    )


def _tag_choices():
    return list(NewsFilterForm.base_fields["tag"].queryset.values_list("slug", "name"))


def _years():
    """The years of live stories and events, newest first."""
    years = {day.year for day in StoryPage.objects.live().dates("date", "year")}
    years |= {day.year for day in EventPage.objects.live().dates("date", "year")}
    return sorted(years, reverse=True)


def _choices_of(news_filter):
    return list(news_filter.choices())
