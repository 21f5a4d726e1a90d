"""A slot booked by two structures, for the guest list tests (PDF, CSV, sending)."""

from datetime import timedelta

from django.db.models import F

from bookings.models import Booking, Participant
from events.models import Slot
from tests import factories

# Everyone expected on the list of `booked_slot()`, as (last name, first name).
EXPECTED = [
    ("Amrani", "Leïla"),
    ("Amrani", "Inès"),
    ("Dubois", "Hélène"),
    ("Zéphyr", "Océane"),
]
# Names that must never appear on it: a cancelled booking, another slot's booking.
ABSENT = ["Annulé-Lenoir", "Autre-Créneau-Blanc"]


def add_participant(booking, role, first_name, last_name, invited_by=None):
    person = None
    if role != Participant.Role.GUEST:
        person = factories.PersonFactory(
            structure=booking.structure,
            first_name=first_name,
            last_name=last_name,
            **({"companion": True} if role == Participant.Role.COMPANION else {}),
        )
    participant = Participant.objects.create(
        booking=booking,
        role=role,
        person=person,
        first_name=first_name,
        last_name=last_name,
        invited_by=invited_by,
        is_active=booking.status == Booking.Status.CONFIRMED,
    )
    Booking.objects.filter(pk=booking.pk).update(invitations=F("invitations") + 1)
    if booking.status == Booking.Status.CONFIRMED:
        Slot.objects.filter(pk=booking.slot_id).update(
            invitations_booked=F("invitations_booked") + 1
        )
    return participant


def booking(slot, structure, worker, first_name, last_name, **kwargs):
    person = factories.PersonFactory(
        structure=structure, first_name=first_name, last_name=last_name
    )
    return factories.BookingFactory(
        slot=slot, structure=structure, booked_by=worker, beneficiary=person, **kwargs
    )


def booked_slot(department, **slot_kwargs):
    """A slot of "Le Petit Prince" with two structures' bookings, and noise around it."""
    slot = factories.SlotFactory(
        event__title="Le Petit Prince",
        event__partner__department=department,
        event__partner__name="Théâtre du Rond-Point",
        event__venue__name="Salle Renaud-Barrault",
        **slot_kwargs,
    )
    north = factories.StructureFactory(department=department, name="Relais du Nord")
    south = factories.StructureFactory(department=department, name="Association Sud")
    camille = factories.UserFactory(
        structure=north, first_name="Camille", last_name="Martin", phone="06 12 34 56 78"
    )
    yanis = factories.UserFactory(
        structure=south, first_name="Yanis", last_name="Roux", phone="07 98 76 54 32"
    )

    family = booking(slot, north, camille, "Leïla", "Amrani")
    leila = family.participants.get()
    add_participant(family, Participant.Role.GUEST, "Inès", "Amrani", invited_by=leila)
    add_participant(family, Participant.Role.COMPANION, "Hélène", "Dubois")
    booking(slot, south, yanis, "Océane", "Zéphyr")
    booking(slot, south, yanis, "Paul", "Annulé-Lenoir", cancelled=True)
    other_slot = factories.SlotFactory(
        event=slot.event, starts_at=slot.starts_at + timedelta(days=7)
    )
    booking(other_slot, north, camille, "Rose", "Autre-Créneau-Blanc")
    slot.refresh_from_db()
    return slot
