import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import NAME_MAX_LENGTH, Person, PersonLogEntry

NAME_WIDGET_ATTRS = {"autocomplete": "off", "spellcheck": "false"}
PHONE_INVALID = (
    "Indiquez un numéro français (10 chiffres, par exemple 06 12 34 56 78) ou international "
    "(+ et l'indicatif du pays, par exemple +32 2 123 45 67), ou laissez le champ vide."
)
EXACT_DUPLICATE = (
    "Cette personne existe déjà dans votre structure, écrite exactement de la même façon "
    "(et avec la même année de naissance, ou sans) : utilisez sa fiche. S'il s'agit vraiment "
    "d'une autre personne, indiquez son année de naissance pour les distinguer."
)
EXACT_DUPLICATE_COMPANION = (
    "Un accompagnateur de votre structure porte déjà exactement ce nom : utilisez sa fiche. "
    "S'il s'agit d'une autre personne, ajoutez une initiale ou un deuxième prénom pour les "
    "distinguer."
)
LIKELY_DUPLICATE = (
    "Une personne de votre structure porte déjà ce nom. Est-ce la même ? Utilisez sa fiche, "
    "ou confirmez qu'il s'agit d'une autre personne."
)
CONFIRM_FIELD = "autre_personne"


def validate_phone(value):
    """A French number (0 and 9 digits, or +33 and 9) or an international one (+, 7 to 15
    digits, ITU E.164); spaces, dots, dashes and brackets are set aside."""
    digits = re.sub(r"[\s.()\-]", "", value)
    french = re.fullmatch(r"(0|\+33|0033)[1-9]\d{8}", digits)
    international = re.fullmatch(r"(\+|00)[1-9]\d{6,14}", digits) and not digits.startswith(
        ("+33", "0033")
    )
    if not (french or international):
        raise ValidationError(PHONE_INVALID, code="invalid")


def name_errors(label):
    return {
        "required": f"Indiquez le {label}.",
        "max_length": f"Le {label} compte au plus {NAME_MAX_LENGTH} caractères : abrégez-le.",
    }


class PersonForm(forms.ModelForm):
    """A followed person created or changed by a worker: minimal data only (DESIGN.md).

    A person whose names match one of the structure's once accents and case are set aside
    is refused until the worker confirms it is someone else (`likely_duplicates` then holds
    the matches); the exact same spelling and birth year is refused outright.
    """

    kind = Person.Kind.BENEFICIARY

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "birth_year", "phone"]
        labels = {
            "birth_year": "Année de naissance (facultatif)",
            "phone": "Téléphone (facultatif)",
        }
        error_messages = {
            "first_name": name_errors("prénom"),
            "last_name": name_errors("nom"),
            "phone": {"max_length": PHONE_INVALID},
        }
        widgets = {
            "first_name": forms.TextInput(attrs=NAME_WIDGET_ATTRS),
            "last_name": forms.TextInput(attrs=NAME_WIDGET_ATTRS),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure = structure
        if self.instance.pk is None:
            self.instance.structure = structure
            self.instance.kind = self.kind
        self.likely_duplicates = []  # shown with "Utiliser cette personne"
        self.exact_duplicate = False  # then creating it anyway is not offered
        self.fields["phone"].validators.append(validate_phone)
        if "birth_year" in self.fields:
            self.fields["birth_year"].widget.attrs.update({"min": 1900, "inputmode": "numeric"})
            self.fields["birth_year"].error_messages.update(
                {
                    "invalid": "Indiquez une année, par exemple 1984.",
                    "min_value": "Indiquez une année après 1900, par exemple 1984.",
                    "max_value": "L'année de naissance ne peut pas être dans le futur.",
                }
            )

    @property
    def exact_message(self):
        companion = self.instance.kind == Person.Kind.COMPANION
        return EXACT_DUPLICATE_COMPANION if companion else EXACT_DUPLICATE

    @property
    def confirm_name(self):
        """The name of the "it is someone else" button, with the form's prefix."""
        return self.add_prefix(CONFIRM_FIELD)

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError("L'année de naissance ne peut pas être dans le futur.")
        return year

    def clean(self):
        cleaned_data = super().clean()
        first_name, last_name = cleaned_data.get("first_name"), cleaned_data.get("last_name")
        if not first_name or not last_name:
            return cleaned_data
        birth_year = cleaned_data.get("birth_year", self.instance.birth_year)
        others = (
            Person.objects.for_structure(self.structure)
            .filter(kind=self.instance.kind)
            .exclude(pk=self.instance.pk)
        )
        exact = list(others.exact_duplicates(first_name, last_name, birth_year)[:1])
        if exact:
            self.likely_duplicates, self.exact_duplicate = exact, True
            raise forms.ValidationError(self.exact_message, code="exact_duplicate")
        if self.instance.pk is not None and not self._names_changed():
            return cleaned_data
        if not self.data.get(self.confirm_name):
            self.likely_duplicates = list(
                others.likely_duplicates(first_name, last_name, birth_year).order_by(
                    "archived_at", "pk"
                )[:5]
            )
            if self.likely_duplicates:
                raise forms.ValidationError(LIKELY_DUPLICATE, code="likely_duplicate")
        return cleaned_data

    def _names_changed(self):
        return bool({"first_name", "last_name", "birth_year"} & set(self.changed_data))

    def save_by(self, user):
        """Save and record it in the person's history; None, with the form's error, when
        the database refuses an exact duplicate entered meanwhile."""
        created = self.instance.pk is None
        try:
            with transaction.atomic():
                person = self.save()
                if created:
                    person.log(PersonLogEntry.Action.CREATED, by=user)
                else:
                    person.log(
                        PersonLogEntry.Action.CHANGED, by=user, fields=sorted(self.changed_data)
                    )
        except IntegrityError:
            if created:
                self.instance.pk = None
            self.exact_duplicate = True
            self.add_error(None, self.exact_message)
            return None
        return person


class CompanionForm(PersonForm):
    """A companion of the structure's outings: a professional or a volunteer."""

    kind = Person.Kind.COMPANION

    class Meta(PersonForm.Meta):
        fields = ["first_name", "last_name", "companion_type", "phone"]
        labels = {
            "first_name": "Prénom de l'accompagnateur",
            "last_name": "Nom de l'accompagnateur",
            "companion_type": "Type d'accompagnateur",
            "phone": "Téléphone (facultatif)",
        }
        error_messages = {
            **PersonForm.Meta.error_messages,
            "companion_type": {
                "required": "Indiquez s'il s'agit d'un professionnel ou d'un bénévole."
            },
        }
        widgets = {**PersonForm.Meta.widgets, "companion_type": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["companion_type"]
        field.required = True
        field.choices = Person.CompanionType.choices


def form_class(kind):
    return CompanionForm if kind == Person.Kind.COMPANION else PersonForm
