"""Protection shared by every public form: client address, honeypot, minimum fill time and
per-address rate limits. Other apps reuse these; none copies them."""

import ipaddress
import logging
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage

from pages.request_version import memoised_for_this_version

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "nickname"
STARTED_FIELD = "form_started"
_SIGNER_SALT = "pages.protection.form-started"
# Stand-ins for the two values of a blank form that differ at every request. Random per
# process, so no text an editor writes can contain them.
_CSRF_STAND_IN = f"csrf-{secrets.token_hex(16)}"
_STARTED_STAND_IN = f"started-{secrets.token_hex(16)}"


def client_ip(request) -> str:
    """The client's address, trusting only as many X-Forwarded-For entries (from the right)
    as there are configured reverse proxies, so a client cannot choose its own address."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _rate_key(group, request):
    return client_ip(request)


def is_rate_limited(request, group: str, rate: str | None = None, key=None, method: str = "POST") -> bool:
    """Count this request (of `method`) against the client's address (or against
    `key(group, request)`) and say whether it is over the limit.

    When the cache cannot count (Redis down), the request is let through
    (`RATELIMIT_FAIL_OPEN`) and a warning is logged: a form that keeps working beats one that
    refuses everybody."""
    usage = get_usage(
        request,
        group=group,
        key=key or _rate_key,
        rate=rate or settings.FORM_RATE_LIMIT,
        method=method,
        increment=True,
    )
    if usage is None:
        if request.method == method and getattr(settings, "RATELIMIT_ENABLE", True):
            allowed = "post" if method == "POST" else "request"
            logger.warning("Rate limit for %r not counted: cache unavailable; the %s is allowed", group, allowed)
        return False
    return usage["should_limit"]


def too_many_requests(request, reason=None):
    """The 429 page in the site's layout; `reason` replaces the text about forms."""
    return render(request, "429.html", {"reason": reason}, status=429)


def form_scope(form_class) -> str:
    """What a form's timestamp is bound to: one form's token is refused by every other."""
    return f"{form_class.__module__}.{form_class.__qualname__}"


def _signer(scope: str):
    return signing.TimestampSigner(salt=f"{_SIGNER_SALT}:{scope}")


def _sign_now(scope: str) -> str:
    """The render time and a one-time nonce, signed for this form only."""
    return _signer(scope).sign(f"{int(time.time())}:{secrets.token_urlsafe(12)}")


def _first_use(scope: str, nonce: str) -> bool:
    """Remember the nonce until its token expires anyway; False when it was used before.

    When the cache cannot tell (Redis down, errors ignored), the post is allowed with a
    warning, as the rate limit does."""
    added = cache.add(f"form-token:{scope}:{nonce}", True, timeout=settings.FORM_MAX_AGE_SECONDS)
    if added is None:
        logger.warning("Form token reuse not checked for %r: cache unavailable; the post is allowed", scope)
        return True
    return bool(added)


class ProtectedFormMixin(forms.Form):
    """A honeypot field and a signed render time.

    A filled honeypot marks the form as spam (`is_spam`): the view discards it silently.
    A post sooner than `FORM_MIN_SECONDS` after the form was shown, with a missing, altered,
    expired (`FORM_MAX_AGE_SECONDS`) or reused timestamp, or one signed for another form,
    re-displays the form with the user's data, a message and a fresh timestamp.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_spam = False
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[STARTED_FIELD] = forms.CharField(
            widget=forms.HiddenInput, initial=lambda: _sign_now(self.scope), required=False
        )

    @property
    def scope(self):
        return form_scope(type(self))

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]

    @property
    def started(self):
        return self[STARTED_FIELD]

    def visible_content_fields(self):
        return [field for field in self.visible_fields() if field.name != HONEYPOT_FIELD]

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get(HONEYPOT_FIELD):
            self.is_spam = True
            return cleaned_data
        self._check_fill_time(cleaned_data.get(STARTED_FIELD, ""))
        return cleaned_data

    def _check_fill_time(self, token):
        try:
            started, nonce = _signer(self.scope).unsign(token, max_age=settings.FORM_MAX_AGE_SECONDS).split(":")
            started = int(started)
        except (signing.BadSignature, ValueError):
            self._restart_timer()
            raise forms.ValidationError(
                _(
                    "This form was open for too long or could not be checked. "
                    "Please check your details and send it again."
                ),
                code="stale",
            ) from None
        if time.time() - started < settings.FORM_MIN_SECONDS:
            raise forms.ValidationError(
                _("That was quicker than we expected. Please check your details and send the form again."),
                code="too_fast",
            )
        if not _first_use(self.scope, nonce):
            self._restart_timer()
            raise forms.ValidationError(
                _("This form was already sent once. Please check your details and send it again."),
                code="reused",
            )
        # Should the form come back with other errors, it carries a token not used yet.
        self._restart_timer()

    def _restart_timer(self):
        if self.is_bound:
            self.data = self.data.copy()
            self.data[self.add_prefix(STARTED_FIELD)] = _sign_now(self.scope)


def blank_form_html(request, template_name, form_class, **form_kwargs):
    """A new, empty protected form rendered by `template_name` (given `form` and
    `csrf_token`), with this request's CSRF token and a fresh signed start time.

    Rendering a long form's fields costs more than the rest of its page. Empty, it is the
    same for every visitor of one site in one language but for those two values, so it is
    rendered once per process and content version (for each set of the form's arguments,
    which must be hashable) with stand-ins that each request then replaces."""

    def render_with_stand_ins():
        form = form_class(**form_kwargs)
        form.initial[STARTED_FIELD] = _STARTED_STAND_IN
        return render_to_string(template_name, {"form": form, "csrf_token": _CSRF_STAND_IN})

    key = ("blank-form", template_name, request.get_host(), get_language(), *sorted(form_kwargs.items()))
    html = memoised_for_this_version(key, render_with_stand_ins)
    html = html.replace(_CSRF_STAND_IN, get_token(request), 1)
    return mark_safe(html.replace(_STARTED_STAND_IN, _sign_now(form_scope(form_class)), 1))
