"""Which query parameters a page depends on, for the full-page cache (pages.cache).

Tracking tags added by newsletters, ads and social networks (`utm_*`, `fbclid`, `gclid`…) are
removed from `request.GET` before the page is rendered, so a page cannot depend on them and
they are left out of its cache key. Any other parameter is recorded when the page reads it;
a response to a request carrying a parameter the page never read is not stored, so random
parameters cannot fill the cache.
"""

from django.http import QueryDict

TRACKING_PREFIXES = ("utm_", "_ga", "_gl", "mc_", "pk_", "mtm_", "hsa_")
TRACKING_NAMES = frozenset(
    {"fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
     "li_fat_id", "ttclid", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "ref_src", "s_cid"}
)  # fmt: skip


def is_tracking_parameter(name):
    name = name.lower()
    return name in TRACKING_NAMES or name.startswith(TRACKING_PREFIXES)


class RecordingQueryDict(QueryDict):
    """A read-only QueryDict that remembers which names were looked up. Listing, copying or
    re-encoding the whole of it counts as reading every name, since the page may then
    reproduce any of them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read_names = set()

    def _read(self, name):
        self.read_names.add(name)

    def _read_all(self):
        self.read_names.update(dict.keys(self))

    def unrecorded_lists(self):
        """Every name and its values, without counting them as read."""
        return [(name, list(values)) for name, values in dict.items(self)]

    def unread_names(self):
        return set(dict.keys(self)) - self.read_names

    def __getitem__(self, key):
        self._read(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._read(key)
        return super().__contains__(key)

    def getlist(self, key, default=None):
        self._read(key)
        return super().getlist(key, default)

    def __iter__(self):
        self._read_all()
        return super().__iter__()

    def keys(self):
        self._read_all()
        return super().keys()

    def lists(self):
        self._read_all()
        return super().lists()

    def values(self):
        self._read_all()
        return super().values()

    def dict(self):
        self._read_all()
        return super().dict()

    def urlencode(self, safe=None):
        self._read_all()
        return super().urlencode(safe)

    def __deepcopy__(self, memo):
        self._read_all()
        result = QueryDict(mutable=True, encoding=self.encoding)
        for key, values in dict.items(self):
            result.setlist(key, list(values))
        return result

    def __copy__(self):
        return self.__deepcopy__({})


def without_tracking_parameters(query):
    """A recording copy of `query` without the tracking parameters."""
    recorded = RecordingQueryDict(mutable=True, encoding=query.encoding)
    for name, values in query.lists():
        if not is_tracking_parameter(name):
            recorded.setlist(name, values)
    recorded._mutable = False
    return recorded


def page_ignored_a_parameter(request):
    """Whether the request carries a parameter the page did not read while rendering."""
    query = request.GET
    return isinstance(query, RecordingQueryDict) and bool(query.unread_names())
