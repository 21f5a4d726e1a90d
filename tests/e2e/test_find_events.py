"""The tutorial's "Accéder aux événements" journey in a real browser, checked by axe-core."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event
from structures.dates import french_datetime
from tests.factories import (
    PASSWORD,
    AudienceFactory,
    DepartmentFactory,
    EventFactory,
    GenreFactory,
    SlotFactory,
    StructureFactory,
    UserFactory,
)


def active_department(code, name):
    department = DepartmentFactory(code=code, name=name)
    department.is_active = True
    department.save(update_fields=["is_active"])
    return department


def test_worker_finds_an_event_and_its_slots(page, login, assert_no_axe_violations):
    paris = active_department("75", "Paris")
    seine_saint_denis = active_department("93", "Seine-Saint-Denis")
    UserFactory(
        email="relais@demo.test",
        first_name="Camille",
        structure=StructureFactory(department=paris, name="Association La Passerelle"),
    )
    theatre, concert = GenreFactory(name="Théâtre"), GenreFactory(name="Concert")
    family, adults = AudienceFactory(name="Famille"), AudienceFactory(name="Adultes")
    EventFactory(partner__department=paris, title="Cirque parisien", genres=[theatre])
    colline = EventFactory(
        partner__department=seine_saint_denis,
        title="Théâtre de la Colline",
        genres=[theatre],
        audiences=[family],
        venue__name="Salle Jean-Vilar",
        venue__access="Entrée par le parvis, accueil au rez-de-chaussée.",
    )
    EventFactory(
        partner__department=seine_saint_denis,
        title="Théâtre d'ombres",
        genres=[theatre],
        audiences=[adults],
    )
    EventFactory(
        partner__department=seine_saint_denis,
        title="Concert gospel",
        genres=[concert],
        audiences=[family],
    )
    for event in Event.objects.all():
        SlotFactory(event=event, starts_at=timezone.now() + timedelta(days=12))
    start = (timezone.localtime() + timedelta(days=20)).replace(
        hour=20, minute=30, second=0, microsecond=0
    )
    bookable = SlotFactory(event=colline, starts_at=start, invitations_offered=8)
    full = SlotFactory(
        event=colline,
        starts_at=start + timedelta(days=1),
        invitations_offered=2,
        invitations_booked=2,
    )

    # Log in: the personal space.
    login("relais@demo.test", PASSWORD)
    expect(page.get_by_role("heading", name="Mon espace")).to_be_visible()
    expect(page.get_by_text("événement en ligne")).to_be_visible()
    assert_no_axe_violations(page)

    # "Réserver" leads to all events of the worker's département.
    page.get_by_role("link", name="Réserver", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Tous les événements"))
    expect(page.get_by_role("link", name="Cirque parisien").first).to_be_visible()
    assert_no_axe_violations(page)

    # Change département with the drop-down at the top of the screen.
    # (site.js submits on change and hides the "OK" button that does it without
    # JavaScript: tests/e2e/test_phone.py.)
    expect(page.get_by_role("button", name="changer de département")).to_be_hidden()
    with page.expect_navigation():
        page.get_by_label("Département").select_option(label="93 – Seine-Saint-Denis")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Seine-Saint-Denis")
    expect(page.get_by_role("link", name="Cirque parisien")).to_have_count(0)
    assert_no_axe_violations(page)

    # Search by title, without accents, then click the magnifier.
    page.get_by_label("Titre de l'événement").fill("theatre")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rechercher un événement")
    expect(page.get_by_role("heading", name="2 événements")).to_be_visible()
    expect(page.get_by_role("link", name="Théâtre de la Colline")).to_be_visible()
    expect(page.get_by_role("link", name="Théâtre d'ombres")).to_be_visible()
    expect(page.get_by_role("link", name="Concert gospel")).to_have_count(0)
    assert_no_axe_violations(page)

    # Filter by genre, then by audience.
    page.get_by_label("Genre").select_option(label="Théâtre")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name="2 événements")).to_be_visible()
    page.get_by_label("Type de public").select_option(label="Famille")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name="1 événement")).to_be_visible()
    expect(page.get_by_role("link", name="Théâtre d'ombres")).to_have_count(0)
    assert_no_axe_violations(page)

    # Open the event, then its practical information.
    page.get_by_role("link", name="Théâtre de la Colline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Théâtre de la Colline")
    access = page.get_by_text("Entrée par le parvis, accueil au rez-de-chaussée.")
    expect(access).to_be_hidden()
    page.get_by_text("Informations pratiques").click()
    expect(access).to_be_visible()
    expect(page.get_by_text("Salle Jean-Vilar").first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Voir le plan"))).to_be_visible()
    assert_no_axe_violations(page)

    # The slots with the invitations still available; a full one leads to its waiting list.
    link = page.get_by_role(
        "link", name=f"Réserver – {french_datetime(bookable.starts_at)} – 8 invitations disponibles"
    )
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", reverse("bookings:new", args=[bookable.pk]))
    expect(page.get_by_text("Complet")).to_be_visible()
    waiting = page.get_by_role(
        "link", name=f"S'inscrire sur la liste d'attente – {french_datetime(full.starts_at)}"
    )
    expect(waiting).to_have_attribute("href", reverse("bookings:new", args=[full.pk]))
