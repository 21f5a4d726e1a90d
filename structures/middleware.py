"""What every request goes through, whatever its page.

- `reject_nul_bytes`: requests no page can take, answered 400 before any view runs.
- `IdleSessionMiddleware`: sessions end after SESSION_COOKIE_AGE without a request.
- `SecurityHeadersMiddleware`: no copy of a dynamic page in any cache, the
  Permissions-Policy header, and French pages for the bare 405 answers of Django's method
  decorators.
"""

import time

from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import BadRequest
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

NUL = "\x00"


def reject_nul_bytes(get_response):
    """A NUL byte in the path, a GET or POST parameter answers 400 (the French page of
    `handler400`).

    No text of ours may hold one, and PostgreSQL refuses it in any query ("cannot contain NUL
    (0x00) bytes"): caught here once, it cannot turn a search, a filter, an admin lookup or a
    form into a 500, on whichever page, present or future.
    """

    def middleware(request):
        if NUL in request.path or _has_nul(request.GET) or _has_nul(request.POST):
            raise BadRequest("NUL byte in the request")
        return get_response(request)

    return middleware


def _has_nul(query_dict):
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists()
    )


PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


SEEN_KEY = "seen"
SEEN_EVERY = 60  # seconds


def mark_seen(session):
    session[SEEN_KEY] = int(time.time())


@receiver(user_logged_in)
def _seen_at_login(sender, request, user, **kwargs):
    mark_seen(request.session)


class IdleSessionMiddleware:
    """A session ends SESSION_COOKIE_AGE after its last request: each request moves the end,
    written at most once every SEEN_EVERY seconds rather than on every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if not session.is_empty() and time.time() - session.get(SEEN_KEY, 0) >= SEEN_EVERY:
            mark_seen(session)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers for every page the portal draws (static files are answered before this)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            allowed = response.get("Allow", "")
            response = render(request, "405.html", status=405)
            response["Allow"] = allowed
        # Pages and files hold people's names: no shared computer or proxy keeps a copy.
        if "Cache-Control" not in response:
            add_never_cache_headers(response)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
