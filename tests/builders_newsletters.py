"""Builders for newsletter tests: PDF documents and volumes."""

from django.core.files.base import ContentFile

from newsletters.models import NewsletterIndexPage, Subscriber, VolumePage
from pages.demo.media import make_pdf
from pages.models import SiteDocument


def make_document(title="Test PDF", pages=3, content=None, filename="test.pdf"):
    document = SiteDocument(title=title)
    data = content if content is not None else make_pdf(title, ["Cities and local governments."], pages)
    document.file.save(filename, ContentFile(data), save=False)
    document.file_size = len(data)
    document.save()
    return document


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
