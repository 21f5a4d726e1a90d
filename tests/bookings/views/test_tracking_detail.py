"""The booking detail: what it shows, which actions it offers, its .ics file, the 404s."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pytest_django.asserts import assertContains, assertNotContains

from bookings.cancellation import cancel
from events.models import Event, Slot
from tests.factories import SlotFactory, UserFactory
from tests.signed_in import travel

from ..tracking_cast import EXPIRED_HTML, before_cutoff, booking_for, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot():
    return SlotFactory(
        event__title="Cyrano de Bergerac",
        event__venue__name="Théâtre de la Ville",
        event__venue__phone="01 42 74 22 77",
        invitations_offered=10,
    )


@pytest.fixture
def booking(worker, slot):
    marie = person(worker.structure, "Marie", "Dupont")
    paul = person(worker.structure, "Paul", "Durand")
    anne = person(worker.structure, "Anne", "Benoît", kind="companion")
    return booking_for(worker, slot, marie, paul, guests=[(0, "Léa", "Invitée")], companions=[anne])


def url(booking, name="bookings:detail"):
    return reverse(name, args=[booking.reference])


def test_the_detail_shows_the_booking(app, booking, slot, worker):
    response = app.get(url(booking))
    content = response.content.decode()
    event_url = reverse("events:detail", args=[slot.event.pk])
    assertContains(response, f"Réservation {booking.reference}")
    assertContains(response, f'<a href="{event_url}">Cyrano de Bergerac</a>', html=True)
    assertContains(response, "Théâtre de la Ville")
    assertContains(response, "Camille Martin, le ")
    assertContains(response, "Confirmée")
    # Participants by role: each followed person, then their guests, then the companions.
    names = ["Marie Dupont", "Léa Invitée", "Paul Durand", "Anne Benoît"]
    positions = [content.index(f'<td data-label="Nom">{name}</td>') for name in names]
    assert positions == sorted(positions)
    assertContains(response, '<td data-label="Rôle">Invité de Marie Dupont</td>', html=True)
    assertContains(response, '<td data-label="Rôle">Accompagnateur</td>', html=True)
    # The history, read-only.
    assertContains(response, '<td data-label="Action">Réservation</td>', html=True)
    assertContains(response, '<td data-label="Par">Camille Martin</td>', html=True)
    assertNotContains(response, '<form method="post" action="/reservations')
    # The actions.
    assertContains(response, f'href="{event_url}">Voir l')
    assertContains(response, f'href="{url(booking, "vouchers:download")}" download>Imprimer')
    assertContains(response, f'href="{url(booking, "bookings:cancel")}">Annuler')
    assertContains(response, f'href="{url(booking, "bookings:ics")}" download>Ajouter à mon agenda')
    assertContains(response, "possible jusqu")


def test_the_detail_costs_a_fixed_number_of_queries(
    app, worker, booking, slot, django_assert_max_num_queries
):
    small = booking_for(worker, slot, person(worker.structure, "Solo", "Seul"))
    with django_assert_max_num_queries(6):
        assert app.get(url(small)).status_code == 200
    for _ in range(5):
        app.get(url(booking, "vouchers:download"))  # five more history entries
    with django_assert_max_num_queries(6):
        assertContains(app.get(url(booking)), "Contremarque téléchargée", count=5)


def test_a_cancelled_booking_says_so_and_offers_nothing_that_cannot_work(app, booking, worker):
    cancel(booking, by=worker)
    response = app.get(url(booking))
    assertContains(response, "Cette réservation est annulée")
    assertContains(response, "Annulée")
    assertContains(response, '<td data-label="Action">Annulation</td>', html=True)
    assertNotContains(response, url(booking, "vouchers:download"))
    assertNotContains(response, url(booking, "bookings:cancel"))
    assertNotContains(response, url(booking, "bookings:ics"))


def test_a_booking_cancelled_by_staff_names_the_team(app, booking):
    staff = UserFactory(staff=True, first_name="Inès", last_name="Roux")
    cancel(booking, by=staff, on_behalf=True)
    response = app.get(url(booking))
    assertContains(response, "par Inès Roux (équipe de l'association)")
    assertContains(response, '<td data-label="Action">Annulation par l&#x27;équipe</td>', html=True)


def test_the_cancelled_booking_counter_mark_gets_a_clear_page(app, booking, worker):
    cancel(booking, by=worker)
    response = app.get(url(booking, "vouchers:download"))
    assertContains(response, "a été annulée", status_code=410)
    assertContains(response, "ne peut plus être téléchargée", status_code=410)


def test_after_the_cutoff_the_detail_gives_the_phone_numbers_instead(app, booking, slot):
    department = slot.event.department
    department.team_phone = "01 53 00 00 75"
    department.save()
    with travel(app, slot.closes_at + timedelta(minutes=1), tick=False):
        response = app.get(url(booking))
    assertContains(response, EXPIRED_HTML)
    assertContains(response, "01 53 00 00 75")
    assertContains(response, "01 42 74 22 77")
    # Nobody asked to cancel yet: the page says what to do if needed, not "not confirmed".
    assertContains(response, "Si vous devez annuler cette réservation, informez")
    assertNotContains(response, "Votre annulation n&#x27;est pas confirmée")
    assertNotContains(response, url(booking, "bookings:cancel"))
    assertContains(response, url(booking, "vouchers:download"))  # still printable


def test_once_the_guest_list_left_the_detail_gives_the_phone_numbers(app, booking, slot):
    Slot.objects.filter(pk=slot.pk).update(guest_list_sent_at=timezone.now())
    response = app.get(url(booking))
    assertContains(response, EXPIRED_HTML)
    assertNotContains(response, url(booking, "bookings:cancel"))


def test_a_past_booking_shows_the_title_without_a_link(app, worker):
    past = SlotFactory(past=True, event__title="Le Malade imaginaire")
    booking = booking_for(
        worker, past, person(worker.structure, "Marie", "Dupont"), at=before_cutoff(past)
    )
    response = app.get(url(booking))
    assertContains(response, "<dd>Le Malade imaginaire</dd>", html=True)
    assertNotContains(response, reverse("events:detail", args=[past.event.pk]))
    assertContains(response, "Passée")
    assertNotContains(response, EXPIRED_HTML)  # nothing to call about: it took place
    assertNotContains(response, url(booking, "bookings:cancel"))
    assertNotContains(response, url(booking, "bookings:ics"))


def test_an_unpublished_event_is_not_linked(app, booking, slot):
    Event.objects.filter(pk=slot.event.pk).update(is_published=False)
    response = app.get(url(booking))
    assertNotContains(response, reverse("events:detail", args=[slot.event.pk]))
    assertContains(response, "<dd>Cyrano de Bergerac</dd>", html=True)


@pytest.mark.parametrize("name", ["bookings:detail", "bookings:ics", "bookings:cancel"])
def test_unknown_reference_is_404(app, booking, name):
    response = app.get(reverse(name, args=["CDC-NOPE00"]))
    assertContains(response, "Page introuvable", status_code=404)


@pytest.mark.parametrize("name", ["bookings:detail", "bookings:ics", "bookings:cancel"])
def test_others_get_404(client, booking, name):
    client.force_login(UserFactory())
    assertContains(client.get(url(booking, name)), "Page introuvable", status_code=404)


@pytest.mark.parametrize("name", ["bookings:detail", "bookings:ics", "bookings:cancel"])
def test_staff_without_structure_get_the_no_structure_page(client, booking, name):
    client.force_login(UserFactory(staff=True))
    assertContains(
        client.get(url(booking, name)), "Page réservée aux travailleurs sociaux", status_code=403
    )


@pytest.mark.parametrize("name", ["bookings:detail", "bookings:ics"])
def test_login_required(client, booking, name):
    response = client.get(url(booking, name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_colleague_sees_the_booking(client, booking, worker):
    client.force_login(UserFactory(structure=worker.structure))
    assert client.get(url(booking)).status_code == 200


# "Ajouter à mon agenda"


def ics_lines(response):
    text = response.content.decode()
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text.split("\r\n")[:-1]


def ics_event(response):
    """The one VEVENT of the file, parsed back by icalendar."""
    (entry,) = Calendar.from_ical(response.content).walk("VEVENT")
    return entry


def test_the_calendar_file(app, worker):
    starts = datetime(2026, 12, 12, 19, 30, tzinfo=UTC)  # 20 h 30 in Paris
    slot = SlotFactory(
        starts_at=starts,
        event__title="Roméo, Juliette; et les autres",
        event__duration_minutes=90,
        event__venue__name="Salle Pleyel",
    )
    with travel(app, starts - timedelta(days=10), tick=False):
        booking = booking_for(worker, slot, person(worker.structure, "Marie", "Dupont"))
        response = app.get(url(booking, "bookings:ics"))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="reservation-{booking.reference}.ics"'
    )
    lines = ics_lines(response)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = "\r\n".join(lines).replace("\r\n ", "")
    fields = dict(line.split(":", 1) for line in unfolded.split("\r\n"))
    assert fields["VERSION"] == "2.0"
    assert fields["DTSTART"] == "20261212T193000Z"
    assert fields["DTEND"] == "20261212T210000Z"
    assert fields["SUMMARY"] == "Roméo\\, Juliette\\; et les autres"
    assert fields["LOCATION"] == "Salle Pleyel\\, 12 rue de la Paix\\, 75002 Paris"
    assert fields["UID"] == f"{booking.reference}@127.0.0.1"
    assert fields["STATUS"] == "CONFIRMED"
    assert f"Réservation {booking.reference} : 1 invitation.\\n" in fields["DESCRIPTION"]
    assert "\\n" in fields["DESCRIPTION"]

    # What a calendar reads back: the values unescaped, the times those of the slot.
    entry = ics_event(response)
    assert entry["SUMMARY"] == "Roméo, Juliette; et les autres"
    assert entry["LOCATION"] == "Salle Pleyel, 12 rue de la Paix, 75002 Paris"
    assert entry.decoded("DTSTART") == starts
    assert entry.decoded("DTEND") == starts + timedelta(minutes=90)
    assert entry["DESCRIPTION"].splitlines() == [
        f"Réservation {booking.reference} : 1 invitation.",
        "Contremarque à présenter à l'accueil le jour de l'événement.",
        f"http://127.0.0.1:8000{url(booking)}",
    ]
    assert entry["URL"] == f"http://127.0.0.1:8000{url(booking)}"
    assert entry["SEQUENCE"] == 0


def test_the_calendar_file_counts_invitations_in_french(app, worker):
    marie = person(worker.structure, "Marie", "Dupont")
    booking = booking_for(worker, SlotFactory(), marie, guests=[(0, "Léa", "Invitée")])
    lines = ics_lines(app.get(url(booking, "bookings:ics")))
    description = "\r\n".join(lines).replace("\r\n ", "").split("DESCRIPTION:", 1)[1]
    assert description.startswith(f"Réservation {booking.reference} : 2 invitations.\\n")
    assert "(s)" not in description


def test_a_long_line_is_folded_between_characters(app, worker):
    slot = SlotFactory(event__title="Éé" * 60)
    booking = booking_for(worker, slot, person(worker.structure, "Marie", "Dupont"))
    response = app.get(url(booking, "bookings:ics"))
    lines = ics_lines(response)
    assert all(len(line.encode()) <= 75 for line in lines)
    start = next(i for i, line in enumerate(lines) if line.startswith("SUMMARY:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    assert end - start > 1  # folded
    summary = lines[start] + "".join(line.removeprefix(" ") for line in lines[start + 1 : end])
    assert summary == "SUMMARY:" + "Éé" * 60
    assert ics_event(response)["SUMMARY"] == "Éé" * 60


def test_the_calendar_file_of_a_cancelled_booking_cancels_the_entry(app, booking, worker):
    cancel(booking, by=worker)
    response = app.get(url(booking, "bookings:ics"))
    lines = ics_lines(response)
    assert "STATUS:CANCELLED" in lines and "SEQUENCE:1" in lines
    entry = ics_event(response)
    assert entry["STATUS"] == "CANCELLED" and entry["SEQUENCE"] == 1
    assert entry["UID"] == f"{booking.reference}@127.0.0.1"
