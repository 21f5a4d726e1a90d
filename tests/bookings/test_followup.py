"""After the outing: the "à valider" rule, record_attendance(), "Mes témoignages" and
the attendance form."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings import models
from bookings.followup import (
    FollowUpError,
    TestimonialInput,
    record_attendance,
)
from tests.factories import TestimonialFactory, UserFactory

from .followup_cast import outing, roles

pytestmark = pytest.mark.django_db

Booking, Participant, BookingLogEntry = models.Booking, models.Participant, models.BookingLogEntry
PENDING, APPROVED = models.Testimonial.Status.PENDING, models.Testimonial.Status.APPROVED
MAX_LENGTH = models.Testimonial.MAX_LENGTH


def attendance_of(booking):
    return list(booking.participants.order_by("pk").values_list("attended", flat=True))


# The "à valider" rule -------------------------------------------------------------------


def test_to_validate_is_confirmed_past_and_not_recorded(worker):
    waiting = outing(worker)
    outing(worker, past=False)  # still to come
    outing(worker, cancelled=True, cancelled_at=timezone.now())  # cancelled
    recorded = outing(worker)
    Booking.objects.filter(pk=recorded.pk).update(attendance_recorded_at=timezone.now())
    outing(UserFactory())  # another structure's

    assert list(Booking.objects.for_structure(worker.structure).to_validate()) == [waiting]
    assert models.Booking.objects.for_structure(worker.structure).to_validate().count() == 1


def test_the_slot_start_is_the_moment_it_becomes_to_validate(worker, time_machine):
    booking = outing(worker, past=False)
    time_machine.move_to(booking.slot.starts_at - timedelta(minutes=1), tick=False)
    assert models.Booking.objects.for_structure(worker.structure).to_validate().count() == 0
    time_machine.move_to(booking.slot.starts_at, tick=False)
    assert models.Booking.objects.for_structure(worker.structure).to_validate().count() == 1


# record_attendance() --------------------------------------------------------------------


def test_record_attendance_and_a_testimonial(worker):
    booking = outing(worker)
    mina, leo, sam = roles(booking)

    record_attendance(
        booking,
        worker,
        {mina.pk: True, leo.pk: True, sam.pk: False},
        [TestimonialInput(participant_id=leo.pk, text="  Génial !  ", consent=True)],
    )

    booking.refresh_from_db()
    assert booking.attendance_recorded_at is not None
    assert attendance_of(booking) == [True, True, False]
    assert models.Booking.objects.for_structure(worker.structure).to_validate().count() == 0
    testimonial = booking.testimonials.get()
    assert (testimonial.participant, testimonial.text, testimonial.consent) == (
        leo,
        "Génial !",
        True,
    )
    assert testimonial.status == PENDING
    assert testimonial.author_label == "Invité (L.)"
    entry = booking.log_entries.get(action=BookingLogEntry.Action.ATTENDANCE)
    assert entry.actor == worker
    assert entry.details == {
        "present": sorted([mina.pk, leo.pk]),
        "absent": [sam.pk],
        "testimonials_added": 1,
        "testimonials_changed": 0,
        "testimonials_deleted": 0,
    }


def assert_nothing_saved(booking):
    booking.refresh_from_db()
    assert booking.attendance_recorded_at is None
    assert attendance_of(booking) == [None, None, None]
    assert not booking.testimonials.exists()
    assert not booking.log_entries.filter(action=BookingLogEntry.Action.ATTENDANCE).exists()


def test_an_event_not_yet_taken_place_is_refused(worker):
    booking = outing(worker, past=False)
    mina, leo, sam = roles(booking)

    with pytest.raises(FollowUpError, match="L'événement n'a pas encore eu lieu"):
        record_attendance(booking, worker, {mina.pk: True, leo.pk: True, sam.pk: True})

    assert_nothing_saved(booking)


def test_a_cancelled_booking_is_refused(worker):
    booking = outing(worker, cancelled=True, cancelled_at=timezone.now())
    mina, leo, sam = roles(booking)

    with pytest.raises(FollowUpError, match="Cette réservation a été annulée"):
        record_attendance(booking, worker, {mina.pk: True, leo.pk: True, sam.pk: True})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("missing", "Indiquez pour chaque participant"),
        ("foreign author", "L'auteur du témoignage doit être un participant"),
        ("too long", f"Le témoignage compte {MAX_LENGTH + 1} caractères : {MAX_LENGTH} au maximum"),
        ("empty", "Écrivez le témoignage"),
    ],
)
def test_bad_input_saves_nothing(worker, change, message):
    booking = outing(worker)
    mina, leo, sam = roles(booking)
    attendance = {mina.pk: True, leo.pk: True, sam.pk: False}
    testimonial = TestimonialInput(participant_id=mina.pk, text="Merci !")
    if change == "missing":
        del attendance[sam.pk]
    elif change == "foreign author":
        other = outing(UserFactory())
        testimonial = TestimonialInput(participant_id=roles(other)[0].pk, text="Merci !")
    elif change == "too long":
        testimonial = TestimonialInput(participant_id=mina.pk, text="a" * (MAX_LENGTH + 1))
    else:
        testimonial = TestimonialInput(participant_id=mina.pk, text="   ")

    with pytest.raises(FollowUpError, match=message):
        record_attendance(booking, worker, attendance, [testimonial])

    assert_nothing_saved(booking)


def test_pending_testimonials_stay_editable_moderated_ones_do_not(worker):
    booking = outing(worker)
    mina, leo, sam = roles(booking)
    attendance = {mina.pk: True, leo.pk: True, sam.pk: True}
    pending = TestimonialFactory(booking=booking, participant=mina, text="Bien", consent=False)
    to_delete = TestimonialFactory(booking=booking, participant=sam, text="À effacer")
    approved = TestimonialFactory(
        booking=booking, participant=leo, status=APPROVED, moderated_at=timezone.now()
    )

    record_attendance(
        booking,
        worker,
        attendance,
        [
            TestimonialInput(participant_id=mina.pk, text="Très bien", consent=True, pk=pending.pk),
            TestimonialInput(participant_id=None, pk=to_delete.pk, delete=True),
        ],
    )

    pending.refresh_from_db()
    assert (pending.text, pending.consent, pending.status) == ("Très bien", True, PENDING)
    assert not booking.testimonials.filter(pk=to_delete.pk).exists()

    for change in (
        TestimonialInput(participant_id=leo.pk, text="Corrigé", pk=approved.pk),
        TestimonialInput(participant_id=None, pk=approved.pk, delete=True),
    ):
        with pytest.raises(FollowUpError, match="déjà été relu"):
            record_attendance(booking, worker, attendance, [change])
    approved.refresh_from_db()
    assert approved.text == "Une très belle soirée, merci !"

    other = TestimonialFactory(booking=outing(UserFactory()))
    with pytest.raises(FollowUpError, match="ne fait pas partie de la réservation"):
        record_attendance(
            booking,
            worker,
            attendance,
            [TestimonialInput(participant_id=mina.pk, text="Volé", pk=other.pk)],
        )


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
    assert content.count("Accord de publication : oui") == 1
    assert content.count("Accord de publication : non") == 1
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
    assert f"Présences et témoignages enregistrés pour la réservation {booking.reference}" in (
        response.content.decode()
    )
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
    with django_assert_max_num_queries(6):
        client.get(reverse("bookings:attendance", args=[booking.reference]))
