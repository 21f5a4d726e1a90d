"""`python manage.py send_reminders`: remind the workers of their bookings before the cutoff
and the day before the outing.

Run it every 15 minutes (cron or systemd timer), from one machine or several: each reminder
is queued once per booking (see bookings.reminders); `manage.py db_worker` sends it.
"""

from django.core.management.base import BaseCommand

from bookings.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Envoie aux travailleurs sociaux les rappels de leurs réservations : avant la clôture "
        "(pour annuler si quelqu'un ne peut pas venir) et la veille de la sortie (contremarques "
        "et accès). Un seul rappel de chaque sorte par réservation, même lancé plusieurs fois "
        "en même temps."
    )

    def handle(self, *args, **options):
        queued = send_due_reminders()
        verbosity = options["verbosity"]
        if verbosity > 1 or (verbosity and (queued.cutoff or queued.outing)):
            self.stdout.write(
                f"Rappels confiés à l'envoi : {queued.cutoff} avant la clôture, "
                f"{queued.outing} la veille de la sortie."
            )
