"""`python manage.py send_guest_lists`: e-mail partners the guest lists of closed slots.

Run it every minute (cron or systemd timer), from one machine or several: each list
leaves once (see vouchers.services).
"""

from django.core.management.base import BaseCommand

from vouchers import services


class Command(BaseCommand):
    help = (
        "Envoie aux partenaires les listes d'invités des créneaux dont la clôture est passée "
        "(une seule fois par créneau, même lancé plusieurs fois en même temps)."
    )

    def handle(self, *args, **options):
        outcomes = services.send_due_guest_lists()
        for outcome in outcomes:
            line = f"{outcome.slot} : {LABELS[outcome.status]}"
            if outcome.status == services.FAILED:
                self.stderr.write(f"{line} – {outcome.error}")
            elif options["verbosity"] > 1:
                self.stdout.write(line)
        sent = sum(outcome.status != services.FAILED for outcome in outcomes)
        failed = len(outcomes) - sent
        if outcomes or options["verbosity"] > 1:
            self.stdout.write(f"Listes d'invités traitées : {sent}, en échec : {failed}.")


LABELS = {
    services.SENT: "liste envoyée",
    services.SENT_EMPTY: "aucune réservation, partenaire prévenu",
    services.SKIPPED_EMPTY: "aucune réservation, rien à envoyer",
    services.FAILED: "échec",
}
