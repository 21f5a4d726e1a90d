"""Check-in at the venue: the slot's sheet that the guest list's link opens, with no account.

The guest list's e-mail carries a signed link for its slot (tokens.make_check_in_token).
From the cutoff until CHECK_IN_DAYS_AFTER_EVENT days after the outing, it opens the slot's
sheet: the venue ticks who arrived, one participant or a whole booking at once, and may
undo a tick. A tick is `Participant.checked_in_at`: ticking twice keeps the first time,
undoing what is not ticked (or was ticked again since the page showed it) changes
nothing, and each change is one history line of its booking (actor: none, "le lieu").
Ticks never touch `Participant.attended`: they pre-fill the worker's attendance form, and
only the worker's confirmation counts in statistics.

The browser that opened a sheet keeps its link in a cookie until the link expires, so that
a counter-mark's QR code scanned with the same phone opens that booking on the sheet
(views.verify).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, BookingLogEntry, Participant, reference_in
from structures.dates import french_datetime, french_time
from structures.text import normalize, of, plural

from . import guest_lists, tokens

NOT_OURS = (
    "Lien de pointage non reconnu : il n'a pas été envoyé par {association}, "
    "ou il a été modifié. Ouvrez le lien tel qu'il figure dans l'e-mail de la liste des invités."
)
NO_LONGER = (
    "Ce lien de pointage ne vaut plus : le créneau a été supprimé ou confié à un autre "
    "partenaire. Demandez la liste à jour à l'équipe de l'association."
)
NOT_YET = (
    "Le pointage de ce créneau ouvre à la clôture des réservations, le {opens_at} : "
    "revenez à ce moment-là, la liste sera alors complète."
)
EXPIRED = "Ce lien de pointage a expiré le {closes_at} : les arrivées ne peuvent plus changer."
NOT_ON_SLOT = (
    "Cette personne ne figure pas sur la liste de ce créneau : rien n'a été pointé. "
    "Rechargez la liste et réessayez."
)
CANCELLED_SINCE = (
    "La réservation {reference} a été annulée entre-temps : ses invitations ne sont plus "
    "valables, rien n'a été pointé."
)

# The cookie that remembers the sheets this browser opened (their tokens), for the QR
# codes scanned next: readable by the vouchers pages only.
COOKIE = "pointage"
COOKIE_PATH = "/v/"
REMEMBERED = 5


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
    not_yet: bool = False

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
        return Link(token, refusal=NO_LONGER)
    now = now or timezone.now()
    return Link(token, slot, refusal(slot, now), not_yet=now < window(slot)[0])


# --- The links a browser opened -------------------------------------------------------


def remembered_links(request):
    """The open links this browser opened a sheet with, the latest first (a query each)."""
    tokens_seen = request.COOKIES.get(COOKIE, "").split()[:REMEMBERED]
    return [link for link in map(read_link, tokens_seen) if link.is_open]


def remember(request, response, link):
    """Add `link` to the browser's cookie, kept until the latest remembered link expires."""
    seen = [link.token] + [
        token for token in request.COOKIES.get(COOKIE, "").split() if token != link.token
    ]
    lifetime = window(link.slot)[1] - timezone.now()
    response.set_cookie(
        COOKIE,
        " ".join(seen[:REMEMBERED]),
        max_age=max(int(lifetime.total_seconds()), 0),
        path=COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# --- What staff and the sheet count ---------------------------------------------------


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


# --- The verification page ------------------------------------------------------------


class CounterMark:
    """What the verification page says of a booking's counter-mark (its `state`).

    `sheet` is the open check-in link of another slot that this browser holds, if any:
    the desk is checking in another outing, and the page says so before anything else.
    """

    VALID = "valid"
    CANCELLED = "cancelled"
    OVER = "over"
    CHECKED_IN = "checked_in"  # every participant ticked
    PARTLY_CHECKED_IN = "partly_checked_in"
    OTHER_DAY = "other_day"  # valid, but for a later day
    OTHER_SLOT = "other_slot"  # valid, but not for the outing the desk checks in

    def __init__(self, booking, *, sheet=None, now=None):
        now = now or timezone.now()
        slot = booking.slot
        self.booking = booking
        self.sheet = sheet
        participants = list(booking.participants.all())
        self.arrived = [p for p in participants if p.checked_in_at is not None]
        # Names only while they may be checked in: none for a cancelled or past outing.
        self.participants = participants
        if booking.is_cancelled:
            self.state, self.participants = self.CANCELLED, []
        elif now >= slot.outing_ends_at:
            self.state, self.participants = self.OVER, []
        elif self.arrived and len(self.arrived) == len(participants):
            self.state = self.CHECKED_IN
        elif self.arrived:
            self.state = self.PARTLY_CHECKED_IN
        elif sheet is not None:
            self.state = self.OTHER_SLOT
        elif timezone.localdate(now) < timezone.localdate(slot.starts_at):
            self.state = self.OTHER_DAY
        else:
            self.state = self.VALID


# --- Finding a booking on the sheet ---------------------------------------------------


@dataclass
class Search:
    """What the sheet's search box found: bookings of the sheet, or why none."""

    typed: str
    groups: list = field(default_factory=list)  # guest_lists.BookingGroup
    refusal: str = ""


def search(guests, typed):
    """The bookings of the sheet that `typed` names: a counter-mark's reference (typed in
    any case, its six characters alone, or its QR code's link scanned into the box), else
    a name of a participant (every word, accents and case aside)."""
    typed = typed.strip()
    reference = reference_in(typed)
    if reference and (group := guests.find(reference)):
        return Search(typed, [group])
    words = normalize(typed).split()
    named = guests.named(words) if words else []
    if named:
        return Search(typed, named)
    return Search(typed, refusal=_not_on_sheet(guests.slot, typed, reference))


def _not_on_sheet(slot, typed, reference):
    """Why nobody of the sheet matches: a reference cancelled or of another date, or none."""
    booking = None
    if reference:
        booking = Booking.objects.select_related("slot").filter(reference=reference).first()
    if booking is not None and booking.slot_id == slot.pk:
        return f"La réservation {reference} a été annulée : ses invitations ne sont plus valables."
    if booking is not None and booking.slot.event_id == slot.event_id:
        return (
            f"La contremarque {reference} est pour une autre date de ce spectacle : "
            f"le {french_datetime(booking.slot.starts_at)}."
        )
    if reference:
        return (
            f"La réservation {reference} ne figure pas sur la liste de ce créneau : vérifiez "
            "la date, l'heure et le lieu inscrits sur la contremarque."
        )
    return (
        f"Personne ne correspond à « {typed} » sur la liste de ce créneau : vérifiez "
        "l'orthographe, ou tapez la référence inscrite sur la contremarque (CDC-…)."
    )


# --- Ticking --------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a tick or an undo did, for the sheet: the booking, and what to say."""

    reference: str
    message: str
    changed: int


@transaction.atomic
def check_in(slot, participant_id, *, now=None):
    """Tick one participant of `slot` as arrived (once: the first time stays)."""
    booking, (participant,) = _locked(slot, now, pk=participant_id)
    name = of(participant.full_name)
    if participant.checked_in_at is not None:
        return Outcome(
            booking.reference, f"L'arrivée {name} était déjà pointée : rien n'a changé.", 0
        )
    _write(booking, [participant], now or timezone.now(), arrived=True)
    return Outcome(booking.reference, f"Arrivée {name} pointée.", 1)


@transaction.atomic
def check_in_booking(slot, booking_id, *, now=None):
    """Tick every participant of one booking of `slot` not ticked yet."""
    booking, participants = _locked(slot, now, booking_id=booking_id)
    waiting = [p for p in participants if p.checked_in_at is None]
    if not waiting:
        message = "tout le monde était déjà pointé, rien n'a changé."
    else:
        _write(booking, waiting, now or timezone.now(), arrived=True)
        message = plural(len(waiting), "arrivée pointée", "arrivées pointées") + "."
    return Outcome(booking.reference, f"Réservation {booking.reference} : {message}", len(waiting))


@transaction.atomic
def undo(slot, participant_id, *, shown_at=None, now=None):
    """Take back the tick of one participant of `slot`: only the tick the page showed
    (`shown_at`), so a late or replayed undo never takes back a tick made since."""
    booking, (participant,) = _locked(slot, now, pk=participant_id)
    name = of(participant.full_name)
    ticked_at = participant.checked_in_at
    if ticked_at is None:
        return Outcome(
            booking.reference, f"L'arrivée {name} n'était pas pointée : rien n'a changé.", 0
        )
    if shown_at is not None and ticked_at != shown_at:
        return Outcome(
            booking.reference,
            f"L'arrivée {name} a été pointée de nouveau à {french_time(ticked_at)} : "
            "rien n'a changé.",
            0,
        )
    _write(booking, [participant], now or timezone.now(), arrived=False)
    return Outcome(booking.reference, f"Pointage {name} annulé.", 1)


def read_shown_at(value):
    """The tick time an undo button carries (ISO 8601), or None when it carries none."""
    try:
        shown_at = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return shown_at if timezone.is_aware(shown_at) else None


def _locked(slot, now, **participants):
    """(booking, participants) of `slot` matching `participants` (a pk or a booking_id),
    in one booking, locked: the booking first, then its participants, in the order that
    record_attendance() and cancel() lock them, so that a tick never deadlocks with them.

    Refuses (CheckInError) when the link is closed at `now`, when nobody matches on the
    slot, and when the booking was cancelled meanwhile. Call inside a transaction.
    """
    if reason := refusal(slot, now or timezone.now()):
        raise CheckInError(reason)
    booking_id = (
        Participant.objects.filter(slot=slot, **participants)
        .values_list("booking_id", flat=True)
        .first()
    )
    if booking_id is None:
        raise CheckInError(NOT_ON_SLOT)
    booking = Booking.objects.select_for_update().get(pk=booking_id)
    if booking.is_cancelled:
        raise CheckInError(CANCELLED_SINCE.format(reference=booking.reference))
    found = list(
        Participant.objects.select_for_update()
        .filter(slot=slot, booking=booking, **participants)
        .order_by("pk")
    )
    if not found:  # erased between the two reads
        raise CheckInError(NOT_ON_SLOT)
    return booking, found


def _write(booking, participants, now, *, arrived):
    Participant.objects.filter(pk__in=[p.pk for p in participants]).update(
        checked_in_at=now if arrived else None
    )
    Action = BookingLogEntry.Action
    BookingLogEntry.objects.create(
        booking=booking,
        action=Action.CHECKED_IN if arrived else Action.CHECK_IN_UNDONE,
        at=now,
        details={"participants": [p.pk for p in participants]},
    )
