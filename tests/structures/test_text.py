import pytest

from structures.text import normalize, of, one_line, plural


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
