"""The guest list of a slot: who comes, grouped by structure, as a PDF and as a CSV.

Partners print the PDF for their front desk; the CSV opens in a French spreadsheet
(`;` separator, UTF-8 with a BOM, Windows line ends). Both are valid for an empty slot
and then say "Aucune réservation".
"""

import io
from dataclasses import dataclass, field
from itertools import groupby

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from bookings.models import Booking, Participant, participant_lines
from events.models import Slot
from structures.dates import french_datetime
from structures.exports import csv_writer
from vouchers.pdf import render_pdf

TEMPLATE = "vouchers/guest_list.html"
NO_BOOKING = "Aucune réservation pour ce créneau."
CSV_HEADER = [
    "Structure",
    "Référence",
    "Nom",
    "Prénom",
    "Rôle",
    "Réservé par",
    "Téléphone du référent",
]


@dataclass
class BookingGroup:
    booking: Booking
    lines: list  # bookings.models.Line, in reading order (each guest after their host)
    notes: list = field(default_factory=list)  # messages a page shows with this booking

    @property
    def waiting(self):
        """Its participants not yet ticked as arrived."""
        return [line.participant for line in self.lines if line.participant.checked_in_at is None]


@dataclass
class StructureGroup:
    structure: object
    bookings: list[BookingGroup] = field(default_factory=list)

    @property
    def invitations(self):
        return sum(len(group.lines) for group in self.bookings)


@dataclass
class GuestList:
    slot: Slot
    structures: list[StructureGroup]

    @property
    def invitations(self):
        return sum(group.invitations for group in self.structures)

    @property
    def bookings(self):
        return sum(len(group.bookings) for group in self.structures)

    @property
    def is_empty(self):
        return not self.structures

    def booking_groups(self):
        """Every BookingGroup of the list, in its order."""
        for structure_group in self.structures:
            yield from structure_group.bookings

    @property
    def arrived(self):
        """How many participants the venue ticked as arrived (vouchers.checkin)."""
        return sum(
            line.participant.checked_in_at is not None
            for booking_group in self.booking_groups()
            for line in booking_group.lines
        )

    def named(self, words):
        """The BookingGroups with a participant whose name holds every one of `words`
        (normalised: structures.text.normalize)."""
        return [
            booking_group
            for booking_group in self.booking_groups()
            if any(
                all(word in line.participant.search_name for word in words)
                for line in booking_group.lines
            )
        ]

    def find(self, reference):
        """The BookingGroup of the booking `reference` on this list, or None."""
        return next(
            (group for group in self.booking_groups() if group.booking.reference == reference),
            None,
        )

    def rows(self):
        """One row per participant, as in the CSV."""
        for structure_group in self.structures:
            for booking_group in structure_group.bookings:
                booking = booking_group.booking
                worker = booking.booked_by
                for line in booking_group.lines:
                    yield [
                        structure_group.structure.name,
                        booking.reference,
                        line.participant.last_name,
                        line.participant.first_name,
                        line.role,
                        worker.get_full_name() or worker.email,
                        worker.phone,
                    ]


def slot_queryset():
    """Slots with what a guest list shows about them (one query)."""
    return Slot.objects.select_related("event__partner", "event__venue", "event__department")


def _guests(slot):
    return Participant.objects.filter(booking__slot=slot, booking__status=Booking.Status.CONFIRMED)


def has_guests(slot):
    """Whether `slot`'s guest list has anyone on it (one cheap query)."""
    return _guests(slot).exists()


def guest_list(slot):
    """Participants of the confirmed bookings of `slot`, grouped by structure (one query)."""
    participants = (
        _guests(slot)
        .select_related("booking__structure", "booking__booked_by")
        .order_by(
            "booking__structure__name",
            "booking__structure_id",
            "booking__created_at",
            "booking_id",
            "id",
        )
    )
    structures = []
    for _, of_structure in groupby(participants, key=lambda p: p.booking.structure_id):
        of_structure = list(of_structure)
        group = StructureGroup(structure=of_structure[0].booking.structure)
        for _, of_booking in groupby(of_structure, key=lambda p: p.booking_id):
            of_booking = list(of_booking)
            group.bookings.append(
                BookingGroup(of_booking[0].booking, participant_lines(of_booking))
            )
        structures.append(group)
    return GuestList(slot=slot, structures=structures)


def filename(slot, extension):
    """'liste-invites-le-petit-prince-2026-03-21-15h00.pdf'."""
    start = timezone.localtime(slot.starts_at)
    title = slugify(slot.event.title)[:60] or "evenement"
    return f"liste-invites-{title}-{start:%Y-%m-%d-%Hh%M}.{extension}"


def render_html(guests):
    slot = guests.slot
    return render_to_string(
        TEMPLATE,
        {
            "association_name": settings.ASSOCIATION_NAME,
            "guests": guests,
            "slot": slot,
            "event": slot.event,
            "venue": slot.event.venue,
            "department": slot.event.department,
            "when": french_datetime(slot.starts_at),
            "generated_at": french_datetime(timezone.now()),
            "no_booking": NO_BOOKING,
        },
    )


def render_pdf_bytes(guests):
    return render_pdf(render_html(guests))


def render_csv(guests):
    """The CSV as text, BOM included (encode it as UTF-8)."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(CSV_HEADER)
    rows = list(guests.rows())
    for row in rows:
        writer.writerow(row)
    if not rows:
        writer.writerow([NO_BOOKING])
    return out.getvalue()


def render_csv_bytes(guests):
    return render_csv(guests).encode("utf-8")
