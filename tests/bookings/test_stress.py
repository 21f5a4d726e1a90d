"""Stress: workers of several relays book and cancel at random on a few small slots at once.

On PostgreSQL only (SQLite serialises writers). Each thread has its own connection (see
tests.concurrency.race); six threads call the services, a seventh drives the pages with a
test client. The random choices are seeded (STRESS_SEED=n tries another sequence), so a
run can be replayed, though not its interleaving; `-s` prints the figures. Afterwards
every invariant of DESIGN.md rules 2, 3 and 4 must hold, and every operation must have
ended in a booking, a cancellation, or the service's clean refusal: a deadlock or any
other error is for the services to prevent, not for this test to retry.
"""

import os
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.contrib.messages import get_messages
from django.db.models import Count, F, Q
from django.test import Client
from django.urls import reverse

from bookings.cancellation import ALREADY_CANCELLED, CONFIRMED, CancellationError, cancel
from bookings.models import Booking, BookingLogEntry, Participant
from bookings.services import BookingError, ParticipantRequest, book
from events.models import Slot
from tests.concurrency import race
from tests.factories import PersonFactory, SlotFactory, StructureFactory, UserFactory

from .views.booking_steps import participant_list, post

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
Role = Participant.Role

SEED = int(os.environ.get("STRESS_SEED", 20261201))
STRUCTURES = 3
WORKERS_PER_STRUCTURE = 2  # colleagues share their relay's persons and bookings
BENEFICIARIES = 8  # per structure
COMPANIONS = 2  # per structure
# (invitations offered, max per booking): small, so bookings fight for the last seats.
SLOTS = [(3, 1), (5, 2), (6, 3), (8, 4)]
OPERATIONS = 120  # per service thread
WEB_OPERATIONS = 40  # for the thread that drives the pages
BOOK_SHARE = 0.6  # the rest are cancellations


@dataclass
class Cast:
    slots: list
    workers: list  # the service threads' workers, then the web worker (of structure 0)
    beneficiaries: dict  # structure pk -> persons
    companions: dict


@dataclass
class Tally:
    outcomes: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)


def make_cast():
    structures = [StructureFactory() for _ in range(STRUCTURES)]
    workers = [UserFactory(structure=s) for s in structures for _ in range(WORKERS_PER_STRUCTURE)]
    workers.append(UserFactory(structure=structures[0]))
    return Cast(
        slots=[SlotFactory(invitations_offered=o, max_per_booking=m) for o, m in SLOTS],
        workers=workers,
        beneficiaries={
            s.pk: [PersonFactory(structure=s) for _ in range(BENEFICIARIES)] for s in structures
        },
        companions={
            s.pk: [PersonFactory(structure=s, companion=True) for _ in range(COMPANIONS)]
            for s in structures
        },
    )


def random_request(rng, cast, worker, slot):
    """Up to the slot's maximum of invitations, sometimes one more (refused): one or two
    followed persons of the relay, maybe a companion, guests for the rest."""
    count = rng.randint(1, slot.max_per_booking) + (rng.random() < 0.15)
    hosts = rng.sample(cast.beneficiaries[worker.structure_id], rng.choice([1, 1, 2]))
    participants = [
        ParticipantRequest(key=f"b{i}", role=Role.BENEFICIARY, person_id=p.pk)
        for i, p in enumerate(hosts)
    ]
    if len(participants) < count and rng.random() < 0.3:
        person = rng.choice(cast.companions[worker.structure_id])
        participants.append(ParticipantRequest(key="c", role=Role.COMPANION, person_id=person.pk))
    for g in range(count - len(participants)):
        participants.append(
            ParticipantRequest(
                key=f"g{g}",
                role=Role.GUEST,
                host=f"b{rng.randrange(len(hosts))}",
                first_name="Invité",
                last_name=f"N{g}",
            )
        )
    return participants


def booking_to_cancel(rng, cast, worker):
    """Mostly a confirmed booking of the worker's relay; sometimes one already cancelled
    (or about to be, by a colleague), sometimes another relay's."""
    bookings = Booking.objects.filter(slot__in=cast.slots).order_by("pk")
    if rng.random() < 0.9:
        bookings = bookings.filter(structure_id=worker.structure_id)
    if rng.random() < 0.7:
        bookings = bookings.confirmed()
    bookings = list(bookings)
    return rng.choice(bookings) if bookings else None


def reason(error):
    """A short name for a refusal, to show which rules the run exercised."""
    if isinstance(error, CancellationError):
        return f"cancel: {error.code}"
    for words, name in [
        ("plus assez", "no room"),
        ("au plus", "max per booking"),
        ("déjà une invitation", "already booked"),
        ("vient de changer", "slot changed"),
        ("au moins une personne", "no beneficiary"),
    ]:
        if words in error.message:
            return f"book: {name}"
    return f"book: {error.message}"


def service_operation(rng, cast, worker, tally):
    if rng.random() < BOOK_SHARE:
        slot = rng.choice(cast.slots)
        try:
            book(
                slot=slot,
                structure=worker.structure,
                user=worker,
                participants=random_request(rng, cast, worker, slot),
                form_token=uuid.UUID(int=rng.getrandbits(128)),
                notify=False,
            )
        except BookingError as error:
            tally.outcomes["refused"] += 1
            tally.reasons[reason(error)] += 1
        else:
            tally.outcomes["booked"] += 1
        return
    booking = booking_to_cancel(rng, cast, worker)
    if booking is None:
        tally.outcomes["nothing to cancel"] += 1
        return
    try:
        cancel(booking, by=worker, notify=False)
    except CancellationError as error:
        tally.outcomes["cancel refused"] += 1
        tally.reasons[reason(error)] += 1
    else:
        tally.outcomes["cancelled"] += 1


def web_operation(rng, cast, worker, tally):
    """The same choices through the pages: add persons to the list, "Enregistrer";
    or "Annuler" on a booking's page."""
    client = Client()
    client.force_login(worker)
    if rng.random() < BOOK_SHARE:
        slot = rng.choice(cast.slots)
        persons = cast.beneficiaries[worker.structure_id]
        for person in rng.sample(persons, rng.choice([1, 1, 2])):
            post(client, slot, "add", person=person.pk)  # refused if already booked meanwhile
        # No list is kept when every person was refused: the page's token is then a fresh one.
        token = participant_list(client, slot).get("token") or str(uuid.uuid4())
        response = post(client, slot, "book", token=token)
        if response.status_code == 302:
            assert response["Location"].endswith("/confirmation/")
            tally.outcomes["booked"] += 1
        else:
            assert response.status_code == 200, response.status_code
            error = response.context["book_error"]
            tally.outcomes["refused"] += 1
            tally.reasons[reason(error) if error else "book: person refused on adding"] += 1
        return
    booking = booking_to_cancel(rng, cast, worker)
    if booking is None:
        tally.outcomes["nothing to cancel"] += 1
        return
    response = client.post(reverse("bookings:cancel", args=[booking.reference]))
    said = [m.message for m in get_messages(response.wsgi_request)]
    if response.status_code == 302 and said == [CONFIRMED]:
        tally.outcomes["cancelled"] += 1
    else:
        assert response.status_code in (302, 404), response.status_code  # 404: not ours
        assert said in ([ALREADY_CANCELLED], []), said
        tally.outcomes["cancel refused"] += 1
        tally.reasons["cancel: cancelled" if said else "cancel: not found"] += 1


def run_thread(cast):
    """attempt(i) for race(): thread i runs its operations and returns its Tally."""
    web = len(cast.workers) - 1

    def attempt(i):
        rng = random.Random(SEED * 100 + i)
        operation, count = (
            (web_operation, WEB_OPERATIONS) if i == web else (service_operation, OPERATIONS)
        )
        tally = Tally()
        for n in range(count):
            try:
                operation(rng, cast, cast.workers[i], tally)
            except Exception as error:  # every unexpected outcome is reported, then asserted
                tally.errors.append(f"thread {i}, operation {n}: {error!r}")
        return tally

    return attempt


def assert_invariants(cast):
    for slot in Slot.objects.filter(pk__in=[s.pk for s in cast.slots]):
        active = Participant.objects.filter(slot=slot, is_active=True)
        confirmed = Booking.objects.confirmed().filter(slot=slot)
        assert slot.invitations_booked == active.count()
        assert slot.invitations_booked == sum(b.invitations for b in confirmed)
        assert slot.invitations_booked <= slot.invitations_offered
        twice = active.values("person").filter(person__isnull=False)
        assert not twice.annotate(n=Count("id")).filter(n__gt=1).exists()
    guests = Participant.objects.filter(role=Role.GUEST)
    assert not guests.exclude(invited_by__booking=F("booking")).exists()
    assert not guests.exclude(invited_by__role=Role.BENEFICIARY).exists()

    bookings = Booking.objects.select_related("slot").annotate(
        people=Count("participants"),
        beneficiaries=Count("participants", filter=Q(participants__role=Role.BENEFICIARY)),
        active=Count("participants", filter=Q(participants__is_active=True)),
    )
    for booking in bookings:
        assert 1 <= booking.invitations <= booking.slot.max_per_booking
        assert booking.people == booking.invitations
        assert booking.beneficiaries >= 1
        assert booking.active == (0 if booking.is_cancelled else booking.invitations)
        actions = Counter(booking.log_entries.values_list("action", flat=True))
        assert actions[BookingLogEntry.Action.BOOKED] == 1
        assert actions[BookingLogEntry.Action.CANCELLED] == int(booking.is_cancelled)


def test_random_bookings_and_cancellations_keep_every_rule():
    cast = make_cast()

    started = time.monotonic()
    tallies = race(len(cast.workers), run_thread(cast))
    elapsed = time.monotonic() - started

    assert all(isinstance(t, Tally) for t in tallies), tallies
    errors = [e for t in tallies for e in t.errors]
    assert errors == []
    outcomes = sum((t.outcomes for t in tallies), Counter())
    reasons = sum((t.reasons for t in tallies), Counter())
    print(f"\n{len(tallies)} threads, {elapsed:.1f} s, {dict(outcomes)}, {dict(reasons)}")
    print(f"web: {dict(tallies[-1].outcomes)}")
    assert_invariants(cast)

    # Not vacuous: every outcome happened often, and the seats were fought over.
    total = sum(outcomes.values())
    assert total == OPERATIONS * (len(tallies) - 1) + WEB_OPERATIONS
    for outcome in ("booked", "refused", "cancelled", "cancel refused"):
        assert outcomes[outcome] >= 0.05 * total, (outcome, outcomes)
    for refusal in ("no room", "max per booking", "already booked"):
        assert reasons[f"book: {refusal}"] > 0, reasons
    assert reasons["cancel: cancelled"] > 0 and reasons["cancel: structure"] > 0, reasons
    web = tallies[-1].outcomes
    assert web["booked"] and web["cancelled"], web
