"""The home page's “Programmes and Projects” block, registered from this app's `ready()`."""

from functools import cache

from pages.cards import cards
from pages.home_blocks import register_home_block
from pages.page_ids import PageListing, join
from pages.request_version import memoised_for_this_version
from pages.visibility import private_q
from programmes.models import ProgrammeIndexPage, ProgrammePage

HOME_PROGRAMMES = 4


def home_programmes(context, limit=HOME_PROGRAMMES):
    """Ongoing programmes first, then upcoming, then completed; newest first within each."""
    index = memoised_for_this_version("programme-index", _programme_index)
    request = context.get("request")
    programmes = []
    if index is not None:
        ids = _by_status().ids(
            ProgrammePage.Status.ONGOING.value, ProgrammePage.Status.UPCOMING.value, limit=limit, parent=index
        )
        programmes = cards(ids, "components/card.html", request)
    return {"index": index, "programmes": programmes, "request": request}


@cache
def _by_status():
    return PageListing(
        join(ProgrammePage, "programme"),
        order_by="CASE programme.status WHEN %s THEN 0 WHEN %s THEN 1 ELSE 2 END, programme.start_date DESC, p.id DESC",
    )


def _programme_index():
    return ProgrammeIndexPage.objects.live().exclude(private_q()).first()


def register():
    # After the featured stories (10), before the home page's activities (30).
    register_home_block("programmes", 20, "programmes/home_programmes.html", home_programmes)
