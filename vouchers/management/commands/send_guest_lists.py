"""`python manage.py send_guest_lists`: what happens at a slot's cutoff. It e-mails
partners the guest lists of closed slots, and closes their waiting lists.

Run it every minute (cron or systemd timer), from one machine or several: each list is
queued once (see vouchers.services), each waiting entry expires once (bookings.waiting);
`manage.py db_worker` sends the e-mails.
"""

from django.core.management.base import BaseCommand

from bookings import waiting
from vouchers import services


class Command(BaseCommand):
    help = (
        "Envoie aux partenaires les listes d'invités des créneaux dont la clôture est passée "
        "(une seule fois par créneau, même lancé plusieurs fois en même temps), et clôt leurs "
        "listes d'attente en prévenant les travailleurs sociaux."
    )

    def handle(self, *args, **options):
        expired = waiting.expire_due()
        if expired or options["verbosity"] > 1:
            self.stdout.write(f"Inscriptions en liste d'attente closes à la clôture : {expired}.")
        outcomes = services.send_due_guest_lists()
        if options["verbosity"] > 1:
            for outcome in outcomes:
                self.stdout.write(f"{outcome.slot} : {LABELS[outcome.status]}")
        if outcomes or options["verbosity"] > 1:
            queued = sum(outcome.status == services.QUEUED for outcome in outcomes)
            self.stdout.write(
                f"Listes d'invités confiées à l'envoi : {queued}, "
                f"sans réservation ni message : {len(outcomes) - queued}."
            )


LABELS = {
    services.QUEUED: "liste confiée à l'envoi",
    services.SKIPPED_EMPTY: "aucune réservation, rien à envoyer",
}
