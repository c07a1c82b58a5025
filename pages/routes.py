"""The one seam between page models and the views that serve them.

A page model's `@path` route (or any step that needs a view, form, finder or feed) hands over
by name: `call_view("news.events_calendar", request, self)`. The views module registers its
function under that name with `@route_view("news.events_calendar")`, and each app imports its
views modules in `AppConfig.ready()`. Models therefore never import their views, forms or feeds; views import
the models they serve, and dependencies run one way.
"""

_views = {}


def route_view(name):
    """Register the decorated callable as the view a page hands `name` to."""

    def register(view):
        registered = _views.setdefault(name, view)
        if registered is not view and registered.__qualname__ != view.__qualname__:
            raise ValueError(f"Two views claim the route name {name!r}: {registered!r} and {view!r}")
        return view

    return register


def call_view(name, *args, **kwargs):
    """Run the view registered under `name`; views take the request and the page first."""
    return _views[name](*args, **kwargs)
