"""Steps in the Django admin shared by the browser tests."""

from django.urls import reverse


def start_new_event(page):
    """Open "Ajouter événement" and fill "Le Petit Prince" at the Salle Molière (Théâtre)."""
    page.goto(reverse("admin:events_event_add"))
    page.get_by_label("Titre").fill("Le Petit Prince")
    # Autocomplete (select2): type part of the name, pick it.
    page.locator("[aria-labelledby='select2-id_partner-container']").click()
    page.locator(".select2-search__field").fill("Rond")
    page.get_by_role("option", name="Théâtre du Rond-Point").click()
    page.locator("[aria-labelledby='select2-id_venue-container']").click()
    page.locator(".select2-search__field").fill("Molière")
    page.get_by_role("option", name="Salle Molière (Paris)").click()
    page.locator("#id_genres_from").select_option(label="Théâtre")
    page.locator("#id_genres_add").click()
