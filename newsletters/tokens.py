"""Signed links in newsletter emails. Confirmation links expire; unsubscribe links keep
working for as long as the email may be read."""

from datetime import timedelta

from django.core import signing

CONFIRM_SALT = "newsletters.confirm"
UNSUBSCRIBE_SALT = "newsletters.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)


class InvalidToken(Exception):
    """The link was altered, belongs to no subscriber, or does not match the address."""


class ExpiredToken(InvalidToken):
    pass


def _payload(subscriber):
    return {"id": subscriber.pk, "email": subscriber.email.lower()}


def make_confirm_token(subscriber) -> str:
    return signing.dumps(_payload(subscriber), salt=CONFIRM_SALT)


def make_unsubscribe_token(subscriber) -> str:
    return signing.dumps(_payload(subscriber), salt=UNSUBSCRIBE_SALT)


def _subscriber_for(payload):
    from .models import Subscriber

    if not isinstance(payload, dict):
        raise InvalidToken
    subscriber = Subscriber.objects.filter(pk=payload.get("id")).first()
    if subscriber is None or subscriber.email.lower() != payload.get("email"):
        raise InvalidToken
    return subscriber


def subscriber_from_confirm_token(token: str):
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except signing.BadSignature as error:
        raise InvalidToken from error
    return _subscriber_for(payload)


def subscriber_from_unsubscribe_token(token: str):
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise InvalidToken from error
    return _subscriber_for(payload)
