"""One object of every département-scoped model of the admin, all of one département: the
cast of the admin scoping tests and of the isolation matrix (tests/test_isolation_matrix.py)."""

from bookings.models import Booking, BookingLogEntry, Participant, Testimonial, WaitingEntry
from events.models import Event, Partner, Slot, Venue
from people.models import Person, PersonLogEntry
from structures.models import Department, OutgoingEmail, Structure, User
from tests import factories

# Every model whose admin is scoped by département (PortalModelAdmin.scoped).
SCOPED_MODELS = [
    Department,
    Structure,
    User,
    Person,
    PersonLogEntry,
    Partner,
    Venue,
    Event,
    Slot,
    Booking,
    Participant,
    BookingLogEntry,
    Testimonial,
    WaitingEntry,
    OutgoingEmail,
]


def objects_of(department, marker=""):
    """One object of every model of SCOPED_MODELS, all of `department`."""
    partner = factories.PartnerFactory(department=department, name=f"Théâtre {marker}")
    venue = factories.VenueFactory(partner=partner, name=f"Salle {marker}")
    event = factories.EventFactory(
        partner=partner, venue=venue, title=f"Spectacle {marker}", is_published=False,
        published_at=None,
    )  # fmt: skip
    slot = factories.SlotFactory(event=event)
    structure = factories.StructureFactory(department=department, name=f"Relais {marker}")
    worker = factories.UserFactory(
        structure=structure, first_name="Alix", last_name=f"Référente {marker}"
    )
    person = factories.PersonFactory(structure=structure, last_name=f"Personne {marker}")
    booking = factories.BookingFactory(
        slot=slot, structure=structure, booked_by=worker, beneficiary=person
    )
    return {
        Department: department,
        Structure: structure,
        User: worker,
        Person: person,
        PersonLogEntry: person.log(PersonLogEntry.Action.CREATED, by=worker),
        Partner: partner,
        Venue: venue,
        Event: event,
        Slot: slot,
        Booking: booking,
        Participant: booking.participants.get(),
        BookingLogEntry: factories.BookingLogEntryFactory(booking=booking),
        Testimonial: factories.TestimonialFactory(booking=booking, text=f"Merci {marker}"),
        WaitingEntry: _waiting_entry(slot, structure, worker, marker),
        OutgoingEmail: OutgoingEmail.objects.create(
            kind=OutgoingEmail.Kind.BOOKING_CONFIRMATION,
            status=OutgoingEmail.Status.FAILED,
            department=department,
            user=worker,
            object_id=booking.pk,
            about=f"{booking.reference} {marker}",
            error=f"Refusé {marker}",
        ),
    }


def _waiting_entry(slot, structure, worker, marker):
    """A list of the structure waiting on the slot, as bookings.waiting writes it."""
    entry = WaitingEntry.objects.create(
        slot=slot, structure=structure, created_by=worker, invitations=1
    )
    waiting = factories.PersonFactory(structure=structure, last_name=f"Attente {marker}")
    entry.participants.create(
        role="beneficiary",
        person=waiting,
        first_name=waiting.first_name,
        last_name=waiting.last_name,
    )
    return entry
