"""Create N published programmes under Programmes & Projects, for benchmarks and tests."""

import random
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pages.demo.media import placeholder_image
from programmes.models import PartnerOrganisation, ProgrammeIndexPage, ProgrammePage, ThematicArea

COUNTRIES = ["ID", "PH", "KR", "TH", "VN", "NP", "LK", "CN", "IN", "MN"]
TOPICS = ["urban resilience", "local finance", "gender equality", "clean mobility", "SDG reporting", "public health"]


class Command(BaseCommand):
    help = "Create COUNT published programmes with thematic areas, partners, countries and dates."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1, help="Random seed, for repeatable data sets.")

    def handle(self, *args, count, seed, **options):
        index = ProgrammeIndexPage.objects.first()
        if index is None:
            raise CommandError("There is no Programmes & Projects page; run load_demo_content first.")
        generate_programmes(index, count, random.Random(seed))
        self.stdout.write(self.style.SUCCESS(f"Created {count} programmes."))


@transaction.atomic
def generate_programmes(index, count, rng=None):
    rng = rng or random.Random(1)
    areas = list(ThematicArea.objects.all()) or [ThematicArea.objects.create(name="Capacity building", slug="cb")]
    partners = list(PartnerOrganisation.objects.filter(locale_id=index.locale_id))
    images = [placeholder_image(f"Generated programme {number}") for number in range(3)]
    start = index.get_children().count()
    statuses = [choice for choice, _label in ProgrammePage.Status.choices]
    for number in range(start, start + count):
        topic = rng.choice(TOPICS)
        begins = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
        page = ProgrammePage(
            title=f"Programme on {topic} ({number})",
            slug=f"generated-programme-{number}",
            summary=f"Cities of the region work together on {topic}.",
            status=statuses[number % len(statuses)],
            start_date=begins,
            end_date=begins + timedelta(days=rng.randrange(180, 1500)),
            countries=rng.sample(COUNTRIES, 3),
            listing_image=images[number % len(images)],
        )
        page.thematic_areas.set([areas[number % len(areas)]])
        if partners:
            page.partners.set([partners[number % len(partners)]])
        index.add_child(instance=page)
    return count
