"""Django's own messages in our words (locale/fr/LC_MESSAGES/django.po): each says what to
type. The catalog is compiled by hand and committed (CI does not compile it): these tests
prove the .mo says what the .po says, that each msgid is one Django really uses, and that
real forms show the new sentences."""

import ast
from pathlib import Path

import django
import pytest
from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext, ngettext

from structures.models import Department

ROOT = Path(__file__).resolve().parent.parent
OURS = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
DJANGO = Path(django.__file__).parent
DJANGOS = [
    DJANGO / "conf" / "locale" / "fr" / "LC_MESSAGES" / "django.po",
    DJANGO / "contrib" / "auth" / "locale" / "fr" / "LC_MESSAGES" / "django.po",
]
NBSP = "\u00a0"


def catalog(path):
    """{msgid: {keyword: text}} of a .po file: "msgid_plural", "msgstr", "msgstr[0]"…"""
    entries, entry, keyword = {}, {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if line.startswith('"'):
            entry[keyword] += ast.literal_eval(line)
        elif line and not line.startswith("#"):
            keyword, _, text = line.partition(" ")
            if keyword == "msgid" and entry:
                entries[entry["msgid"]] = entry
                entry = {}
            entry[keyword] = ast.literal_eval(text)
    if entry:
        entries[entry["msgid"]] = entry
    entries.pop("", None)  # the header
    return entries


def header(path):
    entry, keyword = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith('"') and keyword == "msgstr":
            entry.setdefault("msgstr", "")
            entry["msgstr"] += ast.literal_eval(line)
        elif line.startswith("msgstr"):
            keyword = "msgstr"
        elif line.startswith("msgid") and keyword:
            break
    return dict(
        part.split(": ", 1) for part in entry["msgstr"].splitlines() if part and ": " in part
    )


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def test_every_message_of_ours_translates_through_django():
    """A .mo compiled from an older .po (or not compiled at all) fails here."""
    entries = catalog(OURS)
    assert len(entries) >= 25
    for msgid, entry in entries.items():
        if "msgid_plural" in entry:
            assert ngettext(msgid, entry["msgid_plural"], 1) == entry["msgstr[0]"], msgid
            assert ngettext(msgid, entry["msgid_plural"], 5) == entry["msgstr[1]"], msgid
        else:
            assert gettext(msgid) == entry["msgstr"], msgid


def test_every_msgid_is_one_of_djangos():
    """Copied exactly: a msgid Django does not use (a typo, or a Django upgrade that reworded
    it) would silently bring Django's own wording back."""
    djangos = {}
    for path in DJANGOS:
        djangos.update(catalog(path))
    for msgid, entry in catalog(OURS).items():
        assert msgid in djangos, msgid
        assert entry.get("msgid_plural") == djangos[msgid].get("msgid_plural"), msgid


def test_the_catalog_counts_plurals_as_djangos_does():
    """Django merges our catalog with its own only when their plural rules agree."""
    assert header(OURS)["Plural-Forms"] == header(DJANGOS[0])["Plural-Forms"]


def errors(field, value):
    with pytest.raises(ValidationError) as raised:
        field.clean(value)
    return raised.value.messages


def test_a_text_too_long_or_too_short_says_how_many_characters_to_write():
    field = forms.CharField(max_length=10, min_length=3)
    assert errors(field, "x" * 12) == ["Écrivez au plus 10 caractères (vous en avez écrit 12)."]
    assert errors(field, "xy") == ["Écrivez au moins 3 caractères (vous en avez écrit 2)."]
    assert errors(forms.CharField(max_length=1), "xy") == [
        "Écrivez au plus 1 caractère (vous en avez écrit 2)."
    ]


def test_a_missing_value_says_to_fill_the_field():
    assert errors(forms.CharField(), "") == [f"Ce champ est obligatoire{NBSP}: renseignez-le."]


def test_a_bad_email_shows_one_to_copy():
    assert errors(forms.EmailField(), "camille@") == [
        "Saisissez une adresse e-mail complète, par exemple prenom.nom@exemple.fr."
    ]


def test_a_number_out_of_range_says_which_to_type():
    field = forms.IntegerField(min_value=1, max_value=8)
    assert errors(field, "9") == ["Saisissez 8 ou moins."]
    assert errors(field, "0") == ["Saisissez 1 ou plus."]
    assert errors(field, "deux") == ["Saisissez un nombre entier, en chiffres, par exemple 12."]
    assert errors(forms.DecimalField(), "x") == [
        "Saisissez un nombre, en chiffres, par exemple 12."
    ]


def test_a_bad_date_or_time_shows_the_format():
    assert errors(forms.DateField(), "32/13/2026") == [
        "Saisissez une date au format jour/mois/année, par exemple 15/03/2026."
    ]
    assert errors(forms.TimeField(), "25h") == [
        "Saisissez une heure au format heures:minutes, par exemple 20:30."
    ]
    assert errors(forms.DateTimeField(), "demain") == [
        "Saisissez une date et une heure, par exemple 15/03/2026 20:30."
    ]
    assert forms.DateField().clean("15/03/2026").day == 15  # the example is accepted
    assert forms.DateTimeField().clean("15/03/2026 20:30").hour == 20


def test_a_choice_not_offered_says_to_pick_one_from_the_list():
    field = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    assert errors(field, "z") == [
        "Choisissez une des valeurs proposées dans la liste "
        f"(«{NBSP}z{NBSP}» n'en fait pas partie)."
    ]


@pytest.mark.django_db
def test_a_model_choice_not_offered_says_to_pick_one_from_the_list():
    field = forms.ModelChoiceField(queryset=Department.objects.all())
    assert errors(field, "999999") == ["Choisissez une des valeurs proposées dans la liste."]


@pytest.mark.django_db
def test_a_value_already_taken_says_to_type_another():
    form = forms.modelform_factory(Department, fields=["code", "name"])(
        {"code": "75", "name": "Paris bis"}
    )
    assert not form.is_valid()
    assert form.errors["code"] == [
        f"Cette valeur de «{NBSP}Code INSEE{NBSP}» est déjà prise (Département){NBSP}: "
        "saisissez-en une autre."
    ]


def test_a_label_ends_with_a_non_breaking_colon():
    class Form(forms.Form):
        name = forms.CharField(label="Nom")

    assert f">Nom{NBSP}:</label>" in str(Form()["name"].label_tag())


def test_a_weak_password_says_what_to_choose():
    with pytest.raises(ValidationError) as raised:
        password_validation.validate_password("12345678")
    assert f"Ce mot de passe ne contient que des chiffres{NBSP}: ajoutez-y des lettres." in (
        raised.value.messages
    )
