import ast
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import authenticate
from django.core import mail
from django.core.management import call_command
from django.db.models import Count, F, Q, Sum
from django.test import RequestFactory
from django.utils import timezone

from bookings.models import Booking, BookingLogEntry, Participant, Testimonial, WaitingEntry
from events.models import Audience, Event, Genre, Slot
from people.models import Person
from portal import demo
from structures.models import Department, OutgoingEmail, Structure, User
from tests.tasks import run_tasks

# django-axes counts logins by request: authenticate() is given one.
LOGIN = RequestFactory().post("/compte/connexion/")

pytestmark = pytest.mark.django_db

ACCOUNTS = [
    ("relais@demo.test", "demo-relais-2026"),
    ("autre-relais@demo.test", "demo-relais-2026"),
    ("equipe75@demo.test", "demo-equipe-2026"),
    ("admin@demo.test", "demo-admin-2026"),
]


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def seeded():
    seed()


@pytest.fixture
def worker_structure(seeded):
    return User.objects.get(email="relais@demo.test").structure


def test_running_twice_gives_the_same_counts():
    seed()
    first = counts()
    output = seed()

    assert counts() == first
    assert "rien, tout existait déjà" in output
    assert first["events.Event"] >= 42
    assert first["bookings.Booking"] >= 20


def test_running_a_week_later_creates_nothing_and_keeps_seats_exact():
    seed()
    first = counts()

    with time_machine.travel(timezone.now() + timedelta(days=7), tick=False):
        seed()

    assert counts() == first
    assert_seats_exact()


def test_prints_the_four_accounts_in_french():
    output = seed()

    assert "Comptes de démonstration" in output
    for email, password in ACCOUNTS:
        assert f"{email} / mot de passe {password}" in output


def test_the_four_accounts_can_log_in(seeded):
    for email, password in ACCOUNTS:
        assert authenticate(LOGIN, username=email, password=password) is not None, email


def test_accounts_have_their_roles(seeded):
    worker = User.objects.get(email="relais@demo.test")
    assert worker.structure.department.code == "75"
    assert (worker.first_name, worker.is_staff) == ("Camille", False)
    assert worker.phone

    other = User.objects.get(email="autre-relais@demo.test")
    assert other.structure.department.code == "93"
    assert not other.is_staff

    staff = User.objects.get(email="equipe75@demo.test")
    assert staff.is_staff and not staff.is_superuser
    assert staff.structure is None
    assert list(staff.departments.values_list("code", flat=True)) == ["75"]

    admin = User.objects.get(email="admin@demo.test")
    assert admin.is_superuser and admin.is_staff


def test_a_second_run_resets_a_changed_demo_password(seeded):
    worker = User.objects.get(email="relais@demo.test")
    worker.set_password("autre-chose-2026")
    worker.is_active = False
    worker.save()

    seed()

    assert authenticate(LOGIN, username="relais@demo.test", password="demo-relais-2026") is not None


def test_departments_have_an_active_team(seeded):
    for code in ["75", "93", "92", "69"]:
        department = Department.objects.get(code=code)
        assert department.is_active
        assert department.team_name and department.team_phone
        assert department.team_email and department.team_address


def test_catalogue_is_believable(seeded):
    assert Genre.objects.count() == 10
    assert all(genre.slug in Genre.ICONS for genre in Genre.objects.all())  # all drawn
    assert Audience.objects.count() == 5
    assert 40 <= Event.objects.filter(is_published=True).count() <= 45
    assert Event.objects.filter(is_published=False).exists()
    assert not Event.objects.filter(genres=None).exists()
    published = Event.objects.published()
    assert published.values("partner").distinct().count() >= 15
    venue = published.first().venue
    assert venue.access and venue.transport and venue.accessibility


def test_slots_span_the_next_eight_weeks_and_the_recent_past(seeded):
    now = timezone.now()
    upcoming = Slot.objects.filter(starts_at__gt=now)
    assert upcoming.count() >= 60
    assert not upcoming.filter(starts_at__gt=now + timedelta(weeks=8)).exists()
    assert Slot.objects.filter(starts_at__lt=now).exists()


def test_some_slot_is_full_and_some_closes_within_three_days(seeded):
    now = timezone.now()
    upcoming = Slot.objects.filter(starts_at__gt=now)

    assert upcoming.filter(invitations_booked=F("invitations_offered")).exists()
    assert upcoming.filter(closes_at__gt=now, closes_at__lte=now + timedelta(days=3)).exists()
    assert upcoming.filter(closes_at__lte=now).exists()


def test_the_worker_structure_waits_on_a_full_slot(worker_structure):
    entry = WaitingEntry.objects.get(structure=worker_structure)
    assert entry.is_waiting and entry.invitations == 2
    assert entry.slot.is_full and entry.slot.is_open()
    assert sorted(p.full_name for p in entry.participants.all()) == [
        "Rachid Bouaziz",
        "Samia Bouaziz",
    ]


def test_three_relays_with_persons_and_companions(seeded):
    structures = Structure.objects.all()
    assert sorted(s.department.code for s in structures) == ["75", "75", "93"]
    for structure in structures:
        persons = Person.objects.for_structure(structure)
        assert persons.beneficiaries().count() >= 5
        assert persons.companions().exists()
    companion_types = set(Person.objects.companions().values_list("companion_type", flat=True))
    assert companion_types == {"professional", "volunteer"}


def test_worker_structure_has_every_kind_of_booking(worker_structure):
    now = timezone.now()
    bookings = Booking.objects.for_structure(worker_structure)

    assert bookings.confirmed().upcoming().count() >= 3
    to_validate = bookings.to_validate()
    assert to_validate.count() >= 2
    assert not to_validate.filter(attendance_recorded_at__isnull=False).exists()
    expired = bookings.confirmed().filter(slot__closes_at__lte=now, slot__starts_at__gt=now)
    assert expired.count() == 1


def test_worker_structure_bookings_have_guests_and_companions(worker_structure):
    participants = Participant.objects.filter(booking__structure=worker_structure)

    guests = participants.filter(role=Participant.Role.GUEST)
    assert guests.exists()
    for guest in guests:
        assert guest.person is None
        assert guest.invited_by.role == Participant.Role.BENEFICIARY
        assert guest.invited_by.booking_id == guest.booking_id
    assert participants.filter(role=Participant.Role.COMPANION).exists()


def test_every_booking_is_consistent(seeded):
    for booking in Booking.objects.prefetch_related("participants", "log_entries"):
        participants = list(booking.participants.all())
        assert booking.invitations == len(participants), booking
        assert sum(p.role == "beneficiary" for p in participants) >= 1, booking
        assert all(p.slot_id == booking.slot_id for p in participants)
        assert all(p.is_active != booking.is_cancelled for p in participants)
        actions = [entry.action for entry in booking.log_entries.all()]
        assert actions[0] == BookingLogEntry.Action.BOOKED, booking
        assert booking.reference.startswith("CDC-")
        assert booking.created_at <= timezone.now()


def test_every_slot_counts_exactly_its_active_participants(seeded):
    assert_seats_exact()


def assert_seats_exact():
    slots = Slot.objects.annotate(
        active=Count("participants", filter=Q(participants__is_active=True))
    )
    assert slots.exists()
    for slot in slots:
        assert slot.invitations_booked == slot.active, slot


def test_bookings_went_through_the_services_at_the_dates_of_their_story(seeded):
    action = BookingLogEntry.Action
    bookings = Booking.objects.select_related("slot").prefetch_related("log_entries")
    assert bookings.filter(status=Booking.Status.CANCELLED).exists()
    assert bookings.filter(attendance_recorded_at__isnull=False).exists()
    for booking in bookings:
        expected = [(action.BOOKED, booking.created_at, booking.booked_by_id)]
        if booking.is_cancelled:
            assert booking.cancelled_at == booking.created_at + timedelta(days=1)
            expected.append((action.CANCELLED, booking.cancelled_at, booking.cancelled_by_id))
        if booking.attendance_recorded_at:
            assert booking.attendance_recorded_at == booking.slot.starts_at + timedelta(days=1)
            expected.append(
                (action.ATTENDANCE, booking.attendance_recorded_at, booking.booked_by_id)
            )
        entries = list(booking.log_entries.all())
        assert [(e.action, e.at, e.actor_id) for e in entries] == expected, booking
        assert entries[0].details == {"invitations": booking.invitations}, booking
        # Booked (and cancelled) while the slot was open, as the services demand.
        assert booking.created_at < booking.slot.closes_at, booking
        assert (booking.cancelled_at or booking.created_at) < booking.slot.closes_at, booking


def test_each_slot_counts_the_invitations_of_its_confirmed_bookings(seeded):
    confirmed = Q(bookings__status=Booking.Status.CONFIRMED)
    slots = Slot.objects.annotate(
        confirmed=Sum("bookings__invitations", filter=confirmed, default=0)
    )
    assert slots.filter(confirmed__gt=0).exists()
    for slot in slots:
        assert slot.invitations_booked == slot.confirmed, slot


def test_the_testimonial_waits_for_moderation_with_consent(seeded):
    testimonial = Testimonial.objects.get()
    assert testimonial.status == Testimonial.Status.PENDING
    assert testimonial.consent
    assert testimonial.participant.attended is True


def test_seeding_queues_no_email_and_stores_no_counter_mark(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seed()
    run_tasks()

    assert Booking.objects.count() >= 20  # booked through the services, with notify=False
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []
    assert not Booking.objects.exclude(voucher="").exists()


def test_a_booking_the_services_refuse_is_skipped_and_reported(seeded):
    # The demo no longer finds this booking, but its beneficiary is still booked there.
    Booking.objects.filter(reference=demo.demo_reference("passerelle-vivaldi")).update(
        reference="CDC-ZZZZZZ"
    )
    before = counts()

    output = seed()

    assert counts() == before
    assert "non recréées (créneau absent, passé ou complet) : passerelle-vivaldi" in output
    assert_seats_exact()


def test_a_booking_whose_slot_is_gone_is_skipped_and_reported(seeded):
    # A week later the data's slot (in 11 days) is a date the event does not have.
    Booking.objects.filter(reference=demo.demo_reference("passerelle-vivaldi")).update(
        reference="CDC-ZZZZZZ"
    )
    before = counts()

    with time_machine.travel(timezone.now() + timedelta(days=7), tick=False):
        output = seed()

    assert counts() == before
    assert "passerelle-vivaldi" in output.split("non recréées")[1]


def test_the_run_is_one_transaction(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(demo, "_bookings", fail)

    with pytest.raises(RuntimeError):
        seed()

    assert not Event.objects.exists()
    assert not User.objects.exists()


def test_demo_references_are_stable_and_well_formed():
    reference = demo.demo_reference("passerelle-malade")

    assert reference == demo.demo_reference("passerelle-malade")
    assert reference != demo.demo_reference("passerelle-vivaldi")
    assert len(reference) == len("CDC-") + 6
    assert not set(reference.removeprefix("CDC-")) & set("0O1IL")


def test_runtime_code_has_no_test_dependency():
    root = Path(demo.__file__).parent
    for path in [root / "demo.py", root / "management" / "commands" / "seed_demo.py"]:
        tree = ast.parse(path.read_text())
        imported = {
            name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for name in (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
        }
        assert not imported & {"factory", "tests", "pytest", "time_machine"}, path
