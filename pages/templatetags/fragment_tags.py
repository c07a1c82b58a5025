"""Parts of public pages rendered once and reused until the next change of content.

`{% sitecache "name" [vary …] %}…{% endsitecache %}`: a fragment of a public page kept in
the shared cache under the site-wide cache version (pages.cache.for_this_version), so any
publish or content change renders it afresh, like the full-page cache.

`{% sitewide "name" [vary …] %}…{% endsitewide %}`: a part that is the same on every page of
a site in one language (the header, the footer), kept in each process's memory under the
same version (pages.request_version): rendered once per process after any change, never
read from another server.

Previews always render both.
"""

from django import template
from django.core.exceptions import DisallowedHost
from django.utils.translation import get_language

from pages.cache import for_this_version
from pages.request_version import memoised_for_this_version

register = template.Library()


def _parse_fragment(parser, token):
    tag, *bits = token.split_contents()
    if not bits:
        raise template.TemplateSyntaxError(f"{tag} needs a fragment name")
    nodelist = parser.parse((f"end{tag}",))
    parser.delete_first_token()
    return nodelist, [parser.compile_filter(bit) for bit in bits]


@register.tag
def sitecache(parser, token):
    return SiteCacheNode(*_parse_fragment(parser, token))


@register.tag
def sitewide(parser, token):
    return SitewideNode(*_parse_fragment(parser, token))


class SiteCacheNode(template.Node):
    kind = "fragment"

    def __init__(self, nodelist, key_parts):
        self.nodelist = nodelist
        self.key_parts = key_parts

    def render(self, context):
        request = context.get("request")
        host = _valid_host(request)
        if host is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        parts = [self.kind, host, get_language() or ""]
        parts += [part.resolve(context) for part in self.key_parts]
        return self.kept(parts, lambda: self.nodelist.render(context))

    def kept(self, parts, render):
        return for_this_version(parts, render)


class SitewideNode(SiteCacheNode):
    kind = "sitewide"

    def kept(self, parts, render):
        return memoised_for_this_version(tuple(parts), render)


def _valid_host(request):
    """The request's host, or None without a request or for a host the site does not serve
    (the 400 page it gets is rendered afresh, and its name never becomes a key)."""
    if request is None:
        return None
    try:
        return request.get_host()
    except DisallowedHost:
        return None
