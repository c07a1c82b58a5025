"""The emails of the newsletter: confirmation, "already subscribed" and new-volume notices,
each in the language the address signed up in (its links to the site too). Every one carries
an unsubscribe link and the List-Unsubscribe headers for one-click unsubscribe in mail
programs."""

import functools
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .tokens import make_confirm_token, make_unsubscribe_token

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def unsubscribe_url(subscriber) -> str:
    return absolute_url(reverse("newsletters:unsubscribe", args=[make_unsubscribe_token(subscriber)]))


def email_language(subscriber):
    """The subscriber's language where the site still speaks it, else the default one."""
    return subscriber.language if subscriber.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _in_subscribers_language(build_message):
    @functools.wraps(build_message)
    def build_in_language(subscriber, *args, **kwargs):
        with translation.override(email_language(subscriber)):
            return build_message(subscriber, *args, **kwargs)

    return build_in_language


def _message(subscriber, subject, template, context):
    link = unsubscribe_url(subscriber)
    context = {**context, "unsubscribe_url": link, "site_url": absolute_url("/")}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"newsletters/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"newsletters/email/{template}.html", context), "text/html")
    return message


@_in_subscribers_language
def confirmation_message(subscriber):
    confirm_url = absolute_url(reverse("newsletters:confirm", args=[make_confirm_token(subscriber)]))
    return _message(
        subscriber,
        _("Please confirm your subscription to the UCLG ASPAC newsletter"),
        "confirm",
        {"confirm_url": confirm_url},
    )


@_in_subscribers_language
def already_subscribed_message(subscriber):
    return _message(subscriber, _("You are already subscribed to the UCLG ASPAC newsletter"), "already_subscribed", {})


@_in_subscribers_language
def volume_message(subscriber, volume, volume_url, download_url):
    return _message(
        subscriber,
        _("New UCLG ASPAC newsletter: %(title)s") % {"title": volume.title},
        "new_volume",
        {"volume": volume, "volume_url": volume_url, "download_url": download_url},
    )


def send_safely(messages) -> int:
    """Send and return how many went out. A mail server failure is logged, never raised:
    the subscriber's data is already saved and the visitor must not see an error."""
    if not messages:
        return 0
    try:
        with get_connection() as connection:
            return connection.send_messages(messages) or 0
    except Exception:
        logger.exception("Could not send %d newsletter email(s)", len(messages))
        return 0
