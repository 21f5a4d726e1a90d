"""A followed person's record across bookings: invitations, merge, export, erasure, retention.

The person lives in people; what touches their participations lives here, one transaction
each. Nothing written to the history holds a name: only actions, dates and ids.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from bookings.cancellation import cancellation_refusal
from bookings.models import Booking, Participant, Testimonial, WaitingParticipant
from people.models import (
    ANONYMOUS_FIRST_NAME,
    ANONYMOUS_LAST_NAME,
    ANONYMOUS_SEARCH_NAME,
    Person,
    PersonLogEntry,
)
from structures.dates import french_datetime
from structures.jobs import in_locked_batches, months_before
from structures.text import plural

Action = PersonLogEntry.Action
BATCH = 500


class PersonError(Exception):
    """A refused merge or erasure, with a French message the worker can act on."""

    def __init__(self, message, participations=()):
        super().__init__(message)
        self.message = message
        self.participations = participations


def participations(person):
    """The person's invitations, newest outing first, with what a list shows."""
    return (
        Participant.objects.filter(person=person)
        .select_related("booking__slot__event__venue")
        .order_by("-booking__slot__starts_at", "-pk")
    )


@dataclass
class Invitations:
    upcoming: list
    past: list


def invitations(person):
    """The person's invitations split at now: to come (soonest first), then past."""
    now = timezone.now()
    rows = list(participations(person))  # newest outing first
    to_come = sum(p.booking.slot.starts_at > now for p in rows)
    return Invitations(upcoming=rows[:to_come][::-1], past=rows[to_come:])


def invitation_counts(persons):
    """How many invitations each of `persons` has, by person id."""
    counts = (
        Participant.objects.filter(person__in=persons)
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )
    return dict(counts)


def upcoming_invitations(person):
    """The person's active invitations still to come, soonest first."""
    return list(
        Participant.objects.filter(
            person=person, is_active=True, slot__starts_at__gt=timezone.now()
        )
        .select_related("booking__slot__event__department")
        .order_by("slot__starts_at")
    )


# Merge.


def merge_refusal(keep, other):
    """Why `other` can never be merged into `keep`, or None."""
    if keep.pk == other.pk:
        return (
            "Une fiche ne se fusionne pas avec elle-même : choisissez l'autre fiche de la "
            "même personne."
        )
    if keep.structure_id != other.structure_id:
        return "Choisissez une fiche de votre structure."
    if keep.kind != other.kind:
        return (
            "Une personne suivie ne se fusionne qu'avec une personne suivie, et un "
            "accompagnateur qu'avec un accompagnateur."
        )
    return None


def merge(keep, other, *, by):
    """Move `other`'s invitations, attendance and history onto `keep`, then delete `other`.

    `keep` takes `other`'s birth year and phone when it has none. Refused when both records
    are on the same booking or both hold an invitation for the same slot: one of the two
    bookings must be cancelled first, since a person holds one invitation per slot.
    """
    if refused := merge_refusal(keep, other):
        raise PersonError(refused)
    try:
        with transaction.atomic():
            locked = Person.objects.select_for_update().named().filter(pk__in=[keep.pk, other.pk])
            locked = {p.pk: p for p in locked.order_by("pk")}
            if len(locked) != 2:
                raise PersonError("L'une des deux fiches n'existe plus : rechargez la page.")
            keep, other = locked[keep.pk], locked[other.pk]
            if refused := _waiting_clash(keep, other):
                raise PersonError(refused)
            clashes = _clashes(keep, other)
            # Both records on one past outing: that invitation stays counted, unattributed.
            detached = Participant.objects.filter(pk__in=[p.pk for p in clashes]).update(
                person=None
            )
            moved = Participant.objects.filter(person=other).update(person=keep)
            WaitingParticipant.objects.filter(person=other).update(person=keep)
            PersonLogEntry.objects.filter(person=other).update(person=keep)
            filled = [
                f for f in ("birth_year", "phone") if not getattr(keep, f) and getattr(other, f)
            ]
            for field in filled:
                setattr(keep, field, getattr(other, field))
            if keep.is_archived and not other.is_archived:
                keep.archived_at = None
                filled.append("archived_at")
            if filled:
                keep.save(update_fields=filled)
            merged_id = other.pk
            other.delete()
            keep.log(
                Action.MERGED, by=by, merged_id=merged_id, invitations=moved, detached=detached
            )
    except IntegrityError as error:  # e.g. a booking of `other` made meanwhile on a shared slot
        raise PersonError(
            "La fusion n'a pas pu se faire : une réservation ou une fiche vient de changer. "
            "Rechargez la page et réessayez."
        ) from error
    return keep


def _waiting_clash(keep, other):
    """Why the two records cannot merge while one waits on a slot's waiting list where the
    other is booked or waits too, or None (a person holds one place per slot)."""
    pair = [keep.pk, other.pk]
    waiting = set(
        WaitingParticipant.objects.filter(person__in=pair).values_list("person_id", "entry__slot")
    )
    slots = {slot for _, slot in waiting}
    booked = set(
        Participant.objects.filter(person__in=pair, slot__in=slots, is_active=True).values_list(
            "person_id", "slot"
        )
    )
    for person_id, slot in waiting:
        partner = other.pk if person_id == keep.pk else keep.pk
        if (partner, slot) in waiting or (partner, slot) in booked:
            return (
                "Les deux fiches sont sur la même sortie, l'une sur sa liste d'attente : "
                "retirez d'abord cette inscription de la liste d'attente (page « Réservations "
                "en cours »), puis fusionnez les fiches."
            )
    return None


def _clashes(keep, other):
    """`other`'s invitations on a booking or an active slot `keep` also holds, once their
    outing is over. One still to come refuses the merge (MergeError): a person holds one
    invitation per slot, and the venue expects two people."""
    mine = Participant.objects.filter(person=keep)
    shared = (
        Participant.objects.filter(person=other)
        .filter(
            Q(Exists(mine.filter(booking=OuterRef("booking"))))
            | Q(is_active=True, slot__in=mine.filter(is_active=True).values("slot"))
        )
        .select_related("booking__slot__event__department")
        .order_by("booking__slot__starts_at")
    )
    clashes = list(shared)
    to_come = [p for p in clashes if p.booking.slot.starts_at > timezone.now()]
    if to_come:
        raise PersonError(_clash_message(to_come[0], keep), participations=to_come[:1])
    return clashes


def _clash_message(participation, keep):
    booking, slot = participation.booking, participation.booking.slot
    outing = f"« {slot.event.title} » le {french_datetime(slot.starts_at)}"
    same_booking = Participant.objects.filter(booking=booking, person=keep).exists()
    if same_booking:
        found = f"Les deux fiches figurent dans la même réservation pour {outing}."
    else:
        found = f"Les deux fiches ont chacune une invitation pour {outing}."
    if cancellation_refusal(booking) is None:
        action = (
            f"Annulez la réservation {booking.reference} puis refaites-la avec une seule fiche"
            if same_booking
            else f"Annulez la réservation {booking.reference}, qui fait double emploi"
        )
        return f"{found} {action}, puis fusionnez les fiches."
    return f"{found} {_too_late(slot)} fusionner les fiches après l'événement."


def _too_late(slot):
    """What a worker can still do once a booking can no longer be cancelled online."""
    team = slot.event.department
    phone = f" ({team.team_phone})" if team.team_phone else ""
    return (
        "L'annulation en ligne est close : si une invitation ne doit pas servir, prévenez "
        f"l'équipe de votre département{phone}. Vous pourrez"
    )


# Export.


def export_data(person, *, by, format, record=True):
    """Everything the portal holds about `person`, and nothing about anyone else (no guest,
    no other participant, no worker's name). Recorded in the person's history (unless
    `record` is false: a HEAD request downloads nothing)."""
    if record:
        person.log(Action.EXPORTED, by=by, format=format)
    rows = participations(person).prefetch_related("testimonials")
    guests = dict(
        Participant.objects.filter(invited_by__person=person)
        .values("invited_by_id")
        .annotate(n=Count("pk"))
        .values_list("invited_by_id", "n")
    )
    return {
        "personne": {
            "numero_de_fiche": person.pk,
            "type": person.kind_label,
            "prenom": person.first_name,
            "nom": person.last_name,
            "annee_de_naissance": person.birth_year,
            "telephone": person.phone,
            "structure": person.structure.name,
            "creee_le": person.created_at.isoformat(),
            "archivee_le": person.archived_at.isoformat() if person.archived_at else None,
        },
        "invitations": [
            {
                "reference": p.booking.reference,
                "evenement": p.booking.slot.event.title,
                "date": p.booking.slot.starts_at.isoformat(),
                "date_en_clair": french_datetime(p.booking.slot.starts_at),
                "lieu": p.booking.slot.event.venue.name,
                "role": p.get_role_display(),
                "nom_sur_la_liste": p.full_name,
                "reservation": p.booking.get_status_display(),
                "presence": {True: "présent", False: "absent", None: "non renseignée"}[p.attended],
                "arrivee_pointee_par_le_lieu": (
                    p.checked_in_at.isoformat() if p.checked_in_at else None
                ),
                "arrivee_pointee_en_clair": french_datetime(p.checked_in_at),
                "invites": guests.get(p.pk, 0),
                "temoignage": _testimonial_text(p),
            }
            for p in rows
        ],
        "historique": [
            {
                "action": e.get_action_display(),
                "le": e.at.isoformat(),
                "le_en_clair": french_datetime(e.at),
            }
            for e in person.log_entries.order_by("at", "pk")
        ],
    }


def _testimonial_text(participant):
    return [t.text for t in participant.testimonials.all()]


# Erasure and retention.


def erase_refusal(person):
    """The PersonError erasing `person` would raise now, or None. Refused while an
    invitation is to come, so that the venue's list and the counts stay right."""
    if WaitingParticipant.objects.filter(person=person).exists():
        return PersonError(
            f"{person.full_name} est sur une liste d'attente : retirez d'abord l'inscription "
            "(page « Réservations en cours »), puis revenez effacer ses données."
        )
    upcoming = upcoming_invitations(person)
    if not upcoming:
        return None
    late = [p for p in upcoming if cancellation_refusal(p.booking) is not None]
    if late:
        message = f"{_too_late(late[0].booking.slot)} effacer ses données après l'événement."
    else:
        message = "Annulez d'abord la réservation, puis revenez effacer ses données."
    return PersonError(
        f"{person.full_name} a {plural(len(upcoming), 'invitation')} à venir. {message}",
        participations=upcoming,
    )


def erase(person, *, by):
    """Anonymise `person` now, at their request (see erase_refusal)."""
    with transaction.atomic():
        person = Person.objects.select_for_update().named().get(pk=person.pk)
        if refused := erase_refusal(person):
            raise refused
        Testimonial.objects.filter(participant__person=person).delete()
        _anonymise([person], Action.ERASED, by=by)


def _anonymise(persons, action, *, by=None, now=None):
    """Replace the names on the persons' records and on their invitations (their guests'
    too), drop birth year and phone, in a few UPDATEs whatever their number. Invitations,
    attendance and counts stay."""
    now = now or timezone.now()
    ids = [person.pk for person in persons]
    hosted = Participant.objects.filter(person_id__in=ids)
    Participant.objects.filter(invited_by__in=hosted).update(
        first_name="Invité", last_name="anonymisé", search_name="invite anonymise"
    )
    hosted.update(
        first_name=ANONYMOUS_FIRST_NAME,
        last_name=ANONYMOUS_LAST_NAME,
        search_name=ANONYMOUS_SEARCH_NAME,
    )
    Person.objects.filter(pk__in=ids).anonymise(now)
    # The stored counter-marks print the old names: they go, and render afresh if needed.
    Booking.objects.filter(pk__in=hosted.values("booking_id")).forget_vouchers()
    PersonLogEntry.objects.bulk_create(
        PersonLogEntry(person_id=pk, action=action, actor=by, at=now) for pk in ids
    )


def inactive_persons(months, now=None):
    """Named persons with no booking activity for `months` months: created before, no
    invitation booked or taking place since, and on no waiting list."""
    since = months_before(now or timezone.now(), months)
    recent = Participant.objects.filter(person=OuterRef("pk")).filter(
        Q(booking__created_at__gte=since) | Q(slot__starts_at__gte=since)
    )
    waiting = WaitingParticipant.objects.filter(person=OuterRef("pk"))
    return (
        Person.objects.named()
        .filter(created_at__lt=since)
        .exclude(Exists(recent))
        .exclude(Exists(waiting))
    )


def anonymise_inactive(months, *, apply, now=None):
    """Anonymise the persons inactive for `months` months; return how many (would) change.

    Batches lock their rows with SKIP LOCKED: two copies running at once share the work
    and never anonymise a person twice. A dry run only counts.
    """
    now = now or timezone.now()
    rows = inactive_persons(months, now)
    if not apply:
        return rows.count()
    return in_locked_batches(
        rows, lambda batch: _anonymise(batch, Action.ANONYMISED, now=now), BATCH
    )
