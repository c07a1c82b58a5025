"""Delete declined and withdrawn membership applications once their retention period ends."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import CLOSED_STATUSES, MembershipApplication

DEFAULT_RETENTION_MONTHS = 12
AVERAGE_DAYS_PER_MONTH = 365.25 / 12


class Command(BaseCommand):
    help = (
        "Delete declined and withdrawn membership applications (with their uploaded letters) "
        "closed more than --months months ago."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=getattr(settings, "MEMBERSHIP_RETENTION_MONTHS", DEFAULT_RETENTION_MONTHS),
            help="Retention period in months (default: the MEMBERSHIP_RETENTION_MONTHS setting, or 12).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted; delete nothing.")

    def handle(self, *args, months, dry_run, **options):
        if months < 1:
            self.stderr.write("--months must be at least 1.")
            return
        cutoff = timezone.now() - timedelta(days=round(months * AVERAGE_DAYS_PER_MONTH))
        expired = (
            MembershipApplication.objects.filter(status__in=CLOSED_STATUSES)
            .annotate(closed_at=Coalesce(Max("status_changes__changed_at"), "submitted_at"))
            .filter(closed_at__lt=cutoff)
        )
        expired = list(expired)
        count = len(expired)
        if dry_run:
            self.stdout.write(f"{count} application(s) would be deleted.")
            return
        for application in expired:
            application.delete()
        self.stdout.write(f"Deleted {count} declined or withdrawn application(s) closed before {cutoff:%Y-%m-%d}.")
