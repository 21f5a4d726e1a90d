"""After the outing, the pages: "Mes témoignages" and the attendance form."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings import models
from tests.factories import TestimonialFactory, UserFactory
from tests.typography import typeset

from ..followup_cast import assert_nothing_saved, attendance_of, outing, roles

pytestmark = pytest.mark.django_db

Booking, Participant, BookingLogEntry = models.Booking, models.Participant, models.BookingLogEntry
APPROVED = models.Testimonial.Status.APPROVED
MAX_LENGTH = models.Testimonial.MAX_LENGTH


# "Mes témoignages" ----------------------------------------------------------------------


def test_testimonials_page_needs_login(client):
    response = client.get(reverse("bookings:testimonials"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_testimonials_page_lists_outings_to_validate_and_recorded(client, worker, outsider):
    waiting = outing(worker)
    done = outing(worker)
    mina = roles(done)[0]
    Booking.objects.filter(pk=done.pk).update(attendance_recorded_at=timezone.now())
    Participant.objects.filter(pk=mina.pk).update(attended=True)
    TestimonialFactory(booking=done, participant=mina, text="Un grand moment.")
    foreign = outing(outsider)
    client.force_login(worker)

    response = client.get(reverse("bookings:testimonials"))

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["to_validate"].paginator.count == 1
    assert reverse("bookings:attendance", args=[waiting.reference]) in content
    assert foreign.reference not in content
    assert "Saisir les présences" in content
    assert "1 présent sur 3 invitations" in content
    assert "Personne suivie (M.)" in content
    assert "Un grand moment." in content
    assert "Durand" not in content  # testimonials show role and initial only


def test_testimonial_status_separates_consent_from_moderation(client, worker):
    booking = outing(worker)
    mina, leo, _ = roles(booking)
    Booking.objects.filter(pk=booking.pk).update(attendance_recorded_at=timezone.now())
    TestimonialFactory(booking=booking, participant=mina, text="Oui", consent=True)
    TestimonialFactory(booking=booking, participant=leo, text="Non", consent=False)
    client.force_login(worker)

    content = client.get(reverse("bookings:testimonials")).content.decode()

    assert content.count("À modérer") == 2
    assert content.count("Accord de publication&nbsp;: oui") == 1
    assert content.count("Accord de publication&nbsp;: non") == 1
    assert "Publication acceptée" not in content
    assert "Pas de publication" not in content


def test_testimonials_page_query_count_is_fixed(client, worker, django_assert_max_num_queries):
    client.force_login(worker)
    for _ in range(2):
        booking = outing(worker)
        Booking.objects.filter(pk=booking.pk).update(attendance_recorded_at=timezone.now())
        TestimonialFactory(booking=booking)
        outing(worker)
    with django_assert_max_num_queries(8):
        client.get(reverse("bookings:testimonials"))
    for _ in range(8):
        booking = outing(worker)
        Booking.objects.filter(pk=booking.pk).update(attendance_recorded_at=timezone.now())
        TestimonialFactory(booking=booking)
        outing(worker)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("bookings:testimonials"))
    assert response.context["to_validate"].paginator.count == 10


def test_staff_without_structure_are_sent_to_the_administration(client):
    client.force_login(UserFactory(staff=True))
    for name in ("bookings:testimonials", "bookings:stats"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "Votre compte n'est rattaché à aucune structure" in response.content.decode()
        assert reverse("admin:index") in response.content.decode()


# The attendance form --------------------------------------------------------------------


def test_attendance_form_has_a_fieldset_per_participant(client, worker):
    booking = outing(worker)
    client.force_login(worker)

    response = client.get(reverse("bookings:attendance", args=[booking.reference]))

    content = response.content.decode()
    assert response.status_code == 200
    for legend in (
        "Mina Durand – Personne suivie",
        "Léo Petit – Invité",
        "Sam Roy – Accompagnateur",
    ):
        assert f"<legend>{legend}" in content
    assert content.count('type="radio"') == 6
    assert "La personne accepte la publication de son témoignage" in content
    # Every label ends with "\N{NO-BREAK SPACE}:", the author's drop-down as the others.
    assert ">Personne qui témoigne\N{NO-BREAK SPACE}:</label>" in content
    assert ">Témoignage\N{NO-BREAK SPACE}:</label>" in content
    assert f'maxlength="{MAX_LENGTH}"' in content
    # Authors are chosen by role and initial.
    assert f'<option value="{roles(booking)[0].pk}">Personne suivie (M.)</option>' in content
    assert "Nouveau témoignage" in content


def form_data(booking, presence=("present", "present", "absent"), **testimonial):
    mina, leo, sam = roles(booking)
    data = {
        f"participant_{p.pk}": value
        for p, value in zip((mina, leo, sam), presence, strict=True)
        if value
    }
    data.update(
        {
            "temoignages-TOTAL_FORMS": "1",
            "temoignages-INITIAL_FORMS": "0",
            "temoignages-MIN_NUM_FORMS": "0",
            "temoignages-MAX_NUM_FORMS": "50",
            "temoignages-0-participant": testimonial.get("participant", ""),
            "temoignages-0-text": testimonial.get("text", ""),
        }
    )
    if testimonial.get("consent"):
        data["temoignages-0-consent"] = "on"
    return data


def test_saving_the_attendance_form(client, worker):
    booking = outing(worker)
    mina = roles(booking)[0]
    client.force_login(worker)

    response = client.post(
        reverse("bookings:attendance", args=[booking.reference]),
        form_data(booking, participant=mina.pk, text="On a beaucoup ri.", consent=True),
        follow=True,
    )

    assert response.redirect_chain == [(reverse("bookings:testimonials"), 302)]
    saved = typeset(f"Présences et témoignages enregistrés pour la réservation {booking.reference}")
    assert saved in response.content.decode()
    assert attendance_of(booking) == [True, True, False]
    testimonial = booking.testimonials.get()
    assert (testimonial.participant, testimonial.text, testimonial.consent) == (
        mina,
        "On a beaucoup ri.",
        True,
    )
    assert response.context["to_validate"].paginator.count == 0


def test_save_and_add_another_comes_back_to_the_form(client, worker):
    booking = outing(worker)
    url = reverse("bookings:attendance", args=[booking.reference])
    client.force_login(worker)

    response = client.post(
        url,
        {**form_data(booking, participant=roles(booking)[1].pk, text="Super"), "add_another": "1"},
    )

    assert response.status_code == 302
    assert response.url == f"{url}#nouveau-temoignage"
    page = client.get(url).content.decode()
    assert "Super</textarea>" in page  # the pending one, still editable
    assert "Nouveau témoignage" in page
    assert 'name="temoignages-TOTAL_FORMS" value="2"' in page


def test_a_saved_attendance_can_be_corrected(client, worker):
    booking = outing(worker)
    sam = roles(booking)[2]
    url = reverse("bookings:attendance", args=[booking.reference])
    client.force_login(worker)
    client.post(url, form_data(booking))
    page = client.get(url).content.decode()
    assert re.search(rf'name="participant_{sam.pk}" value="absent"[^>]*checked', page)

    client.post(url, form_data(booking, presence=("present", "absent", "absent")))

    assert attendance_of(booking) == [True, False, False]
    assert booking.log_entries.filter(action=BookingLogEntry.Action.ATTENDANCE).count() == 2


def test_all_present_ticks_everyone_without_saving(client, worker):
    """ "Tous présents" without JavaScript: a GET of the page, everyone ticked present,
    even a participant recorded absent before; nothing changes until "Enregistrer"."""
    booking = outing(worker)
    url = reverse("bookings:attendance", args=[booking.reference])
    client.force_login(worker)
    client.post(url, form_data(booking))
    page = client.get(url).content.decode()
    # The button submits the page's own GET form, with JavaScript or without.
    assert (
        '<button type="submit" class="button button-secondary" form="tous-presents" '
        'name="presents" value="tous" data-all-present>Tous présents</button>'
    ) in page
    assert f'<form method="get" id="tous-presents" action="{url}#qui-est-venu">' in page
    assert "Tous les participants sont indiqués présents" not in page

    response = client.get(url, {"presents": "tous"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Tous les participants sont indiqués présents" in page
    for participant in roles(booking):
        assert re.search(rf'name="participant_{participant.pk}" value="present"[^>]*checked', page)
        assert not re.search(
            rf'name="participant_{participant.pk}" value="absent"[^>]*checked', page
        )
    assert attendance_of(booking) == [True, True, False]  # still as saved


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"presence": ("present", "", "absent")}, "Indiquez si cette personne était présente"),
        ({"text": "a" * 5000, "participant": "mina"}, "Le témoignage compte 5000 caractères"),
        ({"text": "Sans auteur"}, "Indiquez qui a témoigné."),
        ({"participant": "mina"}, "Écrivez le témoignage."),
        ({"participant": "foreign", "text": "Intrus"}, "Choisissez l&#x27;auteur parmi"),
    ],
)
def test_bad_input_re_renders_in_french_and_saves_nothing(client, worker, data, message):
    booking = outing(worker)
    authors = {"mina": roles(booking)[0].pk, "foreign": roles(outing(UserFactory()))[0].pk}
    if "participant" in data:
        data = {**data, "participant": authors[data["participant"]]}
    client.force_login(worker)

    response = client.post(
        reverse("bookings:attendance", args=[booking.reference]), form_data(booking, **data)
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "Rien n'a été enregistré" in content
    assert_nothing_saved(booking)


def test_another_structures_booking_is_404(client, worker, outsider):
    booking = outing(outsider)
    client.force_login(worker)
    url = reverse("bookings:attendance", args=[booking.reference])

    assert client.get(url).status_code == 404
    assert client.post(url, form_data(booking)).status_code == 404
    assert_nothing_saved(booking)


def test_an_event_to_come_is_refused_with_a_message(client, worker):
    booking = outing(worker, past=False)
    client.force_login(worker)

    response = client.post(
        reverse("bookings:attendance", args=[booking.reference]), form_data(booking), follow=True
    )

    assert response.redirect_chain == [(reverse("bookings:testimonials"), 302)]
    assert "L&#x27;événement n&#x27;a pas encore eu lieu" in response.content.decode()
    assert_nothing_saved(booking)


def test_moderated_testimonials_are_read_only(client, worker):
    booking = outing(worker)
    mina, leo, _ = roles(booking)
    TestimonialFactory(
        booking=booking,
        participant=leo,
        text="Approuvé par l'équipe",
        status=APPROVED,
        moderated_at=timezone.now(),
    )
    TestimonialFactory(booking=booking, participant=mina, text="Encore modifiable")
    client.force_login(worker)

    content = client.get(reverse("bookings:attendance", args=[booking.reference])).content.decode()

    assert "Approuvé par l&#x27;équipe" in content
    assert "Approuvé par l&#x27;équipe</textarea>" not in content
    assert "Encore modifiable</textarea>" in content
    assert "ne peut plus être modifié" in content


def test_attendance_page_query_count(client, worker, django_assert_max_num_queries):
    booking = outing(worker)
    TestimonialFactory(booking=booking)
    client.force_login(worker)
    # One more than before check-in: whether the venue ticked anyone on the slot.
    with django_assert_max_num_queries(7):
        client.get(reverse("bookings:attendance", args=[booking.reference]))
