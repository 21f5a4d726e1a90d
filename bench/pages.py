"""The pages bench/serve.py measures, picked in the database for each account, and the
floor each one is compared with: the lightest logged-in page with the site layout."""

import sys
from dataclasses import dataclass

from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.http import urlencode
from live import logged_in, session_cookie

from bookings.models import Booking, BookingLogEntry
from events.models import Event, Slot
from people.models import Person
from structures.models import User
from structures.perms import staff_departments


@dataclass(frozen=True)
class Page:
    label: str
    account: str
    path: str
    client: Client  # its session, in-process and over HTTP

    @property
    def cookie(self):
        return session_cookie(self.client)


def floor(client, email):
    """ "Mentions légales" with the account's menu: the layout, and no query of its own."""
    return Page("Plancher : mentions légales", email, reverse("legal:notice"), client)


def worker_pages(client, email):
    """The pages of a social worker, over their structure's data."""
    structure = _user(email).structure
    if structure is None:
        sys.exit(f"{email} is not a social worker (no structure).")
    bookings = Booking.objects.for_structure(structure)
    booking = _first(email, "confirmed booking", bookings.confirmed().order_by("-pk"))
    person = _first(
        email, "followed person booked", Person.objects.filter(participations__booking=booking)
    )
    open_slots = Slot.objects.open().with_seats().order_by("starts_at", "pk")
    events = Event.objects.published().in_department(structure.department)
    slot = _first(email, "open slot of its département", open_slots.filter(event__in=events))
    event = slot.event
    genre = _first(email, "genre of an event", event.genres.all())
    by_person = logged_in(email)  # the person filter is kept in the session
    filtered = by_person.post(reverse("bookings:all"), {"personne": person.last_name})
    assert filtered.status_code == 302, filtered

    def page(label, path, client=client):
        return Page(label, email, path, client)

    return [
        page("Mon espace", reverse("home")),
        page("Tous les événements", reverse("events:hub")),
        page("Recherche par titre", _query("events:search", titre=_word(event.title))),
        page("Recherche filtrée", _query("events:search", genre=genre.pk, disponibles="on")),
        page("Page d'un événement", reverse("events:detail", args=[event.pk])),
        page("Page de réservation", reverse("bookings:new", args=[slot.pk])),
        page("Réservations en cours", reverse("bookings:current")),
        page("Toutes les réservations", reverse("bookings:all")),
        page("Réservations d'une personne", reverse("bookings:all"), by_person),
        page(
            "Réservations par titre", _query("bookings:all", titre=_word(booking.slot.event.title))
        ),
        page("Détail d'une réservation", reverse("bookings:detail", args=[booking.reference])),
        page("Personnes suivies", reverse("bookings:persons")),
        page("Fiche d'une personne", reverse("bookings:person", args=[person.pk])),
        page("Mes témoignages", reverse("bookings:testimonials")),
        page("Mes statistiques", reverse("bookings:stats")),
        page("Contremarque (PDF)", reverse("vouchers:download", args=[booking.reference])),
    ]


def staff_pages(client, email):
    """The admin of a département's staff: every list they may view, the main searches,
    the département statistics."""
    user = _user(email)
    if not user.is_staff:
        sys.exit(f"{email} is not staff.")
    departments = staff_departments(user)
    booking = _first(email, "booking", Booking.objects.for_departments(departments).order_by("-pk"))
    name = _first(email, "participant", booking.participants.order_by("pk")).last_name
    persons = Person.objects.for_departments(departments).named().order_by("-pk")
    person = _first(email, "person", persons)
    event = _first(email, "event", Event.objects.for_departments(departments).order_by("-pk"))
    request = RequestFactory().get(reverse("admin:index"))
    request.user = user
    lists = [
        (model["name"], model["admin_url"])
        for app in admin.site.get_app_list(request)
        for model in app["models"]
        if model.get("admin_url")  # view permission
    ]
    searches = [
        ("Réservations par nom", _query("admin:bookings_booking_changelist", q=name)),
        (
            "Réservations par référence",
            _query("admin:bookings_booking_changelist", q=booking.reference),
        ),
        ("Participants par nom", _query("admin:bookings_participant_changelist", q=name)),
        ("Personnes par nom", _query("admin:people_person_changelist", q=person.last_name)),
        ("Événements par titre", _query("admin:events_event_changelist", q=_word(event.title))),
    ]
    return [
        Page(f"Admin : {label}", email, path, client)
        for label, path in [
            ("accueil", reverse("admin:index")),
            *lists,
            *searches,
            ("statistiques du département", reverse("admin:structures_department_statistics")),
        ]
    ]


def forget_downloads(emails, since):
    """Delete the history lines the counter-mark downloads of a run wrote (one a request)."""
    BookingLogEntry.objects.filter(
        action=BookingLogEntry.Action.VOUCHER, actor__email__in=emails, at__gte=since
    ).delete()


def _user(email):
    return User.objects.get(email=email)


def _first(email, what, queryset):
    found = queryset.first()
    if found is None:
        sys.exit(f"{email}: no {what} in this database, nothing to measure.")
    return found


def _query(name, **params):
    return f"{reverse(name)}?{urlencode(params)}"


def _word(title):
    """The longest word of a title: what someone types to find it."""
    return max(title.split(), key=len)
