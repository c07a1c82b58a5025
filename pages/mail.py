"""Notification emails that never undo or hide a stored submission.

A form view saves first and then calls `send_after_commit`: the email goes out once the
submission is committed, and a mail server that is down, slow or refusing is logged instead
of turning the visitor's successful submission into an error page."""

import logging
import smtplib

from django.core.mail import EmailMessage
from django.db import transaction

logger = logging.getLogger(__name__)


def send_quietly(subject, body, recipients, reply_to=None) -> bool:
    """Send one email; log and return False when it cannot be sent."""
    try:
        EmailMessage(subject=subject, body=body, to=list(recipients), reply_to=reply_to).send()
    except (OSError, smtplib.SMTPException, ValueError):
        # ValueError covers Django's BadHeaderError (a line break in a header value).
        logger.error("Could not send the email %r to %s", subject, ", ".join(recipients), exc_info=True)
        return False
    return True


def send_after_commit(subject, body, recipients, reply_to=None):
    transaction.on_commit(lambda: send_quietly(subject, body, recipients, reply_to=reply_to))
