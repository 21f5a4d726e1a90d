"""Forms of the booking page. Each one changes the draft (bookings.draft) or books it.

They give the friendly message early; bookings.services.book() re-checks every rule
when the worker clicks "Enregistrer", whatever the page showed.
"""

from django import forms

from bookings.models import Participant
from bookings.services import NAME_MAX_LENGTH, UNKNOWN_PERSON
from people.forms import CompanionForm, PersonForm
from people.models import Person
from structures.text import plural

Role = Participant.Role


def check_room(draft, slot, adding=1):
    """Refuse a participant more than the slot allows in one booking, or than it has left."""
    wanted = len(draft) + adding
    if wanted > slot.max_per_booking:
        raise forms.ValidationError(
            "La liste est complète : une réservation compte au plus "
            f"{plural(slot.max_per_booking, 'invitation')} pour ce créneau."
        )
    if wanted > slot.invitations_left:
        raise forms.ValidationError(
            "La liste est complète : il ne reste que "
            f"{plural(slot.invitations_left, 'invitation')} sur ce créneau."
        )


def check_not_booked(person, slot):
    if Participant.objects.filter(slot=slot, person=person, is_active=True).exists():
        raise forms.ValidationError(f"{person.full_name} a déjà une invitation pour ce créneau.")


class DraftFormMixin:
    """A form that adds to the draft of `slot`: knows both, checks there is room."""

    def __init__(self, *args, draft, slot, **kwargs):
        self.draft = draft
        self.slot = slot
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        check_room(self.draft, self.slot)
        return cleaned_data


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Nom ou prénom de la personne suivie",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class AddPersonForm(DraftFormMixin, forms.Form):
    """Add an existing person of the structure; a forged id is simply unknown."""

    role = Role.BENEFICIARY
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"required": UNKNOWN_PERSON, "invalid_choice": UNKNOWN_PERSON},
    )

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        persons = Person.objects.for_structure(structure)
        self.fields["person"].queryset = (
            persons.companions() if self.role == Role.COMPANION else persons.beneficiaries()
        )

    def clean_person(self):
        person = self.cleaned_data["person"]
        if person.pk in self.draft.person_ids:
            raise forms.ValidationError(f"{person.full_name} figure déjà dans la liste.")
        check_not_booked(person, self.slot)
        return person


class AddCompanionForm(AddPersonForm):
    role = Role.COMPANION
    person = forms.ModelChoiceField(
        label="Accompagnateur de la structure",
        queryset=Person.objects.none(),
        empty_label="Choisissez un accompagnateur",
        error_messages={
            "required": "Choisissez un accompagnateur dans la liste.",
            "invalid_choice": UNKNOWN_PERSON,
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.full_name} ({p.get_companion_type_display().lower()})"
        )


class NewPersonForm(DraftFormMixin, PersonForm):
    """Create a followed person in the worker's structure and add them to the draft."""

    role = Role.BENEFICIARY


class NewCompanionForm(DraftFormMixin, CompanionForm):
    """Create a companion (professional or volunteer) and add them to the draft."""

    role = Role.COMPANION


class GuestForm(DraftFormMixin, forms.Form):
    """Someone a beneficiary of the draft invites: first and last name only.

    The view checks the host (a beneficiary of the draft) before binding this form.
    """

    first_name = forms.CharField(
        label="Prénom de l'invité",
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": "Indiquez le prénom de l'invité."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    last_name = forms.CharField(
        label="Nom de l'invité",
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": "Indiquez le nom de l'invité."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean(self):
        cleaned_data = super().clean()
        first_name, last_name = cleaned_data.get("first_name"), cleaned_data.get("last_name")
        if first_name and last_name and self.draft.has_name(first_name, last_name):
            raise forms.ValidationError(f"{first_name} {last_name} figure déjà dans la liste.")
        return cleaned_data


class RemoveForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, draft, **kwargs):
        self.draft = draft
        super().__init__(*args, **kwargs)

    def clean_key(self):
        key = self.cleaned_data["key"]
        if self.draft.get(key) is None:
            raise forms.ValidationError("Cette personne n'est plus dans la liste.")
        return key


class BookForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
