"""`python manage.py anonymise_inactive [--apply]`: the retention of personal data.

- Followed persons and companions with no booking activity for PERSON_RETENTION_MONTHS are
  anonymised: names replaced, birth year and phone removed; bookings and counts stay.
- Worker accounts unused for ACCOUNT_INACTIVITY_MONTHS are deactivated, their owner warned
  by e-mail a month before.

A dry run by default: it says what it would change. Idempotent, and safe with two copies
at once (rows locked with SKIP LOCKED). Run it nightly.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bookings import persons
from structures import inactivity


class Command(BaseCommand):
    help = (
        "Anonymise les personnes sans activité de réservation depuis PERSON_RETENTION_MONTHS "
        "mois et désactive les comptes inutilisés depuis ACCOUNT_INACTIVITY_MONTHS mois "
        "(après un e-mail d'avertissement un mois avant). Sans --apply, ne change rien."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--apply", action="store_true", help="Effectue les changements.")
        mode.add_argument("--dry-run", action="store_true", help="Compte seulement (par défaut).")
        parser.add_argument(
            "--months",
            type=int,
            default=settings.PERSON_RETENTION_MONTHS,
            help="Mois sans activité avant d'anonymiser une personne.",
        )
        parser.add_argument(
            "--account-months",
            type=int,
            default=settings.ACCOUNT_INACTIVITY_MONTHS,
            help="Mois sans connexion avant de désactiver un compte.",
        )

    def handle(self, *args, apply, months, account_months, **options):
        for value, name in ((months, "--months"), (account_months, "--account-months")):
            if value < 1:
                raise CommandError(
                    f"{name} vaut {value} : indiquez une durée d'au moins 1 mois "
                    "(rien n'a été changé)."
                )
        anonymised = persons.anonymise_inactive(months, apply=apply)
        accounts = inactivity.warn_and_deactivate(account_months, apply=apply)
        if not apply:
            self.stdout.write("Simulation : rien n'est changé. Relancez avec --apply pour agir.")
        would = "" if apply else " (à faire)"
        self.stdout.write(
            f"Personnes anonymisées{would} : {anonymised}.\n"
            f"Comptes prévenus avant désactivation{would} : {accounts.warned}.\n"
            f"Comptes désactivés{would} : {accounts.deactivated}."
        )
