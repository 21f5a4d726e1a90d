"""config.urls with the follow-up pages routed in the "bookings" namespace, for tests.

Until bookings/urls.py includes bookings/urls_followup.py, the `followup_urls` fixture
points ROOT_URLCONF here; once it does, the fixture changes nothing and this module can go.
Test modules use it with `from tests.bookings.followup_urls import followup_urls`.
"""

import pytest
from django.urls import URLResolver, include, path, resolve, reverse

from bookings import urls as bookings_urls
from bookings import urls_followup, views_followup
from config import urls as config_urls

NAMES = {pattern.name for pattern in urls_followup.urlpatterns}


def _with_followup(pattern):
    if not (isinstance(pattern, URLResolver) and pattern.namespace == "bookings"):
        return pattern
    others = [p for p in bookings_urls.urlpatterns if getattr(p, "name", None) not in NAMES]
    return path("", include(([*urls_followup.urlpatterns, *others], "bookings")))


urlpatterns = [_with_followup(pattern) for pattern in config_urls.urlpatterns]
handler404 = config_urls.handler404
handler500 = config_urls.handler500
handler403 = config_urls.handler403


@pytest.fixture(autouse=True)
def followup_urls(settings):
    """Route bookings:stats & co. to the follow-up views until bookings/urls.py does."""
    if resolve(reverse("bookings:stats")).func is not views_followup.stats:
        settings.ROOT_URLCONF = __name__
