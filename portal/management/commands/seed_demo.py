"""`python manage.py seed_demo`: the French demo data set and its four accounts."""

import time

from django.core.management.base import BaseCommand

from bookings.models import Booking
from events.models import Event, Slot
from portal.demo import seed_demo


class Command(BaseCommand):
    help = (
        "Crée (ou complète) les données de démonstration : départements, partenaires, "
        "événements, créneaux, relais, personnes suivies, réservations et comptes de démo. "
        "Sans effet sur ce qui existe déjà, sauf les comptes de démo remis à zéro."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        result = seed_demo()
        elapsed = time.monotonic() - started

        created = ", ".join(f"{label} : {n}" for label, n in result.created.items() if n)
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de démonstration prêtes en {elapsed:.1f} s "
                f"({Event.objects.filter(is_published=True).count()} événements publiés, "
                f"{Slot.objects.count()} créneaux, {Booking.objects.count()} réservations)."
            )
        )
        self.stdout.write(f"Créé lors de ce passage : {created or 'rien, tout existait déjà'}.")
        if result.skipped_bookings:
            self.stdout.write(
                "Réservations de démo non recréées (créneau absent, passé ou complet) : "
                + ", ".join(result.skipped_bookings)
            )
        self.stdout.write("")
        self.stdout.write("Comptes de démonstration :")
        for label, email, password in result.logins:
            self.stdout.write(f"  {label} : {email} / mot de passe {password}")
        self.stdout.write(
            "Ces mots de passe sont publics : ne lancez jamais seed_demo en production."
        )
