from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone

from .models import Person

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 .()-]{5,28}$",
    "Indiquez un numéro de téléphone valide (chiffres, espaces, + et tirets), "
    "ou laissez le champ vide.",
)
NAME_WIDGET_ATTRS = {"autocomplete": "off", "spellcheck": "false"}


class PersonForm(forms.ModelForm):
    """A followed person created by a worker: minimal data only (DESIGN.md)."""

    kind = Person.Kind.BENEFICIARY

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "birth_year", "phone"]
        labels = {
            "birth_year": "Année de naissance (facultatif)",
            "phone": "Téléphone (facultatif)",
        }
        error_messages = {
            "first_name": {"required": "Indiquez le prénom."},
            "last_name": {"required": "Indiquez le nom."},
        }
        widgets = {
            "first_name": forms.TextInput(attrs=NAME_WIDGET_ATTRS),
            "last_name": forms.TextInput(attrs=NAME_WIDGET_ATTRS),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure = structure
        self.instance.structure = structure
        self.instance.kind = self.kind
        self.fields["phone"].validators.append(phone_validator)
        if "birth_year" in self.fields:
            self.fields["birth_year"].widget.attrs.update({"min": 1900, "inputmode": "numeric"})
            self.fields["birth_year"].error_messages["invalid"] = (
                "Indiquez une année, par exemple 1984."
            )

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError("L'année de naissance ne peut pas être dans le futur.")
        return year


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
