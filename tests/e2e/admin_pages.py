"""Steps in the Django admin shared by the browser tests."""

from django.urls import reverse


def start_new_event(page):
    """Open "Ajouter événement" and fill "Le Petit Prince" at the Salle Molière (Théâtre)."""
    page.goto(reverse("admin:events_event_add"))
    page.get_by_label("Titre").fill("Le Petit Prince")
    # Autocomplete (select2), named after its label: type part of the name, pick it.
    page.get_by_role("combobox", name="Partenaire").click()
    page.locator(".select2-search__field").fill("Rond")
    page.get_by_role("option", name="Théâtre du Rond-Point").click()
    page.get_by_role("combobox", name="Lieu").click()
    page.locator(".select2-search__field").fill("Molière")
    page.get_by_role("option", name="Salle Molière (Paris)").click()
    page.get_by_role("group", name="Genres").get_by_label("Théâtre", exact=True).check()


def fill_slot(page, row, starts_at, invitations):
    """Fill the `row`-th slot of the event form ("2099-03-21T15:00": the picker's format)."""
    slot = page.locator(f"#slots-{row}")
    slot.get_by_label("Début").fill(starts_at)
    slot.get_by_label("Invitations offertes").fill(str(invitations))
