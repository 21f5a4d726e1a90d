"""The cast of the admin scoping tests: `staff_75` (département team of Paris), the objects
of `paris` (`ours`, visible) and of `seine_saint_denis` (`theirs`, out of scope, every name
carrying MARKER)."""

import pytest

from bookings.models import Booking, BookingLogEntry, Participant, Testimonial
from events.models import Event, Partner, Slot, Venue
from people.models import Person
from structures.models import Department, Structure, User
from tests import factories

from .admin_pages import MARKER


def objects_of(department, marker=""):
    """One object of every scoped model, all of `department`."""
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
        Partner: partner,
        Venue: venue,
        Event: event,
        Slot: slot,
        Booking: booking,
        Participant: booking.participants.get(),
        BookingLogEntry: factories.BookingLogEntryFactory(booking=booking),
        Testimonial: factories.TestimonialFactory(booking=booking, text=f"Merci {marker}"),
    }


@pytest.fixture
def ours(paris):
    return objects_of(paris, marker="Lutèce")


@pytest.fixture
def theirs(seine_saint_denis):
    return objects_of(seine_saint_denis, marker=MARKER)


@pytest.fixture
def staff_client(client, staff_75):
    client.force_login(staff_75)
    return client
