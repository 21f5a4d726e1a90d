"""Time travel for a signed-in test client.

A session ends after two idle hours (SESSION_COOKIE_AGE), so a client signed in now is
signed out days later, as a worker would be: `travel()` moves the clock and signs the same
account in again there.
"""

from contextlib import contextmanager

import time_machine
from django.contrib.auth import SESSION_KEY, get_user_model


@contextmanager
def travel(client, destination, **kwargs):
    user = get_user_model().objects.get(pk=client.session[SESSION_KEY])
    with time_machine.travel(destination, **kwargs) as traveller:
        client.force_login(user)
        yield traveller
