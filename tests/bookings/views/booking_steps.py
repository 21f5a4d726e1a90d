"""The booking page as a worker drives it: one URL per action, the list of participants
in the session, the "Enregistrer" click with the page's token."""

from django.urls import reverse

from bookings.participant_list import SESSION_KEY
from tests.factories import PersonFactory

UNKNOWN = "Cette personne est introuvable parmi les personnes de votre structure."


def page_url(slot):
    return reverse("bookings:new", args=[slot.pk])


# Each action of the page has its own URL.
ACTION_URLS = {
    "search": "bookings:search",
    "add": "bookings:add_person",
    "use": "bookings:use_person",
    "create": "bookings:create_person",
    "guest": "bookings:add_guest",
    "companion": "bookings:add_companion",
    "create_companion": "bookings:create_companion",
    "remove": "bookings:remove",
    "book": "bookings:book",
}


def post(client, slot, action, **data):
    return client.post(reverse(ACTION_URLS[action], args=[slot.pk]), data)


def participant_list(client, slot):
    return client.session.get(SESSION_KEY, {}).get(str(slot.pk), {"entries": []})


def entries(client, slot):
    return [
        (e["role"], f"{e['first_name']} {e['last_name']}")
        for e in participant_list(client, slot)["entries"]
    ]


def assert_back_to_page(response, slot):
    assert response.status_code == 302
    assert response["Location"].startswith(page_url(slot))


def add(client, slot, person):
    response = post(client, slot, "add", person=person.pk)
    assert_back_to_page(response, slot)
    return participant_list(client, slot)["entries"][-1]["key"]


def guest_data(host, first_name="Léa", last_name="Invitée"):
    return {
        "host": host,
        f"invite-{host}-first_name": first_name,
        f"invite-{host}-last_name": last_name,
    }


def page_token(client, slot):
    """The one-time token of the "Enregistrer" form, as the page shows it."""
    page = client.get(page_url(slot)).content.decode()
    return page.split('name="token" value="', 1)[1].split('"', 1)[0]


def book(client, slot, token=None):
    """Click "Enregistrer" (with the token the page shows now, unless given)."""
    return post(client, slot, "book", token=token or page_token(client, slot))


def compose(client, slot, structure, marie):
    """Marie and her guest, and a companion: the tutorial's booking."""
    host = add(client, slot, marie)
    post(client, slot, "guest", **guest_data(host))
    anne = PersonFactory(structure=structure, companion=True, first_name="Anne", last_name="B")
    post(client, slot, "companion", person=anne.pk)
