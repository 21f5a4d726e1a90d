"""The domain model: database constraints on direct ORM writes, defaults and helpers."""

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bookings import models as bookings_models  # no Test* class name at module level
from bookings.models import (
    REFERENCE_ALPHABET,
    Booking,
    BookingLogEntry,
    Participant,
    new_reference,
)
from events.models import Event, Slot
from people.models import Person
from structures.models import Department, User
from structures.text import normalize
from tests.factories import (
    BookingFactory,
    BookingLogEntryFactory,
    DepartmentFactory,
    EventFactory,
    ParticipantFactory,
    PersonFactory,
    SlotFactory,
    StructureFactory,
    TestimonialFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@contextmanager
def refused():
    """The write must be refused by the database itself (the savepoint keeps the test going)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        yield


# Slot: seats and dates.


def test_overbooking_a_slot_with_update_fails():
    slot = SlotFactory(invitations_offered=3)

    with refused():
        Slot.objects.filter(pk=slot.pk).update(invitations_booked=F("invitations_offered") + 1)

    slot.refresh_from_db()
    assert slot.invitations_booked == 0


def test_booking_every_seat_with_update_is_allowed():
    slot = SlotFactory(invitations_offered=3)

    Slot.objects.filter(pk=slot.pk).update(invitations_booked=F("invitations_offered"))

    slot.refresh_from_db()
    assert slot.is_full


def test_overbooking_a_slot_with_save_fails():
    slot = SlotFactory(invitations_offered=3)
    slot.invitations_booked = 4

    with refused():
        slot.save()


def test_lowering_the_offer_below_what_is_booked_fails():
    slot = SlotFactory(invitations_offered=5)
    Slot.objects.filter(pk=slot.pk).update(invitations_booked=4)

    with refused():
        Slot.objects.filter(pk=slot.pk).update(invitations_offered=3)


def test_negative_booked_count_fails():
    slot = SlotFactory()

    with refused():
        Slot.objects.filter(pk=slot.pk).update(invitations_booked=-1)


@pytest.mark.parametrize("offered", [0, -1])
def test_offer_must_be_positive(offered):
    slot = SlotFactory()

    with refused():
        Slot.objects.filter(pk=slot.pk).update(invitations_offered=offered)


def test_new_slot_with_zero_offer_fails():
    event = EventFactory()

    with refused():
        Slot.objects.create(event=event, starts_at=timezone.now(), invitations_offered=0)


def test_max_per_booking_must_be_positive():
    slot = SlotFactory()

    with refused():
        Slot.objects.filter(pk=slot.pk).update(max_per_booking=0)


def test_cutoff_after_start_fails():
    slot = SlotFactory()

    with refused():
        Slot.objects.filter(pk=slot.pk).update(closes_at=F("starts_at") + timedelta(minutes=1))


def test_cutoff_at_start_is_allowed():
    slot = SlotFactory()

    Slot.objects.filter(pk=slot.pk).update(closes_at=F("starts_at"))


@pytest.mark.parametrize("delta", [timedelta(0), timedelta(hours=-1)])
def test_end_must_follow_start(delta):
    slot = SlotFactory()

    with refused():
        Slot.objects.filter(pk=slot.pk).update(ends_at=F("starts_at") + delta)


def test_cutoff_defaults_to_48_hours_before_start():
    starts_at = timezone.now() + timedelta(days=10)

    slot = SlotFactory(starts_at=starts_at)

    assert slot.closes_at == starts_at - timedelta(hours=48)
    slot.refresh_from_db()
    assert slot.closes_at == starts_at - timedelta(hours=48)


def test_cutoff_default_follows_the_department_setting():
    department = DepartmentFactory(code="69")
    Department.objects.filter(pk=department.pk).update(cutoff_hours=24)
    event = EventFactory(partner__department=department)
    starts_at = timezone.now() + timedelta(days=10)

    slot = SlotFactory(event=event, starts_at=starts_at)

    assert slot.closes_at == starts_at - timedelta(hours=24)


def test_explicit_cutoff_is_kept():
    starts_at = timezone.now() + timedelta(days=10)
    closes_at = starts_at - timedelta(hours=6)

    slot = SlotFactory(starts_at=starts_at, closes_at=closes_at)

    assert slot.closes_at == closes_at


def test_clean_refuses_an_offer_below_the_booked_count():
    slot = SlotFactory(invitations_offered=5)
    Slot.objects.filter(pk=slot.pk).update(invitations_booked=4)
    slot.refresh_from_db()
    slot.invitations_offered = 3

    with pytest.raises(ValidationError) as error:
        slot.full_clean()

    assert "invitations_offered" in error.value.message_dict


# Booking and participants.


def test_duplicate_booking_reference_fails():
    booking = BookingFactory()
    other = BookingFactory.build(
        slot=booking.slot, structure=booking.structure, booked_by=booking.booked_by
    )
    other.reference = booking.reference

    with refused():
        other.save()


def test_booking_needs_at_least_one_invitation():
    booking = BookingFactory()

    with refused():
        Booking.objects.filter(pk=booking.pk).update(invitations=0)


def test_cancelled_booking_needs_its_date():
    booking = BookingFactory()

    with refused():
        Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)


def test_confirmed_booking_has_no_cancellation_date():
    booking = BookingFactory()

    with refused():
        Booking.objects.filter(pk=booking.pk).update(cancelled_at=timezone.now())


def beneficiary_of(booking):
    return booking.participants.get(role=Participant.Role.BENEFICIARY)


def test_same_person_twice_in_a_booking_fails():
    booking = BookingFactory()
    person = beneficiary_of(booking).person

    with refused():
        ParticipantFactory(booking=booking, person=person, role=Participant.Role.COMPANION)


def test_same_person_active_twice_on_a_slot_fails():
    booking = BookingFactory()
    person = beneficiary_of(booking).person
    other_booking = BookingFactory(
        slot=booking.slot, structure=booking.structure, beneficiary=False
    )

    with refused():
        ParticipantFactory(booking=other_booking, person=person)


def test_same_person_on_a_slot_again_once_the_first_is_inactive():
    booking = BookingFactory()
    first = beneficiary_of(booking)
    Participant.objects.filter(pk=first.pk).update(is_active=False)
    other_booking = BookingFactory(
        slot=booking.slot, structure=booking.structure, beneficiary=False
    )

    second = ParticipantFactory(booking=other_booking, person=first.person)

    assert second.slot_id == first.slot_id


def test_same_person_on_two_slots_is_allowed():
    booking = BookingFactory()
    person = beneficiary_of(booking).person

    BookingFactory(structure=booking.structure, beneficiary=person)

    assert person.participations.count() == 2


def test_guests_without_a_person_may_be_many_on_a_slot():
    booking = BookingFactory()
    host = beneficiary_of(booking)

    for first_name in ["Inès", "Adam"]:
        ParticipantFactory(
            booking=booking,
            role=Participant.Role.GUEST,
            person=None,
            first_name=first_name,
            last_name="Benali",
            invited_by=host,
        )

    assert host.guests.count() == 2


def test_guest_without_host_fails():
    booking = BookingFactory()

    with refused():
        ParticipantFactory(
            booking=booking,
            role=Participant.Role.GUEST,
            person=None,
            first_name="Inès",
            last_name="Benali",
        )


@pytest.mark.parametrize("role", [Participant.Role.BENEFICIARY, Participant.Role.COMPANION])
def test_beneficiary_or_companion_with_a_host_fails(role):
    booking = BookingFactory()
    host = beneficiary_of(booking)

    with refused():
        ParticipantFactory(booking=booking, role=role, invited_by=host)


def test_participant_copies_the_slot_and_a_search_name():
    booking = BookingFactory()

    participant = ParticipantFactory(
        booking=booking, person__first_name="Élodie", person__last_name="Garnier"
    )

    assert participant.slot_id == booking.slot_id
    assert participant.search_name == "elodie garnier"


def test_reference_alphabet_has_no_look_alikes():
    assert len(set(REFERENCE_ALPHABET)) == len(REFERENCE_ALPHABET) == 31
    assert not set(REFERENCE_ALPHABET) & set("0O1IL")


def test_booking_reference_format():
    pattern = re.compile(rf"^CDC-[{REFERENCE_ALPHABET}]{{6}}$")
    references = {new_reference() for _ in range(300)}

    assert all(pattern.match(reference) for reference in references)
    assert len(references) > 290
    assert pattern.match(BookingFactory().reference)


# Event.


def test_published_event_without_date_fails():
    event = EventFactory()

    with refused():
        Event.objects.filter(pk=event.pk).update(published_at=None)


def test_save_dates_a_published_event():
    event = EventFactory(draft=True)
    assert event.published_at is None

    event.is_published = True
    event.save()

    assert event.published_at is not None


def test_draft_without_date_is_allowed():
    event = EventFactory(draft=True)

    assert Event.objects.filter(pk=event.pk, published_at__isnull=True).exists()


def test_event_search_title_and_department():
    event = EventFactory(title="Le Théâtre  de l'Œuvre", partner__department__code="93")

    assert event.search_title == "le theatre de l'oeuvre"
    assert event.department.code == "93"
    assert Event.objects.search("THEATRE oeuvre").get() == event


# Person.


def test_person_search_name_is_normalised():
    person = PersonFactory(first_name="Aïcha", last_name="Diallo-Bâ")

    assert person.search_name == "aicha diallo-ba"
    assert Person.objects.search("AICHA diallo").get() == person


def test_person_search_name_follows_a_partial_save():
    person = PersonFactory(first_name="Jean", last_name="Morel")
    person.first_name = "Jérôme"

    person.save(update_fields=["first_name"])

    person.refresh_from_db()
    assert person.search_name == "jerome morel"


def test_companion_type_only_for_companions():
    person = PersonFactory()

    with refused():
        Person.objects.filter(pk=person.pk).update(companion_type="volunteer")


def test_birth_year_range():
    person = PersonFactory()

    with refused():
        Person.objects.filter(pk=person.pk).update(birth_year=1850)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Théâtre  du Soleil", "theatre du soleil"),
        ("  ÉLODIE   Garnier ", "elodie garnier"),
        ("Cœur et Æther", "coeur et aether"),
        ("Straße", "strasse"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


# User.


def test_duplicate_email_differing_in_case_fails():
    UserFactory(email="camille.dupont@relais.test")
    structure = StructureFactory()

    with refused():
        User.objects.create(email="Camille.Dupont@Relais.test", structure=structure)


def test_manager_stores_emails_lower_case_and_logs_in_any_case():
    structure = StructureFactory()
    user = User.objects.create_user("Camille@Relais.TEST", "x-2026-secret", structure=structure)

    assert user.email == "camille@relais.test"
    assert User.objects.get_by_natural_key("CAMILLE@relais.test") == user


def test_worker_without_structure_fails():
    with refused():
        User.objects.create(email="sans-structure@relais.test", is_staff=False, structure=None)


def test_staff_and_inactive_users_need_no_structure():
    staff = UserFactory(staff=True)
    inactive = User.objects.create(email="ancien@relais.test", is_active=False)

    assert staff.structure is None and not staff.is_worker
    assert inactive.structure is None


# Départements.


def test_all_101_departements_exist():
    codes = set(Department.objects.values_list("code", flat=True))

    assert len(codes) == 101
    assert {"01", "2A", "2B", "75", "93", "95", "971", "972", "973", "974", "976"} <= codes
    assert "20" not in codes
    assert Department.objects.get(code="2A").name == "Corse-du-Sud"
    assert Department.objects.get(code="976").name == "Mayotte"


def test_department_code_is_unique():
    with refused():
        Department.objects.create(code="75", name="Paris bis")


# Booking history and testimonials.


def test_log_entry_cannot_be_updated():
    entry = BookingLogEntryFactory(details={"invitations": 1})
    entry.details = {"invitations": 99}

    with pytest.raises(ValidationError):
        entry.save()

    entry.refresh_from_db()
    assert entry.details == {"invitations": 1}


def test_log_entry_cannot_be_deleted():
    entry = BookingLogEntryFactory()

    with pytest.raises(ValidationError):
        entry.delete()

    assert BookingLogEntry.objects.filter(pk=entry.pk).exists()


def test_moderated_testimonial_needs_its_date():
    testimonial = TestimonialFactory()

    with refused():
        bookings_models.Testimonial.objects.filter(pk=testimonial.pk).update(
            status=bookings_models.Testimonial.Status.APPROVED
        )
