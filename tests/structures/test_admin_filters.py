"""Change-list filters and searches that stay light at national scale."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from bookings.models import typed_reference
from structures.admin.base import CappedCountPaginator, MoreThan
from tests import factories
from tests.conftest import staff_of

pytestmark = pytest.mark.django_db

BOOKINGS = "admin:bookings_booking_changelist"


@pytest.fixture
def bookings(paris):
    dupre = factories.PersonFactory(first_name="Élodie", last_name="Dupré")
    return {
        "dupré": factories.BookingFactory(
            beneficiary=dupre, slot__event__title="Cyrano", slot__event__partner__department=paris
        ),
        "other": factories.BookingFactory(
            slot__event__title="Le Misanthrope", slot__event__partner__department=paris
        ),
    }


def listed(response):
    return list(response.context["cl"].result_list)


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("CDC-7KQ2MZ", "CDC-7KQ2MZ"),
        ("  cdc-7kq2mz ", "CDC-7KQ2MZ"),
        ("7KQ2MZ", None),
        ("CDC-7KQ2M", None),
        ("Dupré", None),
        ("", None),
    ],
)
def test_a_typed_reference_is_recognised_whatever_its_case(text, reference):
    assert typed_reference(text) == reference


def test_a_booking_found_by_reference_is_found_alone(admin_client, bookings):
    booking = bookings["dupré"]

    response = admin_client.get(reverse(BOOKINGS), {"q": booking.reference.lower()})

    assert listed(response) == [booking]


def test_a_booking_with_two_matching_participants_is_listed_once(admin_client, bookings):
    booking = bookings["dupré"]
    factories.ParticipantFactory(booking=booking, first_name="Marc", last_name="Dupré")

    response = admin_client.get(reverse(BOOKINGS), {"q": "dupre"})

    assert listed(response) == [booking]


def test_participants_are_found_by_name_or_by_reference_newest_first(admin_client, bookings):
    url = reverse("admin:bookings_participant_changelist")
    dupre = bookings["dupré"].participants.get()
    newest = bookings["other"].participants.get()

    by_name = admin_client.get(url, {"q": "elodie DUPRE"})
    by_reference = admin_client.get(url, {"q": bookings["dupré"].reference})
    everyone = admin_client.get(url)

    assert listed(by_name) == [dupre]
    assert listed(by_reference) == [dupre]
    assert listed(everyone) == [newest, dupre]


def test_history_is_found_by_reference_and_by_email(admin_client, bookings):
    entry = factories.BookingLogEntryFactory(booking=bookings["dupré"])
    factories.BookingLogEntryFactory(booking=bookings["other"])
    url = reverse("admin:bookings_bookinglogentry_changelist")

    by_reference = admin_client.get(url, {"q": bookings["dupré"].reference})
    by_email = admin_client.get(url, {"q": entry.actor.email})

    assert listed(by_reference) == [entry]
    assert listed(by_email) == [entry]


def test_the_list_counts_once(admin_client, bookings):
    response = admin_client.get(reverse(BOOKINGS), {"q": "dupre"})

    assert response.context["cl"].show_full_result_count is False
    assertContains(response, "1 réservation")
    assertNotContains(response, "au total")


def test_the_event_filter_is_typed_not_listed(admin_client, bookings):
    cyrano = bookings["dupré"].slot.event

    unfiltered = admin_client.get(reverse(BOOKINGS))
    filtered = admin_client.get(
        reverse(BOOKINGS), {"slot__event__id__exact": cyrano.pk, "status": "confirmed"}
    )

    # No option per event: only the chosen one, named, in the autocomplete's select.
    assertNotContains(unfiltered, "Le Misanthrope</option>")
    assertContains(unfiltered, 'data-autosubmit=""', count=2)
    assertContains(unfiltered, "admin/js/autocomplete.js")
    assert listed(filtered) == [bookings["dupré"]]
    assertContains(filtered, f'<option value="{cyrano.pk}" selected>{cyrano}</option>', html=True)
    # The other filters stay when the event changes.
    assertContains(filtered, '<input type="hidden" name="status" value="confirmed">', html=True)


def test_the_event_autocomplete_offers_the_staff_members_events_only(
    client, staff_75, bookings, seine_saint_denis
):
    factories.EventFactory(title="Cyrano à Bobigny", partner__department=seine_saint_denis)
    client.force_login(staff_75)

    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "cyrano", "app_label": "events", "model_name": "slot", "field_name": "event"},
    )

    assert [r["text"] for r in response.json()["results"]] == [str(bookings["dupré"].slot.event)]


def test_the_department_filter_shows_only_to_staff_of_several(
    client, paris, seine_saint_denis, bookings
):
    one = staff_of(paris, email="une@asso.test")
    several = staff_of(paris, email="deux@asso.test")
    several.departments.add(seine_saint_denis)

    client.force_login(one)
    for_one = client.get(reverse(BOOKINGS))
    client.force_login(several)
    for_several = client.get(reverse(BOOKINGS))

    assertNotContains(for_one, "slot__event__department__id__exact=")
    assertContains(for_several, f"slot__event__department__id__exact={seine_saint_denis.pk}")


def test_a_long_list_is_counted_up_to_the_cap(admin_client, bookings, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "cap", 1)
    url = reverse("admin:bookings_participant_changelist")

    response = admin_client.get(url, {"q": ""})
    searched = admin_client.get(url, {"q": "dupre"})

    assert len(listed(response)) == 2
    assertContains(response, "plus de 1 participants")
    assertContains(searched, "1 participant")
    assertNotContains(searched, "plus de")


def test_the_cap_says_more_than_a_thousand_in_french():
    assert str(MoreThan(1000)) == "plus de 1\u202f000"
    assert MoreThan(1000) == 1001
