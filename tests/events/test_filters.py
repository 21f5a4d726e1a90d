"""The search list's FilterSet: every filter, and bad input that must never break the page."""

from datetime import timedelta

import pytest

from events.filters import EventFilter
from events.models import Event
from tests.events.helpers import event_in
from tests.factories import AudienceFactory, GenreFactory, SlotFactory

pytestmark = pytest.mark.usefixtures("now")


def run(data, departments):
    filterset = EventFilter(data, queryset=Event.objects.online(), departments=departments)
    return filterset, list(filterset.qs)


@pytest.fixture
def departments(paris, seine_saint_denis):
    return [paris, seine_saint_denis]


def test_the_departement_filters_and_is_required(paris, seine_saint_denis, departments, now):
    here = event_in(paris, now)
    event_in(seine_saint_denis, now)

    assert run({"departement": "75"}, departments)[1] == [here]
    # Without a valid département nothing shows, never every département at once.
    assert run({}, departments)[1] == []
    filterset, events = run({"departement": "2A"}, departments)
    assert events == []
    assert "departement" in filterset.form.errors


def test_results_are_sorted_by_next_date_then_title(paris, departments, now):
    late = event_in(paris, now, days=20, title="A plus tard")
    soon_b = event_in(paris, now, days=5, title="B bientôt")
    soon_a = event_in(paris, now, days=5, title="A bientôt")

    assert run({"departement": "75"}, departments)[1] == [soon_a, soon_b, late]


def test_title_search_ignores_accents_and_case(paris, departments, now):
    theatre = event_in(paris, now, title="Théâtre du Rond-Point")
    event_in(paris, now, title="Concert")

    assert run({"departement": "75", "titre": "theatre"}, departments)[1] == [theatre]
    assert run({"departement": "75", "titre": "THEATRE rond"}, departments)[1] == [theatre]


def test_genre_and_audience(paris, departments, now):
    dance, circus = GenreFactory(name="Danse"), GenreFactory(name="Cirque")
    family, seniors = AudienceFactory(name="Famille"), AudienceFactory(name="Seniors")
    dance_family = event_in(paris, now, genres=[dance], audiences=[family])
    circus_family = event_in(paris, now, genres=[circus], audiences=[family, seniors])

    base = {"departement": "75"}
    assert run({**base, "genre": str(dance.pk)}, departments)[1] == [dance_family]
    assert run({**base, "public": str(seniors.pk)}, departments)[1] == [circus_family]
    assert set(run({**base, "public": str(family.pk)}, departments)[1]) == {
        dance_family,
        circus_family,
    }
    assert run({**base, "genre": str(dance.pk), "public": str(seniors.pk)}, departments)[1] == []


def test_date_range_is_inclusive_and_moves_the_next_date(paris, departments, now):
    event = event_in(paris, now, days=3)
    SlotFactory(event=event, starts_at=now + timedelta(days=12), invitations_offered=5)
    other = event_in(paris, now, days=4)

    _, events = run({"departement": "75", "du": "2026-12-13", "au": "2026-12-13"}, departments)
    assert events == [event]
    assert events[0].next_date == now + timedelta(days=12)
    assert events[0].invitations_left == 5

    _, events = run({"departement": "75", "au": "2026-12-04"}, departments)
    assert events == [event]
    _, events = run({"departement": "75", "du": "2026-12-05"}, departments)
    assert events == [other, event]
    assert events[1].next_date == now + timedelta(days=12)


def test_places_disponibles_skips_full_events(paris, departments, now):
    event_in(paris, now, title="Complet", slot__invitations_offered=2, slot__invitations_booked=2)
    free = event_in(paris, now, title="Libre", slot__invitations_offered=2)

    _, events = run({"departement": "75"}, departments)
    assert len(events) == 2
    assert [e.title for e in events if not e.invitations_left] == ["Complet"]
    assert run({"departement": "75", "disponibles": "1"}, departments)[1] == [free]
    # An unchecked checkbox ("" or absent) filters nothing.
    assert len(run({"departement": "75", "disponibles": ""}, departments)[1]) == 2


def test_new_events_and_closing_soon(paris, departments, now):
    new = event_in(paris, now, days=30, published_at=now - timedelta(days=2))
    closing = event_in(paris, now, days=5, published_at=now - timedelta(days=60))
    event_in(paris, now, days=30, published_at=now - timedelta(days=60))

    assert run({"departement": "75", "nouveautes": "1"}, departments)[1] == [new]
    assert run({"departement": "75", "cloture": "1"}, departments)[1] == [closing]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"genre": "999999"}, "genre"),
        ({"genre": "théâtre"}, "genre"),
        ({"public": "-1"}, "public"),
        ({"du": "demain"}, "du"),
        ({"au": "2026-02-31"}, "au"),
        ({"du": "0001-01-01"}, "du"),
        ({"au": "9999-12-31"}, "au"),
        ({"du": "2026-12-05", "au": "2026-12-01"}, "au"),
        ({"titre": "théâtre " * 1250}, "titre"),
    ],
)
def test_bad_input_is_reported_in_french_and_ignored(paris, departments, now, data, field):
    event = event_in(paris, now, title="Théâtre")

    filterset, events = run({"departement": "75", **data}, departments)

    assert field in filterset.form.errors
    assert filterset.has_errors
    # The French message of the field, and the rest of the search still works.
    message = filterset.form.errors[field][0]
    assert any(word in message for word in ("Choisissez", "Écrivez", "Saisissez"))
    assert events == [event]


def test_choices_cost_two_queries_whatever_the_filters(
    paris, departments, now, django_assert_num_queries
):
    genres = [GenreFactory() for _ in range(5)]
    audiences = [AudienceFactory() for _ in range(5)]
    data = {"departement": "75", "genre": str(genres[2].pk), "public": str(audiences[1].pk)}

    with django_assert_num_queries(2):
        filterset = EventFilter(data, queryset=Event.objects.online(), departments=departments)
        assert filterset.is_valid()
        str(filterset.form)  # rendering the drop-downs does not query again
