"""Rate limits kept in the database, so every app server and process counts together.

(django-ratelimit needs a cache with atomic increments, Memcached or Redis, which the
portal runs without.) Two requests racing at the limit may both pass: a limit is a brake
on abuse, not an exact quota.
"""

from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RateLimitHit


def _digest(scope, value):
    return salted_hmac("structures.ratelimit", f"{scope}\0{value}", algorithm="sha256").hexdigest()


def allow(limits, *, window, now=None):
    """Whether a request may go on, and if so, count it.

    `limits` maps (scope, value) pairs, e.g. ("password-reset-ip", "203.0.113.7"), to how
    many requests each may make within `window`. The request is refused when one pair has
    reached its limit; a refused request is not counted, so waiting always helps.
    """
    now = now or timezone.now()
    since = now - window
    scopes = {scope for scope, _value in limits}
    RateLimitHit.objects.filter(scope__in=scopes, at__lt=since).delete()
    keys = {(scope, _digest(scope, value)): limit for (scope, value), limit in limits.items()}
    recent = (
        RateLimitHit.objects.filter(
            scope__in=scopes, key__in=[key for _scope, key in keys], at__gte=since
        )
        .values_list("scope", "key")
        .annotate(count=Count("pk"))
    )
    counts = {(scope, key): count for scope, key, count in recent}
    if any(counts.get(pair, 0) >= limit for pair, limit in keys.items()):
        return False
    RateLimitHit.objects.bulk_create(
        RateLimitHit(scope=scope, key=key, at=now) for scope, key in keys
    )
    return True
