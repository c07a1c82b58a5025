"""Create N published stories and events under News & Events, for benchmarks and tests."""

import random
from datetime import date, datetime, time, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from pages.demo.media import placeholder_image
from pages.models import EventPage, NewsIndexPage, SectionPage, StoryCategory, StoryPage

TOPICS = [
    "climate action",
    "local finance",
    "gender equality",
    "urban mobility",
    "public health",
    "disaster resilience",
    "SDG localisation",
    "decentralisation",
]
PLACES = ["Jakarta", "Manila", "Seoul", "Bangkok", "Hanoi", "Kathmandu", "Colombo", "Zhengzhou", "Surabaya", "Pune"]
TAGS = ["SDGs", "Climate", "Gender", "Mobility", "Health", "Resilience"]
EVENT_EVERY = 5
FIRST_YEAR = 2018


class Command(BaseCommand):
    help = "Create COUNT published stories and events (one in five), spread over categories, sections and years."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1, help="Random seed, for repeatable data sets.")

    def handle(self, *args, count, seed, **options):
        index = NewsIndexPage.objects.filter(locale=Locale.get_default()).first()
        if index is None:
            raise CommandError("There is no News & Events page; run load_demo_content first.")
        created = generate_stories(index, count, random.Random(seed))
        self.stdout.write(self.style.SUCCESS(f"Created {created} stories and events."))


@transaction.atomic
def generate_stories(index, count, rng=None):
    """Add `count` live stories and events to `index`; returns how many were made."""
    rng = rng or random.Random(1)
    categories = list(StoryCategory.objects.all()) or [
        StoryCategory.objects.create(name="News", slug="news"),
    ]
    sections = list(SectionPage.objects.filter(locale=Locale.get_default()))
    images = [placeholder_image(f"Generated story {number}") for number in range(3)]
    start = index.get_children().count()
    today = date.today()
    span = (today - date(FIRST_YEAR, 1, 1)).days
    for number in range(start, start + count):
        topic, place = rng.choice(TOPICS), rng.choice(PLACES)
        day = today - timedelta(days=rng.randrange(span))
        fields = {
            "title": f"{place} shares its experience of {topic} ({number})",
            "slug": f"generated-{number}",
            "date": day,
            "teaser": f"Local government officials from {place} met peers from the region to discuss {topic}.",
            "category": categories[number % len(categories)],
            "hero_image": images[number % len(images)],
        }
        if number % EVENT_EVERY == 0:
            starts = timezone.make_aware(datetime.combine(day + timedelta(days=rng.randrange(-30, 60)), time(9)))
            page = EventPage(
                **fields, start=starts, end=starts + timedelta(hours=3), venue=place, is_online=number % 2 == 0
            )
        else:
            page = StoryPage(**fields)
        page.tags.set(rng.sample(TAGS, 2))
        if sections:
            page.sections.set([sections[number % len(sections)]])
        index.add_child(instance=page)
    return count
