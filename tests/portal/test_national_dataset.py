"""The national data set (`manage.py build_national_dataset`), built tiny: what it holds, the
figures the services keep exact, and the benchmark's accounts at work. PostgreSQL only (COPY)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F, Sum
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, BookingLogEntry, Participant, Testimonial
from events.models import Event, Partner, Slot
from people.models import Person, PersonLogEntry
from portal.national_dataset import build
from portal.national_dataset.network import (
    PARIS_STAFF,
    PARIS_WORKER,
    PASSWORD,
    SMALL_STAFF,
    SMALL_WORKER,
)
from portal.national_dataset.plan import BASE
from structures.models import Department, Structure, User
from tests.factories import BookingFactory

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db]

SCALE = 0.002
# django-axes counts logins by request: Client.login() is given one.
LOGIN = RequestFactory().post("/compte/connexion/")


def build_dataset(scale=SCALE, seed=2026):
    out = StringIO()
    call_command("build_national_dataset", scale=scale, seed=seed, stdout=out)
    return out.getvalue()


@pytest.fixture
def output():
    return build_dataset()


def printed(output, pattern):
    return re.search(pattern, output).group(1)


def test_counts_follow_the_scale(output):
    def about(count, base):
        return 0.7 * base * SCALE <= count <= 1.4 * base * SCALE

    assert Department.objects.filter(is_active=True).count() == 2  # Paris and a small one
    assert about(Partner.objects.count(), BASE["partners"])
    assert about(Event.objects.count(), BASE["events"])
    assert about(Slot.objects.count(), BASE["slots"])
    assert about(Structure.objects.count(), BASE["structures"])
    assert about(Person.objects.count(), BASE["persons"])
    assert about(Participant.objects.count(), BASE["participants"])
    assert about(Booking.objects.count(), 350_000)
    assert 2 * Structure.objects.count() <= User.objects.filter(is_staff=False).count()
    assert "National data set built in" in output
    assert re.search(rf"bookings_participant +{Participant.objects.count():,}\n", output)


def test_seat_counts_are_those_of_the_bookings_and_no_slot_is_overbooked(output):
    live = Participant.objects.filter(is_active=True).values_list("slot")
    live = dict(live.annotate(n=Count("pk")).order_by())
    confirmed = Booking.objects.confirmed().values_list("slot")
    confirmed = dict(confirmed.annotate(n=Sum("invitations")).order_by())
    assert live
    for slot in Slot.objects.all():
        assert slot.invitations_booked == live.get(slot.pk, 0) == confirmed.get(slot.pk, 0)
        assert slot.invitations_booked <= slot.invitations_offered
    bookings = Booking.objects.annotate(n=Count("participants"))
    assert all(booking.invitations == booking.n for booking in bookings)
    assert not Booking.objects.filter(invitations__gt=F("slot__max_per_booking")).exists()


def test_about_a_tenth_of_bookings_are_cancelled_as_the_service_leaves_them(output):
    cancelled = Booking.objects.filter(status=Booking.Status.CANCELLED)
    assert 0.05 <= cancelled.count() / Booking.objects.count() <= 0.16
    assert not Participant.objects.filter(booking__in=cancelled, is_active=True).exists()
    assert not Participant.objects.filter(is_active=False).exclude(booking__in=cancelled).exists()
    assert cancelled.filter(cancelled_at__lt=F("slot__closes_at")).count() == cancelled.count()
    logged = BookingLogEntry.objects.filter(
        booking__in=cancelled, action__in=["cancelled", "cancelled_by_staff"]
    )
    assert logged.count() == cancelled.count()


def test_past_outings_have_attendance_testimonials_and_history(output):
    now = timezone.now()
    past = Booking.objects.confirmed().filter(slot__starts_at__lt=now)
    assert past.filter(attendance_recorded_at__isnull=False).count() > past.count() / 2
    assert Testimonial.objects.exists()
    assert not Testimonial.objects.exclude(participant__attended=True).exists()
    assert BookingLogEntry.objects.filter(action="booked").count() == Booking.objects.count()
    assert PersonLogEntry.objects.filter(action="created").count() == Person.objects.count()
    # Nobody is booked twice on a slot, and every guest came with a beneficiary.
    active = Participant.objects.filter(is_active=True, person__isnull=False)
    assert not active.values("slot", "person").annotate(n=Count("pk")).filter(n__gt=1).exists()
    guests = Participant.objects.filter(role="guest")
    assert guests.filter(invited_by__role="beneficiary").count() == guests.count()


def test_prints_the_accounts_and_they_work(output):
    for email in [PARIS_WORKER, SMALL_WORKER, PARIS_STAFF, SMALL_STAFF]:
        assert email in output
    assert PASSWORD in output
    worker = User.objects.get(email=PARIS_WORKER)
    assert worker.structure.department.code == "75" and worker.structure.is_active
    assert worker.structure.bookings.exists()
    small = User.objects.get(email=SMALL_WORKER).structure
    assert small.department.code != "75" and small.is_active
    staff = User.objects.get(email=PARIS_STAFF)
    assert staff.is_staff and list(staff.departments.values_list("code", flat=True)) == ["75"]
    assert staff.groups.exists()

    for email in [PARIS_WORKER, SMALL_WORKER]:
        client = Client()
        assert client.login(request=LOGIN, email=email, password=PASSWORD), email
        for page in ["home", "bookings:all", "bookings:stats"]:
            assert client.get(reverse(page)).status_code == 200, (email, page)
    for email in [PARIS_STAFF, SMALL_STAFF]:
        client = Client()
        assert client.login(request=LOGIN, email=email, password=PASSWORD), email
        response = client.get(reverse("admin:bookings_booking_changelist"))
        assert response.status_code == 200, email


def test_the_printed_slot_and_booking_are_the_benchmark_s(output):
    slot = Slot.objects.get(pk=printed(output, r"room to book: id (\d+)"))
    assert slot.event.department.code == "75" and slot.event.is_bookable
    assert slot.is_open() and slot.invitations_left >= 10
    booking = Booking.objects.get(reference=printed(output, r"large Paris relay: (CDC-\w+)"))
    assert booking.structure.workers.filter(email=PARIS_WORKER).exists()
    assert booking.slot.starts_at < timezone.now()

    client = Client()
    client.login(request=LOGIN, email=PARIS_WORKER, password=PASSWORD)
    assert client.get(reverse("bookings:new", args=[slot.pk])).status_code == 200
    assert client.get(booking.get_absolute_url()).status_code == 200


class Rollback(Exception):
    pass


def test_the_same_seed_builds_the_same_data_set():
    now = timezone.now()

    def fingerprint():
        return list(
            Booking.objects.order_by("reference").values_list(
                "reference", "status", "invitations", "created_at", "slot__starts_at"
            )
        )

    with pytest.raises(Rollback), transaction.atomic():
        build(scale=SCALE, seed=7, now=now)
        first = fingerprint()
        raise Rollback
    build(scale=SCALE, seed=7, now=now)
    assert fingerprint() == first


def test_refuses_a_database_that_has_bookings():
    BookingFactory()
    with pytest.raises(CommandError, match="already holds bookings"):
        build_dataset()


def test_rows_are_numbered_in_the_order_they_were_made_across_departments(output):
    by_id = list(Booking.objects.order_by("pk").values_list("pk", flat=True))
    by_date = list(Booking.objects.order_by("created_at", "pk").values_list("pk", flat=True))
    assert by_id == by_date
    participants = Participant.objects.order_by("pk").values_list("booking_id", flat=True)
    assert list(participants) == sorted(participants)
    history = list(BookingLogEntry.objects.order_by("pk").values_list("at", flat=True))
    assert history == sorted(history)
    # The recorded attendance names the participants by their final ids.
    recorded = BookingLogEntry.objects.filter(action="attendance").select_related("booking")
    for entry in recorded[:20]:
        named = set(entry.details["present"] + entry.details["absent"])
        assert named == set(entry.booking.participants.values_list("pk", flat=True))
