"""Protection of accounts (the middlewares that guard every request are in middleware.py).

- `client_ip()`: the client's address, read behind the proxies we run (TRUSTED_PROXY_COUNT);
  django-axes and the rate limits count by it.
- `login_username()` and `lockout_response()`: how django-axes names an account and what a
  locked-out person reads.
- `unlock()`: what staff do from the admin for a person locked out.
"""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from .dates import french_time


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind N proxies of ours (TRUSTED_PROXY_COUNT),
    the N-th address from the right of X-Forwarded-For, the one our outermost proxy saw.
    Addresses further left are the client's to write, so they are never read."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR", "")


def login_username(request, credentials):
    """The account an attempt is counted against: its e-mail, as the login form reads it."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out person reads: what happened, and the two ways out."""
    return render(
        request,
        "registration/locked_out.html",
        {
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            "failures": settings.AXES_FAILURE_LIMIT,
        },
        status=429,
    )


def lockout_of(user):
    """When `user`'s login lockout ends (a French time of day), or "" when not locked out."""
    recent = AccessAttempt.objects.filter(
        username=user.email.lower(),
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    if (recent["failures"] or 0) < settings.AXES_FAILURE_LIMIT:
        return ""
    return french_time(recent["last"] + settings.AXES_COOLOFF_TIME)


def unlock(user):
    """Let `user` log in again: forget the failed attempts on their account, and those made
    from the addresses they were made from (a colleague's typos at the same office count
    against its address). Returns how many records were removed."""
    username = user.email.lower()
    addresses = set(
        AccessAttempt.objects.filter(username=username).values_list("ip_address", flat=True)
    )
    removed = reset(username=username)
    for address in addresses:
        removed += reset(ip=address)
    return removed
