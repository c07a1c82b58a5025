"""Builders for newsletter tests: PDF documents and volumes."""

from newsletters.models import NewsletterIndexPage, Subscriber, VolumePage


def archive_page():
    return NewsletterIndexPage.objects.get()


def make_volume(number, issue_date, pdf=None, live=True, **fields):
    volume = VolumePage(
        title=fields.pop("title", f"Vol. {number}"),
        slug=fields.pop("slug", f"vol-{number}"),
        volume_number=number,
        issue_date=issue_date,
        pdf=pdf,
        live=live,
        **fields,
    )
    archive_page().add_child(instance=volume)
    return volume


def make_subscriber(email, status=Subscriber.Status.CONFIRMED):
    return Subscriber.objects.create(email=email, status=status, consent=True)
