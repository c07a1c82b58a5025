"""Acknowledgement to the applicant and notification to the secretariat, sent after the
application is saved: a failure to send is logged and never loses the application."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import MembershipSettings

logger = logging.getLogger(__name__)


def header_safe(value: str) -> str:
    """Text that cannot break out of an email header: line breaks and other control
    characters become spaces."""
    return " ".join("".join(" " if ord(char) < 32 or ord(char) == 127 else char for char in value).split())


def _message(template, context, subject, to, reply_to=None):
    text = render_to_string(f"members/email/{template}.txt", context)
    html = render_to_string(f"members/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=header_safe(subject),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[header_safe(address) for address in to],
        reply_to=[header_safe(address) for address in reply_to or []],
    )
    message.attach_alternative(html, "text/html")
    return message


def send_application_emails(application, request):
    """Send both messages; each failure is logged on its own. The applicant reads theirs in
    their language; the secretariat works in the site's main language."""
    context = {"application": application, "site_url": request.build_absolute_uri("/")}
    with translation.override(application.email_language()):
        messages = [
            _message(
                "acknowledgement",
                context,
                _("Your UCLG ASPAC membership application %(reference)s") % {"reference": application.reference},
                [application.contact_email],
            )
        ]
    secretariat = MembershipSettings.for_request(request).secretariat_email
    if secretariat:
        with translation.override(settings.LANGUAGE_CODE):
            messages.append(_notification(application, context, secretariat))
    else:
        logger.warning("No secretariat email is set in the membership settings; %s not notified", application.reference)
    for message in messages:
        try:
            message.send()
        except Exception:
            logger.exception("Could not send an email about membership application %s", application.reference)


def _notification(application, context, secretariat):
    return _message(
        "notification",
        {
            **context,
            "inspect_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("membershipapplication:inspect", args=[application.pk]),
        },
        _("New membership application %(reference)s: %(organisation)s")
        % {"reference": application.reference, "organisation": application.organisation_name},
        [secretariat],
        reply_to=[application.contact_email],
    )
