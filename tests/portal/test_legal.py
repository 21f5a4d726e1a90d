"""The legal pages (portal/legal.py): public, filled from settings, linked from every footer."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from portal.legal import french_day

pytestmark = pytest.mark.django_db

LEGAL_PAGES = {
    "legal:privacy": ("/donnees-personnelles/", "Données personnelles"),
    "legal:notice": ("/mentions-legales/", "Mentions légales"),
    "legal:accessibility": ("/accessibilite/", "Déclaration d'accessibilité"),
}
FOOTER_LABELS = {
    "legal:privacy": "Données personnelles",
    "legal:notice": "Mentions légales",
    "legal:accessibility": "Accessibilité&nbsp;: non conforme",
}


def footer(response):
    """The HTML of the page's footer."""
    return response.content.decode().split('<footer class="site-footer">', 1)[1]


@pytest.mark.parametrize("name", LEGAL_PAGES)
def test_each_page_opens_without_login(client, name):
    path, heading = LEGAL_PAGES[name]
    assert reverse(name) == path

    response = client.get(path)

    assert response.status_code == 200
    assertContains(response, f"<h1>{heading}</h1>", html=True)
    assertNotContains(response, "Menu principal")  # still a visitor: no worker menu


@pytest.mark.parametrize("name", LEGAL_PAGES)
def test_each_page_opens_for_a_logged_in_worker(worker_client, name):
    path, heading = LEGAL_PAGES[name]

    response = worker_client.get(path)

    assert response.status_code == 200
    assertContains(response, f"<h1>{heading}</h1>", html=True)
    assertContains(response, "Menu principal")


@pytest.mark.parametrize("name", LEGAL_PAGES)
def test_pages_only_read(client, name):
    assert client.head(reverse(name)).status_code == 200
    assert client.post(reverse(name)).status_code == 405


# --- Données personnelles ---------------------------------------------------------------------


def test_privacy_names_the_association_its_contact_and_the_cnil(client, settings):
    settings.ASSOCIATION_NAME = "Cultures Solidaires du Nord"
    settings.ASSOCIATION_ADDRESS = "8 place du Théâtre, 59000 Lille"
    settings.ASSOCIATION_EMAIL = "donnees@cultures-solidaires.test"

    response = client.get(reverse("legal:privacy"))

    assertContains(response, "L'association Cultures Solidaires du Nord")
    assertContains(response, "8 place du Théâtre, 59000 Lille")
    assertContains(
        response,
        '<a href="mailto:donnees@cultures-solidaires.test">donnees@cultures-solidaires.test</a>',
        count=2,  # who is responsible, and how to exercise one's rights
    )
    assertContains(response, "responsable du traitement")
    assertContains(response, '<a href="https://www.cnil.fr">')
    assertContains(
        response, "télécharger tout ce que le portail garde sur vous (en PDF ou en JSON)"
    )


def test_privacy_says_what_is_collected_and_nothing_else(client):
    response = client.get(reverse("legal:privacy"))

    for collected in (
        "le prénom et le nom",
        "l'année de naissance, seulement si la personne veut la donner",
        "le numéro de téléphone, seulement si la personne veut le donner",
        "aucune note libre",
        "professionnel ou d'un bénévole",
        "Le nom, l'adresse e-mail, le téléphone et la structure",
        "le portail garde seulement son prénom et son nom",
    ):
        assertContains(response, collected)
    for reader in (
        "les travailleurs sociaux de la structure qui accompagne la personne",
        "l'équipe de l'association dans le département",
        "seulement les prénoms et noms de la liste des invités, à la date limite de réservation",
    ):
        assertContains(response, reader)


def test_privacy_shows_the_retention_periods_of_the_settings(client, settings):
    settings.PERSON_RETENTION_MONTHS = 36
    settings.ACCOUNT_INACTIVITY_MONTHS = 6

    response = client.get(reverse("legal:privacy"))

    assertContains(response, "aucune réservation, ni aucune sortie, pendant 36 mois")
    assertContains(response, "n'a pas servi pendant 6 mois est désactivé")
    assertContains(response, "Un e-mail prévient un mois avant.")


def test_privacy_shows_the_legal_basis_from_settings(client, settings):
    settings.PRIVACY_LEGAL_BASIS = "le consentement de la personne (article 6.1.a du RGPD)."

    response = client.get(reverse("legal:privacy"))

    assertContains(response, "base légale&nbsp;»)&nbsp;: le consentement de la personne")


# --- Mentions légales -------------------------------------------------------------------------


def test_notice_shows_publisher_director_and_host_from_settings(client, settings):
    settings.ASSOCIATION_NAME = "Cultures Solidaires du Nord"
    settings.ASSOCIATION_ADDRESS = "8 place du Théâtre, 59000 Lille"
    settings.ASSOCIATION_EMAIL = "bonjour@cultures-solidaires.test"
    settings.ASSOCIATION_PHONE = "03 20 00 00 00"
    settings.PUBLICATION_DIRECTOR = "Alix Moreau, présidente"
    settings.HOST_NAME = "Nuage Coopératif SCOP"
    settings.HOST_ADDRESS = "3 quai des Serveurs, 69002 Lyon"

    response = client.get(reverse("legal:notice"))

    assertContains(response, "publié par l'association Cultures Solidaires du Nord")
    assertContains(response, "Adresse&nbsp;: 8 place du Théâtre, 59000 Lille")
    assertContains(response, '<a href="mailto:bonjour@cultures-solidaires.test">')
    assertContains(response, "Téléphone&nbsp;: 03 20 00 00 00")
    assertContains(response, "Direction de la publication&nbsp;: Alix Moreau, présidente<")
    assertContains(response, "hébergé par Nuage Coopératif SCOP, 3 quai des Serveurs, 69002 Lyon.")
    assertContains(response, f'href="{reverse("legal:privacy")}"')
    assertContains(response, f'href="{reverse("legal:accessibility")}"')


# --- Accessibilité ----------------------------------------------------------------------------


def test_accessibility_statement(client, settings):
    settings.ACCESSIBILITY_STATEMENT_DATE = "2026-12-04"
    settings.ASSOCIATION_EMAIL = "accessibilite@cultures-solidaires.test"
    settings.SITE_URL = "https://billetterie.cultures-solidaires.test"

    response = client.get(reverse("legal:accessibility"))

    assertContains(response, "<strong>non conforme</strong> au RGAA 4.1")
    assertContains(response, "s'applique au portail https://billetterie.cultures-solidaires.test")
    assertContains(response, "Cette déclaration a été établie le 4 décembre 2026.")
    assertContains(response, "axe-core")
    assertContains(response, "Tout fonctionne sans JavaScript.")
    assertContains(response, "360 pixels de large")
    assertContains(response, "espace d'administration")
    assertContains(response, '<a href="mailto:accessibilite@cultures-solidaires.test">')
    assertContains(response, '<h2 id="voies-de-recours">Voies de recours</h2>')
    assertContains(response, '<a href="https://formulaire.defenseurdesdroits.fr/">')
    assertContains(response, "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07")


def test_accessibility_statement_date_follows_the_setting(client, settings):
    settings.ACCESSIBILITY_STATEMENT_DATE = "2027-03-01"

    response = client.get(reverse("legal:accessibility"))

    assertContains(response, "établie le 1er mars 2027.")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2026-12-04", "4 décembre 2026"),
        ("2027-03-01", "1er mars 2027"),
        ("2026-08-15", "15 août 2026"),
        ("décembre 2026", "décembre 2026"),  # not a date: shown as the setting says
    ],
)
def test_french_day(text, shown):
    assert french_day(text) == shown


# --- The footer -------------------------------------------------------------------------------


def assert_footer_links_the_legal_pages(response, current=None):
    html = footer(response)
    assert '<nav class="legal-links" aria-label="Informations légales">' in html
    for name, label in FOOTER_LABELS.items():
        link = re.search(rf'<a href="{re.escape(reverse(name))}"([^>]*)>([^<]*)</a>', html)
        assert link, f"{name} missing from the footer"
        assert link[2] == label
        assert ('aria-current="page"' in link[1]) == (name == current), name


def test_the_login_page_footer_links_the_legal_pages(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert_footer_links_the_legal_pages(response)


def test_a_worker_page_footer_links_the_legal_pages(worker_client):
    response = worker_client.get(reverse("home"))

    assert response.status_code == 200
    assert_footer_links_the_legal_pages(response)
    assert reverse("structures:contact") in footer(response)  # beside the team's contact


def test_a_page_not_found_footer_links_the_legal_pages(client):
    response = client.get("/compte/nulle-part/")

    assert response.status_code == 404
    assert_footer_links_the_legal_pages(response)


@pytest.mark.parametrize("name", LEGAL_PAGES)
def test_the_footer_marks_the_current_legal_page(client, name):
    assert_footer_links_the_legal_pages(client.get(reverse(name)), current=name)
