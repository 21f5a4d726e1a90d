"""The personal space ("Mon espace"): its counts, its lists, staff without a structure."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from bookings.models import Booking
from structures.models import OutgoingEmail
from tests.bookings.waiting_cast import full_slot, group
from tests.events.helpers import NOISE, event_in, many_events, noise
from tests.factories import (
    BookingFactory,
    EventFactory,
    SlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.usefixtures("now")


def test_home_needs_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_home_counts_only_what_belongs_to_the_worker(
    worker_client, worker, structure, paris, seine_saint_denis, now
):
    noise(paris, seine_saint_denis, now)
    online = [event_in(paris, now, title=f"En ligne {n}") for n in range(3)]
    future_slot = online[0].slots.get()
    past_slot = SlotFactory(event=online[1], starts_at=now - timedelta(days=2))
    # In progress: confirmed, in the future, of the structure.
    BookingFactory.create_batch(2, slot=future_slot, structure=structure)
    BookingFactory(slot=future_slot, structure=structure, cancelled=True)
    BookingFactory(slot=future_slot)  # another structure
    # To validate: confirmed, past, attendance not recorded, of the structure.
    BookingFactory.create_batch(3, slot=past_slot, structure=structure)
    BookingFactory(slot=past_slot, structure=structure, attendance_recorded_at=now)
    BookingFactory(slot=past_slot, structure=structure, cancelled=True)
    BookingFactory(slot=past_slot)  # another structure

    response = worker_client.get(reverse("home"))

    assert response.status_code == 200
    assert response.context["online_count"] == 3
    assert response.context["in_progress_count"] == 2
    assert response.context["to_validate_count"] == 3
    content = response.content.decode()
    assert "Mon espace" in content
    assert "Relais Solidarité Paris" in content
    assert f'href="{reverse("events:hub")}">Réserver</a>' in content
    assert reverse("bookings:stats") in content
    assert reverse("bookings:testimonials") in content
    for title in NOISE:
        assert title not in content


def test_home_lists_newest_events_and_latest_bookings(worker_client, structure, paris, now):
    old = event_in(paris, now, title="Ancien", published_at=now - timedelta(days=50))
    for n in range(5):
        event_in(paris, now, title=f"Nouveau {n}", published_at=now - timedelta(days=n))
    mine = BookingFactory.create_batch(6, slot=old.slots.get(), structure=structure)
    for n, booking in enumerate(mine):
        Booking.objects.filter(pk=booking.pk).update(created_at=now - timedelta(hours=n))
    theirs = BookingFactory(slot=old.slots.get())

    response = worker_client.get(reverse("home"))

    assert [e.title for e in response.context["new_events"]] == [
        "Nouveau 0",
        "Nouveau 1",
        "Nouveau 2",
        "Nouveau 3",
    ]
    latest = list(response.context["latest_bookings"])
    assert latest == mine[:5]
    content = response.content.decode()
    for booking in mine[:5]:
        assert reverse("bookings:detail", args=[booking.reference]) in content
    assert mine[5].reference not in content
    assert theirs.reference not in content


def test_home_without_anything_yet(worker_client):
    response = worker_client.get(reverse("home"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Aucun événement n'est en ligne" in content
    assert "aucune réservation" in content
    assert "<strong>0</strong> réservation en cours" in content
    assert "<strong>0</strong> témoignage à valider" in content


def test_home_figures_lead_to_their_lists(worker_client, structure, paris, now):
    slot = event_in(paris, now, title="En ligne").slots.get()
    BookingFactory(slot=slot, structure=structure)

    response = worker_client.get(reverse("home"))

    online = reverse("events:search") + "?departement=75"
    for url, text in [
        (reverse("bookings:current"), "<strong>1</strong> réservation en cours"),
        (reverse("bookings:testimonials"), "<strong>0</strong> témoignage à valider"),
        (online, "<strong>1</strong> événement en ligne (département 75 – Paris)"),
    ]:
        assertContains(response, f'<a class="stat stat-link" href="{url}">{text}</a>', html=True)


def test_home_of_staff_uses_their_first_departement(client, paris, seine_saint_denis, now):
    event_in(seine_saint_denis, now, title="En Seine-Saint-Denis")
    staff = UserFactory(staff=True, departments=[seine_saint_denis])
    client.force_login(staff)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert response.context["department"] == seine_saint_denis
    assert response.context["online_count"] == 1
    assert "in_progress_count" not in response.context


def test_staff_without_departement_get_a_kind_message(client, db):
    client.force_login(UserFactory(staff=True))

    for name in ("home", "events:hub", "events:search"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "rattaché à aucun département" in response.content.decode()


def test_staff_without_structure_are_sent_to_the_administration(client, paris):
    client.force_login(UserFactory(staff=True, departments=[paris]))

    content = client.get(reverse("home")).content.decode()

    assert "Votre compte n'est rattaché à aucune structure" in content
    admin_index = reverse("admin:index")
    assert f'<a href="{admin_index}">l\'administration</a>' in content
    main = content.split('<main id="contenu"', 1)[1]  # the side menu keeps its links
    for worker_only in ("bookings:stats", "bookings:testimonials"):
        assert f'href="{reverse(worker_only)}"' not in main
    assert f'class="button" href="{reverse("events:hub")}">Réserver</a>' not in main


@pytest.mark.parametrize("count", [2, 30])
def test_home_queries_do_not_grow(
    worker_client,
    worker,
    structure,
    paris,
    seine_saint_denis,
    now,
    count,
    django_assert_max_num_queries,
):
    many_events(paris, now, count)
    slot = SlotFactory(
        event=EventFactory(partner__department=paris), starts_at=now, invitations_offered=100
    )
    bookings = BookingFactory.create_batch(count, slot=slot, structure=structure, booked_by=worker)
    for booking in bookings:  # every confirmation failed: at most 5 are told, in 2 queries
        failed_confirmation(booking)

    for _ in range(count // 10):  # lists on waiting lists: one count
        full, _booked = full_slot(1, event__partner__department=seine_saint_denis)
        group(worker, full, 1)

    with django_assert_max_num_queries(12):
        response = worker_client.get(reverse("home"))

    assert len(response.context["undelivered"]) == min(count, 5)
    assert response.context["waiting_count"] == count // 10

    assert response.context["online_count"] == count


def failed_confirmation(booking):
    return OutgoingEmail.objects.create(
        kind=OutgoingEmail.Kind.BOOKING_CONFIRMATION,
        status=OutgoingEmail.Status.FAILED,
        department=booking.slot.event.department,
        user=booking.booked_by,
        object_id=booking.pk,
        about=booking.reference,
        attempts=5,
        failed_at=timezone.now(),
        error="Le serveur d'e-mail n'a pas pu être joint ou n'a pas répondu : panne",
    )


@pytest.fixture
def slot(paris, now):
    return SlotFactory(event=EventFactory(partner__department=paris), starts_at=now)


def test_the_worker_is_told_which_confirmations_could_not_be_sent(worker_client, worker, slot):
    booking = BookingFactory(slot=slot, structure=worker.structure, booked_by=worker)
    failed_confirmation(booking)

    response = worker_client.get(reverse("home"))

    download = reverse("vouchers:download", args=[booking.reference])
    assertContains(
        response,
        f'<li>La confirmation de la réservation <span class="nowrap">{booking.reference}</span> '
        "n'a pas pu vous être envoyée par e-mail&nbsp;; la contremarque reste téléchargeable "
        f'<a href="{download}">ici</a>.</li>',
        html=True,
    )
    assert worker_client.get(download)["Content-Type"] == "application/pdf"


def test_a_failed_cancellation_notice_says_the_cancellation_holds(worker_client, worker, slot):
    booking = BookingFactory(slot=slot, structure=worker.structure, booked_by=worker)
    email = failed_confirmation(booking)
    OutgoingEmail.objects.filter(pk=email.pk).update(kind=OutgoingEmail.Kind.BOOKING_CANCELLATION)

    response = worker_client.get(reverse("home"))

    assertContains(
        response,
        f"L'avis d'annulation de la réservation <span class=\"nowrap\">{booking.reference}</span> "
        "n'a pas pu vous être envoyé par e-mail&nbsp;; l'annulation est bien enregistrée",
    )


@pytest.mark.parametrize(
    "change",
    ["colleague", "sent", "old", "cancelled since"],
)
def test_no_notice_for_what_is_not_the_workers_or_no_longer_holds(
    worker_client, worker, structure, slot, change
):
    booking = BookingFactory(slot=slot, structure=structure, booked_by=worker)
    email = failed_confirmation(booking)
    emails = OutgoingEmail.objects.filter(pk=email.pk)
    if change == "colleague":  # the colleague's booking: told to the colleague only
        colleague = UserFactory(structure=structure)
        Booking.objects.filter(pk=booking.pk).update(booked_by=colleague)
        emails.update(user=colleague)
    elif change == "sent":
        emails.update(status=OutgoingEmail.Status.SENT)
    elif change == "old":
        emails.update(created_at=timezone.now() - timedelta(days=31))
    else:
        Booking.objects.filter(pk=booking.pk).update(
            status=Booking.Status.CANCELLED, cancelled_at=timezone.now()
        )

    response = worker_client.get(reverse("home"))

    assert response.context["undelivered"] == []
    assertNotContains(response, "n'a pas pu vous être envoyée")
