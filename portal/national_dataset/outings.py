"""Bookings of one département as the booking services leave them.

What book(), cancel(), record_attendance() and join() would have written, in bulk: each
booking with its participants (each beneficiary, then their guests, then the companions),
its history, and the slot's seat count; cancelled bookings with inactive participants; the
attendance and testimonials of past outings; the reminders already owed; lists waiting on
full slots. The rules they enforce hold by construction: a slot's confirmed invitations
never exceed its offer, at any moment of its history (a cancelled booking ends before the
bookings that would have overfilled the slot), nobody is twice on a slot, every guest has a
host in their booking, at most `max_per_booking` invitations a booking.
"""

import json
from datetime import timedelta

from django.conf import settings

from bookings.models import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    REFERENCE_PREFIX,
    Booking,
    BookingLogEntry,
    Participant,
    Testimonial,
)
from structures.text import normalize

from .plan import CANCELLED_SHARE, cumulate, pick_index
from .waiting import WaitingLists

BOOKING_WINDOW = timedelta(days=60)  # how long before its date a slot is booked, at most
SIZES = [5, 17, 24, 40, 6, 4, 2, 2]  # weights of 1 to 8 invitations a booking
CANCEL_RATE = CANCELLED_SHARE / (1 - CANCELLED_SHARE)  # cancelled per confirmed booking
BY_STAFF = 0.15  # of the cancellations
COMPANION = 0.15  # of the bookings of two or more
PRESENT = 0.88
NOBODY_CAME = 0.06
TESTIMONIAL = 0.65  # of the bookings whose attendance is recorded
VOUCHER_DOWNLOADED = 0.55
WAITING_ON_FULL = 0.3
MINUTE = timedelta(minutes=1)
Action = BookingLogEntry.Action
Role = Participant.Role
APPROVED, REJECTED = Testimonial.Status.APPROVED, Testimonial.Status.REJECTED


class Outings:
    """Builds and writes the bookings of each département in turn."""

    def __init__(self, loader, namer, now, texts):
        self.loader, self.namer, self.now = loader, namer, now
        self.rng = namer.rng
        self.texts = texts  # of testimonials
        self.booking_ids = loader.ids_for(Booking)
        self.participant_ids = loader.ids_for(Participant)
        self.waiting = WaitingLists(loader, self)
        self.bookings, self.participants, self.log, self.testimonials = [], [], [], []
        self.references = set()
        self.sizes = {m: cumulate(SIZES[:m]) for m in range(1, len(SIZES) + 1)}
        self.cutoff_notice = timedelta(hours=settings.REMINDER_BEFORE_CUTOFF_HOURS)
        self.outing_notice = timedelta(hours=settings.REMINDER_BEFORE_OUTING_HOURS)

    def department(self, structures, slots, staff, *, past_booking_for=None):
        """Book `slots` for `structures` (their persons created), then write it all;
        `staff` are the staff user ids by département id. The relay `past_booking_for`
        makes the first booking it can on a past slot, however small the scale."""
        self.staff = staff
        self.owed_past_booking = past_booking_for
        active = [s for s in structures if s.is_active]
        self.pools = {
            False: (structures, cumulate([s.weight for s in structures])),
            True: (active, cumulate([s.weight for s in active])),
        }
        for slot in slots:
            if slot.event.bookable:
                self._slot(slot)
        self.waiting.write()

    # A slot's story.

    def _slot(self, slot):
        now, namer = self.now, self.namer
        is_open = slot.closes_at > now
        start = max(slot.event.published_at, slot.starts_at - BOOKING_WINDOW)
        end = min(slot.closes_at, now) - 10 * MINUTE
        pool = self.pools[is_open]
        if end <= start or not pool[0]:
            return
        target = min(slot.offered, round(slot.offered * slot.fill))
        sizes, seats = [], 0
        while seats < target:
            size = min(self.size(slot.max_per_booking), target - seats)
            sizes.append(size)
            seats += size
        taken = set()  # persons on the slot: active, cancelled or waiting, never twice
        for at in sorted(namer.between(start, end) for _ in sizes):
            self._booking(slot, pool, at, sizes.pop(), taken)
        for _ in range(len(slot.bookings)):
            if self.rng.random() < CANCEL_RATE:
                self._cancelled(slot, pool, start, end, taken)
        if slot.booked == slot.offered and slot.bookings:
            last = slot.bookings[-1][0]
            if is_open and self.rng.random() < WAITING_ON_FULL:
                for _ in range(self.rng.choice([1, 1, 2])):
                    self.waiting.join(slot, pool, namer.between(last, now - 5 * MINUTE), taken)
            elif not is_open and self.rng.random() < WAITING_ON_FULL / 10:
                self.waiting.expired(slot, pool, namer.between(last, slot.closes_at - MINUTE))

    def pick_structure(self, pool):
        """A relay of `pool` (relays, cumulated weights), the larger the likelier."""
        structures, cumulative = pool
        return structures[pick_index(self.rng, cumulative)]

    def size(self, max_per_booking):
        return pick_index(self.rng, self.sizes[min(max_per_booking, len(SIZES))]) + 1

    def _cancelled(self, slot, pool, start, end, taken):
        """A booking cancelled before the cutoff, and before the slot filled up without it."""
        size = self.size(slot.max_per_booking)
        limit, seats = end, 0
        for at, invitations in slot.bookings:
            seats += invitations
            if seats > slot.offered - size:
                limit = at - MINUTE
                break
        if limit - start < timedelta(hours=2):
            return
        booked_at = self.namer.between(start, start + (limit - start) * 0.9)
        self._booking(slot, pool, booked_at, size, taken, self.namer.between(booked_at, limit))

    # One booking.

    def _booking(self, slot, pool, booked_at, size, taken, cancelled_at=None):
        rng, namer = self.rng, self.namer
        past = slot.starts_at <= self.now and cancelled_at is None
        owed = self.owed_past_booking if past else None
        for _ in range(4):  # a small relay may have nobody left for this slot
            structure = owed or self.pick_structure(pool)
            hosts, guests, companions = self.compose(structure, size, taken)
            if hosts:
                break
            owed = None
        else:
            return
        if past and structure is self.owed_past_booking:
            self.owed_past_booking = None
        pk = self.booking_ids()
        booked_by = namer.choice(structure.workers)
        count = len(hosts) + sum(len(g) for g in guests.values()) + len(companions)
        for person in hosts + companions:
            taken.add(person.id)
            person.used(booked_at, slot.starts_at)
        details = json.dumps({"invitations": count})
        self.log.append((pk, Action.BOOKED, booked_by, booked_at, details))
        cancelled_by = recorded_at = None
        if cancelled_at is None:
            slot.bookings.append((booked_at, count))
            slot.booked += count
            recorded_at = self._recorded_at(slot)
            if rng.random() < VOUCHER_DOWNLOADED:
                downloaded = min(booked_at + namer.days(0.001, 2), slot.starts_at, self.now)
                self.log.append((pk, Action.VOUCHER, booked_by, downloaded, "{}"))
        else:
            cancelled_by = self._cancel(pk, structure, slot, cancelled_at, details)
        participants = self._participants(
            pk, slot, hosts, guests, companions, cancelled_at is None, recorded_at
        )
        if recorded_at is not None:
            self._follow_up(pk, structure, slot, participants, recorded_at)
        self.bookings.append(
            (
                pk,
                self._reference(),
                slot.id,
                structure.id,
                Booking.Status.CANCELLED if cancelled_at else Booking.Status.CONFIRMED,
                count,
                booked_by,
                booked_at,
                cancelled_at,
                cancelled_by,
                None,  # form_token
                recorded_at,
                "",  # voucher: rendered afresh at the next download
                self._reminded(booked_at, cancelled_at, slot.closes_at - self.cutoff_notice),
                self._reminded(booked_at, cancelled_at, slot.starts_at - self.outing_notice),
            )
        )

    def compose(self, structure, size, taken):
        """Beneficiaries of the relay not yet on the slot, guests by host, a companion."""
        rng = self.rng
        companion = size >= 2 and rng.random() < COMPANION
        rest = size - companion
        draw = rng.random()
        wanted = 1 if draw < 0.45 else rest if draw < 0.75 else (rest + 1) // 2
        hosts = self._pick(structure.beneficiaries, wanted, taken)
        if not hosts:
            return [], {}, []
        companions = self._pick(structure.companions, 1, taken) if companion else []
        guests = {host.id: [] for host in hosts}
        seen = {person.search_name for person in hosts + companions}
        for _ in range(size - len(hosts) - len(companions)):
            host = self.namer.choice(hosts)
            guest = self._guest(host, seen)
            if guest is not None:
                guests[host.id].append(guest)
        return hosts, guests, companions

    def _guest(self, host, seen):
        """A guest's names, not those of anyone else in the booking; often a relative."""
        rng, namer = self.rng, self.namer
        for _attempt in range(5):
            first_name = namer.first_name()
            last_name = host.last_name if rng.random() < 0.6 else namer.last_name()
            search_name = normalize(f"{first_name} {last_name}")
            if search_name not in seen:
                seen.add(search_name)
                return first_name, last_name, search_name
        return None

    def _pick(self, persons, count, taken):
        """`count` distinct persons (or fewer), the first of the list more often: some
        people go out a lot."""
        rng, chosen = self.rng, []
        total = len(persons)
        for _ in range(count * 4):
            person = persons[int(total * rng.random() ** 1.6)]
            if person.id not in taken and person not in chosen:
                chosen.append(person)
                if len(chosen) == count:
                    break
        return chosen

    def _participants(self, pk, slot, hosts, guests, companions, active, recorded_at):
        """Participant rows in display order; returns [(id, attended)]."""
        rng = self.rng
        nobody = rng.random() < NOBODY_CAME
        made = []

        def add(role, person, names, companion_type="", host=None):
            participant = self.participant_ids()
            attended = None
            if recorded_at is not None:
                attended = not nobody and rng.random() < PRESENT
            first_name, last_name, search_name = names
            self.participants.append(
                (
                    participant,
                    pk,
                    slot.id,
                    active,
                    role,
                    person,
                    first_name,
                    last_name,
                    search_name,
                    companion_type,
                    host,
                    attended,
                )
            )
            made.append((participant, attended))
            return participant

        for host in hosts:
            host_id = add(Role.BENEFICIARY, host.id, host.names)
            for guest in guests[host.id]:
                add(Role.GUEST, None, guest, host=host_id)
        for person in companions:
            add(Role.COMPANION, person.id, person.names, person.companion_type)
        return made

    # What happens to it afterwards.

    def _cancel(self, pk, structure, slot, cancelled_at, details):
        """Cancelled by a worker of the relay, sometimes by the département team."""
        staff = self.staff.get(slot.event.department.id)
        if staff and self.rng.random() < BY_STAFF:
            by, action = self.namer.choice(staff), Action.CANCELLED_BY_STAFF
        else:
            by, action = self.namer.choice(structure.workers), Action.CANCELLED
        self.log.append((pk, action, by, cancelled_at, details))
        return by

    def _recorded_at(self, slot):
        """When the worker recorded who came: most past outings, the older the likelier."""
        now = self.now
        if slot.starts_at > now:
            return None
        likely = 0.93 if slot.starts_at < now - timedelta(days=45) else 0.7
        if self.rng.random() >= likely:
            return None  # still "à valider"
        recorded_at = slot.starts_at + self.namer.days(0.1, 15)
        return recorded_at if recorded_at < now - 10 * MINUTE else None

    def _follow_up(self, pk, structure, slot, participants, recorded_at):
        """record_attendance(): the history line, and testimonials by people who came."""
        rng, namer = self.rng, self.namer
        present = [participant for participant, came in participants if came]
        authors = []
        if present and rng.random() < TESTIMONIAL:
            authors = rng.sample(present, 2 if len(present) > 1 and rng.random() < 0.2 else 1)
        for author in authors:
            self.testimonials.append(self._testimonial(pk, slot, author, recorded_at))
        details = {
            "present": present,
            "absent": [participant for participant, came in participants if not came],
            "testimonials_added": len(authors),
            "testimonials_changed": 0,
            "testimonials_deleted": 0,
        }
        by = namer.choice(structure.workers)
        self.log.append((pk, Action.ATTENDANCE, by, recorded_at, json.dumps(details)))

    def _testimonial(self, pk, slot, author, written_at):
        """Pending until the département team reads it; older ones mostly approved."""
        rng, namer, now = self.rng, self.namer, self.now
        text = " ".join(rng.sample(self.texts, rng.choice([1, 1, 2])))
        status, moderated_at, moderated_by = Testimonial.Status.PENDING, None, None
        staff = self.staff.get(slot.event.department.id)
        if staff and written_at < now - timedelta(days=14) and rng.random() < 0.9:
            status = APPROVED if rng.random() < 0.94 else REJECTED
            moderated_at = min(written_at + namer.days(0.5, 12), now - MINUTE)
            moderated_by = namer.choice(staff)
        consent = rng.random() < 0.75
        return (
            pk,
            author,
            text,
            consent,
            status,
            written_at,
            written_at,
            moderated_at,
            moderated_by,
        )

    def _reminded(self, booked_at, cancelled_at, due):
        """When a reminder was owed to this booking (bookings.reminders), if it was: its
        moment has come, the booking was made before it and still confirmed then."""
        if due > self.now or booked_at >= due or (cancelled_at and cancelled_at <= due):
            return None
        return min(due + self.namer.days(0, 0.01), self.now)

    def _reference(self):
        rng = self.rng
        while True:
            reference = REFERENCE_PREFIX + "".join(
                rng.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH)
            )
            if reference not in self.references:
                self.references.add(reference)
                return reference

    def write(self):
        """Write the bookings of every département at once, numbered in the order they were
        made, as a live database numbers them: a list newest first by id then meets every
        département's rows in turn (built département by département, Paris's would all
        sit at one end)."""
        bookings = sorted(self.bookings, key=lambda row: row[7])  # created_at
        booking_id = renumbering(row[0] for row in bookings)
        participants = sorted(self.participants, key=lambda row: (booking_id[row[1]], row[0]))
        participant_id = renumbering(row[0] for row in participants)

        def attendance(details):
            details = json.loads(details)
            for key in ("present", "absent"):
                details[key] = [participant_id[pk] for pk in details[key]]
            return json.dumps(details)

        loader = self.loader
        loader.copy(Booking, BOOKING_COLUMNS, ((booking_id[row[0]], *row[1:]) for row in bookings))
        loader.copy(
            Participant,
            PARTICIPANT_COLUMNS,
            (
                (participant_id[pk], booking_id[booking], *row, participant_id.get(host), attended)
                for pk, booking, *row, host, attended in participants
            ),
        )
        loader.copy(
            BookingLogEntry,
            "booking_id, action, actor_id, at, details",
            (
                (
                    booking_id[booking],
                    action,
                    by,
                    at,
                    attendance(details) if action == Action.ATTENDANCE else details,
                )
                for booking, action, by, at, details in sorted(self.log, key=lambda row: row[3])
            ),
        )
        loader.copy(
            Testimonial,
            TESTIMONIAL_COLUMNS,
            (
                (booking_id[booking], participant_id[author], *row)
                for booking, author, *row in sorted(self.testimonials, key=lambda row: row[5])
            ),
        )


def renumbering(ids):
    """{old id: new id}: the same ids, given out again in the order of `ids`."""
    ids = list(ids)
    return dict(zip(ids, sorted(ids), strict=True))


BOOKING_COLUMNS = (
    "id, reference, slot_id, structure_id, status, invitations, booked_by_id, created_at, "
    "cancelled_at, cancelled_by_id, form_token, attendance_recorded_at, voucher, "
    "cutoff_reminder_at, outing_reminder_at"
)
PARTICIPANT_COLUMNS = (
    "id, booking_id, slot_id, is_active, role, person_id, first_name, last_name, search_name, "
    "companion_type, invited_by_id, attended"
)
TESTIMONIAL_COLUMNS = (
    "booking_id, participant_id, text, consent, status, created_at, updated_at, moderated_at, "
    "moderated_by_id"
)
