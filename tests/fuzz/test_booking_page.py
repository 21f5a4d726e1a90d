"""Fuzzing the booking page's actions, the cancellation and the attendance form, with
forged ids of another relay's persons, bookings and testimonials: no server error, no typed
HTML shown as HTML, and nothing saved by a POST that the page refuses."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from bookings.models import Booking, Participant, Testimonial
from bookings.participant_list import SESSION_KEY
from people.models import Person
from tests.bookings.followup_cast import outing
from tests.factories import BookingFactory, PersonFactory, SlotFactory, TestimonialFactory

from .strategies import check, form_data, fuzz

pytestmark = pytest.mark.django_db

PERSON = ["first_name", "last_name", "birth_year", "phone"]
COMPANION = ["first_name", "last_name", "companion_type", "phone"]
ACTIONS = {
    "search": ["q"],
    "add_person": ["person"],
    "add_companion": ["person"],
    "create_person": [f"personne-{name}" for name in PERSON],
    "create_companion": [f"accompagnateur-{name}" for name in COMPANION],
    "add_guest": ["host"],
    "remove": ["key"],
    "book": ["token"],
}


def counts():
    return (Person.objects.count(), Booking.objects.count(), Participant.objects.count())


@pytest.fixture
def page(worker, other_structure):
    """An open slot; persons of the worker's relay, and of another one (forged ids)."""
    ours = worker.structure
    forged = [
        PersonFactory(structure=other_structure).pk,
        PersonFactory(structure=other_structure, companion=True).pk,
        BookingFactory(structure=other_structure).pk,
    ]
    PersonFactory.create_batch(3, structure=ours, last_name="Durand")
    persons = [PersonFactory(structure=ours).pk, PersonFactory(structure=ours, companion=True).pk]
    return {"slot": SlotFactory(max_per_booking=4), "ids": persons + forged}


def entries(client, slot):
    return client.session.get(SESSION_KEY, {}).get(str(slot.pk), {})


# Placeholders for the page's token and the keys of the list so far: Hypothesis draws the
# same way whatever the session holds, and replays a failure exactly.
PLACEHOLDERS = ["@token", "@0", "@1", "@2", "@3"]


def resolve(value, client, slot):
    drawn = entries(client, slot)
    found = {"@token": drawn.get("token", "")}
    found |= {f"@{i}": entry["key"] for i, entry in enumerate(drawn.get("entries", []))}
    return found.get(value, "") if value in PLACEHOLDERS else value


def draw_action(data, client, slot, ids):
    name = data.draw(st.sampled_from(list(ACTIONS)))
    post = data.draw(form_data(ACTIONS[name], *PLACEHOLDERS, *ids))
    post = {field: resolve(value, client, slot) for field, value in post.items()}
    if name == "add_guest":
        guest = data.draw(form_data(["first_name", "last_name"]))
        post |= {f"invite-{post.get('host', '')}-{field}": v for field, v in guest.items()}
    return name, post


@fuzz(60)
@given(data=st.data())
def test_booking_page_actions(worker_client, page, data):
    slot = page["slot"]
    for _ in range(data.draw(st.integers(1, 4))):
        name, post = draw_action(data, worker_client, slot, page["ids"])
        before = counts()
        response = check(worker_client.post(reverse(f"bookings:{name}", args=[slot.pk]), post))
        if response.status_code != 302:
            assert counts() == before, (name, response.status_code)
    check(worker_client.get(reverse("bookings:new", args=[slot.pk])))
    for booking in Booking.objects.filter(slot=slot):
        check(worker_client.get(reverse("bookings:confirmation", args=[booking.reference])))


@pytest.fixture
def past_outing(worker, outsider):
    booking = outing(worker)
    theirs = outing(outsider)
    testimonial = TestimonialFactory(booking=theirs, participant=theirs.participants.first())
    ids = [p.pk for p in booking.participants.all()]
    return {"booking": booking, "ids": [*ids, theirs.participants.first().pk, testimonial.pk]}


ATTENDANCE_SET = ["TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"]
TESTIMONIAL = ["id", "participant", "text", "consent", "DELETE"]


@fuzz(50)
@given(data=st.data())
def test_attendance_and_testimonials(worker_client, past_outing, data):
    booking = past_outing["booking"]
    fields = [f"participant_{pk}" for pk in past_outing["ids"][:3]]
    fields += [f"temoignages-{name}" for name in ATTENDANCE_SET]
    fields += [f"temoignages-{i}-{name}" for i in (0, 1) for name in TESTIMONIAL]
    extra = ["present", "absent", "on", "1", *past_outing["ids"]]
    post = data.draw(
        form_data(fields, *extra, **{"temoignages-TOTAL_FORMS": st.sampled_from("12")})
    )
    theirs = list(Testimonial.objects.exclude(booking=booking).values())
    before = (Testimonial.objects.count(), list(booking.participants.values("attended")))
    url = reverse("bookings:attendance", args=[booking.reference])
    response = check(worker_client.post(url, post))
    if response.status_code != 302:
        after = (Testimonial.objects.count(), list(booking.participants.values("attended")))
        assert after == before
    assert list(Testimonial.objects.exclude(booking=booking).values()) == theirs
    check(worker_client.get(url))
    check(worker_client.get(reverse("bookings:testimonials")))


@fuzz(20)
@given(post=form_data(["reference", "confirm", "csrfmiddlewaretoken"]))
def test_cancellation(worker_client, worker, outsider, post):
    ours = BookingFactory(structure=worker.structure, booked_by=worker)
    theirs = BookingFactory(structure=outsider.structure, booked_by=outsider)
    check(worker_client.post(reverse("bookings:cancel", args=[ours.reference]), post))
    response = worker_client.post(reverse("bookings:cancel", args=[theirs.reference]), post)
    assert check(response).status_code in (400, 404)
    theirs.refresh_from_db()
    assert theirs.status == Booking.Status.CONFIRMED
