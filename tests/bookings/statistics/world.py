"""The statistics' hand-built data set: three structures, four partners, events in Paris
and Seine-Saint-Denis, with every kind of invitation (see make_world)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Count, Q

from bookings.models import Participant
from events.models import Slot
from tests.factories import (
    AudienceFactory,
    BookingFactory,
    DepartmentFactory,
    EventFactory,
    GenreFactory,
    PartnerFactory,
    PersonFactory,
    SlotFactory,
    StructureFactory,
    VenueFactory,
)

PARIS = ZoneInfo("Europe/Paris")
BENEFICIARY = Participant.Role.BENEFICIARY
GUEST = Participant.Role.GUEST
COMPANION = Participant.Role.COMPANION
PERIOD = (date(2026, 1, 1), date(2026, 6, 30))


def at(*args):
    return datetime(*args, tzinfo=PARIS)


def book(slot, structure, people, cancelled=False):
    """A booking of `people`: (role, person or None for a guest, attended) tuples.

    A guest is attached to the last beneficiary before it, as the booking form does.
    """
    booking = BookingFactory(
        slot=slot,
        structure=structure,
        beneficiary=False,
        invitations=len(people),
        cancelled=cancelled,
    )
    host = None
    for role, person, attended in people:
        participant = Participant.objects.create(
            booking=booking,
            role=role,
            person=person,
            first_name=person.first_name if person else "Invité",
            last_name=person.last_name if person else "Sans fiche",
            invited_by=host if role == GUEST else None,
            attended=attended,
            is_active=not cancelled,
        )
        if role == BENEFICIARY:
            host = participant
    return booking


def count_seats():
    """Slot counters as the booking service keeps them: confirmed invitations."""
    for slot in Slot.objects.annotate(
        n=Count("participants", filter=Q(participants__booking__status="confirmed"))
    ):
        Slot.objects.filter(pk=slot.pk).update(invitations_booked=slot.n)


def make_world():
    """Three structures, three partners, five events in Paris (75), one in 93.

    The structure under test ("Relais Nord") books, between January and June 2026:
      March 10, "Le Malade imaginaire" (théâtre; famille + adultes; Salle A):
        b1: A present, A's guest present, companion C absent;  b2: B absent
      April 5, "Cirque d'hiver" (no genre; famille; Salle A): b10: G present
      May 20, "Jazz au parc" (concert + théâtre; no audience; Salle B):
        b3: A present, D present;  b4 cancelled: E + guest;  b5: F not recorded yet
      June 20, "Jazz au parc": b7: B not recorded (event to come)
    and, outside the period, January 10, 2025: b6: A present.
    """
    paris = DepartmentFactory(code="75")
    seine_saint_denis = DepartmentFactory(code="93")
    nord = StructureFactory(name="Relais Nord", department=paris)
    other = StructureFactory(name="Relais Sud", department=paris)
    far = StructureFactory(name="Relais de Bobigny", department=seine_saint_denis)
    theatre = GenreFactory(name="Théâtre", slug="theatre")
    concert = GenreFactory(name="Concert", slug="concert")
    family = AudienceFactory(name="Famille", slug="famille")
    adults = AudienceFactory(name="Adultes", slug="adultes")

    soleil = PartnerFactory(name="Théâtre du Soleil", department=paris)
    parc = PartnerFactory(name="Parc musical", department=paris)
    empty = PartnerFactory(name="Musée vide", department=paris)
    bobigny = PartnerFactory(name="MC93", department=seine_saint_denis)
    salle_a = VenueFactory(partner=soleil, name="Salle A")
    salle_b = VenueFactory(partner=parc, name="Salle B")
    malade = EventFactory(
        title="Le Malade imaginaire",
        partner=soleil,
        venue=salle_a,
        genres=[theatre],
        audiences=[family, adults],
    )
    cirque = EventFactory(title="Cirque d'hiver", partner=soleil, venue=salle_a, audiences=[family])
    jazz = EventFactory(
        title="Jazz au parc", partner=parc, venue=salle_b, genres=[concert, theatre]
    )
    musee = EventFactory(title="Musée", partner=empty, venue=VenueFactory(partner=empty))
    mc93 = EventFactory(title="Bobigny danse", partner=bobigny, venue=VenueFactory(partner=bobigny))

    s1 = SlotFactory(event=malade, starts_at=at(2026, 3, 10, 20), invitations_offered=10)
    s5 = SlotFactory(event=cirque, starts_at=at(2026, 4, 5, 15), invitations_offered=5)
    s2 = SlotFactory(event=jazz, starts_at=at(2026, 5, 20, 20), invitations_offered=8)
    s4 = SlotFactory(event=jazz, starts_at=at(2026, 6, 20, 20), invitations_offered=6)
    old = SlotFactory(event=malade, starts_at=at(2025, 1, 10, 20), invitations_offered=10)
    SlotFactory(event=musee, starts_at=at(2026, 5, 2, 10), invitations_offered=20)
    s93 = SlotFactory(event=mc93, starts_at=at(2026, 5, 3, 20), invitations_offered=4)

    a, b, d, f, g, e = (PersonFactory(structure=nord) for _ in range(6))
    c = PersonFactory(structure=nord, companion=True)
    book(s1, nord, [(BENEFICIARY, a, True), (GUEST, None, True), (COMPANION, c, False)])
    book(s1, nord, [(BENEFICIARY, b, False)])
    book(s5, nord, [(BENEFICIARY, g, True)])
    book(s2, nord, [(BENEFICIARY, a, True), (BENEFICIARY, d, True)])
    book(s2, nord, [(BENEFICIARY, e, None), (GUEST, None, None)], cancelled=True)
    book(s2, nord, [(BENEFICIARY, f, None)])
    book(s4, nord, [(BENEFICIARY, b, None)])
    book(old, nord, [(BENEFICIARY, a, True)])
    # Another structure of 75, one of 93, both on Paris events; and a 93 event.
    book(s1, other, [(BENEFICIARY, PersonFactory(structure=other), True)])
    book(s2, far, [(BENEFICIARY, PersonFactory(structure=far), False)])
    book(s93, other, [(BENEFICIARY, PersonFactory(structure=other), True)])
    count_seats()
    return {"paris": paris, "nord": nord, "other": other, "far": far}
