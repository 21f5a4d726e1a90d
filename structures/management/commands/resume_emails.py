"""`python manage.py resume_emails`: queue again the e-mails whose worker was killed.

Run it every few minutes (cron or systemd timer), from one machine or several: an e-mail
still "being sent" after EMAIL_SEND_LEASE_MINUTES is queued again once (structures.outbox).
"""

from django.core.management.base import BaseCommand

from structures import outbox


class Command(BaseCommand):
    help = (
        "Remet en file les e-mails dont l'envoi a été interrompu (processus arrêté), une "
        "fois passé le délai EMAIL_SEND_LEASE_MINUTES."
    )

    def handle(self, *args, **options):
        resumed = outbox.resume_stalled()
        if resumed or options["verbosity"] > 1:
            self.stdout.write(f"E-mails remis en file : {resumed}.")
