"""EventQuerySet reads: what "online" means, the search column, the slot annotations."""

from datetime import timedelta

import pytest

from events.models import Event
from tests.factories import (
    AudienceFactory,
    EventFactory,
    GenreFactory,
    PartnerFactory,
    SlotFactory,
)

pytestmark = pytest.mark.usefixtures("now")


def event_in(department, **kwargs):
    return EventFactory(partner__department=department, **kwargs)


def slot(event, now, days=10, **kwargs):
    return SlotFactory(event=event, starts_at=now + timedelta(days=days), **kwargs)


def test_online_keeps_published_events_of_active_partners_with_an_open_slot(paris, now):
    online = event_in(paris, title="En ligne")
    slot(online, now)
    draft = event_in(paris, draft=True)
    slot(draft, now)
    inactive = EventFactory(partner=PartnerFactory(department=paris, is_active=False))
    slot(inactive, now)
    past_only = event_in(paris)
    slot(past_only, now, days=-2)
    closed_only = event_in(paris)  # starts in 24 h: the 48 h cutoff has passed
    slot(closed_only, now, days=1)
    event_in(paris)  # no slot at all

    assert list(Event.objects.online()) == [online]


def test_online_lists_an_event_once_whatever_its_number_of_slots(paris, now):
    event = event_in(paris)
    for days in (5, 6, 7):
        slot(event, now, days=days)

    assert list(Event.objects.online()) == [event]


def test_in_department(paris, seine_saint_denis, now):
    here = event_in(paris)
    event_in(seine_saint_denis)

    assert list(Event.objects.in_department(paris)) == [here]


@pytest.mark.parametrize("text", ["theatre", "THÉÂTRE", "Théâtre", "  theatre   soleil "])
def test_search_ignores_accents_case_and_spaces(paris, text):
    theatre = event_in(paris, title="Théâtre du Soleil")
    event_in(paris, title="Concert d'hiver")

    assert list(Event.objects.search(text)) == [theatre]


def test_search_needs_every_word(paris):
    event_in(paris, title="Théâtre du Soleil")
    both = event_in(paris, title="Théâtre de la Lune")

    assert list(Event.objects.search("lune théâtre")) == [both]


def test_with_genre_and_audience(paris):
    theatre, dance = GenreFactory(name="Théâtre"), GenreFactory(name="Danse")
    family, seniors = AudienceFactory(name="Famille"), AudienceFactory(name="Seniors")
    both = event_in(paris, genres=[theatre, dance], audiences=[family, seniors])
    dance_only = event_in(paris, genres=[dance], audiences=[seniors])

    assert list(Event.objects.with_genre(theatre.pk)) == [both]
    assert set(Event.objects.with_genre(dance.pk)) == {both, dance_only}
    assert list(Event.objects.with_audience(family.pk)) == [both]
    assert list(Event.objects.with_genre(dance.pk).with_audience(seniors.pk).order_by("pk")) == [
        both,
        dance_only,
    ]


def test_published_since(paris, now):
    recent = event_in(paris, published_at=now - timedelta(days=3))
    event_in(paris, published_at=now - timedelta(days=30))

    assert list(Event.objects.published_since(now - timedelta(days=14))) == [recent]


def test_closing_before_looks_at_open_slots_only(paris, now):
    closing = event_in(paris)
    slot(closing, now, days=5)  # closes in 3 days
    later = event_in(paris)
    slot(later, now, days=20)
    already_closed = event_in(paris)
    slot(already_closed, now, days=1)

    assert list(Event.objects.closing_before(now + timedelta(days=7))) == [closing]


def test_with_open_slots_annotates_over_open_slots_only(paris, now):
    event = event_in(paris)
    slot(event, now, days=1, invitations_offered=50)  # closed: ignored
    slot(event, now, days=4, invitations_offered=10, invitations_booked=3)
    slot(event, now, days=9, invitations_offered=6, invitations_booked=6)
    slot(event, now, days=-1, invitations_offered=50)  # past: ignored

    (annotated,) = Event.objects.with_open_slots()

    assert annotated.next_date == now + timedelta(days=4)
    assert annotated.invitations_left == 7


def test_with_open_slots_is_not_multiplied_by_genres_or_audiences(paris, now):
    event = event_in(
        paris,
        genres=[GenreFactory(), GenreFactory()],
        audiences=[AudienceFactory(), AudienceFactory()],
    )
    slot(event, now, invitations_offered=10, invitations_booked=2)

    annotated = Event.objects.with_genre(event.genres.first().pk).with_open_slots().get()

    assert annotated.invitations_left == 8


def test_with_open_slots_within_a_date_range(paris, now):
    event = event_in(paris)
    slot(event, now, days=4, invitations_offered=10)
    slot(event, now, days=12, invitations_offered=5)
    early = event_in(paris)  # only an early slot: not in the range
    slot(early, now, days=4)

    (annotated,) = Event.objects.with_open_slots(
        starts_from=now + timedelta(days=10), starts_before=now + timedelta(days=15)
    )

    assert annotated == event
    assert annotated.next_date == now + timedelta(days=12)
    assert annotated.invitations_left == 5


def test_with_open_slots_with_seats_skips_full_slots(paris, now):
    full = event_in(paris, title="Complet")
    slot(full, now, invitations_offered=4, invitations_booked=4)
    event = event_in(paris, title="Places")
    slot(event, now, days=3, invitations_offered=4, invitations_booked=4)
    slot(event, now, days=8, invitations_offered=4, invitations_booked=1)

    assert {e.title for e in Event.objects.with_open_slots()} == {"Complet", "Places"}
    (annotated,) = Event.objects.with_open_slots(with_seats=True)
    assert annotated == event
    assert annotated.next_date == now + timedelta(days=8)
    assert annotated.invitations_left == 3


def test_counts_in_one_query(paris, now, django_assert_num_queries):
    new = event_in(paris, published_at=now - timedelta(days=2))
    slot(new, now, days=5)
    old = event_in(paris, published_at=now - timedelta(days=40))
    slot(old, now, days=30)

    with django_assert_num_queries(1):
        counts = Event.objects.online().counts(
            new_since=now - timedelta(days=14), closing_until=now + timedelta(days=7)
        )

    assert counts == {"total": 2, "new": 1, "closing": 1}
