"""The `<reference:...>` path converter: an address whose reference cannot be a booking's
answers 404 as it resolves, before any query (a NUL byte or a 500-character string never
reaches the database)."""

import re

from django.urls.converters import StringConverter

from .models.booking import REFERENCE_LENGTH, REFERENCE_PREFIX


class ReferenceConverter(StringConverter):
    # Any capital or digit, not only today's alphabet: references made before a change of
    # alphabet must stay reachable.
    regex = re.escape(REFERENCE_PREFIX) + f"[0-9A-Z]{{{REFERENCE_LENGTH}}}"
