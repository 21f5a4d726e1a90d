"""Statistics against a hand-built data set: exact figures, fixed query counts, CSV."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, Q

from bookings.models import Booking, Participant
from bookings.stats import (
    Figures,
    default_period,
    department_statistics,
    months_between,
    structure_statistics,
    write_department_csv,
    write_structure_csv,
)
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

pytestmark = pytest.mark.django_db

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


@pytest.fixture
def world():
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


def figures(rows):
    return [
        (row.label, row.figures.booked, row.figures.used, row.figures.no_shows,
         row.figures.unrecorded, row.figures.cancelled)
        for row in rows
    ]  # fmt: skip


def test_structure_totals(world):
    stats = structure_statistics(world["nord"], *PERIOD)

    assert stats.totals == Figures(
        booked=9,
        used=5,
        no_shows=2,
        unrecorded=2,
        cancelled=2,
        persons_booked=5,  # A, B, D, F, G: guests and companions are not counted
        persons_reached=3,  # A, D, G came; B was absent, F is not recorded
    )
    assert stats.totals.attendance_rate == 71.4  # 5 present of 7 recorded


def test_structure_breakdowns(world):
    stats = structure_statistics(world["nord"], *PERIOD)

    assert figures(stats.months) == [
        ("janvier 2026", 0, 0, 0, 0, 0),
        ("février 2026", 0, 0, 0, 0, 0),
        ("mars 2026", 4, 2, 2, 0, 0),
        ("avril 2026", 1, 1, 0, 0, 0),
        ("mai 2026", 3, 2, 0, 1, 2),
        ("juin 2026", 1, 0, 0, 1, 0),
    ]
    # "Jazz au parc" is a concert and a play: it counts in both genres.
    assert figures(stats.genres) == [
        ("Théâtre", 8, 4, 2, 2, 2),
        ("Concert", 4, 2, 0, 2, 2),
        ("Sans genre", 1, 1, 0, 0, 0),
    ]
    assert figures(stats.audiences) == [
        ("Famille", 5, 3, 2, 0, 0),
        ("Public non précisé", 4, 2, 0, 2, 2),
        ("Adultes", 4, 2, 2, 0, 0),
    ]
    assert figures(stats.venues) == [
        ("Salle A", 5, 3, 2, 0, 0),
        ("Salle B", 4, 2, 0, 2, 2),
    ]
    assert figures(stats.top_events) == [
        ("Jazz au parc", 4, 2, 0, 2, 2),
        ("Le Malade imaginaire", 4, 2, 2, 0, 0),
        ("Cirque d'hiver", 1, 1, 0, 0, 0),
    ]
    assert stats.months[2].figures.attendance_rate == 50.0
    assert stats.months[5].figures.attendance_rate is None  # nothing recorded yet


def test_period_filters_on_the_slot_start(world):
    march = structure_statistics(world["nord"], date(2026, 3, 1), date(2026, 3, 31))
    assert (march.totals.booked, march.totals.used, march.totals.no_shows) == (4, 2, 2)

    old = structure_statistics(world["nord"], date(2025, 1, 1), date(2025, 1, 31))
    assert (old.totals.booked, old.totals.used) == (1, 1)

    nothing = structure_statistics(world["nord"], date(2024, 1, 1), date(2024, 12, 31))
    assert nothing.totals == Figures(persons_booked=0, persons_reached=0)
    assert nothing.totals.is_empty
    assert nothing.genres == nothing.venues == nothing.top_events == []
    assert len(nothing.months) == 12


def test_period_days_are_paris_days_both_included():
    structure = StructureFactory()
    # 00:30 in Paris on January 1st is still December 31st in UTC; 23:30 on June 30th too.
    for starts_at in (at(2026, 1, 1, 0, 30), at(2026, 6, 30, 23, 30), at(2026, 7, 1, 0, 30)):
        BookingFactory(structure=structure, slot=SlotFactory(starts_at=starts_at))

    stats = structure_statistics(structure, *PERIOD)

    assert stats.totals.booked == 2
    assert [row.figures.booked for row in stats.months] == [1, 0, 0, 0, 0, 1]


def test_other_structures_are_not_counted(world):
    stats = structure_statistics(world["other"], *PERIOD)
    assert (stats.totals.booked, stats.totals.used) == (2, 2)
    assert [row.label for row in stats.top_events] == ["Bobigny danse", "Le Malade imaginaire"]


def test_department_figures(world):
    stats = department_statistics(world["paris"], *PERIOD)

    # Nord's 9 + Sud's 1 on Paris events + Bobigny's 1 on a Paris event (the 93 event: no).
    assert stats.totals == Figures(
        booked=11,
        used=6,
        no_shows=3,
        unrecorded=2,
        cancelled=2,
        persons_booked=7,
        persons_reached=4,
    )
    assert stats.totals.attendance_rate == 66.7
    assert [
        (row.label, row.extra, row.figures.booked, row.figures.used, row.figures.persons_reached)
        for row in stats.structures
    ] == [
        ("Relais Nord", "75", 9, 5, 3),
        ("Relais de Bobigny", "93", 1, 0, 0),
        ("Relais Sud", "75", 1, 1, 1),
    ]
    assert [
        (p.name, p.slots, p.offered, p.booked, p.used, p.no_shows, p.booking_rate, p.use_rate)
        for p in stats.partners
    ] == [
        ("Musée vide", 1, 20, 0, 0, 0, 0.0, None),
        ("Théâtre du Soleil", 2, 15, 6, 4, 2, 40.0, 66.7),
        ("Parc musical", 2, 14, 5, 2, 1, 35.7, 40.0),
    ]
    assert stats.offered == 49
    assert [row.figures.booked for row in stats.months] == [0, 0, 5, 1, 4, 1]


def test_statistics_take_a_fixed_number_of_queries(world, django_assert_num_queries):
    with django_assert_num_queries(6):
        structure_statistics(world["nord"], *PERIOD)
    with django_assert_num_queries(5):
        department_statistics(world["paris"], *PERIOD)

    slot = Slot.objects.get(starts_at=at(2026, 3, 10, 20))
    Slot.objects.filter(pk=slot.pk).update(invitations_offered=100)
    for _ in range(30):
        BookingFactory(slot=slot, structure=world["nord"])

    with django_assert_num_queries(6):
        stats = structure_statistics(world["nord"], *PERIOD)
    with django_assert_num_queries(5):
        department_statistics(world["paris"], *PERIOD)
    assert stats.totals.booked == 39


def test_default_period_is_the_last_twelve_months():
    assert default_period(date(2026, 6, 15)) == (date(2025, 7, 1), date(2026, 6, 15))
    assert default_period(date(2026, 1, 31)) == (date(2025, 2, 1), date(2026, 1, 31))
    assert default_period(date(2026, 12, 1)) == (date(2026, 1, 1), date(2026, 12, 1))
    assert len(months_between(*default_period(date(2026, 6, 15)))) == 12


def read_csv(text):
    assert text.startswith("\ufeff"), "the BOM tells spreadsheets the file is UTF-8"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_structure_csv(world):
    out = io.StringIO()
    write_structure_csv(out, structure_statistics(world["nord"], *PERIOD), "Relais Nord")
    rows = read_csv(out.getvalue())

    assert rows[0] == ["Statistiques de la structure", "Relais Nord"]
    assert rows[1][1].startswith("du 01/01/2026 au 30/06/2026")
    assert ["Invitations réservées", "9"] in rows
    assert ["Invitations utilisées", "5"] in rows
    assert ["Absences", "2"] in rows
    assert ["Invitations annulées", "2"] in rows
    assert ["Taux de présence (%)", "71,4"] in rows
    assert ["Personnes suivies touchées (venues au moins une fois)", "3"] in rows
    assert ["mars 2026", "4", "2", "2", "0", "0", "50"] in rows
    assert ["juin 2026", "1", "0", "0", "1", "0", ""] in rows
    assert ["Théâtre", "8", "4", "2", "2", "2", "66,7"] in rows
    assert ["Salle B", "4", "2", "0", "2", "2", "100"] in rows
    assert ["Jazz au parc", "4", "2", "0", "2", "2", "100"] in rows


def test_department_csv(world):
    out = io.StringIO()
    write_department_csv(out, department_statistics(world["paris"], *PERIOD))
    rows = read_csv(out.getvalue())

    assert rows[0] == ["Statistiques du département", "75 – Paris"]
    assert ["Invitations réservées", "11"] in rows
    assert ["Invitations offertes par les partenaires", "49"] in rows
    assert ["Relais de Bobigny", "93", "1", "0", "1", "0", "0", "0", "0"] in rows
    assert ["Relais Nord", "75", "9", "5", "2", "2", "2", "71,4", "3"] in rows
    assert ["Théâtre du Soleil", "2", "15", "6", "4", "2", "40", "66,7"] in rows
    assert ["Musée vide", "1", "20", "0", "0", "0", "0", ""] in rows


def test_cancelled_bookings_count_only_as_cancelled(world):
    cancelled = Booking.objects.filter(status=Booking.Status.CANCELLED)
    assert cancelled.count() == 1
    stats = structure_statistics(world["nord"], date(2026, 5, 1), date(2026, 5, 31))
    assert (stats.totals.booked, stats.totals.cancelled) == (3, 2)
    assert stats.totals.persons_booked == 3  # A, D and F; E's booking was cancelled
