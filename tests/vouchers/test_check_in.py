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
from tests.typography import typeset
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


ACTIONS = {"arrive": "vouchers:check_in_arrive", "booking": "vouchers:check_in_booking"}
ACTIONS["undo"] = "vouchers:check_in_undo"


def post(client, slot, action, data, token=None, **kwargs):
    """A button of the sheet of `slot` (or of the link `token`): arrive, booking or undo."""
    token = token or tokens.make_check_in_token(slot)
    return client.post(reverse(ACTIONS[action], args=[token]), data, **kwargs)


def undo_data(participant):
    """What the "Annuler le pointage" button sends: the tick the page showed."""
    participant.refresh_from_db()
    return {"participant": participant.pk, "pointe_a": participant.checked_in_at.isoformat()}


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
    assert stale.slot is None and "Ce lien de pointage ne vaut plus" in stale.refusal


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
    assert "a expiré le mardi 15 décembre 2026 à 22\u00a0h" in checkin.refusal(
        slot, end + timedelta(days=3)
    )


def test_an_outing_without_duration_lasts_two_hours_for_the_link(slot):
    slot.event.duration_minutes = None
    end = START + timedelta(hours=2)
    assert checkin.window(slot) == (CUTOFF, end + timedelta(days=1))
    slot.ends_at = START + timedelta(hours=6)
    assert checkin.window(slot)[1] == slot.ends_at + timedelta(days=1)


def test_before_the_cutoff_the_sheet_says_when_it_opens(client, slot):
    with time_machine.travel(CUTOFF - timedelta(hours=1), tick=False):
        response = client.get(sheet_url(slot))
    assertContains(response, "Le pointage de ce créneau ouvre à la clôture des réservations")
    assertContains(response, "le jeudi 10 décembre 2026 à 20\u00a0h\u00a030")
    assertNotContains(response, "Amrani")
    with time_machine.travel(CUTOFF - timedelta(hours=1), tick=False):
        response = post(client, slot, "arrive", {"participant": named("Amrani", "Leïla").pk})
    assertContains(response, "Le pointage de ce créneau ouvre", status_code=403)
    assert ticked(named("Amrani", "Leïla")) == [False]


def test_an_expired_link_says_so_shows_no_name_and_refuses_ticks(client, slot):
    leila = named("Amrani", "Leïla")
    with time_machine.travel(START + timedelta(days=2), tick=False):
        response = client.get(sheet_url(slot))
        assertContains(
            response, "Ce lien de pointage a expiré le dimanche 13 décembre 2026 à 22\u00a0h"
        )
        assertContains(response, "01 23 45 67 89")
        assertNotContains(response, "Amrani")
        response = post(client, slot, "arrive", {"participant": leila.pk})
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
    for action in ACTIONS:
        response = post(client, slot, action, {"participant": named("Amrani", "Leïla").pk}, token)
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
    assertContains(response, "Pointer toute la réservation (3 personnes)", count=1)
    # The desk may call the worker who booked.
    assertContains(
        response, '<a class="nowrap" href="tel:0612345678">06 12 34 56 78</a>', html=True
    )


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
    response = post(client, slot, "arrive", {"participant": leila.pk})
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
    assertContains(page, "Arrivée pointée à 20\u00a0h\u00a010")
    assertContains(page, "<dd><strong>1 sur 4</strong> invitations</dd>", html=True)


def test_ticking_twice_counts_once_and_says_so(client, slot, door):
    leila = named("Amrani", "Leïla")
    post(client, slot, "arrive", {"participant": leila.pk})
    with time_machine.travel(AT_THE_DOOR + timedelta(minutes=5), tick=False):
        response = post(client, slot, "arrive", {"participant": leila.pk}, follow=True)
    assertContains(
        response, "L&#x27;arrivée de Leïla Amrani était déjà pointée\u00a0: rien n&#x27;a changé."
    )
    leila.refresh_from_db()
    assert leila.checked_in_at == AT_THE_DOOR  # the first time stays
    assert BookingLogEntry.objects.filter(action="checked_in").count() == 1
    assert checkin.check_in(slot, leila.pk).changed == 0


def test_tick_a_whole_booking_then_undo_one(client, slot, door):
    family = named("Amrani", "Leïla").booking
    response = post(client, slot, "booking", {"reservation": family.pk}, follow=True)
    assertContains(response, typeset(f"Réservation {family.reference} : 3 arrivées pointées."))
    people = [named("Amrani", "Leïla"), named("Amrani", "Inès"), named("Dubois")]
    assert ticked(*people) == [True, True, True]
    assert ticked(named("Zéphyr")) == [False]

    shown = undo_data(people[1])
    response = post(client, slot, "undo", shown, follow=True)
    assertContains(response, "Pointage d&#x27;Inès Amrani annulé.")
    assert ticked(*people) == [True, False, True]
    # Undoing again changes nothing; the booking's rest is ticked once only.
    response = post(client, slot, "undo", shown, follow=True)
    assertContains(
        response,
        "L&#x27;arrivée d&#x27;Inès Amrani n&#x27;était pas pointée\u00a0: rien n&#x27;a changé.",
    )
    response = post(client, slot, "booking", {"reservation": family.pk}, follow=True)
    assertContains(response, typeset(f"Réservation {family.reference} : 1 arrivée pointée."))
    response = post(client, slot, "booking", {"reservation": family.pk}, follow=True)
    assertContains(response, "tout le monde était déjà pointé, rien n&#x27;a changé.")
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


def test_a_late_undo_never_takes_back_a_tick_made_since(client, slot, door):
    """Two phones at the desk: one undoes the tick it showed after the other ticked again."""
    ines = named("Amrani", "Inès")
    post(client, slot, "arrive", {"participant": ines.pk})
    shown = undo_data(ines)
    post(client, slot, "undo", shown)
    with time_machine.travel(AT_THE_DOOR + timedelta(minutes=2), tick=False):
        post(client, slot, "arrive", {"participant": ines.pk})
        response = post(client, slot, "undo", shown, follow=True)
    assertContains(
        response,
        "L&#x27;arrivée d&#x27;Inès Amrani a été pointée de nouveau à 20\u00a0h\u00a012\u00a0: "
        "rien n&#x27;a changé.",
    )
    assert ticked(ines) == [True]
    # Without the time the page showed (an older page), the undo applies.
    post(client, slot, "undo", {"participant": ines.pk})
    assert ticked(ines) == [False]


def test_a_link_can_never_change_another_slot(client, slot, other_slot, door):
    """The participant and the booking of another slot are refused, and named nowhere."""
    rose = named("Autre-Créneau-Blanc")
    Participant.objects.filter(pk=rose.pk).update(checked_in_at=AT_THE_DOOR)
    for action, data in (
        ("arrive", {"participant": rose.pk}),
        ("undo", {"participant": rose.pk}),
        ("booking", {"reservation": rose.booking_id}),
    ):
        response = post(client, slot, action, data, follow=True)
        assertContains(response, "Cette personne ne figure pas sur la liste de ce créneau")
        assertNotContains(response, "Autre-Créneau-Blanc")
    assert ticked(rose) == [True]  # its undo was refused too
    with pytest.raises(checkin.CheckInError):
        checkin.check_in(slot, rose.pk)
    assert BookingLogEntry.objects.filter(booking=rose.booking).count() == 0


def test_a_cancelled_booking_cannot_be_ticked(client, slot, door):
    paul = named("Annulé-Lenoir")
    for action, data in (
        ("arrive", {"participant": paul.pk}),
        ("booking", {"reservation": paul.booking_id}),
    ):
        response = post(client, slot, action, data, follow=True)
        assertContains(
            response,
            typeset(
                f"La réservation {paul.booking.reference} a été annulée entre-temps : ses "
                "invitations ne sont plus valables, rien n'a été pointé."
            ),
        )
    assert ticked(paul) == [False]


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("arrive", {}),
        ("arrive", {"participant": ""}),
        ("arrive", {"participant": "abc"}),
        ("arrive", {"participant": "²"}),
        ("undo", {"participant": "1e9"}),
        ("arrive", {"participant": "99999999"}),
        ("booking", {"reservation": "9" * 30}),
        ("undo", {"participant": "-1"}),
        ("undo", {"participant": "leila", "pointe_a": "hier"}),
        ("booking", {"participant": "leila"}),
    ],
)
def test_bad_input_changes_nothing(client, slot, door, action, data):
    leila = str(named("Amrani", "Leïla").pk)
    data = {key: leila if value == "leila" else value for key, value in data.items()}
    response = post(client, slot, action, data, follow=True)
    assert response.status_code == 200
    if data.get("pointe_a"):  # a shown time that means nothing: an undo of what is not ticked
        assertContains(response, "n&#x27;était pas pointée")
    else:
        assertContains(response, "Cette personne ne figure pas sur la liste de ce créneau")
    assert not Participant.objects.filter(checked_in_at__isnull=False).exists()
    assert not BookingLogEntry.objects.filter(action__startswith="check").exists()


def test_the_sheet_only_takes_posts_on_its_buttons(client, slot, door):
    assert client.post(sheet_url(slot), {"participant": 1}).status_code == 405
    token = tokens.make_check_in_token(slot)
    assert client.get(reverse("vouchers:check_in_arrive", args=[token])).status_code == 405


def test_a_replayed_request_after_the_link_expired_changes_nothing(client, slot, door):
    leila = named("Amrani", "Leïla")
    post(client, slot, "arrive", {"participant": leila.pk})
    shown = undo_data(leila)
    with time_machine.travel(START + timedelta(days=3), tick=False):
        response = post(client, slot, "undo", shown)
    assert response.status_code == 410
    assert ticked(leila) == [True]


def test_the_post_needs_the_csrf_token(slot, door):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = post(client, slot, "arrive", {"participant": named("Amrani", "Leïla").pk})
    assert response.status_code == 403
    assert ticked(named("Amrani", "Leïla")) == [False]


# --- Finding a booking on the sheet ---------------------------------------------------


@pytest.mark.parametrize("how", ["reference", "lower", "six", "qr-link", "name", "first-name"])
def test_a_typed_or_scanned_reference_or_a_name_opens_its_booking(client, slot, door, how):
    family = named("Amrani", "Leïla").booking
    typed = {
        "reference": family.reference,
        "lower": f"  {family.reference.lower()} ",
        "six": family.reference.removeprefix("CDC-"),
        "qr-link": tokens.verify_url(family),
        "name": "dubois",
        "first-name": "LEILA amrani",
    }[how]
    response = client.get(sheet_url(slot), {"recherche": typed})
    assertContains(response, "Réservation trouvée pour")
    assertContains(response, f'id="reservation-{family.reference}"')
    assertContains(response, "Leïla Amrani")
    assertNotContains(response, "Océane")
    assertContains(response, "Revenir à toute la liste")


def test_a_name_shared_by_several_bookings_lists_them_all(client, slot, door):
    response = client.get(sheet_url(slot), {"recherche": "a"})  # in every name
    assertContains(response, "2 réservations trouvées pour «&nbsp;a&nbsp;»")


def test_a_reference_or_name_not_on_the_sheet_says_why(client, slot, door):
    paul = named("Annulé-Lenoir").booking
    rose = named("Autre-Créneau-Blanc").booking
    response = client.get(sheet_url(slot), {"recherche": paul.reference})
    assertContains(response, typeset(f"La réservation {paul.reference} a été annulée"))
    response = client.get(sheet_url(slot), {"recherche": rose.reference})
    assertContains(
        response,
        typeset(
            f"La contremarque {rose.reference} est pour une autre date de ce spectacle : "
            "le samedi 19 décembre 2026 à 20 h 30."
        ),
    )
    assertNotContains(response, "Autre-Créneau-Blanc")
    elsewhere = factories.BookingFactory()
    response = client.get(sheet_url(slot), {"recherche": elsewhere.reference})
    assertContains(
        response, typeset(f"La réservation {elsewhere.reference} ne figure pas sur la liste")
    )
    response = client.get(sheet_url(slot), {"recherche": "Bonjour"})
    assertContains(
        response, typeset("Personne ne correspond à « Bonjour » sur la liste de ce créneau")
    )
    # A typo that makes a longer word is no reference.
    family = named("Amrani", "Leïla").booking
    response = client.get(sheet_url(slot), {"recherche": family.reference + "Q"})
    assertContains(response, "Personne ne correspond à")


def test_a_qr_code_scanned_on_the_sheets_phone_opens_the_booking_there(client, slot, door):
    family = named("Amrani", "Leïla").booking
    verify = reverse("vouchers:verify", args=[tokens.make_token(family)])
    assertContains(client.get(verify), "Contremarque valide")  # before the sheet: the page
    response = client.get(sheet_url(slot))
    cookie = response.cookies[checkin.COOKIE]
    assert cookie["path"] == "/v/" and cookie["httponly"]
    # Until the link expires: the browser may close and reopen in between.
    assert (
        int(cookie["max-age"])
        == (START + timedelta(minutes=90, days=1) - AT_THE_DOOR).total_seconds()
    )
    response = client.get(verify)
    assertRedirects(
        response,
        f"{sheet_url(slot)}?recherche={family.reference}#reservation-{family.reference}",
        fetch_redirect_response=False,
    )
    # Another slot's counter-mark: not for the outing the desk checks in, whatever else.
    rose = named("Autre-Créneau-Blanc").booking
    response = client.get(reverse("vouchers:verify", args=[tokens.make_token(rose)]))
    assertContains(response, "Pas pour le créneau que vous pointez")
    assertContains(response, "vaut pour le samedi 19 décembre 2026 à 20\u00a0h\u00a030")
    assertContains(response, "Revenir au pointage de «&nbsp;Le Petit Prince&nbsp;»")
    assertNotContains(response, "Contremarque valide")
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
    assert "valable jusqu'au dimanche 13 décembre 2026 à 22\u00a0h" in message.body
    (url,) = [line for line in message.body.splitlines() if "/v/pointage/" in line]
    with time_machine.travel(AT_THE_DOOR, tick=False):
        link = checkin.read_link(urlsplit(url).path.split("/")[-2])
    assert link.is_open and link.slot == slot
