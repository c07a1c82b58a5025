"""Subscribing, confirming and unsubscribing. The sign-up and confirmation pages post with a
CSRF token; the unsubscribe endpoint is authorised by the signed token in its link."""

from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from pages.protection import client_ip, is_rate_limited, too_many_requests

from .emails import already_subscribed_message, confirmation_message, send_safely
from .forms import SubscribeForm
from .models import Subscriber
from .tokens import ExpiredToken, InvalidToken, subscriber_from_confirm_token, subscriber_from_unsubscribe_token

RATE_LIMIT_GROUP = "newsletters.subscribe"


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "POST":
        if is_rate_limited(request, group=RATE_LIMIT_GROUP):
            return too_many_requests(request)
        form = SubscribeForm(request.POST)
        if form.is_valid():
            if not form.is_spam:
                _register(form.cleaned_data["email"], client_ip(request), get_language())
            return redirect("newsletters:subscribe_sent")
    else:
        form = SubscribeForm(initial={"email": request.GET.get("email", "")[:254]})
    return render(request, "newsletters/subscribe.html", {"form": form})


def _register(email, ip_address, language):
    """Create or renew the subscription, then email the address in the language of the form.
    The visitor sees the same answer whatever the address's status, so the form cannot tell
    who is subscribed."""
    now = timezone.now()
    subscriber = Subscriber.objects.filter(email__iexact=email).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(
                    email=email, consent=True, consented_at=now, ip_address=ip_address or None, language=language
                )
        except IntegrityError:
            subscriber = Subscriber.objects.get(email__iexact=email)
    if subscriber.status == Subscriber.Status.CONFIRMED:
        send_safely([already_subscribed_message(subscriber)])
        return
    subscriber.status = Subscriber.Status.PENDING
    subscriber.consent, subscriber.consented_at = True, now
    subscriber.ip_address, subscriber.language = ip_address or None, language
    subscriber.save(update_fields=["status", "consent", "consented_at", "ip_address", "language", "updated_at"])
    send_safely([confirmation_message(subscriber)])


def subscribe_sent(request):
    return render(request, "newsletters/subscribe_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a "Confirm subscription" button; only its POST (with a CSRF token) confirms,
    because mail-security scanners open every link of an email."""
    try:
        subscriber = subscriber_from_confirm_token(token)
    except ExpiredToken:
        return render(request, "newsletters/confirm.html", {"outcome": "expired"}, status=410)
    except InvalidToken:
        return render(request, "newsletters/confirm.html", {"outcome": "invalid"}, status=400)
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return render(request, "newsletters/confirm.html", {"outcome": "confirmed"})
    if request.method != "POST":
        return render(request, "newsletters/confirm.html", {"outcome": "ask", "email": subscriber.email})
    subscriber.status = Subscriber.Status.CONFIRMED
    subscriber.confirmed_at = timezone.now()
    subscriber.save(update_fields=["status", "confirmed_at", "updated_at"])
    return render(request, "newsletters/confirm.html", {"outcome": "confirmed"})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks (link checkers in mail systems follow links); POST unsubscribes, from the
    button on that page or from a mail program's one-click request (RFC 8058)."""
    try:
        subscriber = subscriber_from_unsubscribe_token(token)
    except InvalidToken:
        return render(request, "newsletters/unsubscribe.html", {"outcome": "invalid"}, status=400)
    if request.method == "POST":
        if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
            subscriber.status = Subscriber.Status.UNSUBSCRIBED
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save(update_fields=["status", "unsubscribed_at", "updated_at"])
        return render(request, "newsletters/unsubscribe.html", {"outcome": "done"})
    return render(request, "newsletters/unsubscribe.html", {"outcome": "ask", "email": subscriber.email})
