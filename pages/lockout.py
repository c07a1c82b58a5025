"""The admin login lockout (django-axes): failures count against the pair of account and
address, and against the address alone with a higher limit.

Axes' stock database handler takes the largest count over its lockout parameters against one
limit, and on a successful login deletes every attempt matching any parameter: with the
address among them, logging in to any account (even one without admin access) cleared the
failures against every other account from that address, so guessing never ended in a lock.
Here a success clears only the failures of the same account from the same address."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class AccountAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        by_address = self._recent_failures(request, ip_address=request.axes_ip_address)
        if by_address >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            # Past the address's own limit: locked whatever the account.
            return max(by_address, get_failure_limit(request, credentials))
        return self._recent_failures(
            request, username=get_client_username(request, credentials), ip_address=request.axes_ip_address
        )

    def reset_user_attempts(self, request, credentials=None) -> int:
        deleted, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials), ip_address=request.axes_ip_address
        ).delete()
        return deleted

    def _recent_failures(self, request, **filters) -> int:
        attempts = AccessAttempt.objects.filter(**filters)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
