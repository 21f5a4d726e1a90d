"""Slots and events: database constraints on direct ORM writes, defaults and helpers."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from events.models import Event, Genre, Slot
from structures.models import Department
from tests.constraints import refused
from tests.factories import (
    DepartmentFactory,
    EventFactory,
    SlotFactory,
)

pytestmark = pytest.mark.django_db


# Slot: seats and dates.


def test_overbooking_a_slot_with_update_fails():
    slot = SlotFactory(invitations_offered=3)

    with refused():
        Slot.objects.filter(pk=slot.pk).update(invitations_booked=F("invitations_offered") + 1)

    slot.refresh_from_db()
    assert slot.invitations_booked == 0


def test_booking_every_seat_with_update_is_allowed():
    slot = SlotFactory(invitations_offered=3)

    Slot.objects.filter(pk=slot.pk).update(invitations_booked=F("invitations_offered"))

    slot.refresh_from_db()
    assert slot.is_full


def test_overbooking_a_slot_with_save_fails():
    slot = SlotFactory(invitations_offered=3)
    slot.invitations_booked = 4

    with refused():
        slot.save()


def test_lowering_the_offer_below_what_is_booked_fails():
    slot = SlotFactory(invitations_offered=5)
    Slot.objects.filter(pk=slot.pk).update(invitations_booked=4)

    with refused():
        Slot.objects.filter(pk=slot.pk).update(invitations_offered=3)


def test_negative_booked_count_fails():
    slot = SlotFactory()

    with refused():
        Slot.objects.filter(pk=slot.pk).update(invitations_booked=-1)


@pytest.mark.parametrize("offered", [0, -1])
def test_offer_must_be_positive(offered):
    slot = SlotFactory()

    with refused():
        Slot.objects.filter(pk=slot.pk).update(invitations_offered=offered)


def test_new_slot_with_zero_offer_fails():
    event = EventFactory()

    with refused():
        Slot.objects.create(event=event, starts_at=timezone.now(), invitations_offered=0)


def test_max_per_booking_must_be_positive():
    slot = SlotFactory()

    with refused():
        Slot.objects.filter(pk=slot.pk).update(max_per_booking=0)


def test_cutoff_after_start_fails():
    slot = SlotFactory()

    with refused():
        Slot.objects.filter(pk=slot.pk).update(closes_at=F("starts_at") + timedelta(minutes=1))


def test_cutoff_at_start_is_allowed():
    slot = SlotFactory()

    Slot.objects.filter(pk=slot.pk).update(closes_at=F("starts_at"))


@pytest.mark.parametrize("delta", [timedelta(0), timedelta(hours=-1)])
def test_end_must_follow_start(delta):
    slot = SlotFactory()

    with refused():
        Slot.objects.filter(pk=slot.pk).update(ends_at=F("starts_at") + delta)


def test_cutoff_defaults_to_48_hours_before_start():
    starts_at = timezone.now() + timedelta(days=10)

    slot = SlotFactory(starts_at=starts_at)

    assert slot.closes_at == starts_at - timedelta(hours=48)
    slot.refresh_from_db()
    assert slot.closes_at == starts_at - timedelta(hours=48)


def test_cutoff_default_follows_the_department_setting():
    department = DepartmentFactory(code="69")
    Department.objects.filter(pk=department.pk).update(cutoff_hours=24)
    event = EventFactory(partner__department=department)
    starts_at = timezone.now() + timedelta(days=10)

    slot = SlotFactory(event=event, starts_at=starts_at)

    assert slot.closes_at == starts_at - timedelta(hours=24)


def test_explicit_cutoff_is_kept():
    starts_at = timezone.now() + timedelta(days=10)
    closes_at = starts_at - timedelta(hours=6)

    slot = SlotFactory(starts_at=starts_at, closes_at=closes_at)

    assert slot.closes_at == closes_at


# Slot: open before the cutoff, closed from the cutoff instant on (rule 3).

CUTOFF = datetime(2026, 12, 10, 20, 30, tzinfo=ZoneInfo("Europe/Paris"))
JUST_BEFORE = CUTOFF - timedelta(microseconds=1)


@pytest.fixture
def cutoff_slot():
    with time_machine.travel(CUTOFF - timedelta(days=5), tick=False):
        return SlotFactory(starts_at=CUTOFF + timedelta(hours=48), closes_at=CUTOFF)


def test_the_cutoff_instant_itself_is_closed(cutoff_slot):
    with time_machine.travel(CUTOFF, tick=False):
        assert not cutoff_slot.is_open()
        assert not Slot.objects.open().filter(pk=cutoff_slot.pk).exists()
        assert Slot.objects.closed().filter(pk=cutoff_slot.pk).exists()
        assert cutoff_slot.booking_refusal().startswith(
            "Les réservations de ce créneau sont closes"
        )


def test_the_instant_before_the_cutoff_is_open(cutoff_slot):
    with time_machine.travel(JUST_BEFORE, tick=False):
        assert cutoff_slot.is_open()
        assert Slot.objects.open().filter(pk=cutoff_slot.pk).exists()
        assert not Slot.objects.closed().filter(pk=cutoff_slot.pk).exists()
        assert cutoff_slot.booking_refusal() is None


@pytest.mark.parametrize(
    "now",
    [JUST_BEFORE, CUTOFF, CUTOFF + timedelta(microseconds=1), CUTOFF - timedelta(days=1)],
)
def test_is_open_and_the_querysets_agree(cutoff_slot, now):
    in_open = Slot.objects.open(now).filter(pk=cutoff_slot.pk).exists()
    in_closed = Slot.objects.closed(now).filter(pk=cutoff_slot.pk).exists()

    assert in_open == cutoff_slot.is_open(now) != in_closed
    assert cutoff_slot.is_open(now) == (now < CUTOFF)


def test_clean_refuses_an_offer_below_the_booked_count():
    slot = SlotFactory(invitations_offered=5)
    Slot.objects.filter(pk=slot.pk).update(invitations_booked=4)
    slot.refresh_from_db()
    slot.invitations_offered = 3

    with pytest.raises(ValidationError) as error:
        slot.full_clean()

    assert "invitations_offered" in error.value.message_dict


# Event.


def test_published_event_without_date_fails():
    event = EventFactory()

    with refused():
        Event.objects.filter(pk=event.pk).update(published_at=None)


def test_save_dates_a_published_event():
    event = EventFactory(draft=True)
    assert event.published_at is None

    event.is_published = True
    event.save()

    assert event.published_at is not None


def test_draft_without_date_is_allowed():
    event = EventFactory(draft=True)

    assert Event.objects.filter(pk=event.pk, published_at__isnull=True).exists()


def test_event_search_title_and_department():
    event = EventFactory(title="Le Théâtre  de l'Œuvre", partner__department__code="93")

    assert event.search_title == "le theatre de l'oeuvre"
    assert event.department.code == "93"
    assert Event.objects.search("THEATRE oeuvre").get() == event


@pytest.mark.parametrize(
    ("minutes", "label"),
    [(None, ""), (45, "45\u00a0min"), (60, "1\u00a0h"), (105, "1\u00a0h\u00a045")],
)
def test_duration_label_never_breaks_between_number_and_unit(minutes, label):
    assert Event(duration_minutes=minutes).duration_label == label


# Genres: icons.


def test_every_genre_icon_is_a_static_svg_and_others_get_the_ticket():
    for slug in Genre.ICONS:
        assert finders.find(Genre(slug=slug).icon_path), slug
    assert Genre(slug="theatre").icon_path == "icons/genres/theatre.svg"
    assert Genre(slug="marionnettes").icon_path == Genre.DEFAULT_ICON
    assert finders.find(Genre.DEFAULT_ICON)
