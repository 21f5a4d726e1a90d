"""After the outing, in a real browser: validate attendance with a testimonial, then read
the statistics and their chart; the contact page."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from bookings.models import Booking
from structures.models import Department
from tests.factories import (
    BookingFactory,
    ParticipantFactory,
    PersonFactory,
    SlotFactory,
    UserFactory,
)


def past_outing():
    """A worker of Paris and last week's outing: Mina (followed) and a companion."""
    # update_or_create: a transactional test flushes the départements of the data migration.
    paris, _ = Department.objects.update_or_create(
        code="75",
        defaults={
            "name": "Paris",
            "is_active": True,
            "team_phone": "01 23 45 67 89",
            "team_email": "paris@asso.test",
        },
    )
    worker = UserFactory(email="relais@demo.test", structure__department=paris)
    mina = PersonFactory(structure=worker.structure, first_name="Mina", last_name="Durand")
    booking = BookingFactory(
        structure=worker.structure,
        booked_by=worker,
        beneficiary=mina,
        invitations=2,
        slot=SlotFactory(past=True, event__title="Le Malade imaginaire"),
    )
    ParticipantFactory(
        booking=booking,
        role="companion",
        person=PersonFactory(
            structure=worker.structure, companion=True, first_name="Sam", last_name="Roy"
        ),
    )
    return worker, booking


def to_validate_stat(page):
    return page.locator(".stat").filter(has_text="à valider").locator("strong")


def test_worker_validates_an_outing_then_reads_the_statistics(
    page, login_as, assert_no_axe_violations
):
    worker, booking = past_outing()
    login_as(worker)
    menu = page.get_by_role("navigation", name="Menu principal")

    page.goto(reverse("home"))
    expect(to_validate_stat(page)).to_have_text("1")

    menu.get_by_role("link", name="Mes témoignages").click()
    expect(page.get_by_role("heading", name="Mes témoignages")).to_be_visible()
    expect(page.get_by_role("heading", name="Sorties à valider")).to_contain_text("1")
    assert_no_axe_violations(page)

    page.get_by_role("link", name=re.compile("Saisir les présences")).click()
    expect(page.get_by_role("heading", name="Présences et témoignages")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("group", name="Mina Durand – Personne suivie").get_by_label("Présent").check()
    page.get_by_role("group", name="Sam Roy – Accompagnateur").get_by_label("Absent").check()
    page.get_by_label("Personne qui témoigne").select_option(label="Personne suivie (M.)")
    page.get_by_role("textbox", name="Témoignage").fill("J'ai beaucoup ri, merci !")
    page.get_by_label("La personne accepte la publication de son témoignage").check()
    page.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text(
        f"Présences et témoignages enregistrés pour la réservation {booking.reference}"
    )
    expect(page.get_by_role("heading", name="Sorties à valider")).to_contain_text("0")
    validated = page.get_by_role("article").filter(has_text="Le Malade imaginaire")
    expect(validated).to_contain_text("1 présent sur 2 invitations")
    expect(validated).to_contain_text("Personne suivie (M.)")
    expect(validated).to_contain_text("À modérer")
    assert_no_axe_violations(page)
    booking.refresh_from_db()
    assert booking.attendance_recorded_at is not None
    assert list(booking.participants.values_list("attended", flat=True)) == [True, False]
    assert booking.testimonials.get().consent is True

    page.goto(reverse("home"))
    expect(to_validate_stat(page)).to_have_text("0")

    menu.get_by_role("link", name="Mes statistiques").click()
    expect(page.get_by_role("heading", name="Mes statistiques", level=1)).to_be_visible()
    chart = page.get_by_role("img", name="Invitations par mois")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.bar")).to_have_count(24)  # 12 months, booked and used
    expect(page.get_by_role("table", name="Invitations par mois : les chiffres")).to_be_visible()
    expect(page.locator(".stat").filter(has_text="taux de présence")).to_contain_text("50")
    assert_no_axe_violations(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger les chiffres (CSV)").click()
    assert download.value.suggested_filename.startswith("statistiques-")
    assert Booking.objects.to_validate().count() == 0


def test_statistics_period_errors_are_shown_next_to_the_field(
    page, login_as, assert_no_axe_violations
):
    worker, _ = past_outing()
    login_as(worker)
    page.goto(reverse("bookings:stats"))

    page.get_by_label("Date de début").fill("2026-03-01")
    page.get_by_label("Date de fin").fill("2026-02-01")
    page.get_by_role("button", name="Afficher").click()

    expect(
        page.get_by_text("Saisissez une date de fin à partir du 01/03/2026, la date de début.")
    ).to_be_visible()
    expect(page.get_by_role("img", name="Invitations par mois")).to_have_count(0)
    assert_no_axe_violations(page)


def test_contact_page(page, login_as, assert_no_axe_violations):
    worker, _ = past_outing()
    Department.objects.update_or_create(
        code="93",
        defaults={"name": "Seine-Saint-Denis", "is_active": True, "team_phone": "01 48 00 00 00"},
    )
    login_as(worker)
    page.goto(reverse("home"))

    page.get_by_role("link", name=re.compile("Vous rencontrez des difficultés")).click()
    expect(page.get_by_role("heading", name=re.compile("Votre équipe"))).to_be_visible()
    expect(page.get_by_role("link", name="01 23 45 67 89")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Voir l'équipe d'un autre département").select_option("93")
    page.get_by_role("button", name="Afficher").click()

    expect(page.get_by_role("heading", name=re.compile("Équipe Seine-Saint-Denis"))).to_be_visible()
    expect(page.get_by_role("link", name="01 48 00 00 00")).to_be_visible()
    assert_no_axe_violations(page)
