"""The `<reference:...>` path converter: an address whose reference cannot be a booking's
answers 404 as it resolves, before any query (a NUL byte or a 500-character string never
reaches the database)."""

from django.urls.converters import StringConverter

from .models.booking import REFERENCE_PATTERN


class ReferenceConverter(StringConverter):
    regex = REFERENCE_PATTERN
