"""The filters of the News & Events listing, validated from GET parameters."""

from urllib.parse import urlencode

from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from pages.models import EventPage, StoryCategory, StoryPage
from pages.models.news import EventPageTag, StoryPageTag, either
from pages.visibility import private_q

TYPE_CHOICES = [("", _("Stories and events")), ("story", _("Stories")), ("event", _("Events"))]
WHEN_CHOICES = [("", _("Any time")), ("upcoming", _("Upcoming events")), ("past", _("Past events"))]


class NewsFilterForm(forms.Form):
    category = forms.ModelChoiceField(
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
    programme = forms.ChoiceField(label=_("Programme"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = {day.year for day in StoryPage.objects.live().dates("date", "year")}
        years |= {day.year for day in EventPage.objects.live().dates("date", "year")}
        self.fields["year"].choices = [("", _("All years"))] + [(year, year) for year in sorted(years, reverse=True)]
        programmes = self._programme_choices()
        if programmes:
            self.fields["programme"].choices = [("", _("All programmes"))] + programmes
        else:
            del self.fields["programme"]

    @staticmethod
    def _programme_choices():
        """Programmes that have related stories or events, named by string so this app never
        depends on the programmes app."""
        if not apps.is_installed("programmes"):
            return []
        programme_model = apps.get_model("programmes", "ProgrammePage")
        with_news = programme_model.objects.live().exclude(private_q()).filter(related_stories__isnull=False)
        return list(with_news.distinct().order_by("title").values_list("slug", "title"))

    def filter(self, items):
        """`items` (a queryset of `news_items()`) narrowed by the valid filters."""
        data = self.cleaned_data
        if data["category"]:
            items = items.filter(either(category=data["category"]))
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
        if data.get("programme"):
            items = items.filter(programme_links__programme__slug=data["programme"])
        return items

    def query_string(self):
        """The valid filters as URL parameters, for pagination and feed links."""
        values = {name: self.data.get(name) for name in self.fields if self.data.get(name)}
        return urlencode(values)

    @property
    def is_filtered(self):
        return self.is_bound and any(self.data.get(name) for name in self.fields)
