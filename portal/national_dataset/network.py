"""Who books: the relays (structures) of each département, their workers, the persons they
follow, and the département teams (staff)."""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password

from people.models import Person, PersonLogEntry
from structures.groups import department_team
from structures.models import Structure, User
from structures.text import normalize

from .plan import LARGE_STRUCTURE_SHARE, PARIS, split
from .words import words

PASSWORD = "bench-password-2026"
# The benchmark's accounts (bench/README.md).
PARIS_WORKER = "relais.paris@bench.test"
SMALL_WORKER = "relais.petit@bench.test"
PARIS_STAFF = "equipe.paris@bench.test"
SMALL_STAFF = "equipe.petit@bench.test"
LARGE_STRUCTURE_NAME = "Grand Relais solidaire de Paris"
INACTIVE_STRUCTURES = 0.03
COMPANION_SHARE = 0.06
ARCHIVED_SHARE = 0.02
MIN_PERSONS = 5  # four beneficiaries and a companion
Kind = Person.Kind


@dataclass(slots=True, eq=False)
class PersonPlan:
    id: int
    kind: str
    companion_type: str
    first_name: str
    last_name: str
    search_name: str
    birth_year: int | None
    first_use: datetime | None = None  # its first booking
    last_use: datetime | None = None  # its last booking or outing

    @property
    def names(self):
        return self.first_name, self.last_name, self.search_name

    def used(self, booked_at, outing_at):
        if self.first_use is None or booked_at < self.first_use:
            self.first_use = booked_at
        last = max(booked_at, outing_at)
        if self.last_use is None or last > self.last_use:
            self.last_use = last


@dataclass(slots=True, eq=False)
class StructurePlan:
    id: int
    department: object
    weight: float
    is_active: bool
    name: str = ""
    kind: str = ""
    person_count: int = 0
    workers: list = field(default_factory=list)  # user ids
    beneficiaries: list = field(default_factory=list)  # PersonPlan, once created
    companions: list = field(default_factory=list)


class Network:
    """Writes the structures and the accounts; creates the persons of a département on
    demand (persons) and writes them once their bookings are known (write_persons)."""

    def __init__(self, plan, loader, namer, now):
        self.plan, self.loader, self.namer, self.now = plan, loader, namer, now
        self.rng = namer.rng
        self.password = make_password(PASSWORD)  # hashed once: hashing is slow on purpose
        self.structure_ids = loader.ids_for(Structure)
        self.person_ids = loader.ids_for(Person)
        self.structures = {}  # by département id
        self.staff = {}  # staff user ids by département id
        self.large = self.small = None  # the benchmark's two relays
        self.accounts = {}  # the benchmark's e-mails -> User

    def build(self, departments):
        shares = [d.share for d in departments]
        counts = zip(
            departments,
            split(self.plan.count("structures"), shares, minimum=2),
            split(self.plan.count("persons"), shares),
            strict=True,
        )
        for department, count, person_count in counts:
            structures = self._structures(department, count)
            weights = [s.weight for s in structures]
            for structure, n in zip(
                structures, split(person_count, weights, MIN_PERSONS), strict=True
            ):
                structure.person_count = n
            self.structures[department.id] = structures
        self.small = min(self.structures[departments[-1].id], key=lambda s: s.weight)
        self.small.is_active = True
        self._write_structures()
        self._workers()
        self._staff(departments)
        return self.structures

    def _structures(self, department, count):
        rng, namer = self.rng, self.namer
        used = Counter()
        structures = []
        for _ in range(count):
            # Lognormal sizes, and a few very large relays.
            weight = rng.lognormvariate(0, 0.9) * (6 if rng.random() < 0.01 else 1)
            structure = StructurePlan(
                self.structure_ids(), department, weight, rng.random() >= INACTIVE_STRUCTURES
            )
            structure.kind, prefix = namer.choice(words()["structure_names"])
            place = namer.choice(words()["neighbourhoods"]) if rng.random() < 0.5 else None
            structure.name = f"{prefix} {namer.of(place or department.city)}"
            used[structure.name] += 1
            if used[structure.name] > 1:
                structure.name += f" – antenne {used[structure.name]}"
            structures.append(structure)
        if department.code == PARIS:
            self.large = structures[0]
            others = sum(s.weight for s in structures[1:])
            self.large.weight = others * LARGE_STRUCTURE_SHARE / (1 - LARGE_STRUCTURE_SHARE)
            self.large.name, self.large.kind = LARGE_STRUCTURE_NAME, "association"
            self.large.is_active = True
        return structures

    def _write_structures(self):
        namer = self.namer

        def rows():
            for structures in self.structures.values():
                for s in structures:
                    yield (
                        s.id,
                        s.name,
                        s.kind,
                        s.department.id,
                        namer.street(),
                        s.department.postal_code_for(self.rng),
                        s.department.city,
                        namer.phone(),
                        f"relais{s.id}@bench.test",
                        s.is_active,
                        self.now - namer.days(3.5 * 365, 8 * 365),
                    )

        self.loader.copy(Structure, STRUCTURE_COLUMNS, rows())

    def _user(self, email, **fields):
        namer = self.namer
        recently = self.rng.random() < 0.85
        return User(
            email=email,
            password=self.password,
            first_name=namer.first_name(),
            last_name=namer.last_name(),
            phone=namer.phone(),
            date_joined=self.now - namer.days(15 * 30, 3.4 * 365),
            last_login=self.now - (namer.days(0, 25) if recently else namer.days(25, 300)),
            **fields,
        )

    def _workers(self):
        """About three workers a relay (fewer in small ones, more in large ones); the
        benchmark's two accounts first."""
        structures = [s for group in self.structures.values() for s in group]
        mean = sum(s.weight for s in structures) / len(structures)
        users = []
        for structure in structures:
            count = min(25, max(1, round(3.4 * math.sqrt(structure.weight / mean))))
            for n in range(count):
                email = f"w{len(users) + 1}@bench.test"
                if n == 0 and structure is self.large:
                    email = PARIS_WORKER
                elif n == 0 and structure is self.small:
                    email = SMALL_WORKER
                users.append(self._user(email, structure_id=structure.id))
        users = User.objects.bulk_create(users, batch_size=2000)
        by_structure = {s.id: s for s in structures}
        for user in users:
            by_structure[user.structure_id].workers.append(user.pk)
            if user.email in (PARIS_WORKER, SMALL_WORKER):
                self.accounts[user.email] = user

    def _staff(self, departments):
        """One staff member a département (two in Paris), in the département team group,
        as portal/demo.py makes its staff account."""
        staff = []
        for department in departments:
            emails = [f"s{department.code.lower()}@bench.test"]
            if department.code == PARIS:
                emails.insert(0, PARIS_STAFF)
            elif department is departments[-1]:
                emails = [SMALL_STAFF]
            staff.extend((department, self._user(email, is_staff=True)) for email in emails)
        User.objects.bulk_create([user for _, user in staff])
        team = department_team()
        User.departments.through.objects.bulk_create(
            User.departments.through(user_id=user.pk, department_id=department.id)
            for department, user in staff
        )
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=user.pk, group_id=team.pk) for _, user in staff
        )
        for department, user in staff:
            self.staff.setdefault(department.id, []).append(user.pk)
            if user.email in (PARIS_STAFF, SMALL_STAFF):
                self.accounts[user.email] = user

    def persons(self, structure):
        """Create the persons of `structure` (in memory, written by write_persons)."""
        rng, namer = self.rng, self.namer
        companions = max(1, round(structure.person_count * COMPANION_SHARE))
        seen = set()
        for n in range(structure.person_count):
            kind = Kind.COMPANION if n < companions else Kind.BENEFICIARY
            while True:
                first_name, last_name = namer.first_name(), namer.last_name()
                birth_year = None
                if rng.random() < (0.75 if kind == Kind.BENEFICIARY else 0.4):
                    birth_year = rng.randint(1940, 2018 if kind == Kind.BENEFICIARY else 2000)
                # person_no_exact_duplicate: the same spelling and birth year once a relay.
                key = (kind, first_name.lower(), last_name.lower(), birth_year or 0)
                if key not in seen:
                    break
            seen.add(key)
            person = PersonPlan(
                self.person_ids(),
                kind,
                namer.choice(["professional", "professional", "volunteer"])
                if kind == Kind.COMPANION
                else "",
                first_name,
                last_name,
                normalize(f"{first_name} {last_name}"),
                birth_year,
            )
            target = structure.companions if kind == Kind.COMPANION else structure.beneficiaries
            target.append(person)

    def write_persons(self, structures):
        """Write the persons of `structures` and their history: created (by a worker of
        their relay) before their first booking; a few archived after their last outing."""
        rng, namer, now = self.rng, self.namer, self.now
        persons, log = [], []
        for structure in structures:
            for person in structure.beneficiaries + structure.companions:
                created_at = now - namer.days(20, 600)
                if person.first_use is not None:
                    created_at = min(created_at, person.first_use - namer.days(0.05, 20))
                archived_at = None
                if rng.random() < ARCHIVED_SHARE:
                    archived_at = max(created_at, person.last_use or created_at) + namer.days(5, 90)
                    if archived_at > now - timedelta(days=1):
                        archived_at = None
                persons.append(
                    (
                        person.id,
                        structure.id,
                        person.kind,
                        person.companion_type,
                        person.first_name,
                        person.last_name,
                        person.birth_year,
                        namer.phone(mobile=True) if rng.random() < 0.35 else "",
                        person.search_name,
                        normalize(person.first_name),
                        normalize(person.last_name),
                        created_at,
                        archived_at,
                        None,
                    )
                )
                worker = namer.choice(structure.workers)
                log.append((person.id, Action.CREATED, worker, created_at, "{}"))
                if archived_at is not None:
                    log.append((person.id, Action.ARCHIVED, worker, archived_at, "{}"))
            # Written: the next département's persons take their place in memory.
            structure.beneficiaries, structure.companions = [], []
        self.loader.copy(Person, PERSON_COLUMNS, persons)
        self.loader.copy(PersonLogEntry, LOG_COLUMNS, log)
        return len(persons)


Action = PersonLogEntry.Action
STRUCTURE_COLUMNS = (
    "id, name, kind, department_id, address, postal_code, city, phone, email, is_active, created_at"
)
PERSON_COLUMNS = (
    "id, structure_id, kind, companion_type, first_name, last_name, birth_year, phone, "
    "search_name, first_key, last_key, created_at, archived_at, anonymised_at"
)
LOG_COLUMNS = "person_id, action, actor_id, at, details"
