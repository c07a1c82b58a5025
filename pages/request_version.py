"""The site-wide cache version (pages.cache) read when the current request started, and what
public requests reuse under it.

Its own module so that what memoises per version (pages.visibility, the site settings, the
menus) and the page cache, which asks whether a page is private, do not import each other.
"""

from contextvars import ContextVar

version_of_request = ContextVar("site_version_of_request", default=None)

_memo = {"version": None, "values": {}}


def request_site_version():
    """The version read when the current request started, or None outside a request."""
    return version_of_request.get()


def memoised_for_this_version(key, compute):
    """`compute()`, kept in this process for every request served under the same version.

    For what only changes through saves that bump the version (restrictions, settings,
    menus), so a page rendered after any change reads it afresh once, and every later
    render reuses it. Outside a public request (the admin, management commands) or when the
    cache is unreachable, computed every time. The values are shared between requests: read
    them, never change them."""
    version = request_site_version()
    if version is None:
        return compute()
    if _memo["version"] != version:
        _memo["values"] = {}
        _memo["version"] = version
    values = _memo["values"]
    if key not in values:
        values[key] = compute()
    return values[key]
