"""The isolation matrix: every URL pattern of the portal, tried by the people it must refuse.

The patterns come from the URL resolver (tests/url_matrix.py), so a new one is tried the
day it appears, or fails `test_every_url_pattern_is_classified` until it is classified.
An object out of someone's scope must look exactly like one that does not exist: 404, or
the refusal a missing object gets too (405 for a method the view never takes, 403 for a
page refused whatever the object). CSRF is not enforced: a forged POST reaches the view.

The cast (tests/structures/scoping_cast.py): one object of every scoped model in `paris`
(`ours`: a relay of Paris and its worker, reached by `staff_75`) and in
`seine_saint_denis` (`theirs`: the outsider's relay, another département).
"""

import uuid

import pytest
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, WaitingEntry
from events.models import Event, Slot
from people.models import Person
from structures.models import User
from tests import factories
from tests.structures.scoping_cast import SCOPED_MODELS, objects_of
from tests.url_matrix import (
    ADMIN_OBJECT_PAGES,
    BOOKING_PAGES,
    DEV_ONLY,
    GLOBAL_MODELS,
    OBJECT_VIEWS,
    OFFER_PAGES,
    PAGES,
    PERSON_PAGES,
    PUBLIC,
    SUPERUSER_ONLY_MODELS,
    WAITING_PAGES,
    classes,
    model_pages,
    registered_models,
    route,
    routes,
)

pytestmark = pytest.mark.django_db

# A value for every parameter of every pattern, for the requests that never reach a view.
ANY_VALUES = {
    "slot_id": 1,
    "pk": 1,
    "reference": "CDC-AAAAAA",
    "token": "CDC-AAAAAA.jeton",  # a voucher token's shape; any text for a reset link
    "uidb64": "MQ",
    "object_id": 1,
    "id": 1,
    "content_type_id": 1,
    "app_label": "events",
    "url": "nulle-part/",
}
# Everything the forms of the booking page and of the admin pages read, on one POST.
FORGED = {"post": "yes", "weeks": "2", "token": str(uuid.uuid4())}


@pytest.fixture
def ours(paris):
    return objects_of(paris, marker="Lutèce")


@pytest.fixture
def theirs(seine_saint_denis):
    return objects_of(seine_saint_denis, marker="Zanzibar")


def snapshot():
    """Every row of the scoped models (but the time of a user's last login)."""
    rows = {}
    for model in SCOPED_MODELS:
        fields = [f.attname for f in model._meta.concrete_fields if f.name != "last_login"]
        rows[model.__name__] = list(model.objects.order_by("pk").values_list(*fields))
    return rows


def refusal_of(client, method, url, missing_url, data=None):
    """None if `url` answers as `missing_url` (an object that does not exist) does, with a
    refusal; else what went wrong."""
    answer = getattr(client, method)(url, data, follow=True).status_code
    unknown = getattr(client, method)(missing_url, data, follow=True).status_code
    if answer == unknown and answer in (403, 404, 405):
        return None
    return f"{method.upper()} {url}: {answer} (a missing object: {unknown})"


# --- The classification ------------------------------------------------------------------


def test_every_url_pattern_is_classified():
    keys = {candidate.key for candidate in routes()}
    tables = classes()
    classified = set().union(*tables.values())

    unclassified = sorted(keys - classified)
    assert not unclassified, f"Classify these URL patterns in tests/url_matrix.py: {unclassified}"
    stale = sorted(classified - keys - DEV_ONLY)
    assert not stale, f"These classified URL patterns no longer exist: {stale}"
    twice = sorted(key for key in classified if sum(key in table for table in tables.values()) > 1)
    assert not twice, f"These URL patterns are in two classes: {twice}"
    with_parameters = sorted(key for key in PAGES if "<" in route(key).route)
    assert not with_parameters, f"Pages that take an identifier: {with_parameters}"


def test_every_registered_model_is_scoped_or_global_by_design():
    for model in registered_models():
        scoped = getattr(admin.site.get_model_admin(model), "scoped", False)
        assert (model in SCOPED_MODELS, model in GLOBAL_MODELS) == (scoped, not scoped), (
            f"{model.__name__}: list it in SCOPED_MODELS (tests/structures/scoping_cast.py) "
            "with an object in its cast, or in GLOBAL_MODELS (tests/url_matrix.py)"
        )


# --- Anonymous visitors and workers in the admin ------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page_but_on_the_public_ones(client):
    wrong = []
    for candidate in routes():
        if candidate.key in DEV_ONLY:
            continue
        url = candidate.url(ANY_VALUES)
        # The portal's login page (LoginRequiredMiddleware), or the admin's for its own pages.
        logins = {redirect_to_login(url, login)["Location"] for login in ("login", "admin:login")}
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            sent_to_login = response.status_code == 302 and response["Location"] in logins
            if sent_to_login == (candidate.key in PUBLIC) or response.status_code >= 500:
                wrong.append(f"{method.upper()} {url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_a_worker_gets_only_the_admin_login_page(client, worker):
    client.force_login(worker)
    wrong = []
    for candidate in routes():
        if not candidate.key.startswith("admin") or candidate.key == "admin:login":
            continue
        url = candidate.url(ANY_VALUES)
        response = client.get(url)
        # To the admin's login page (or, from its logout page, to its index: the same).
        if response.status_code != 302 or response["Location"] not in (
            redirect_to_login(url, "admin:login")["Location"],
            reverse("admin:index"),
        ):
            wrong.append(f"GET {url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


# --- Workers of another relay ---------------------------------------------------------------


def test_a_worker_of_another_relay_gets_404_on_every_booking_page(client, ours, theirs, paris):
    neighbour = factories.UserFactory(structure=factories.StructureFactory(department=paris))
    here = {"reference": ours[Booking].reference}
    missing = {"reference": "CDC-ZZZZZZ"}
    before = snapshot()
    wrong = []

    for intruder in (theirs[User], neighbour):  # another département, the same one
        client.force_login(intruder)
        for key in sorted(BOOKING_PAGES):
            url, missing_url = route(key).url(here), route(key).url(missing)
            for method in ("get", "post"):
                wrong.append(refusal_of(client, method, url, missing_url, FORGED))
    problems = [problem for problem in wrong if problem]
    assert not problems, "\n".join(problems)
    assert snapshot() == before

    client.force_login(ours[User])  # the control: each page answers its own relay
    for key in sorted(BOOKING_PAGES):
        assert client.get(route(key).url(here)).status_code in (200, 302), key


@pytest.mark.parametrize(
    ("pages", "model"),
    [(PERSON_PAGES, Person), (WAITING_PAGES, WaitingEntry)],
    ids=["person", "waiting list"],
)
def test_a_worker_of_another_relay_gets_404_on_every_page_of_its_object(
    client, ours, theirs, paris, pages, model
):
    """A followed person, or a list on a waiting list, of one relay, by id."""
    neighbour = factories.UserFactory(structure=factories.StructureFactory(department=paris))
    here, missing = {"pk": ours[model].pk}, {"pk": 999999}
    # A merge of their own person with ours, and ours into theirs, is refused too.
    own = factories.PersonFactory(structure=theirs[User].structure)
    before = snapshot()
    wrong = []

    for intruder in (theirs[User], neighbour):  # another département, the same one
        client.force_login(intruder)
        for key in sorted(pages):
            url, missing_url = route(key).url(here), route(key).url(missing)
            for method in ("get", "post"):
                data = {**FORGED, "avec": own.pk, "confirmer": "1", "reactiver": "1"}
                wrong.append(refusal_of(client, method, url, missing_url, data))
    problems = [problem for problem in wrong if problem]
    assert not problems, "\n".join(problems)
    assert snapshot() == before

    client.force_login(ours[User])  # the control: each page answers its own relay
    for key in sorted(pages - {"bookings:person_archive"}):
        assert client.get(route(key).url(here)).status_code == 200, key


def test_the_offer_and_the_lists_show_nothing_of_another_relay(client, ours, theirs):
    Event.objects.filter(pk=ours[Event].pk).update(is_published=True, published_at=timezone.now())
    person, booking = ours[Person], ours[Booking]
    secrets = [person.last_name, booking.reference, ours[User].last_name]
    values = {"slot_id": ours[Slot].pk, "pk": ours[Event].pk}
    # The worker's person, by id and by name, handed to every action of the booking page.
    forged = {**FORGED, "q": "Lutece", "person": person.pk, "host": "p1", "key": "p1"}
    client.force_login(theirs[User])
    before = snapshot()
    wrong = []

    for key in sorted(OFFER_PAGES | PAGES - {"logout"}):
        url = route(key).url(values)
        for method, data in (("get", None), ("post", forged)):
            response = getattr(client, method)(url, data)
            text = response.content.decode(errors="replace")
            leaked = [secret for secret in secrets if secret in text]
            if response.status_code >= 500 or leaked:
                wrong.append(f"{method.upper()} {url}: {response.status_code} {leaked}")
    page = client.get(reverse("bookings:new", args=[ours[Slot].pk]))

    assert not wrong, "\n".join(wrong)
    assert page.status_code == 200  # the offer is shared…
    assert not [secret for secret in secrets if secret in page.text]  # …the relay's list is not
    assert snapshot() == before
    client.force_login(ours[User])  # the control: the same search finds the person for its relay
    client.post(reverse("bookings:search", args=[ours[Slot].pk]), {"q": "Lutece"})
    assert person.last_name in client.get(reverse("bookings:new", args=[ours[Slot].pk])).text


# --- Staff of another département in the admin ------------------------------------------------


def object_pages():
    """(route, model) of every admin page that takes the id of an object of a model."""
    pages = [
        (route(key), model)
        for key, (model, view) in model_pages().items()
        if view in OBJECT_VIEWS and model not in GLOBAL_MODELS
    ]
    pages += [(route(key), model) for key, model in ADMIN_OBJECT_PAGES.items()]
    pages += [(route("admin:view_on_site"), model) for model in SCOPED_MODELS]
    return pages


def object_values(obj, pk=None):
    pk = obj.pk if pk is None else pk
    content_type = ContentType.objects.get_for_model(obj).pk
    return {"object_id": pk, "id": pk, "content_type_id": content_type}


def test_staff_of_another_department_get_404_on_every_admin_page_of_an_object(
    client, staff_75, ours, theirs, mailoutbox
):
    client.force_login(staff_75)
    before = snapshot()
    wrong = []

    for page, model in object_pages():
        url = page.url(object_values(theirs[model]))
        missing_url = page.url(object_values(theirs[model], pk=0))
        for method in ("get", "post"):
            wrong.append(refusal_of(client, method, url, missing_url, FORGED))
    problems = [problem for problem in wrong if problem]
    assert not problems, "\n".join(problems)
    assert snapshot() == before
    assert mailoutbox == []

    for page, model in object_pages():  # the control: the same pages answer for 75
        if page.key == "admin:view_on_site" and not hasattr(model, "get_absolute_url"):
            continue
        response = client.get(page.url(object_values(ours[model])))
        assert response.status_code in (200, 302, 403, 405), page.url(object_values(ours[model]))


def test_models_without_a_department_are_shared_or_closed(client, staff_75, staff_93):
    genre = factories.GenreFactory()
    for staff in (staff_75, staff_93):
        client.force_login(staff)
        for model in GLOBAL_MODELS:
            opts = model._meta
            changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            # Genres and audiences: the same list for every team; groups: none of theirs.
            forbidden = model in SUPERUSER_ONLY_MODELS
            assert client.get(changelist).status_code == (403 if forbidden else 200)
        assert client.get(reverse("admin:events_genre_change", args=[genre.pk])).status_code == 200
