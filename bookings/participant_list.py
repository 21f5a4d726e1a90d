"""The booking page's list of participants: those chosen so far, kept in the session per slot.

The page works with plain forms: each action (add, create, add a guest, remove) changes
the list and redirects. "Enregistrer" hands the list to bookings.services.book() with
its one-time form token, so a double submit books once. The list survives a refused
booking, so the worker only fixes what the message says.
"""

import secrets
import uuid

from bookings.models import Participant
from bookings.services import ParticipantRequest
from structures.text import normalize

SESSION_KEY = "booking_drafts"  # the key predates the name: lists in progress survive
MAX_LISTS = 5  # a few slots in progress at once; the oldest list goes first
Role = Participant.Role


class ParticipantList:
    def __init__(self, session, slot_id):
        self.session = session
        self.slot_id = str(slot_id)
        data = session.get(SESSION_KEY, {}).get(self.slot_id)
        self.exists = data is not None
        data = data or {}
        self.token = data.get("token") or str(uuid.uuid4())
        self.query = data.get("query", "")
        self.entries = [dict(entry) for entry in data.get("entries", [])]

    def save(self):
        lists = dict(self.session.get(SESSION_KEY, {}))
        lists.pop(self.slot_id, None)
        lists[self.slot_id] = {"token": self.token, "query": self.query, "entries": self.entries}
        while len(lists) > MAX_LISTS:
            lists.pop(next(iter(lists)))
        self.session[SESSION_KEY] = lists
        self.exists = True

    def clear(self):
        lists = dict(self.session.get(SESSION_KEY, {}))
        lists.pop(self.slot_id, None)
        self.session[SESSION_KEY] = lists
        self.exists = False

    # Reading.

    def __len__(self):
        return len(self.entries)

    def get(self, key):
        return next((entry for entry in self.entries if entry["key"] == key), None)

    @property
    def person_ids(self):
        return {entry["person_id"] for entry in self.entries if entry["person_id"]}

    @property
    def beneficiaries(self):
        return [entry for entry in self.entries if entry["role"] == Role.BENEFICIARY]

    @property
    def companions(self):
        return [entry for entry in self.entries if entry["role"] == Role.COMPANION]

    def guests_of(self, key):
        return [e for e in self.entries if e["role"] == Role.GUEST and e["host"] == key]

    def has_name(self, first_name, last_name):
        """Whether someone of that name is in the list (accents and case ignored)."""
        wanted = normalize(f"{first_name} {last_name}")
        return any(normalize(f"{e['first_name']} {e['last_name']}") == wanted for e in self.entries)

    def requests(self):
        """The participants as bookings.services.book() takes them."""
        return [
            ParticipantRequest(
                key=entry["key"],
                role=entry["role"],
                person_id=entry["person_id"],
                first_name=entry["first_name"],
                last_name=entry["last_name"],
                host=entry["host"],
            )
            for entry in self.entries
        ]

    # Changing.

    def _add(self, role, first_name, last_name, person_id=None, host=None, detail=""):
        entry = {
            "key": secrets.token_hex(4),
            "role": role,
            "person_id": person_id,
            "first_name": first_name,
            "last_name": last_name,
            "host": host,
            "detail": detail,
        }
        self.entries.append(entry)
        return entry

    def add_person(self, person, role):
        detail = person.get_companion_type_display() if role == Role.COMPANION else ""
        return self._add(role, person.first_name, person.last_name, person.pk, detail=detail)

    def add_guest(self, host_key, first_name, last_name):
        return self._add(Role.GUEST, first_name, last_name, host=host_key)

    def remove(self, key):
        """Remove an entry, and a beneficiary's guests with them; returns what was removed."""
        removed = [e for e in self.entries if key in (e["key"], e["host"])]
        self.entries = [e for e in self.entries if e not in removed]
        return removed
