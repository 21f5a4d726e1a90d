"""Waiting lists of one département as bookings.waiting leaves them: lists still waiting on
full open slots (join), and lists that waited in vain until the cutoff (expire_due)."""

from datetime import timedelta

from bookings.models import Participant, WaitingEntry, WaitingParticipant

Role = Participant.Role
Status = WaitingEntry.Status
ENTRY_COLUMNS = (
    "id, slot_id, structure_id, created_by_id, created_at, invitations, status, ended_at, "
    "ended_by_id, end_reason, booking_id, form_token"
)
PARTICIPANT_COLUMNS = "id, entry_id, role, person_id, first_name, last_name, host_id"


class WaitingLists:
    """Made while `outings` books a slot, written with its département."""

    def __init__(self, loader, outings):
        self.loader, self.outings = loader, outings
        self.namer, self.now = outings.namer, outings.now
        self.entry_ids = loader.ids_for(WaitingEntry)
        self.participant_ids = loader.ids_for(WaitingParticipant)
        self.entries, self.participants = [], []

    def join(self, slot, pool, joined_at, taken):
        """A list waiting on `slot`, full and still open, since `joined_at`: persons of the
        relay on neither the slot nor its list (`taken`), within the maximum per booking."""
        outings = self.outings
        structure = outings.pick_structure(pool)
        hosts, guests, companions = outings.compose(
            structure, outings.size(slot.max_per_booking), taken
        )
        if not hosts:
            return
        entry = self.entry_ids()
        for person in hosts + companions:
            taken.add(person.id)
            person.used(joined_at, slot.starts_at)
        count = 0
        for host in hosts:
            host_id = self._participant(entry, Role.BENEFICIARY, host.id, host.names)
            for guest in guests[host.id]:
                self._participant(entry, Role.GUEST, None, guest, host_id)
            count += 1 + len(guests[host.id])
        for person in companions:
            self._participant(entry, Role.COMPANION, person.id, person.names)
            count += 1
        by = self.namer.choice(structure.workers)
        self._entry(entry, slot, structure, by, joined_at, count, Status.WAITING, None)

    def expired(self, slot, pool, joined_at):
        """A list that waited on `slot` until its cutoff: it ended then, and forgot its
        participants."""
        structure = self.outings.pick_structure(pool)
        ended_at = min(slot.closes_at + timedelta(minutes=1), self.now)
        by = self.namer.choice(structure.workers)
        count = self.outings.rng.randint(1, slot.max_per_booking)
        entry = self.entry_ids()
        self._entry(entry, slot, structure, by, joined_at, count, Status.EXPIRED, ended_at)

    def _entry(self, pk, slot, structure, by, joined_at, count, status, ended_at):
        self.entries.append(
            (
                pk,
                slot.id,
                structure.id,
                by,
                joined_at,
                count,
                status,
                ended_at,
                None,
                "",
                None,
                None,
            )
        )

    def _participant(self, entry, role, person, names, host=None):
        pk = self.participant_ids()
        first_name, last_name, _ = names
        self.participants.append((pk, entry, role, person, first_name, last_name, host))
        return pk

    def write(self):
        self.loader.copy(WaitingEntry, ENTRY_COLUMNS, self.entries)
        self.loader.copy(WaitingParticipant, PARTICIPANT_COLUMNS, self.participants)
        self.entries, self.participants = [], []
