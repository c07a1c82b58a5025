from django.db.models import F
from django_tasks import task

from .emails import absolute_url, email_language, send_safely, volume_message
from .models import Subscriber, VolumeNotification


def page_absolute_url(page, path_suffix=""):
    url = page.get_url()
    if url is None:
        return None
    url += path_suffix
    return absolute_url(url) if url.startswith("/") else url


@task()
def send_volume_batch(notification_id: int, subscriber_ids: list[int]) -> int:
    """One batch of new-volume emails over a single mail server connection, each pointing to
    the volume in the subscriber's language where it is translated. Addresses that
    unsubscribed since the batch was queued are skipped."""
    notification = VolumeNotification.objects.select_related("volume").filter(pk=notification_id).first()
    if notification is None:
        return 0
    volume = notification.volume
    if page_absolute_url(volume) is None:
        return 0
    translations = {
        page.locale.language_code: page for page in volume.get_translations().live().select_related("locale").specific()
    }
    subscribers = Subscriber.objects.filter(pk__in=subscriber_ids, status=Subscriber.Status.CONFIRMED)
    messages = [
        volume_message(subscriber, *_volume_in(translations.get(email_language(subscriber), volume)))
        for subscriber in subscribers
    ]
    sent = send_safely(messages)
    VolumeNotification.objects.filter(pk=notification.pk).update(
        sent_count=F("sent_count") + sent, failed_count=F("failed_count") + len(messages) - sent
    )
    return sent


def _volume_in(volume):
    """The volume, its address and its PDF's download address."""
    download_url = page_absolute_url(volume, volume.reverse_subpage("download")) if volume.pdf_id else ""
    return volume, page_absolute_url(volume), download_url
