"""Forms of the booking page. Each one changes the list of participants or books it.

They give the friendly message early; bookings.services.book() re-checks every rule
when the worker clicks "Enregistrer", whatever the page showed.
"""

from django import forms

from bookings.models import Participant, WaitingParticipant
from bookings.models.participant import GUEST_NAME_TOO_LONG, NAME_MAX_LENGTH, in_list_message
from bookings.services import UNKNOWN_PERSON
from people.forms import NAME_WIDGET_ATTRS, CompanionForm, PersonForm
from people.models import Person

Role = Participant.Role


class ListFormMixin:
    """A form that adds someone to the participants of `slot`: checks the maximum per
    booking (Slot.check_max, which book() applies). A list larger than the invitations
    left may still be composed: it can wait on the slot's waiting list."""

    def __init__(self, *args, participants, slot, **kwargs):
        self.participants = participants
        self.slot = slot
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        self.slot.check_max(len(self.participants) + 1)
        return cleaned_data


class HiddenFieldsMixin:
    """A form of hidden fields (a button per row): its errors read as one sentence."""

    @property
    def errors_text(self):
        return " ".join(message for errors in self.errors.values() for message in errors)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Nom ou prénom de la personne suivie",
        max_length=100,
        error_messages={
            "required": "Tapez quelques lettres du nom ou du prénom, par exemple « dia » pour "
            "trouver Aïcha Diallo.",
            "max_length": "Tapez au plus 100 caractères : quelques lettres du nom suffisent.",
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class AddPersonForm(HiddenFieldsMixin, ListFormMixin, forms.Form):
    """Add an existing person of the structure; a forged id is simply unknown."""

    role = Role.BENEFICIARY
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"required": UNKNOWN_PERSON, "invalid_choice": UNKNOWN_PERSON},
    )

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        persons = self.persons(structure)
        self.fields["person"].queryset = (
            persons.companions() if self.role == Role.COMPANION else persons.beneficiaries()
        )

    done = "Ajout à la liste"

    def persons(self, structure):
        return Person.objects.for_structure(structure).current()

    def added_person(self, by):
        return self.cleaned_data["person"]

    def clean_person(self):
        person = self.cleaned_data["person"]
        if person.pk in self.participants.person_ids:
            raise forms.ValidationError(in_list_message(person.full_name))
        taken = Participant.objects.already_booked(self.slot, [person.pk])
        if taken is not None:
            raise forms.ValidationError(taken.already_booked_message)
        waiting = WaitingParticipant.objects.already_waiting(self.slot, [person.pk])
        if waiting is not None:
            raise forms.ValidationError(waiting.already_waiting_message)
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


class UsePersonForm(AddPersonForm):
    """ "Utiliser cette personne", after a duplicate warning: the existing record, archived
    or not (an archived one is reactivated), of the kind of the form that warned."""

    def __init__(self, *args, companion=False, **kwargs):
        self.role = Role.COMPANION if companion else Role.BENEFICIARY
        super().__init__(*args, **kwargs)

    def persons(self, structure):
        return Person.objects.for_structure(structure).named()

    def added_person(self, by):
        person = self.cleaned_data["person"]
        if person.is_archived:
            person.restore(by=by)
            self.done = "Fiche réactivée, et ajout à la liste"
        return person


class NewPersonForm(ListFormMixin, PersonForm):
    """Create a followed person in the worker's structure and add them to the list."""

    role = Role.BENEFICIARY
    done = "Fiche créée, et ajout à la liste"

    def added_person(self, by):
        return self.save_by(by)


class NewCompanionForm(ListFormMixin, CompanionForm):
    """Create a companion (professional or volunteer) and add them to the list."""

    role = Role.COMPANION
    done = "Fiche créée, et ajout à la liste"

    def added_person(self, by):
        return self.save_by(by)


def guest_name_field(label, required):
    return forms.CharField(
        label=label,
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": required, "max_length": GUEST_NAME_TOO_LONG},
        widget=forms.TextInput(attrs=NAME_WIDGET_ATTRS),
    )


class GuestForm(ListFormMixin, forms.Form):
    """Someone a beneficiary of the list invites: first and last name only.

    The view checks the host (a beneficiary of the list) before binding this form.
    """

    first_name = guest_name_field("Prénom de l'invité", "Indiquez le prénom de l'invité.")
    last_name = guest_name_field("Nom de l'invité", "Indiquez le nom de l'invité.")

    def clean(self):
        cleaned_data = super().clean()
        first_name, last_name = cleaned_data.get("first_name"), cleaned_data.get("last_name")
        if first_name and last_name and self.participants.has_name(first_name, last_name):
            raise forms.ValidationError(in_list_message(f"{first_name} {last_name}"))
        return cleaned_data


class RemoveForm(HiddenFieldsMixin, forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, participants, **kwargs):
        self.participants = participants
        super().__init__(*args, **kwargs)

    def clean_key(self):
        key = self.cleaned_data["key"]
        if self.participants.get(key) is None:
            raise forms.ValidationError("Cette personne n'est plus dans la liste.")
        return key


class BookForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
