"""The event form in the staff's words: one date-and-time input per value (read in Paris,
without JavaScript), checkboxes for genres and audiences, help texts for the relays, the
slots' add link, and a change list that keeps to the columns staff need."""

from datetime import UTC, datetime

import pytest
from django import forms
from django.contrib.admin.templatetags.admin_list import result_headers
from django.urls import reverse

from events.admin_forms import EVENT_HELP_TEXTS, ParisDateTimeField, SlotForm
from tests import factories

from .admin_data import PARIS, event_add_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("admin_now")]


# --- One date-and-time field, read in Paris --------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-03-14T20:30", datetime(2026, 3, 14, 19, 30, tzinfo=UTC)),  # winter: UTC+1
        ("2026-07-14T20:30", datetime(2026, 7, 14, 18, 30, tzinfo=UTC)),  # summer: UTC+2
        ("2026-03-14T20:30:00", datetime(2026, 3, 14, 19, 30, tzinfo=UTC)),
        ("14/03/2026 20:30", datetime(2026, 3, 14, 19, 30, tzinfo=UTC)),  # no picker: text box
        ("14/03/2026 20h30", datetime(2026, 3, 14, 19, 30, tzinfo=UTC)),
    ],
    ids=["picker-winter", "picker-summer", "picker-seconds", "french-text", "french-20h30"],
)
def test_date_and_time_is_read_as_paris_wall_clock_time(typed, expected):
    assert ParisDateTimeField().clean(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2026-03-32T20:30", "Saisissez une date et une heure, par exemple 21/03/2027 20:30."),
        ("samedi soir", "Saisissez une date et une heure, par exemple 21/03/2027 20:30."),
        # Clocks go from 2:00 to 3:00 on Sunday 29 March 2026 in Paris.
        ("2026-03-29T02:30", "Cette heure n'existe pas ou revient deux fois ce jour-là"),
        # ... and from 3:00 back to 2:00 on Sunday 25 October 2026: 2:30 happens twice.
        ("2026-10-25T02:30", "Cette heure n'existe pas ou revient deux fois ce jour-là"),
    ],
    ids=["no-such-day", "words", "dst-gap", "dst-twice"],
)
def test_bad_date_and_time_is_refused_with_a_french_message(typed, message):
    with pytest.raises(forms.ValidationError) as error:
        ParisDateTimeField().clean(typed)

    assert message in " ".join(error.value.messages)


def test_date_and_time_is_one_picker_showing_paris_time(booked_slot):
    booked_slot.starts_at = datetime(2026, 7, 14, 18, 30, tzinfo=UTC)

    html = str(SlotForm(instance=booked_slot)["starts_at"])

    assert 'type="datetime-local"' in html
    assert 'value="2026-07-14T20:30"' in html


def test_showing_a_time_with_seconds_does_not_change_it(booked_slot):
    """The picker drops seconds: a slot saved at 20:30:15 is not "changed" by its form."""
    booked_slot.starts_at = datetime(2026, 3, 14, 20, 30, 15, tzinfo=PARIS)

    form = SlotForm(
        instance=booked_slot,
        data={
            "event": booked_slot.event_id,
            "starts_at": "2026-03-14T20:30",
            "ends_at": "",
            "invitations_offered": str(booked_slot.invitations_offered),
            "max_per_booking": str(booked_slot.max_per_booking),
            "closes_at": f"{booked_slot.closes_at.astimezone(PARIS):%Y-%m-%dT%H:%M}",
        },
    )

    assert "starts_at" not in form.changed_data


def test_slot_page_saves_one_date_and_time_per_value(admin_client, booked_slot):
    url = reverse("admin:events_slot_change", args=[booked_slot.pk])

    page = admin_client.get(url).text
    response = admin_client.post(
        url,
        {
            "event": booked_slot.event_id,
            "starts_at": "2026-03-14T20:30",
            "ends_at": "2026-03-14T22:00",
            "invitations_offered": "12",
            "max_per_booking": "4",
            "closes_at": "2026-03-12T18:00",
        },
    )

    for name in ("starts_at", "ends_at", "closes_at"):
        assert f'type="datetime-local" name="{name}"' in page
        assert f'name="{name}_0"' not in page
    assert response.status_code == 302
    booked_slot.refresh_from_db()
    assert booked_slot.starts_at == datetime(2026, 3, 14, 20, 30, tzinfo=PARIS)
    assert booked_slot.ends_at == datetime(2026, 3, 14, 22, 0, tzinfo=PARIS)
    assert booked_slot.closes_at == datetime(2026, 3, 12, 18, 0, tzinfo=PARIS)


# --- The event form ----------------------------------------------------------------------


@pytest.fixture
def event_page(client, staff_75):
    factories.GenreFactory(name="Théâtre", slug="theatre")
    factories.AudienceFactory(name="Famille", slug="famille")
    client.force_login(staff_75)
    return client.get(reverse("admin:events_event_add")).text


def test_genres_and_audiences_are_checkboxes_in_a_named_group(event_page):
    for name, label in (("genres", "Genres"), ("audiences", "Types de public")):
        group = f'<div id="id_{name}" class="checkbox-choices" role="group" aria-label="{label}">'
        assert group in event_page
        assert f'type="checkbox" name="{name}"' in event_page
        assert f'id="id_{name}_from"' not in event_page  # the two-list widget
    assert "selectfilter" not in event_page.lower()


def test_event_form_has_no_ctrl_hint_and_says_what_each_field_does(event_page):
    assert "Maintenez appuyé" not in event_page
    assert "Ctrl" not in event_page
    for field in ("title", "venue", "genres", "is_published", "published_at"):
        assert EVENT_HELP_TEXTS[field] in event_page


def test_slots_inline_says_ajouter_un_creneau_and_labels_every_input(event_page):
    assert "&quot;addText&quot;: &quot;Ajouter un créneau&quot;" in event_page
    assert "Ajouter un objet" not in event_page
    for name, label in (
        ("starts_at", "Début"),
        ("invitations_offered", "Invitations offertes"),
        ("max_per_booking", "Invitations maximum par réservation"),
        ("closes_at", "Clôture des réservations"),
    ):
        assert (
            f'<label class="visually-hidden" for="id_slots-0-{name}">{label}</label>' in event_page
        )
    assert 'type="datetime-local" name="slots-0-starts_at"' in event_page
    assert 'name="slots-0-starts_at_0"' not in event_page


def test_staff_save_an_event_with_checked_genres_and_audiences(admin_client):
    venue = factories.VenueFactory()
    theatre, concert = factories.GenreFactory.create_batch(2)
    family = factories.AudienceFactory()
    data = event_add_data(
        venue.partner, venue, theatre, genres=[theatre.pk, concert.pk], audiences=[family.pk]
    )

    response = admin_client.post(reverse("admin:events_event_add"), data)

    assert response.status_code == 302
    event = venue.events.get()
    assert set(event.genres.all()) == {theatre, concert}
    assert list(event.audiences.all()) == [family]
    assert event.slots.get().starts_at == datetime(2026, 3, 21, 15, 0, tzinfo=PARIS)


# --- The events change list ---------------------------------------------------------------


def test_events_list_shows_the_columns_staff_need(client, paris, staff_75):
    event = factories.EventFactory(partner__department=paris, title="Cyrano de Bergerac")
    factories.SlotFactory(event=event, starts_at=datetime(2026, 3, 1, 20, 30, tzinfo=PARIS))
    factories.SlotFactory(event=event, starts_at=datetime(2026, 3, 14, 20, 30, tzinfo=PARIS))
    factories.EventFactory(partner__department=paris, title="Le Misanthrope")
    client.force_login(staff_75)

    response = client.get(reverse("admin:events_event_changelist"))

    columns = [str(header["text"]) for header in result_headers(response.context["cl"])][1:]
    assert columns == ["titre", "lieu", "prochain créneau", "publié"]
    # The next slot to come, not the one already past.
    assert "samedi 14 mars 2026 à 20\u00a0h\u00a030" in response.text
    assert "aucun à venir" in response.text


def test_events_list_shows_the_department_to_whoever_runs_several(admin_client):
    factories.EventFactory()

    response = admin_client.get(reverse("admin:events_event_changelist"))

    columns = [str(header["text"]) for header in result_headers(response.context["cl"])][1:]
    assert columns == ["titre", "lieu", "département", "prochain créneau", "publié"]
