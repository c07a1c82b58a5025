import pytest

from pages.routes import call_view, route_view


def test_a_registered_view_is_called_with_what_the_page_passes():
    @route_view("tests.echo")
    def echo(request, page, extra=None):
        return (request, page, extra)

    assert call_view("tests.echo", "request", "page", extra=3) == ("request", "page", 3)


def test_two_different_views_cannot_claim_one_name():
    @route_view("tests.claimed")
    def first(request, page):
        return "first"

    with pytest.raises(ValueError, match="tests.claimed"):

        @route_view("tests.claimed")
        def second(request, page):
            return "second"

    assert call_view("tests.claimed", None, None) == "first"
