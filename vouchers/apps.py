from django.apps import AppConfig


class VouchersConfig(AppConfig):
    name = "vouchers"
    verbose_name = "Contremarques"

    def ready(self):
        from bookings.signals import booking_placed

        from . import services  # noqa: F401 (registers its letters with structures.outbox)
        from .emails import on_booking_placed

        booking_placed.connect(on_booking_placed, dispatch_uid="vouchers_booking_confirmation")
