"""A followed person's record across bookings: merge, erasure and retention."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from bookings.models import Participant
from bookings.persons import PersonError, anonymise_inactive, erase, merge
from bookings.services import ParticipantRequest, book
from bookings.statistics.queries import structure_statistics
from people.models import Person, PersonLogEntry
from tests.factories import BookingFactory, PersonFactory, SlotFactory, StructureFactory

pytestmark = pytest.mark.django_db
Action = PersonLogEntry.Action


def totals(structure):
    return structure_statistics(structure, date(2000, 1, 1), date(2100, 1, 1)).totals


@pytest.fixture
def aicha(structure):
    return PersonFactory(structure=structure, first_name="Aïcha", last_name="Diallo")


@pytest.fixture
def copy(structure):
    """The same person, entered a second time with another spelling."""
    return PersonFactory(
        structure=structure,
        first_name="Aicha",
        last_name="Diallo",
        birth_year=1990,
        phone="0612345678",
    )


def book_for(person, worker, slot=None, **kwargs):
    return BookingFactory(
        structure=person.structure,
        beneficiary=person,
        booked_by=worker,
        slot=slot or SlotFactory(),
        **kwargs,
    )


# The database.


def test_the_database_refuses_an_exact_duplicate(aicha):
    with pytest.raises(IntegrityError):
        Person.objects.create(structure=aicha.structure, first_name="aïcha", last_name="DIALLO")


def test_the_database_allows_homonyms_told_apart_by_birth_year(structure):
    Person.objects.create(structure=structure, first_name="Ali", last_name="Ben", birth_year=1980)
    Person.objects.create(structure=structure, first_name="Ali", last_name="Ben", birth_year=2001)
    assert Person.objects.count() == 2


def test_the_database_allows_a_name_again_once_the_first_is_anonymised(aicha):
    aicha.anonymise()
    Person.objects.create(structure=aicha.structure, first_name="Aïcha", last_name="Diallo")
    assert Person.objects.count() == 2


# Merge.


def test_merge_moves_invitations_attendance_and_history(aicha, copy, worker):
    past = book_for(copy, worker, slot=SlotFactory(past=True))
    past.participants.update(attended=True)
    copy.log(Action.CREATED, by=worker)
    mine = book_for(aicha, worker)

    kept = merge(aicha, copy, by=worker)

    assert not Person.objects.filter(pk=copy.pk).exists()
    assert set(Participant.objects.filter(person=kept).values_list("booking", flat=True)) == {
        past.pk,
        mine.pk,
    }
    assert Participant.objects.get(booking=past).attended is True
    # Blanks filled from the other record; names stay those of the record kept.
    assert (kept.full_name, kept.birth_year, kept.phone) == ("Aïcha Diallo", 1990, "0612345678")
    actions = list(kept.log_entries.order_by("pk").values_list("action", flat=True))
    assert actions == [Action.CREATED, Action.MERGED]
    assert kept.log_entries.last().details == {
        "merged_id": copy.pk,
        "invitations": 1,
        "detached": 0,
    }


def test_merge_corrects_the_persons_reached(aicha, copy, worker, structure):
    for person in (aicha, copy):
        booking = book_for(person, worker, slot=SlotFactory(past=True))
        booking.participants.update(attended=True)
    before = totals(structure)

    merge(aicha, copy, by=worker)

    after = totals(structure)
    assert (before.persons_reached, after.persons_reached) == (2, 1)


def test_merge_refuses_two_invitations_on_one_slot(aicha, copy, worker):
    slot = SlotFactory(invitations_offered=10)
    book_for(aicha, worker, slot=slot)
    book_for(copy, worker, slot=slot)  # the copy got around "one invitation per slot"

    with pytest.raises(PersonError, match="Les deux fiches ont chacune une invitation pour"):
        merge(aicha, copy, by=worker)

    assert Person.objects.filter(pk=copy.pk).exists()
    assert Participant.objects.filter(person=copy).count() == 1


def test_after_a_merge_the_person_cannot_be_booked_twice_on_a_slot(aicha, copy, worker):
    slot = SlotFactory(invitations_offered=10, max_per_booking=4)
    book_for(copy, worker, slot=slot)
    merge(aicha, copy, by=worker)

    with pytest.raises(Exception, match="a déjà une invitation pour ce créneau"):
        book(
            slot=slot,
            structure=aicha.structure,
            user=worker,
            participants=[ParticipantRequest("p1", "beneficiary", person_id=aicha.pk)],
        )


def test_merge_is_refused_with_itself_another_structure_or_another_kind(aicha, worker):
    theirs = PersonFactory(structure=StructureFactory(), first_name="Aïcha", last_name="Diallo")
    companion = PersonFactory(structure=aicha.structure, companion=True)

    with pytest.raises(PersonError, match="elle-même"):
        merge(aicha, aicha, by=worker)
    with pytest.raises(PersonError, match="de votre structure"):
        merge(aicha, theirs, by=worker)
    with pytest.raises(PersonError, match="accompagnateur"):
        merge(aicha, companion, by=worker)
    assert Person.objects.count() == 3


# Erasure.


def test_erase_anonymises_the_person_and_her_invitations(aicha, worker):
    booking = book_for(aicha, worker, slot=SlotFactory(past=True), invitations=2)
    host = booking.participants.get()
    guest = booking.participants.create(
        role="guest", first_name="Léo", last_name="Petit", invited_by=host
    )
    host.testimonials.create(booking=booking, text="Super soirée, merci Aïcha")
    aicha.phone, aicha.birth_year = "0612345678", 1990
    aicha.save()

    erase(aicha, by=worker)

    aicha.refresh_from_db()
    assert (aicha.first_name, aicha.last_name, aicha.phone, aicha.birth_year) == (
        "Personne",
        "anonymisée",
        "",
        None,
    )
    host.refresh_from_db()
    guest.refresh_from_db()
    assert host.full_name == "Personne anonymisée"
    assert guest.full_name == "Invité anonymisé"
    assert not host.testimonials.exists()
    assert booking.participants.count() == 2  # the counts stay
    assert aicha.log_entries.get().action == Action.ERASED
    assert not Person.objects.search("diallo").exists()
    assert not Participant.objects.filter(search_name__contains="diallo").exists()


def test_erase_is_refused_while_an_invitation_is_to_come(aicha, worker):
    booking = book_for(aicha, worker)

    with pytest.raises(PersonError, match="Annulez d'abord la réservation") as refused:
        erase(aicha, by=worker)

    assert [p.booking for p in refused.value.participations] == [booking]
    aicha.refresh_from_db()
    assert aicha.full_name == "Aïcha Diallo"


# Retention.


def months_ago(months):
    return timezone.now() - timedelta(days=round(months * 30.44))


def test_inactive_persons_are_anonymised_after_the_retention_period(structure, worker):
    def person(name, created=40):
        return PersonFactory(structure=structure, first_name=name, created_at=months_ago(created))

    def outing(person, months):
        when = months_ago(months)
        slot = SlotFactory(starts_at=when, closes_at=when - timedelta(days=2))
        book_for(person, worker, slot=slot, created_at=when - timedelta(days=10))

    never_booked, booked_25, booked_23 = (
        person("Jamais"),
        person("Vingt-cinq"),
        person("Vingt-trois"),
    )
    recent = person("Récente", created=3)
    outing(booked_25, 25)
    outing(booked_23, 23)
    before = totals(structure)

    assert anonymise_inactive(24, apply=False) == 2  # a dry run counts
    assert not Person.objects.filter(anonymised_at__isnull=False).exists()
    assert anonymise_inactive(24, apply=True) == 2
    assert anonymise_inactive(24, apply=True) == 0  # idempotent

    anonymised = Person.objects.filter(anonymised_at__isnull=False)
    assert set(anonymised.values_list("pk", flat=True)) == {never_booked.pk, booked_25.pk}
    assert not Person.objects.filter(
        pk__in=[booked_23.pk, recent.pk], anonymised_at__isnull=False
    ).exists()
    assert totals(structure) == before  # statistics unchanged
    assert booked_25.log_entries.get().action == Action.ANONYMISED
    assert Participant.objects.get(person=booked_25).full_name == "Personne anonymisée"


def test_a_person_created_recently_is_kept(structure):
    PersonFactory(structure=structure)
    assert anonymise_inactive(24, apply=True) == 0


def test_the_command_is_a_dry_run_unless_told_to_apply(structure, capsys):
    PersonFactory(structure=structure, created_at=months_ago(26))

    call_command("anonymise_inactive")
    call_command("anonymise_inactive", "--dry-run")
    assert not Person.objects.filter(anonymised_at__isnull=False).exists()
    out = capsys.readouterr().out
    assert "Simulation : rien n'est changé." in out
    assert "Personnes anonymisées (à faire) : 1." in out

    call_command("anonymise_inactive", "--apply")
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 1
    assert "Personnes anonymisées : 1.\n" in capsys.readouterr().out


def test_the_retention_period_can_be_chosen(structure):
    PersonFactory(structure=structure, created_at=months_ago(13))
    call_command("anonymise_inactive", "--apply")
    assert not Person.objects.filter(anonymised_at__isnull=False).exists()

    call_command("anonymise_inactive", "--months", "12", "--apply")

    assert Person.objects.filter(anonymised_at__isnull=False).count() == 1


def test_the_retention_period_is_a_setting(structure, settings):
    PersonFactory(structure=structure, created_at=months_ago(13))
    settings.PERSON_RETENTION_MONTHS = 12

    call_command("anonymise_inactive", "--apply")

    assert Person.objects.filter(anonymised_at__isnull=False).count() == 1


@pytest.mark.parametrize("option", ["--months", "--account-months"])
@pytest.mark.parametrize("value", ["0", "-3"])
def test_a_period_under_a_month_is_refused(structure, option, value):
    from django.core.management.base import CommandError

    PersonFactory(structure=structure, created_at=months_ago(1))

    with pytest.raises(CommandError, match="au moins 1 mois"):
        call_command("anonymise_inactive", "--apply", option, value)

    assert not Person.objects.filter(anonymised_at__isnull=False).exists()


# What a refusal tells, and what a merge does with a past double booking.


def test_merge_of_two_records_on_one_past_outing_keeps_that_invitation_unattributed(
    aicha, copy, worker, structure
):
    slot = SlotFactory(past=True)
    mine = book_for(aicha, worker, slot=slot)
    theirs = book_for(copy, worker, slot=slot)

    merge(aicha, copy, by=worker)

    assert mine.participants.get().person == aicha
    detached = theirs.participants.get()
    assert detached.person is None and detached.is_active  # still counted on the slot
    assert aicha.log_entries.last().details["detached"] == 1
    assert totals(structure).persons_booked == 1


def test_merge_refusal_after_the_cutoff_says_whom_to_call(aicha, copy, worker, paris):
    paris.team_phone = "01 23 45 67 89"
    paris.save()
    slot = SlotFactory(closed=True, event__department=paris)
    book_for(aicha, worker, slot=slot)
    book_for(copy, worker, slot=slot)

    with pytest.raises(PersonError) as refused:
        merge(aicha, copy, by=worker)

    message = refused.value.message
    assert "L'annulation en ligne est close" in message
    assert "(01 23 45 67 89)" in message
    assert "fusionner les fiches après l'événement" in message
    assert "retirez" not in message


def test_merge_refusal_when_one_booking_holds_both_records(aicha, copy, worker):
    booking = book_for(aicha, worker, invitations=2)
    booking.participants.create(role="beneficiary", person=copy, first_name="A", last_name="D")

    with pytest.raises(PersonError, match="figurent dans la même réservation") as refused:
        merge(aicha, copy, by=worker)

    assert f"Annulez la réservation {booking.reference} puis refaites-la" in refused.value.message


def test_erase_refusal_after_the_cutoff_says_when_and_whom_to_call(aicha, worker, paris):
    paris.team_phone = "01 23 45 67 89"
    paris.save()
    book_for(aicha, worker, slot=SlotFactory(closed=True, event__department=paris))

    with pytest.raises(PersonError) as refused:
        erase(aicha, by=worker)

    assert "(01 23 45 67 89)" in refused.value.message
    assert "effacer ses données après l'événement" in refused.value.message


def test_erasing_forgets_the_stored_counter_marks_that_print_the_name(
    aicha, worker, django_capture_on_commit_callbacks
):
    from bookings.models import Booking
    from vouchers.pdf import stored_voucher

    booking = book_for(aicha, worker, slot=SlotFactory(past=True))
    stored = stored_voucher(Booking.objects.with_details().get(pk=booking.pk))
    storage = stored.storage
    assert storage.exists(stored.name)

    with django_capture_on_commit_callbacks(execute=True):
        erase(aicha, by=worker)

    booking.refresh_from_db()
    assert not booking.voucher
    assert not storage.exists(stored.name)
