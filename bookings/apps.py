from django.apps import AppConfig
from django.urls import register_converter


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Réservations"

    def ready(self):
        from django.db.models.signals import post_save

        from events.models import Slot

        from . import (
            emails,  # noqa: F401 (registers its letters with structures.outbox)
            waiting,
        )
        from .converters import ReferenceConverter

        post_save.connect(waiting.on_slot_saved, sender=Slot, dispatch_uid="waiting_list_fill")

        # Registered once, before any URL conf loads: bookings' and vouchers' URLs use it.
        register_converter(ReferenceConverter, "reference")
