"""`{% sitecache "name" [vary …] %}…{% endsitecache %}`: a fragment of a public page kept in
the shared cache under the site-wide cache version (pages.cache.for_this_version), so any
publish or content change renders it afresh, like the full-page cache. Previews always
render it.
"""

from django import template
from django.utils.translation import get_language

from pages.cache import for_this_version

register = template.Library()


@register.tag
def sitecache(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("sitecache needs a fragment name")
    nodelist = parser.parse(("endsitecache",))
    parser.delete_first_token()
    return SiteCacheNode(nodelist, [parser.compile_filter(bit) for bit in bits])


class SiteCacheNode(template.Node):
    def __init__(self, nodelist, key_parts):
        self.nodelist = nodelist
        self.key_parts = key_parts

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        parts = ["fragment", request.get_host(), get_language() or ""]
        parts += [part.resolve(context) for part in self.key_parts]
        return for_this_version(parts, lambda: self.nodelist.render(context))
