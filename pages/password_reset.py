"""The admin's "forgot password" form, throttled: at most `PASSWORD_RESET_RATE_PER_ADDRESS`
requests from one client address and `PASSWORD_RESET_RATE_PER_ACCOUNT` emails to one account.
Past either limit the page answers exactly as before (so it still reveals nothing about
which addresses have accounts) but sends nothing, so it cannot be used to flood an inbox."""

import logging

from django.conf import settings
from wagtail.admin.forms.auth import PasswordResetForm

from pages.protection import is_rate_limited

logger = logging.getLogger(__name__)


class ThrottledPasswordResetForm(PasswordResetForm):
    def save(self, *args, request=None, **kwargs):
        self._request = request
        if request is not None and is_rate_limited(
            request, group="admin-password-reset-address", rate=settings.PASSWORD_RESET_RATE_PER_ADDRESS
        ):
            logger.warning("Password reset not sent: too many requests from this address")
            return
        super().save(*args, request=request, **kwargs)

    def get_users(self, email):
        for user in super().get_users(email):
            if self._account_over_limit(user):
                logger.warning("Password reset not sent: too many requests for user %s", user.pk)
                continue
            yield user

    def _account_over_limit(self, user):
        request = getattr(self, "_request", None)
        if request is None:
            return False
        return is_rate_limited(
            request,
            group="admin-password-reset-account",
            rate=settings.PASSWORD_RESET_RATE_PER_ACCOUNT,
            key=lambda _group, _request: str(user.pk),
        )
