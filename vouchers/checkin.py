"""Check-in at the venue: the slot's sheet that the guest list's link opens, with no account.

The guest list's e-mail carries a signed link for its slot (tokens.make_check_in_token).
From the cutoff until CHECK_IN_DAYS_AFTER_EVENT days after the outing, it opens the slot's
sheet: the venue ticks who arrived, one participant or a whole booking at once, and may
undo a tick. A tick is `Participant.checked_in_at`: ticking twice keeps the first time,
undoing what is not ticked changes nothing, and each change is one history line of its
booking (actor: none, "le lieu"). Ticks never touch `Participant.attended`: they pre-fill
the worker's attendance form, and only the worker's confirmation counts in statistics.

The sheet remembers its link in the browser's session, so that a counter-mark's QR code
scanned with the same phone opens that booking on the sheet (views.verify).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, BookingLogEntry, Participant
from structures.dates import french_datetime

from . import guest_lists, tokens

SESSION_KEY = "check_in_links"

NOT_OURS = "Lien de pointage non reconnu : il n'a pas été envoyé par {association}."
NOT_YET = (
    "Le pointage de ce créneau ouvre à la clôture des réservations, le {opens_at} : "
    "revenez à ce moment-là, la liste sera alors complète."
)
EXPIRED = "Ce lien de pointage a expiré le {closes_at} : les arrivées ne peuvent plus changer."
NOT_ON_SLOT = (
    "Cette personne ne figure pas sur la liste de ce créneau : rien n'a été pointé. "
    "Rechargez la liste et réessayez."
)


class CheckInError(Exception):
    """A check-in the rules refuse; the message is French and shown on the sheet."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Link:
    """A check-in link read from its token: the slot (None when the token is none of ours,
    or names a slot or partner that no longer holds) and why it opens nothing now."""

    token: str
    slot: object = None
    refusal: str = ""

    @property
    def is_open(self):
        return self.slot is not None and not self.refusal


def window(slot):
    """(opens, closes): from the cutoff until CHECK_IN_DAYS_AFTER_EVENT after the outing."""
    closes = slot.outing_ends_at + timedelta(days=settings.CHECK_IN_DAYS_AFTER_EVENT)
    return slot.closes_at, closes


def url(slot):
    """The sheet's absolute URL, as the guest list's e-mail gives it."""
    token = tokens.make_check_in_token(slot)
    return settings.SITE_URL + reverse("vouchers:check_in", args=[token])


def refusal(slot, now=None):
    """Why the link of `slot` opens nothing now (French), or ""."""
    now = now or timezone.now()
    opens, closes = window(slot)
    if now < opens:
        return NOT_YET.format(opens_at=french_datetime(opens))
    if now >= closes:
        return EXPIRED.format(closes_at=french_datetime(closes))
    return ""


def read_link(token, now=None):
    """The Link that `token` is (one query when it is ours)."""
    read = tokens.read_check_in_token(token)
    if read is None:
        return Link(token, refusal=NOT_OURS.format(association=settings.ASSOCIATION_NAME))
    slot_id, partner_id = read
    slot = guest_lists.slot_queryset().filter(pk=slot_id, event__partner_id=partner_id).first()
    if slot is None:
        return Link(token, refusal=NOT_OURS.format(association=settings.ASSOCIATION_NAME))
    return Link(token, slot, refusal(slot, now))


def remember(session, link):
    """Keep an open link in the browser's session, for the QR codes scanned next."""
    links = session.get(SESSION_KEY, {})
    if links.get(str(link.slot.pk)) != link.token:
        session[SESSION_KEY] = {**links, str(link.slot.pk): link.token}


def remembered_token(session, slot_id):
    """The check-in token this browser opened for `slot_id`, or None."""
    return session.get(SESSION_KEY, {}).get(str(slot_id))


def arrived_count():
    """How many participants of the confirmed bookings of the slot of the outer query the
    venue ticked as arrived, as a subquery."""
    arrived = (
        Participant.objects.filter(
            slot=OuterRef("pk"),
            booking__status=Booking.Status.CONFIRMED,
            checked_in_at__isnull=False,
        )
        .order_by()
        .values("slot")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(arrived), 0)


class CounterMark:
    """What the verification page says of a booking's counter-mark (its `state`)."""

    VALID = "valid"
    CANCELLED = "cancelled"
    OVER = "over"
    CHECKED_IN = "checked_in"  # every participant ticked
    PARTLY_CHECKED_IN = "partly_checked_in"

    def __init__(self, booking, now=None):
        now = now or timezone.now()
        self.booking = booking
        self.participants = [] if booking.is_cancelled else list(booking.participants.all())
        self.arrived = [p for p in self.participants if p.checked_in_at is not None]
        if booking.is_cancelled:
            self.state = self.CANCELLED
        elif now >= booking.slot.outing_ends_at:
            self.state = self.OVER
        elif self.arrived and len(self.arrived) == len(self.participants):
            self.state = self.CHECKED_IN
        elif self.arrived:
            self.state = self.PARTLY_CHECKED_IN
        else:
            self.state = self.VALID


def check_in(slot, participant_ids, *, now=None):
    """Tick these participants of `slot` as arrived; returns how many were not yet."""
    return _change(slot, participant_ids, arrived=True, now=now)


def check_in_booking(slot, booking_id, *, now=None):
    """Tick every participant of one booking of `slot` ("Toute la réservation est là")."""
    ids = Participant.objects.filter(booking_id=booking_id, slot=slot).values_list("pk", flat=True)
    return _change(slot, list(ids), arrived=True, now=now)


def undo(slot, participant_ids, *, now=None):
    """Take back the ticks of these participants of `slot`; returns how many were ticked."""
    return _change(slot, participant_ids, arrived=False, now=now)


@transaction.atomic
def _change(slot, participant_ids, *, arrived, now):
    """One transaction: the participants' rows locked, refused whole (CheckInError) when
    one is not on the slot's list or the link is not open; the changes dated `now` and
    written in each booking's history."""
    now = now or timezone.now()
    if reason := refusal(slot, now):
        raise CheckInError(reason)
    ids = set(participant_ids)
    participants = list(
        Participant.objects.select_for_update()
        .filter(pk__in=ids, slot=slot, booking__status=Booking.Status.CONFIRMED)
        .order_by("pk")
    )
    if not ids or len(participants) != len(ids):
        raise CheckInError(NOT_ON_SLOT)
    changed = [p for p in participants if (p.checked_in_at is None) == arrived]
    Participant.objects.filter(pk__in=[p.pk for p in changed]).update(
        checked_in_at=now if arrived else None
    )
    by_booking = {}
    for participant in changed:
        by_booking.setdefault(participant.booking_id, []).append(participant.pk)
    action = (
        BookingLogEntry.Action.CHECKED_IN if arrived else BookingLogEntry.Action.CHECK_IN_UNDONE
    )
    BookingLogEntry.objects.bulk_create(
        BookingLogEntry(booking_id=booking_id, action=action, at=now, details={"participants": pks})
        for booking_id, pks in by_booking.items()
    )
    return len(changed)
