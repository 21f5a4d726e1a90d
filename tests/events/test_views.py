"""The events hub, the search list and the event page."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.events.helpers import NOISE, event_in, many_events, noise
from tests.factories import (
    AudienceFactory,
    BookingFactory,
    EventFactory,
    GenreFactory,
    PartnerFactory,
    SlotFactory,
)

pytestmark = pytest.mark.usefixtures("now")


# --- the hub ---------------------------------------------------------------------------


def test_hub_needs_login(client, db):
    assert client.get(reverse("events:hub")).status_code == 302


def test_hub_has_three_sections_with_their_list_links(
    worker_client, paris, seine_saint_denis, now, settings
):
    settings.NEW_EVENTS_DAYS = 14
    settings.CLOSING_SOON_DAYS = 7
    noise(paris, seine_saint_denis, now)
    new = event_in(paris, now, days=30, title="Tout neuf", published_at=now - timedelta(days=2))
    closing = event_in(
        paris, now, days=5, title="Bientôt clos", published_at=now - timedelta(days=40)
    )
    other = event_in(paris, now, days=20, title="Autre", published_at=now - timedelta(days=40))

    response = worker_client.get(reverse("events:hub"))

    assert response.status_code == 200
    sections = {section.id: section for section in response.context["sections"]}
    assert sections["nouveautes"].events == [new]
    assert sections["nouveautes"].count == 1
    assert sections["cloture"].events == [closing]
    assert sections["tous"].events == [closing, other, new]
    assert sections["tous"].count == 3
    content = response.content.decode()
    search = reverse("events:search")
    assert f'href="{search}?departement=75&amp;nouveautes=1"' in content
    assert f'href="{search}?departement=75&amp;cloture=1"' in content
    assert f'href="{search}?departement=75"' in content
    assert content.count("Voir la liste") == 3
    for title in NOISE:
        assert title not in content


def test_hub_empty_sections_say_so(worker_client, paris, now):
    response = worker_client.get(reverse("events:hub"))

    content = response.content.decode()
    assert "Aucun nouvel événement" in content
    assert "Aucun événement n&#x27;est en ligne dans ce département" in content
    assert "Voir la liste" not in content


@pytest.mark.parametrize("count", [2, 30])
def test_hub_queries_do_not_grow(worker_client, paris, now, count, django_assert_max_num_queries):
    many_events(paris, now, count)

    with django_assert_max_num_queries(9):
        response = worker_client.get(reverse("events:hub"))

    assert response.context["sections"][2].count == count


# --- the search list -------------------------------------------------------------------


def test_search_needs_login(client, db):
    assert client.get(reverse("events:search")).status_code == 302


def test_search_lists_online_events_of_the_departement(
    worker_client, paris, seine_saint_denis, now
):
    noise(paris, seine_saint_denis, now)
    genre = GenreFactory(name="Théâtre", slug="theatre")
    audience = AudienceFactory(name="Famille")
    event = event_in(
        paris,
        now,
        title="Théâtre du Soleil",
        genres=[genre],
        audiences=[audience],
        slot__invitations_offered=10,
        slot__invitations_booked=2,
    )

    response = worker_client.get(reverse("events:search"))

    assert response.status_code == 200
    assert list(response.context["page"]) == [event]
    content = response.content.decode()
    assert "1 événement" in content
    assert event.get_absolute_url() in content
    assert event.venue.name in content
    assert "vendredi 11 décembre 2026 à 10\u00a0h" in content
    assert "8 invitations disponibles" in content
    # An SVG, not the emoji, which old PCs without a colour-emoji font show as a box.
    assert '<img class="icon" src="/static/icons/genres/theatre.svg" alt=""' in content
    assert "Famille" in content
    for title in NOISE:
        assert title not in content


def test_search_button_has_a_magnifier_and_an_accessible_name(worker_client, paris, now):
    content = worker_client.get(reverse("events:search")).content.decode()

    button = content[content.index('<button type="submit" class="button">') :]
    button = button[: button.index("</button>")]
    assert '<svg aria-hidden="true"' in button
    assert "Rechercher" in button
    for label in (
        "Titre de l&#x27;événement",
        "Genre",
        "Type de public",
        "À partir du",
        "Jusqu&#x27;au",
    ):
        assert f">{label}\u00a0:</label>" in content
    assert "Places disponibles seulement</label>" in content
    assert "Nouveautés (14 derniers jours)</label>" in content


def test_search_by_title_genre_and_audience(worker_client, paris, now):
    dance, music = GenreFactory(name="Danse"), GenreFactory(name="Musique")
    family = AudienceFactory(name="Famille")
    theatre = event_in(paris, now, title="Théâtre dansé", genres=[dance], audiences=[family])
    event_in(paris, now, title="Théâtre musical", genres=[music])
    event_in(paris, now, title="Ballet", genres=[dance])

    def titles(**params):
        response = worker_client.get(reverse("events:search"), params)
        return [event.title for event in response.context["page"]]

    assert titles(titre="theatre") == ["Théâtre dansé", "Théâtre musical"]
    assert titles(titre="theatre", genre=dance.pk) == ["Théâtre dansé"]
    assert titles(public=family.pk) == ["Théâtre dansé"]
    assert titles(titre="opéra") == []
    assert theatre


def test_empty_result_is_kind_and_offers_to_clear(worker_client, paris, now):
    response = worker_client.get(reverse("events:search"), {"titre": "introuvable"})

    content = response.content.decode()
    assert "Aucun événement ne correspond à votre recherche" in content
    assert f'href="{reverse("events:search")}?departement=75">effacer les filtres' in content


@pytest.mark.parametrize(
    "params",
    [
        {"genre": "999999"},
        {"public": "abc"},
        {"du": "pas une date"},
        {"au": "31/02/2026"},
        {"du": "0001-01-01", "au": "9999-12-31"},
        {"titre": "a" * 10_000},
        {"disponibles": "peut-être"},
        {"page": "9" * 5000},
    ],
)
def test_bad_input_never_breaks_the_list(worker_client, paris, now, params):
    event_in(paris, now, title="Théâtre")

    response = worker_client.get(reverse("events:search"), params)

    assert response.status_code == 200
    assert [e.title for e in response.context["page"]] == ["Théâtre"]


def test_invalid_filters_show_a_french_message(worker_client, paris, now):
    response = worker_client.get(reverse("events:search"), {"genre": "999999", "du": "hier"})

    content = response.content.decode()
    assert "Certains filtres n'ont pas été compris" in content
    assert "Choisissez une des valeurs proposées dans la liste" in content
    assert "Saisissez une date valide, par exemple 15/03/2026." in content


def test_pagination_and_a_page_past_the_end(worker_client, paris, now, settings):
    settings.PAGE_SIZE = 5
    for n in range(12):
        event_in(paris, now, days=3 + n, title=f"Événement {n:02d}")

    first = worker_client.get(reverse("events:search"), {"titre": "evenement"})
    assert [e.title for e in first.context["page"]][0] == "Événement 00"
    content = first.content.decode()
    assert "Page 1 sur 3" in content
    assert "?titre=evenement&amp;page=2" in content

    last = worker_client.get(reverse("events:search"), {"titre": "evenement", "page": "99"})
    assert last.status_code == 200
    assert last.context["page"].number == 3
    assert [e.title for e in last.context["page"]] == ["Événement 10", "Événement 11"]

    garbage = worker_client.get(reverse("events:search"), {"page": "trois"})
    assert garbage.context["page"].number == 1


@pytest.mark.parametrize("count", [2, 30])
def test_search_queries_do_not_grow_with_every_filter(
    worker_client, paris, now, count, django_assert_max_num_queries
):
    many_events(paris, now, count)
    genre, audience = GenreFactory(), AudienceFactory()
    for event in list(paris.events.all()):
        event.genres.add(genre)
        event.audiences.add(audience)
    params = {
        "departement": "75",
        "titre": "théâtre",
        "genre": genre.pk,
        "public": audience.pk,
        "du": timezone.localdate(now).isoformat(),
        "au": (timezone.localdate(now) + timedelta(days=60)).isoformat(),
        "disponibles": "1",
        "nouveautes": "1",
        "cloture": "1",
    }

    worker_client.get(reverse("events:search"), params)  # the session remembers "75"
    with django_assert_max_num_queries(9):
        response = worker_client.get(reverse("events:search"), params)

    assert response.context["page"].paginator.count > 0


# --- the event page --------------------------------------------------------------------


def test_event_page_needs_login(client, paris, now):
    event = event_in(paris, now)
    assert client.get(event.get_absolute_url()).status_code == 302


def test_event_page_shows_everything_the_tutorial_names(worker_client, paris, now):
    event = EventFactory(
        partner__department=paris,
        title="Le Cirque des Étoiles",
        description="Un cirque magique.",
        duration_minutes=105,
        recommended_age="dès 6 ans",
        genres=[GenreFactory(name="Cirque", slug="cirque")],
        audiences=[AudienceFactory(name="Jeune public")],
    )
    venue = event.venue
    start = timezone.make_aware(timezone.datetime(2026, 12, 12, 20, 30))
    bookable = SlotFactory(event=event, starts_at=start, invitations_offered=10)
    SlotFactory(event=event, starts_at=start + timedelta(hours=-4), invitations_offered=1)
    full = SlotFactory(
        event=event,
        starts_at=start + timedelta(days=1),
        invitations_offered=3,
        invitations_booked=3,
    )
    closed = SlotFactory(event=event, starts_at=now + timedelta(hours=20))
    SlotFactory(event=event, starts_at=now - timedelta(days=2), invitations_offered=99)
    BookingFactory.create_batch(2, slot=bookable)

    response = worker_client.get(event.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    # The genre's icon is drawn (SVG), not an emoji that old PCs show as an empty box.
    assert '<img class="icon" src="/static/icons/genres/cirque.svg" alt=""' in content
    for text in ("Un cirque magique.", "Cirque", "Jeune public", "1\u00a0h\u00a045", "dès 6 ans"):
        assert text in content
    assert (
        f'href="{reverse("bookings:new", args=[bookable.pk])}">'
        "Réserver – samedi 12 décembre 2026 à 20\u00a0h\u00a030 – 8 invitations disponibles</a>"
    ) in content
    assert (
        "Réserver – samedi 12 décembre 2026 à 16\u00a0h\u00a030 – 1 invitation disponible<"
    ) in content
    assert reverse("bookings:new", args=[closed.pk]) not in content
    assert "Complet" in content
    # A full slot still open leads to its waiting list.
    assert (
        f'href="{reverse("bookings:new", args=[full.pk])}">'
        "S'inscrire sur la liste d'attente<span class=\"visually-hidden\">"
    ) in content
    assert "Réservation close" in content
    assert "99 invitations" not in content
    assert content.index("Mercredi 2 décembre 2026") < content.index("Samedi 12 décembre 2026")
    start = content.index("<details>")
    details = content[start : content.index("</details>", start)]
    assert "<summary>Informations pratiques</summary>" in details
    for text in (venue.name, venue.address, venue.city, venue.access, venue.transport):
        assert text in details
    assert venue.accessibility in details
    assert venue.phone in details
    assert venue.map_url.replace("&", "&amp;") in details


def test_what_staff_typed_is_shown_as_text_not_html(worker_client, paris, now):
    event = event_in(
        paris, now, title="<i>Ubu</i> roi", description="<script>alert(1)</script>\nÀ voir."
    )

    for url in (event.get_absolute_url(), reverse("events:hub"), reverse("events:search")):
        content = worker_client.get(url).content.decode()
        assert "&lt;i&gt;Ubu&lt;/i&gt; roi" in content
        assert "<i>Ubu" not in content
    content = worker_client.get(event.get_absolute_url()).content.decode()
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>À voir.</p>" in content
    assert "<script>alert" not in content


def test_cards_and_event_page_say_paris_time(worker_client, paris, now):
    # 23:30 UTC on 12 December is 0 h 30 on Sunday 13 December in Paris.
    starts_at = datetime(2026, 12, 12, 23, 30, tzinfo=UTC)
    event = EventFactory(partner__department=paris, title="Minuit passé")
    SlotFactory(event=event, starts_at=starts_at)

    for url in (reverse("events:hub"), reverse("events:search")):
        content = worker_client.get(url).content.decode()
        assert "Prochaine date&nbsp;: dimanche 13 décembre 2026 à 0\u00a0h\u00a030</p>" in content
    content = worker_client.get(event.get_absolute_url()).content.decode()
    assert "<h3>Dimanche 13 décembre 2026</h3>" in content  # the day of the slot, in Paris
    assert "Réserver – dimanche 13 décembre 2026 à 0\u00a0h\u00a030 – " in content
    assert "possible jusqu'au vendredi 11 décembre 2026 à 0\u00a0h\u00a030." in content


@pytest.mark.parametrize("kind", ["draft", "inactive_partner", "past_only", "no_slot"])
def test_event_page_is_404_for_what_workers_must_not_see(worker_client, paris, now, kind):
    if kind == "draft":
        event = event_in(paris, now, draft=True)
    elif kind == "inactive_partner":
        event = event_in(paris, now, partner=PartnerFactory(department=paris, is_active=False))
    elif kind == "past_only":
        event = event_in(paris, now, days=-1)
    else:
        event = EventFactory(partner__department=paris)

    assert worker_client.get(event.get_absolute_url()).status_code == 404


def test_event_page_of_an_unknown_event_is_404(worker_client):
    assert worker_client.get(reverse("events:detail", args=[987654])).status_code == 404


def test_event_page_with_only_closed_slots_still_shows(worker_client, paris, now):
    event = event_in(paris, now, days=1)

    response = worker_client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert "Réservation close" in response.content.decode()


@pytest.mark.parametrize("count", [2, 30])
def test_event_page_queries_do_not_grow(
    worker_client, paris, now, count, django_assert_max_num_queries
):
    event = event_in(
        paris,
        now,
        genres=[GenreFactory() for _ in range(3)],
        audiences=[AudienceFactory() for _ in range(3)],
    )
    for n in range(count):
        slot = SlotFactory(event=event, starts_at=now + timedelta(days=3 + n, hours=n % 3))
        BookingFactory(slot=slot)

    with django_assert_max_num_queries(6):
        response = worker_client.get(event.get_absolute_url())

    assert response.content.decode().count("invitations disponibles") == count + 1
