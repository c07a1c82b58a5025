"""Telling confirmed subscribers about a published volume, once."""

from django.db import IntegrityError, transaction

from .models import Subscriber, VolumeNotification
from .tasks import send_volume_batch

BATCH_SIZE = 100


class AlreadyNotified(Exception):
    pass


def confirmed_subscriber_count() -> int:
    return Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count()


def start_notification(volume, user) -> VolumeNotification:
    """Record the notification, then queue the emails in batches. The one-per-volume
    constraint makes a second request fail here, before anything is sent."""
    recipient_ids = list(
        Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).order_by("pk").values_list("pk", flat=True)
    )
    try:
        with transaction.atomic():
            notification = VolumeNotification.objects.create(
                volume=volume, requested_by=user, recipient_count=len(recipient_ids)
            )
    except IntegrityError as error:
        raise AlreadyNotified from error
    for start in range(0, len(recipient_ids), BATCH_SIZE):
        send_volume_batch.enqueue(notification.pk, recipient_ids[start : start + BATCH_SIZE])
    return notification
