from django.apps import AppConfig
from django.urls import register_converter


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Réservations"

    def ready(self):
        from django.db.models.signals import post_save

        from events.models import Slot

        # emails and reminders register their letters with structures.outbox.
        from . import emails, reminders, waiting  # noqa: F401
        from .converters import ReferenceConverter

        # Staff raising a slot's offer: its waiting list takes the invitations.
        post_save.connect(waiting.on_slot_saved, sender=Slot, dispatch_uid="waiting_list_fill")

        # Registered once, before any URL conf loads: bookings' and vouchers' URLs use it.
        register_converter(ReferenceConverter, "reference")
