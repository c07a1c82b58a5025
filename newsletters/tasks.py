from django.db.models import F
from django_tasks import task

from .emails import absolute_url, send_safely, volume_message
from .models import Subscriber, VolumeNotification


def page_absolute_url(page, path_suffix=""):
    url = page.get_url()
    if url is None:
        return None
    url += path_suffix
    return absolute_url(url) if url.startswith("/") else url


@task()
def send_volume_batch(notification_id: int, subscriber_ids: list[int]) -> int:
    """One batch of new-volume emails over a single mail server connection. Addresses that
    unsubscribed since the batch was queued are skipped."""
    notification = VolumeNotification.objects.select_related("volume").filter(pk=notification_id).first()
    if notification is None:
        return 0
    volume = notification.volume
    volume_url = page_absolute_url(volume)
    if volume_url is None:
        return 0
    download_url = page_absolute_url(volume, volume.reverse_subpage("download")) if volume.pdf_id else ""
    subscribers = Subscriber.objects.filter(pk__in=subscriber_ids, status=Subscriber.Status.CONFIRMED)
    messages = [volume_message(subscriber, volume, volume_url, download_url) for subscriber in subscribers]
    sent = send_safely(messages)
    VolumeNotification.objects.filter(pk=notification.pk).update(
        sent_count=F("sent_count") + sent, failed_count=F("failed_count") + len(messages) - sent
    )
    return sent
