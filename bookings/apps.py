from django.apps import AppConfig
from django.urls import register_converter


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Réservations"

    def ready(self):
        from . import emails, reminders  # noqa: F401 (they register their letters with the outbox)
        from .converters import ReferenceConverter

        # Registered once, before any URL conf loads: bookings' and vouchers' URLs use it.
        register_converter(ReferenceConverter, "reference")
