"""The home page's “Programmes and Projects” block, registered from this app's `ready()`."""

from django.db.models import Case, IntegerField, Value, When

from pages.cards import cards
from pages.home_blocks import register_home_block
from pages.request_version import memoised_for_this_version
from pages.visibility import private_q
from programmes.models import ProgrammeIndexPage, ProgrammePage

HOME_PROGRAMMES = 4


def home_programmes(context, limit=HOME_PROGRAMMES):
    """Ongoing programmes first, then upcoming, then completed; newest first within each."""
    index = memoised_for_this_version("programme-index", _programme_index)
    programmes = []
    request = context.get("request")
    if index is not None:
        status_order = Case(
            When(status=ProgrammePage.Status.ONGOING, then=Value(0)),
            When(status=ProgrammePage.Status.UPCOMING, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        programmes = cards(
            ProgrammePage.objects.child_of(index)
            .live()
            .exclude(private_q())
            .order_by(status_order, "-start_date", "-pk")[:limit],
            "components/card.html",
            request,
        )
    return {"index": index, "programmes": programmes, "request": request}


def _programme_index():
    return ProgrammeIndexPage.objects.live().exclude(private_q()).first()


def register():
    # After the featured stories (10), before the home page's activities (30).
    register_home_block("programmes", 20, "programmes/home_programmes.html", home_programmes)
