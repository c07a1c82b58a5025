"""What the Programmes & Projects pages hand their requests to."""

from pages.cards import cards
from pages.listing import paginate
from pages.routes import route_view
from pages.visibility import private_q
from programmes.forms import ProgrammeFilterForm
from programmes.models import ProgrammePage


@route_view("programmes.listing")
def listing_context(request, index_page):
    """The index's programmes, newest first, narrowed by the valid filters."""
    form = ProgrammeFilterForm(request.GET or None)
    programmes = ProgrammePage.objects.child_of(index_page).live().exclude(private_q()).order_by("-start_date", "-pk")
    if form.is_bound and not form.is_valid():
        programmes = programmes.none()
    elif form.is_bound:
        programmes = form.filter(programmes)
    page_obj = paginate(programmes, request, index_page.page_size)
    return {
        "filter_form": form,
        "page_obj": page_obj,
        "items": cards(page_obj.object_list, "programmes/programme_card.html", request, 2, as_name="programme"),
        "query_string": form.query_string() if form.is_bound else "",
    }
