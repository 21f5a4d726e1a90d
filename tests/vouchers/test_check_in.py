"""Check-in at the venue: the signed link of a slot's guest list, its sheet (no account),
ticks that count once, and a link that can never reach another slot."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from bookings.models import Booking, BookingLogEntry, Participant
from events.models import Slot
from structures.models import Department
from tests import factories
from tests.tasks import run_tasks
from tests.vouchers.guest_list_cast import booked_slot
from vouchers import checkin, tokens

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)
START = datetime(2026, 12, 12, 20, 30, tzinfo=PARIS)
CUTOFF = START - timedelta(hours=48)
AT_THE_DOOR = START - timedelta(minutes=20)


@pytest.fixture
def department():
    factories.DepartmentFactory(code="75")
    Department.objects.filter(code="75").update(
        team_name="Équipe de Paris", team_email="paris@asso.test", team_phone="01 23 45 67 89"
    )
    return Department.objects.get(code="75")


@pytest.fixture
def slot(department):
    with time_machine.travel(NOW, tick=False):
        slot = booked_slot(department, starts_at=START, closes_at=CUTOFF)
    slot.event.duration_minutes = 90
    slot.event.save()
    return slot


@pytest.fixture
def other_slot(slot):
    """The same event a week later: its participants are on another list."""
    return Participant.objects.get(last_name="Autre-Créneau-Blanc").slot


@pytest.fixture
def door():
    with time_machine.travel(AT_THE_DOOR, tick=False):
        yield


def sheet_url(slot):
    return reverse("vouchers:check_in", args=[tokens.make_check_in_token(slot)])


def named(last_name, first_name=None):
    found = Participant.objects.filter(last_name=last_name)
    return found.get(first_name=first_name) if first_name else found.get()


def ticked(*participants):
    return [Participant.objects.get(pk=p.pk).checked_in_at is not None for p in participants]


# --- The token ------------------------------------------------------------------------


def test_a_check_in_token_names_its_slot_and_partner(slot):
    token = tokens.make_check_in_token(slot)
    assert tokens.read_check_in_token(token) == (slot.pk, slot.event.partner_id)


def test_a_tampered_or_foreign_check_in_token_reads_as_nothing(slot, other_slot):
    token = tokens.make_check_in_token(slot)
    value, signature = token.split(".", 1)
    other_value = tokens.make_check_in_token(other_slot).split(".", 1)[0]
    assert tokens.read_check_in_token(f"{other_value}.{signature}") is None
    assert tokens.read_check_in_token(f"{value}.{signature[:-1]}A") is None
    assert tokens.read_check_in_token(value) is None
    # A counter-mark's token is signed for another use: it opens no sheet.
    booking = Booking.objects.filter(slot=slot).first()
    assert tokens.read_check_in_token(tokens.make_token(booking)) is None
    assert tokens.read_token(token) is None


def test_another_secret_key_reads_as_nothing(slot, settings):
    token = tokens.make_check_in_token(slot)
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert tokens.read_check_in_token(token) is None


def test_the_link_follows_the_slot_and_its_partner(slot):
    token = tokens.make_check_in_token(slot)
    link = checkin.read_link(token, now=AT_THE_DOOR)
    assert link.is_open and link.slot == slot
    # The event given to another partner: the link sent to the first opens nothing.
    slot.event.partner = factories.PartnerFactory(department=slot.event.department)
    slot.event.save()
    stale = checkin.read_link(token, now=AT_THE_DOOR)
    assert stale.slot is None and "Lien de pointage non reconnu" in stale.refusal


# --- When the link opens --------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "is_open"),
    [
        (CUTOFF - timedelta(seconds=1), False),
        (CUTOFF, True),
        (START + timedelta(minutes=90) + timedelta(days=1) - timedelta(seconds=1), True),
        (START + timedelta(minutes=90) + timedelta(days=1), False),
    ],
)
def test_the_link_opens_at_the_cutoff_and_closes_a_day_after_the_outing(slot, at, is_open):
    assert (checkin.refusal(slot, at) == "") is is_open


def test_how_long_after_the_outing_is_a_setting(slot, settings):
    settings.CHECK_IN_DAYS_AFTER_EVENT = 3
    end = START + timedelta(minutes=90)
    assert checkin.refusal(slot, end + timedelta(days=2)) == ""
    assert "a expiré le mardi 15 décembre 2026 à 22 h" in checkin.refusal(
        slot, end + timedelta(days=3)
    )


def test_an_outing_without_duration_lasts_four_hours_for_the_link(slot):
    slot.event.duration_minutes = None
    end = START + timedelta(hours=4)
    assert checkin.window(slot) == (CUTOFF, end + timedelta(days=1))
    slot.ends_at = START + timedelta(hours=6)
    assert checkin.window(slot)[1] == slot.ends_at + timedelta(days=1)


def test_before_the_cutoff_the_sheet_says_when_it_opens(client, slot):
    with time_machine.travel(CUTOFF - timedelta(hours=1), tick=False):
        response = client.get(sheet_url(slot))
    assertContains(response, "Le pointage de ce créneau ouvre à la clôture des réservations")
    assertContains(response, "le jeudi 10 décembre 2026 à 20 h 30")
    assertNotContains(response, "Amrani")


def test_an_expired_link_says_so_shows_no_name_and_refuses_ticks(client, slot):
    leila = named("Amrani", "Leïla")
    with time_machine.travel(START + timedelta(days=2), tick=False):
        response = client.get(sheet_url(slot))
        assertContains(response, "Ce lien de pointage a expiré le dimanche 13 décembre 2026 à 22 h")
        assertContains(response, "01 23 45 67 89")
        assertNotContains(response, "Amrani")
        response = client.post(sheet_url(slot), {"arrive": leila.pk})
    assertContains(response, "a expiré", status_code=410)
    assert ticked(leila) == [False]
    assert not BookingLogEntry.objects.filter(action="checked_in").exists()


@pytest.mark.parametrize(
    "token", ["1-1.forged", "n'importe quoi", "x" * 300, "CDC-AAAAAA.abc", "1-1"]
)
def test_a_forged_or_altered_link_says_so(client, slot, door, token):
    response = client.get(reverse("vouchers:check_in", args=[token]))
    assertContains(response, "Lien de pointage non reconnu", status_code=404)
    assertNotContains(response, "Amrani", status_code=404)
    response = client.post(
        reverse("vouchers:check_in", args=[token]), {"arrive": named("Amrani", "Leïla").pk}
    )
    assert response.status_code == 404
    assert ticked(named("Amrani", "Leïla")) == [False]


# --- The sheet ------------------------------------------------------------------------


def test_the_sheet_lists_the_slot_as_the_guest_list_does(
    client, slot, door, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get(sheet_url(slot))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    for name in ["Leïla Amrani", "Inès Amrani", "Hélène Dubois", "Océane Zéphyr"]:
        assert name in content
    for name in ["Annulé-Lenoir", "Autre-Créneau-Blanc"]:
        assert name not in content
    assertContains(response, "Relais du Nord")
    assertContains(response, "Camille Martin")
    assertContains(response, "Invité de Leïla Amrani")
    assertContains(response, "<dd><strong>0 sur 4</strong> invitations</dd>", html=True)
    assertContains(response, "Pointer l'arrivée", count=4)
    # The family's three people, in one go; Océane's booking has one.
    assertContains(response, "Pointer les 3 personnes restantes", count=1)


def test_the_sheet_stays_flat_as_bookings_grow(
    client, slot, door, django_assert_num_queries, django_assert_max_num_queries
):
    url = sheet_url(slot)
    client.get(url)  # the session is created, then marked seen
    client.get(url)
    with django_assert_max_num_queries(6) as few:
        client.get(url)
    Slot.objects.filter(pk=slot.pk).update(invitations_offered=100)
    for _ in range(10):
        factories.BookingFactory(slot=slot)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_tick_one_participant(client, slot, door):
    leila = named("Amrani", "Leïla")
    response = client.post(sheet_url(slot), {"arrive": leila.pk})
    assertRedirects(
        response,
        f"{sheet_url(slot)}#reservation-{leila.booking.reference}",
        fetch_redirect_response=False,
    )
    assert ticked(leila, named("Amrani", "Inès")) == [True, False]
    leila.refresh_from_db()
    assert leila.checked_in_at == AT_THE_DOOR
    assert leila.attended is None  # the worker's word, not the venue's
    entry = BookingLogEntry.objects.get(action="checked_in")
    assert (entry.booking, entry.actor, entry.details) == (
        leila.booking,
        None,
        {"participants": [leila.pk]},
    )
    page = client.get(response["Location"])
    assertContains(page, "Arrivée de Leïla Amrani pointée.")
    assertContains(page, "Arrivée pointée à 20 h 10")
    assertContains(page, "<dd><strong>1 sur 4</strong> invitations</dd>", html=True)


def test_ticking_twice_counts_once_and_says_so(client, slot, door):
    leila = named("Amrani", "Leïla")
    client.post(sheet_url(slot), {"arrive": leila.pk})
    with time_machine.travel(AT_THE_DOOR + timedelta(minutes=5), tick=False):
        response = client.post(sheet_url(slot), {"arrive": leila.pk}, follow=True)
    assertContains(
        response, "L&#x27;arrivée de Leïla Amrani était déjà pointée : rien n&#x27;a changé."
    )
    leila.refresh_from_db()
    assert leila.checked_in_at == AT_THE_DOOR  # the first time stays
    assert BookingLogEntry.objects.filter(action="checked_in").count() == 1
    assert checkin.check_in(slot, [leila.pk]) == 0


def test_tick_a_whole_booking_then_undo_one(client, slot, door):
    family = named("Amrani", "Leïla").booking
    response = client.post(sheet_url(slot), {"arrive_booking": family.pk}, follow=True)
    assertContains(response, f"Réservation {family.reference} : 3 arrivées pointées.")
    people = [named("Amrani", "Leïla"), named("Amrani", "Inès"), named("Dubois")]
    assert ticked(*people) == [True, True, True]
    assert ticked(named("Zéphyr")) == [False]

    response = client.post(sheet_url(slot), {"undo": people[1].pk}, follow=True)
    assertContains(response, "Pointage d&#x27;Inès Amrani annulé.")
    assert ticked(*people) == [True, False, True]
    # Undoing again changes nothing; the booking's rest is ticked once only.
    response = client.post(sheet_url(slot), {"undo": people[1].pk}, follow=True)
    assertContains(
        response,
        "L&#x27;arrivée d&#x27;Inès Amrani n&#x27;était pas pointée : rien n&#x27;a changé.",
    )
    response = client.post(sheet_url(slot), {"arrive_booking": family.pk}, follow=True)
    assertContains(response, f"Réservation {family.reference} : 1 arrivée pointée.")
    actions = list(
        BookingLogEntry.objects.filter(booking=family)
        .order_by("id")
        .values_list("action", "details")
    )
    assert actions[-3:] == [
        ("checked_in", {"participants": sorted(p.pk for p in people)}),
        ("check_in_undone", {"participants": [people[1].pk]}),
        ("checked_in", {"participants": [people[1].pk]}),
    ]


def test_a_link_can_never_change_another_slot(client, slot, other_slot, door):
    """The participant and the booking of another slot are refused whole, and named nowhere."""
    rose = named("Autre-Créneau-Blanc")
    for data in ({"arrive": rose.pk}, {"undo": rose.pk}, {"arrive_booking": rose.booking_id}):
        response = client.post(sheet_url(slot), data, follow=True)
        assertContains(response, "Cette personne ne figure pas sur la liste de ce créneau")
        assertNotContains(response, "Autre-Créneau-Blanc")
    assert ticked(rose) == [False]
    with pytest.raises(checkin.CheckInError):
        checkin.check_in(slot, [named("Amrani", "Leïla").pk, rose.pk])
    assert ticked(named("Amrani", "Leïla")) == [False]  # refused whole
    assert not BookingLogEntry.objects.filter(action="checked_in").exists()


def test_a_cancelled_booking_cannot_be_ticked(client, slot, door):
    paul = named("Annulé-Lenoir")
    response = client.post(sheet_url(slot), {"arrive": paul.pk}, follow=True)
    assertContains(response, "Cette personne ne figure pas sur la liste de ce créneau")
    response = client.post(sheet_url(slot), {"arrive_booking": paul.booking_id}, follow=True)
    assertContains(response, "Cette personne ne figure pas sur la liste de ce créneau")
    assert ticked(paul) == [False]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"arrive": ""},
        {"arrive": "abc"},
        {"undo": "1e9"},
        {"arrive": "99999999"},
        {"arrive_booking": "9" * 30},
        {"undo": "-1"},
    ],
)
def test_bad_input_changes_nothing(client, slot, door, data):
    response = client.post(sheet_url(slot), data, follow=True)
    assertContains(response, "Cette personne ne figure pas sur la liste de ce créneau")
    assert not Participant.objects.filter(checked_in_at__isnull=False).exists()


def test_a_replayed_request_after_the_link_expired_changes_nothing(client, slot, door):
    leila = named("Amrani", "Leïla")
    client.post(sheet_url(slot), {"undo": leila.pk})
    client.post(sheet_url(slot), {"arrive": leila.pk})
    with time_machine.travel(START + timedelta(days=3), tick=False):
        response = client.post(sheet_url(slot), {"undo": leila.pk})
    assert response.status_code == 410
    assert ticked(leila) == [True]


def test_the_post_needs_the_csrf_token(slot, door):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(sheet_url(slot), {"arrive": named("Amrani", "Leïla").pk})
    assert response.status_code == 403
    assert ticked(named("Amrani", "Leïla")) == [False]


# --- Finding a booking on the sheet ---------------------------------------------------


@pytest.mark.parametrize("how", ["reference", "lower", "six", "qr-link"])
def test_a_typed_or_scanned_reference_opens_its_booking(client, slot, door, how):
    family = named("Amrani", "Leïla").booking
    typed = {
        "reference": family.reference,
        "lower": f"  {family.reference.lower()} ",
        "six": family.reference.removeprefix("CDC-"),
        "qr-link": tokens.verify_url(family),
    }[how]
    response = client.get(sheet_url(slot), {"reference": typed})
    assertContains(response, "Contremarque recherchée")
    assertContains(response, f'id="reservation-{family.reference}"')
    assertContains(response, "Leïla Amrani")
    assertNotContains(response, "Océane")
    assertContains(response, "Revenir à toute la liste")


def test_a_reference_of_a_cancelled_or_another_booking_says_why(client, slot, door):
    paul = named("Annulé-Lenoir").booking
    rose = named("Autre-Créneau-Blanc").booking
    response = client.get(sheet_url(slot), {"reference": paul.reference})
    assertContains(response, f"La réservation {paul.reference} a été annulée")
    response = client.get(sheet_url(slot), {"reference": rose.reference})
    assertContains(response, f"La réservation {rose.reference} ne figure pas sur la liste")
    assertNotContains(response, "Autre-Créneau-Blanc")
    response = client.get(sheet_url(slot), {"reference": "bonjour"})
    assertContains(response, "Aucune référence de contremarque reconnue")


def test_a_qr_code_scanned_on_the_sheets_phone_opens_the_booking_there(client, slot, door):
    family = named("Amrani", "Leïla").booking
    verify = reverse("vouchers:verify", args=[tokens.make_token(family)])
    assertContains(client.get(verify), "Contremarque valide")  # before the sheet: the page
    client.get(sheet_url(slot))
    response = client.get(verify)
    assertRedirects(
        response,
        f"{sheet_url(slot)}?reference={family.reference}#reservation-{family.reference}",
        fetch_redirect_response=False,
    )
    # Another slot's counter-mark shows its verification page, not the sheet.
    rose = named("Autre-Créneau-Blanc").booking
    assertContains(
        client.get(reverse("vouchers:verify", args=[tokens.make_token(rose)])),
        "Contremarque valide",
    )
    # Once the link has expired, the QR code shows the page again.
    with time_machine.travel(START + timedelta(days=3), tick=False):
        response = client.get(verify)
    assertContains(response, "Événement terminé")


# --- The link leaves with the guest list ----------------------------------------------


def test_the_guest_list_email_carries_the_sheets_link(slot):
    with time_machine.travel(CUTOFF + timedelta(minutes=1), tick=False):
        call_command("send_guest_lists", verbosity=0)
        run_tasks()
    (message,) = mail.outbox
    assert "pointez les arrivées sur un téléphone" in message.body
    assert "valable jusqu'au dimanche 13 décembre 2026 à 22 h" in message.body
    (url,) = [line for line in message.body.splitlines() if "/v/pointage/" in line]
    with time_machine.travel(AT_THE_DOOR, tick=False):
        link = checkin.read_link(urlsplit(url).path.split("/")[-2])
    assert link.is_open and link.slot == slot
