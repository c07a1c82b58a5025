"""Retention of declined and withdrawn applications."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from members.models import MembershipApplication, StatusChange
from tests.builders_members import make_application, pdf_bytes

pytestmark = pytest.mark.django_db


def _aged(number, status, days_ago, closed_days_ago=None):
    application = make_application(number, status=status, submitted_at=timezone.now() - timedelta(days=days_ago))
    if closed_days_ago is not None:
        StatusChange.objects.create(
            application=application,
            from_status="under_review",
            to_status=status,
            changed_at=timezone.now() - timedelta(days=closed_days_ago),
        )
    return application


def test_the_retention_command_deletes_only_old_closed_applications():
    old_declined = _aged(1, "declined", 400)
    old_withdrawn = _aged(2, "withdrawn", 500, closed_days_ago=380)
    recently_declined = _aged(3, "declined", 400, closed_days_ago=20)
    new_declined = _aged(4, "declined", 30)
    old_approved = _aged(5, "approved", 900)
    old_new = _aged(6, "new", 900)
    old_review = _aged(7, "under_review", 900)
    old_declined.letter_of_intent.save("letter.pdf", ContentFile(pdf_bytes()), save=True)
    letter = Path(old_declined.letter_of_intent.path)

    call_command("purge_applications", "--months", "12", verbosity=0)

    remaining = set(MembershipApplication.objects.values_list("pk", flat=True))
    assert old_declined.pk not in remaining
    assert old_withdrawn.pk not in remaining
    assert {recently_declined.pk, new_declined.pk, old_approved.pk, old_new.pk, old_review.pk} <= remaining
    assert not letter.exists()


def test_a_dry_run_deletes_nothing(capsys):
    _aged(1, "declined", 400)
    call_command("purge_applications", "--months", "12", "--dry-run")
    assert "1 application(s) would be deleted" in capsys.readouterr().out
    assert MembershipApplication.objects.count() == 1


def test_the_default_period_comes_from_the_settings(settings):
    settings.MEMBERSHIP_RETENTION_MONTHS = 1
    _aged(1, "withdrawn", 40)
    call_command("purge_applications", verbosity=0)
    assert not MembershipApplication.objects.exists()
