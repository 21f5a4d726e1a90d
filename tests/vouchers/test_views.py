"""Counter-mark download (the booking's structure only) and the public verification page."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from bookings.models import BookingLogEntry, Participant
from structures.dates import french_datetime as datetime_fr
from structures.dates import french_time
from tests.factories import BookingFactory, PersonFactory, UserFactory
from vouchers import tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking():
    marie = PersonFactory(first_name="Marie", last_name="Dupont")
    return BookingFactory(
        structure=marie.structure,
        beneficiary=marie,
        slot__event__title="Le Songe d'une nuit d'été",
    )


def download_url(booking):
    return reverse("vouchers:download", args=[booking.reference])


def test_download_gives_the_pdf_as_an_attachment(client, booking, django_assert_max_num_queries):
    client.force_login(booking.booked_by)
    with django_assert_max_num_queries(8):
        response = client.get(download_url(booking))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="contremarque-{booking.reference}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    entry = BookingLogEntry.objects.get(booking=booking)
    assert (entry.action, entry.actor) == ("voucher", booking.booked_by)


def test_second_download_serves_the_stored_file(client, booking, monkeypatch):
    from vouchers import pdf

    client.force_login(booking.booked_by)
    b"".join(client.get(download_url(booking)).streaming_content)
    monkeypatch.setattr(pdf, "render_pdf", lambda *args: pytest.fail("rendered again"))
    response = client.get(download_url(booking))
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_colleague_may_download(client, booking):
    client.force_login(UserFactory(structure=booking.structure))
    assert client.get(download_url(booking)).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "staff"])
def test_others_get_nothing(client, booking, who):
    user = UserFactory() if who == "outsider" else UserFactory(staff=True)
    client.force_login(user)
    # Another structure's booking does not exist; an account without structure gets the
    # one "no structure" page.
    assert client.get(download_url(booking)).status_code == (404 if who == "outsider" else 403)
    assert not booking.voucher


def test_login_required(client, booking):
    response = client.get(download_url(booking))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_unknown_reference_is_404(client, booking):
    client.force_login(booking.booked_by)
    assert client.get(reverse("vouchers:download", args=["CDC-NOPE00"])).status_code == 404


def test_post_is_refused(client, booking):
    client.force_login(booking.booked_by)
    assert client.post(download_url(booking)).status_code == 405


def test_a_cancelled_booking_gets_a_clear_page(client):
    booking = BookingFactory(cancelled=True)
    client.force_login(booking.booked_by)
    response = client.get(download_url(booking))
    assertContains(response, "Contremarque indisponible", status_code=410)
    assertContains(
        response,
        f'La réservation <span class="nowrap">{booking.reference}</span> a été annulée',
        status_code=410,
    )
    assert not booking.voucher


# Verification page (what the QR code opens, without login).


def verify(client, booking_or_token):
    token = booking_or_token
    if not isinstance(token, str):
        token = tokens.make_token(booking_or_token)
    return client.get(reverse("vouchers:verify", args=[token]))


def test_verify_a_valid_counter_mark_without_login(client, booking, django_assert_max_num_queries):
    with (
        time_machine.travel(booking.slot.starts_at - timedelta(hours=1), tick=False),
        django_assert_max_num_queries(5),
    ):
        response = verify(client, booking)
    assertContains(response, "Contremarque valide")
    assertContains(response, "Le Songe d&#x27;une nuit d&#x27;été")
    assertContains(response, "<dt>Invitations</dt><dd>1</dd>", html=True)
    assertContains(response, booking.slot.event.venue.name)
    # The participants as first name and last-name initial, nothing else about anyone.
    assertContains(response, "<li><span>Marie D.</span></li>", html=True)
    assertNotContains(response, "Dupont")
    assertNotContains(response, booking.structure.name)
    assertNotContains(response, booking.booked_by.email)
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_verify_a_cancelled_counter_mark(client):
    booking = BookingFactory(cancelled=True)
    response = verify(client, booking)
    assertContains(response, "Contremarque annulée")
    assertNotContains(response, "Contremarque valide")


def test_verify_a_counter_mark_for_another_day(client, booking):
    """Valid, but not tonight: the desk must not let the person in."""
    with time_machine.travel(booking.slot.starts_at - timedelta(days=1), tick=False):
        response = verify(client, booking)
    assertContains(response, "Pas pour aujourd'hui&nbsp;: cette contremarque")
    assertContains(response, f"vaut pour le {datetime_fr(booking.slot.starts_at)}")
    assertNotContains(response, "Contremarque valide")
    # Whoever opens it without the sheet learns how to check people in.
    assertContains(response, "Ouvrez d'abord sur ce téléphone le lien de pointage")


def test_verify_a_counter_mark_whose_event_is_over(client, booking):
    booking.slot.event.duration_minutes = 120
    booking.slot.event.save()
    with time_machine.travel(booking.slot.starts_at + timedelta(minutes=119), tick=False):
        assertContains(verify(client, booking), "Contremarque valide")
    with time_machine.travel(booking.slot.starts_at + timedelta(minutes=120), tick=False):
        response = verify(client, booking)
    assertContains(response, "Événement terminé&nbsp;: cette contremarque")
    assertNotContains(response, "Contremarque valide")
    assertNotContains(response, "Marie")  # no names once it can no longer be used


def test_verify_a_counter_mark_already_checked_in(client, booking):
    guest = Participant.objects.create(
        booking=booking,
        role=Participant.Role.GUEST,
        first_name="Inès",
        last_name="amrani",
        invited_by=booking.participants.get(),
    )
    marie = booking.participants.get(role="beneficiary")
    arrived_at = booking.slot.starts_at - timedelta(minutes=10)
    Participant.objects.filter(pk=marie.pk).update(checked_in_at=arrived_at)
    response = verify(client, booking)
    assertContains(response, "Déjà utilisée en partie&nbsp;: 1 personne sur 2")
    assertContains(response, f"Arrivée pointée à {french_time(arrived_at)}")
    assertContains(response, "Inès A.")
    Participant.objects.filter(pk=guest.pk).update(checked_in_at=booking.slot.starts_at)
    response = verify(client, booking)
    assertContains(response, "Déjà utilisée&nbsp;: toutes les personnes de la réservation")
    assertNotContains(response, "Contremarque valide")


@pytest.mark.parametrize(
    "token",
    [
        "CDC-AAAAAA.forged",
        "CDC-AAAAAA." + "x" * 500,
        "CDC-AAAAAA",
        "n'importe%20quoi",
        "x" * 500,
        "CDC-AAAAAA.a%0Ab",
        "1-1.signature",
    ],
)
def test_a_forged_altered_or_foreign_token_says_so(client, booking, token):
    response = client.get(f"/v/{token}/")
    assertContains(response, "Contremarque non reconnue", status_code=404)
    assertContains(response, "il a été modifié", status_code=404)


def test_a_check_in_links_token_is_no_counter_mark(client, booking):
    token = tokens.make_check_in_token(booking.slot)
    assertContains(verify(client, token), "Contremarque non reconnue", status_code=404)


def test_the_verification_page_is_rate_limited_by_address(client, booking, settings):
    settings.VERIFY_LIMIT_PER_IP = 3
    with time_machine.travel(booking.slot.starts_at - timedelta(hours=1), tick=False):
        for _ in range(2):
            assertContains(verify(client, booking), "Contremarque valide")
        # Bad tokens count too: guessing is braked like the rest.
        verify(client, "CDC-AAAAAA.forged")
        response = verify(client, booking)
        assertContains(response, "Trop de vérifications en peu de temps", status_code=429)
        assertNotContains(response, booking.reference, status_code=429)
        other = Client(REMOTE_ADDR="203.0.113.9")
        assertContains(verify(other, booking), "Contremarque valide")
    with time_machine.travel(booking.slot.starts_at - timedelta(minutes=49), tick=False):
        assertContains(verify(client, booking), "Contremarque valide")


def test_verify_a_token_of_another_booking_with_its_signature_swapped(client, booking):
    other = BookingFactory()
    reference, signature = tokens.make_token(booking).split(".", 1)
    forged = f"{other.reference}.{signature}"
    assertContains(verify(client, forged), "Contremarque non reconnue", status_code=404)


def test_verify_a_deleted_booking(client, booking):
    token = tokens.make_token(booking)
    booking.reference = "CDC-GONE22"
    booking.save()
    assertContains(verify(client, token), "Contremarque non reconnue", status_code=404)
