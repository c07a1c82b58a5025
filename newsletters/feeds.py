"""RSS and Atom feeds of newsletter volumes, each with its PDF as an enclosure."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext_lazy as _

from pages.visibility import private_q

from .models import NewsletterIndexPage

FEED_LENGTH = 30


class VolumeRssFeed(Feed):
    description = _("New volumes of the UCLG ASPAC newsletter, with their PDFs.")

    def get_object(self, request):
        archive = NewsletterIndexPage.objects.live().exclude(private_q()).first()
        if archive is None:
            raise Http404
        self.request = request
        return archive

    title = _("UCLG ASPAC newsletter")

    def link(self, archive):
        return archive.get_url(self.request)

    def items(self, archive):
        return archive.live_volumes().select_related("pdf", "cover_image")[:FEED_LENGTH]

    def item_title(self, volume):
        return f"{volume.title} ({volume.period})" if volume.period else volume.title

    def item_description(self, volume):
        return volume.card_summary

    def item_link(self, volume):
        return volume.get_url(self.request)

    def item_pubdate(self, volume):
        return timezone.make_aware(datetime.combine(volume.issue_date, time(9)))

    def item_enclosures(self, volume):
        if volume.pdf is None or not volume.pdf.is_pdf:
            return []
        url = self.request.build_absolute_uri(volume.get_url(self.request) + volume.reverse_subpage("download"))
        return [Enclosure(url, str(volume.pdf.file_size or 0), "application/pdf")]


class VolumeAtomFeed(VolumeRssFeed):
    feed_type = Atom1Feed
    subtitle = VolumeRssFeed.description
