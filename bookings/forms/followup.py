"""Forms of the follow-up pages: attendance and testimonials."""

from collections import Counter

from django import forms

from bookings.followup import TestimonialInput
from bookings.models import Testimonial
from structures.dates import french_time

PRESENT, ABSENT = "present", "absent"
PRESENCE_CHOICES = [(PRESENT, "Présent"), (ABSENT, "Absent")]


class AttendanceForm(forms.Form):
    """One present/absent radio group per participant of the booking (a fieldset each).

    What the worker recorded comes first. Until then, when the venue checked arrivals in
    on the slot's sheet (`venue_checked_in`, vouchers.checkin), each participant says
    whether the venue ticked them, "pointé par le lieu", and those it ticked are
    pre-filled present. Those it did not are left for the worker to choose: an untouched
    form never records an absence (the structures' no-show rate counts them).

    `all_present` ("Tous présents", asked for by the worker) ticks everyone present; like
    any initial value, it is recorded only when the worker saves.
    """

    def __init__(self, *args, participants, venue_checked_in=False, all_present=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = participants
        self.venue_checked_in = venue_checked_in
        self.all_present = all_present
        for participant in participants:
            initial, help_text = None, ""
            if all_present:
                initial = PRESENT
            elif participant.attended is not None:
                initial = PRESENT if participant.attended else ABSENT
            if venue_checked_in:
                help_text = (
                    f"Arrivée pointée par le lieu à {french_time(participant.checked_in_at)}."
                    if participant.checked_in_at
                    else "Arrivée non pointée par le lieu."
                )
                if initial is None and participant.checked_in_at:
                    initial = PRESENT
            self.fields[self.field_name(participant)] = forms.ChoiceField(
                label=f"{participant.full_name} – {participant.get_role_display()}",
                choices=PRESENCE_CHOICES,
                widget=forms.RadioSelect,
                initial=initial,
                help_text=help_text,
                error_messages={
                    "required": "Indiquez si cette personne était présente ou absente.",
                },
            )

    @staticmethod
    def field_name(participant):
        return f"participant_{participant.pk}"

    def attendance(self):
        """{participant id: came?} for record_attendance()."""
        return {
            participant.pk: self.cleaned_data[self.field_name(participant)] == PRESENT
            for participant in self.participants
        }


def author_choices(participants):
    """Participants shown as role and first-name initial only: "Personne suivie (M.)".

    Two participants with the same label get a number, so the choice stays unambiguous.
    """
    labels = [
        f"{p.get_role_display()} ({(p.first_name[:1] or '?').upper()}.)" for p in participants
    ]
    counts, seen = Counter(labels), Counter()
    choices = [("", "Choisissez l'auteur")]
    for participant, label in zip(participants, labels, strict=True):
        if counts[label] > 1:
            seen[label] += 1
            label = f"{label} – n° {seen[label]}"
        choices.append((participant.pk, label))
    return choices


class TestimonialTextField(forms.CharField):
    """Line breaks count as one character, as the browser counts them for `maxlength`."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class TestimonialForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    participant = forms.TypedChoiceField(
        label="Personne qui témoigne",
        coerce=int,
        empty_value=None,
        error_messages={
            "required": "Indiquez qui a témoigné.",
            "invalid_choice": "Choisissez l'auteur parmi les participants de la sortie.",
        },
    )
    text = TestimonialTextField(
        label="Témoignage",
        # The browser stops at the limit; the rule and its message are Testimonial's.
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": Testimonial.MAX_LENGTH}),
        validators=[Testimonial.check_text],
        help_text=f"Les mots de la personne, {Testimonial.MAX_LENGTH} caractères au maximum.",
        error_messages={"required": "Écrivez le témoignage."},
    )
    consent = forms.BooleanField(
        label="La personne accepte la publication de son témoignage", required=False
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = author_choices(participants)


class BaseTestimonialFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Supprimer ce témoignage"

    def inputs(self):
        """The testimonials to add, change or delete, for record_attendance()."""
        inputs = []
        for form in self.forms:
            data = form.cleaned_data
            pk = data.get("id")
            if not form.has_changed() or (pk is None and data.get("DELETE")):
                continue
            if data.get("DELETE"):
                inputs.append(TestimonialInput(participant_id=None, pk=pk, delete=True))
                continue
            inputs.append(
                TestimonialInput(
                    participant_id=data["participant"],
                    text=data["text"],
                    consent=data["consent"],
                    pk=pk,
                )
            )
        return inputs


# The pending testimonials, then one empty slot; "ajouter un autre" saves and comes back
# with a new empty slot, so no JavaScript is needed.
TestimonialFormSet = forms.formset_factory(
    TestimonialForm,
    formset=BaseTestimonialFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=50,
    absolute_max=50,
    validate_max=True,
)


def testimonial_formset(data, testimonials, participants):
    """The formset of a booking's pending testimonials, plus one empty slot."""
    initial = [
        {"id": t.pk, "participant": t.participant_id, "text": t.text, "consent": t.consent}
        for t in testimonials
    ]
    return TestimonialFormSet(
        data, initial=initial, form_kwargs={"participants": participants}, prefix="temoignages"
    )
