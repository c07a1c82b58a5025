"""The site-wide cache version (pages.cache) read when the current request started.

Its own module so that what memoises per version (pages.visibility) and the page cache,
which asks whether a page is private, do not import each other.
"""

from contextvars import ContextVar

version_of_request = ContextVar("site_version_of_request", default=None)


def request_site_version():
    """The version read when the current request started, or None outside a request."""
    return version_of_request.get()
