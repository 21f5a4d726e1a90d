import re

import pytest
from django.contrib.messages import INFO
from django.contrib.messages.storage.base import Message
from django.forms.utils import ErrorList
from django.template import Context, Template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from bookings.models.booking import REFERENCE_PATTERN, new_reference
from structures.text import normalize, of, one_line, plural, typo


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Paul Martin", "de Paul Martin"),
        ("Élodie Garnier", "d'Élodie Garnier"),
        ("Aïcha Diallo", "d'Aïcha Diallo"),
        ("Hélène Roux", "d'Hélène Roux"),
        # Y sounds as a consonant before a vowel, as a vowel before a consonant.
        ("Yanis B.", "de Yanis B."),
        ("Yasmine Haddad", "de Yasmine Haddad"),
        ("Yves Morel", "d'Yves Morel"),
        ("Yvonne", "d'Yvonne"),
        ("Œdipe", "d'Œdipe"),
    ],
)
def test_of_elides_before_a_vowel(name, expected):
    assert of(name) == expected


def test_normalize_folds_accents_case_and_spaces():
    assert normalize("  Théâtre   du SOLEIL ") == "theatre du soleil"


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 invitation"), (1, "1 invitation"), (2, "2 invitations"), (4, "4 invitations")],
)
def test_plural_agrees_with_the_count(count, expected):
    assert plural(count, "invitation") == expected


def test_plural_takes_an_irregular_form():
    assert plural(1, "journal", "journaux") == "1 journal"
    assert plural(3, "journal", "journaux") == "3 journaux"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Théâtre  du Soleil", "theatre du soleil"),
        ("  ÉLODIE   Garnier ", "elodie garnier"),
        ("Cœur et Æther", "coeur et aether"),
        ("Straße", "strasse"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_one_line_joins_lines_and_keeps_non_breaking_spaces():
    subject = "\n  Rappel\u00a0: sortie demain –\n Cyrano, à 20\u00a0h\u00a030\n"
    assert one_line(subject) == "Rappel\u00a0: sortie demain – Cyrano, à 20\u00a0h\u00a030"


NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Date : samedi", f"Date{NBSP}: samedi"),
        ("Une question ?", f"Une question{NBSP}?"),
        ("Attention ! Oui ; non", f"Attention{NBSP}! Oui{NBSP}; non"),
        ("C'est « Cyrano »", f"C&#x27;est «{NBSP}Cyrano{NBSP}»"),
        ("à 20 h 30, puis 9 h.", f"à 20{NBSP}h{NBSP}30, puis 9{NBSP}h."),
        ("Line\n: next", f"Line{NBSP}: next"),
        # Nothing to do where French has no space: links and times written with a colon.
        (
            "Voir https://example.org:8000/a?b=1 à 10:30",
            "Voir https://example.org:8000/a?b=1 à 10:30",
        ),
        ("5 heures, 3 hommes", "5 heures, 3 hommes"),
        ("", ""),
    ],
)
def test_typo_puts_non_breaking_spaces(sentence, expected):
    assert typo(sentence) == expected


def test_typo_escapes_a_plain_string_and_returns_safe_html():
    result = typo("<b>Tom & Jerry</b> ?")
    assert result == f"&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;{NBSP}?"
    assert isinstance(result, SafeString)


def test_typo_changes_only_the_text_of_safe_html():
    message = format_html(
        '<a href="{}" title="{}">Voir la réservation</a> : annulée ?',
        "/reservations/CDC-R63HMB/?a=1 :b",
        "Réf : CDC-R63HMB",
    )
    assert typo(message) == (
        '<a href="/reservations/CDC-R63HMB/?a=1 :b" title="Réf : CDC-R63HMB">'
        f"Voir la réservation</a>{NBSP}: annulée{NBSP}?"
    )


def test_typo_leaves_scripts_styles_and_comments_alone():
    html = mark_safe("<style>a :hover {}</style><script>x ? y : z</script><!-- a : b -->Oui !")
    assert typo(html) == (
        f"<style>a :hover {{}}</style><script>x ? y : z</script><!-- a : b -->Oui{NBSP}!"
    )


def test_typo_keeps_a_booking_reference_on_one_line():
    assert typo("Réservation CDC-R63HMB annulée.") == (
        'Réservation <span class="nowrap">CDC-R63HMB</span> annulée.'
    )
    # Only a whole reference, not a longer code that starts like one.
    assert typo("CDC-R63HMBX et XCDC-R63HMB") == "CDC-R63HMBX et XCDC-R63HMB"


def test_typo_knows_the_references_bookings_make():
    """text.typo writes the reference pattern again (structures is below bookings)."""
    for _ in range(20):
        reference = new_reference()
        assert re.fullmatch(REFERENCE_PATTERN, reference)
        assert typo(reference) == f'<span class="nowrap">{reference}</span>'
    assert typo("CDC-000000") == '<span class="nowrap">CDC-000000</span>'  # any capital/digit


def test_typo_takes_a_message_an_error_list_and_none():
    errors = ErrorList(["Saisissez un nombre ; ou rien."])
    assert f"Saisissez un nombre{NBSP}; ou rien." in typo(errors)
    assert '<ul class="errorlist">' in typo(errors)
    message = Message(INFO, format_html("Réservation <strong>{}</strong> : ok", "A & B"))
    assert typo(message) == f"Réservation <strong>A &amp; B</strong>{NBSP}: ok"
    assert typo(None) == ""


def test_typo_filter_in_a_template():
    template = Template('{% load french %}<p title="{{ s }}">{{ s|typo }}</p>')
    assert template.render(Context({"s": "Prêt ?"})) == f'<p title="Prêt ?">Prêt{NBSP}?</p>'
