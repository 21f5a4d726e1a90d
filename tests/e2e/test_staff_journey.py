"""The département team's journey in the admin, by its visible French labels, at 1280 px.

Staff create an event with two slots, publish it from the events list; a worker of the
département finds it; after the cutoff staff send the first slot's guest list to the
partner; then they approve a testimonial. axe-core checks every admin page on the way (the
pages we customise: the home and its "À traiter" panel, the events list, the event form,
the guest list, the testimonials), and the events list must fit the screen's width.
"""

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Testimonial
from events.models import Event, Slot
from tests.e2e.admin_pages import fill_slot, start_new_event
from tests.factories import (
    PASSWORD,
    BookingFactory,
    EventFactory,
    GenreFactory,
    SlotFactory,
    TestimonialFactory,
    VenueFactory,
)
from tests.tasks import run_tasks

WIDTH = 1280


def picker(moment):
    """A moment as the date-and-time picker takes it, in Paris."""
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M}"


def assert_fits_the_screen(page):
    """Nothing scrolls sideways: neither the page nor the change list's table area."""
    widths = page.evaluate(
        """() => {
            const results = document.querySelector("#changelist .results");
            return {
                page: document.documentElement.scrollWidth,
                results: results.scrollWidth,
                shown: results.clientWidth,
            };
        }"""
    )
    assert widths["page"] <= WIDTH, widths
    assert widths["results"] <= widths["shown"], widths


def test_staff_journey_from_a_new_event_to_a_moderated_testimonial(
    page, login_as, login, assert_no_axe_violations, paris, staff_75, worker
):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    venue = VenueFactory(
        name="Salle Molière",
        partner__name="Théâtre du Rond-Point",
        partner__department=paris,
        partner__contact_email="billetterie@rond-point.test",
    )
    GenreFactory(name="Théâtre", slug="theatre")
    # Other events of the département, with long names, in the list.
    for title in ("Paris au temps des impressionnistes, visite guidée", "Swing manouche"):
        SlotFactory(
            event=EventFactory(
                title=title,
                partner__department=paris,
                venue__name="Chapiteau des Étoiles – Parc de la Villette",
            )
        )
    # A testimonial from last month's outing, waiting for moderation.
    testimonial = TestimonialFactory(
        booking__slot__event__partner__department=paris,
        booking__slot__starts_at=timezone.now() - timedelta(days=30),
        booking__structure=worker.structure,
        text="Une très belle soirée, les enfants ont adoré !",
    )
    first_start = (timezone.localtime() + timedelta(days=3)).replace(
        hour=20, minute=30, second=0, microsecond=0
    )
    second_start = first_start + timedelta(days=7)

    # The team's home.
    login_as(staff_75)
    page.goto(reverse("admin:index"))
    expect(page.get_by_role("heading", name="À traiter")).to_be_visible()
    assert_no_axe_violations(page)

    # A new event with two slots, not published yet.
    start_new_event(page)
    fill_slot(page, 0, picker(first_start), 8)
    page.get_by_role("button", name="Ajouter un créneau").click()
    fill_slot(page, 1, picker(second_start), 6)
    expect(page.get_by_text("Maintenez appuyé")).to_have_count(0)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("Le Petit Prince")
    event = Event.objects.get(title="Le Petit Prince")
    assert not event.is_published and event.venue == venue
    assert [slot.starts_at for slot in event.slots.order_by("starts_at")] == [
        first_start,
        second_start,
    ]

    # The events list fits the screen; staff publish from it.
    row = page.locator("#result_list tbody tr", has_text="Le Petit Prince")
    expect(row).to_contain_text("Salle Molière")
    assert_fits_the_screen(page)
    assert_no_axe_violations(page)
    page.get_by_role("checkbox", name="Choisir cet objet pour une action - Le Petit Prince").check()
    page.get_by_role("combobox", name="Action").select_option(
        label="Publier (visible par les relais)"
    )
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator(".messagelist")).to_have_text("1 événement publié.")
    event.refresh_from_db()
    assert event.is_published

    # The home now lists the first slot among those closing within 48 hours.
    page.goto(reverse("admin:index"))
    expect(page.locator("#a-traiter")).to_contain_text("Le Petit Prince")
    assert_no_axe_violations(page)

    # A worker of Paris finds it, with its two dates.
    page.context.clear_cookies()
    login(worker.email, PASSWORD)
    page.goto(reverse("events:search"))
    page.get_by_label("Titre de l'événement").fill("petit prince")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Le Petit Prince").click()
    expect(page.get_by_role("link", name=re.compile(r"^Réserver – "))).to_have_count(2)

    # The worker's relay booked the first slot; then its cutoff passes.
    first = event.slots.get(starts_at=first_start)
    BookingFactory(slot=first, structure=worker.structure, booked_by=worker)
    Slot.objects.filter(pk=first.pk).update(closes_at=timezone.now() - timedelta(minutes=1))

    # Staff open the event, then the first slot's guest list, and send it now.
    page.context.clear_cookies()
    login_as(staff_75)
    page.goto(reverse("admin:events_event_change", args=[event.pk]))
    assert_no_axe_violations(page)
    page.locator("#slots-0").get_by_role("link", name="Voir la liste").click()
    expect(page.get_by_role("heading", name="Envoi au partenaire")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Envoyer la liste au partenaire maintenant").click()
    expect(page.locator(".messagelist .success")).to_contain_text(
        "La liste d'invités part vers le partenaire"
    )
    run_tasks()
    page.reload()
    expect(page.get_by_text(re.compile(r"^Liste envoyée le "))).to_be_visible()
    assert [message.to for message in mail.outbox] == [["billetterie@rond-point.test"]]
    assert_no_axe_violations(page)
    # The slots' list and a slot's page link their guest lists too.
    page.goto(reverse("admin:events_slot_changelist"))
    expect(page.get_by_role("link", name="Voir la liste").first).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(reverse("admin:events_slot_change", args=[first.pk]))
    assert_no_axe_violations(page)

    # Then they approve the testimonial, from the home's "À traiter".
    page.goto(reverse("admin:index"))
    page.get_by_role("link", name="1 témoignage à modérer").click()
    row = page.locator("#result_list tbody tr", has_text="Une très belle soirée")
    expect(row).to_be_visible()
    assert_no_axe_violations(page)
    row.get_by_role("checkbox", name=re.compile("^Choisir cet objet pour une action")).check()
    page.get_by_role("combobox", name="Action").select_option(label="Approuver pour publication")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator(".messagelist")).to_have_text("1 témoignage approuvé.")
    testimonial.refresh_from_db()
    assert testimonial.status == Testimonial.Status.APPROVED
    assert testimonial.moderated_by == staff_75
