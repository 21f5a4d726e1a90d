import pytest

from structures.text import normalize, of


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Paul Martin", "de Paul Martin"),
        ("Élodie Garnier", "d'Élodie Garnier"),
        ("Aïcha Diallo", "d'Aïcha Diallo"),
        ("Hélène Roux", "d'Hélène Roux"),
        ("Yanis B.", "d'Yanis B."),
        ("Œdipe", "d'Œdipe"),
    ],
)
def test_of_elides_before_a_vowel(name, expected):
    assert of(name) == expected


def test_normalize_folds_accents_case_and_spaces():
    assert normalize("  Théâtre   du SOLEIL ") == "theatre du soleil"
