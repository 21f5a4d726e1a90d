"""Forms of the directory of followed persons."""

from django import forms
from django.db.models import Q

from bookings.persons import merge_refusal
from people.models import Person

SEARCH_HELP = "Quelques lettres du nom ou du prénom, dans n'importe quel ordre : « dia aic »."
NOT_MINE = (
    "Cette fiche n'existe pas, ou plus, dans votre structure : elle a peut-être déjà été "
    "fusionnée ou effacée. Choisissez-en une autre."
)
CANDIDATES = 20


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label="Nom ou prénom",
        max_length=100,
        required=False,
        help_text=SEARCH_HELP,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class MergeForm(forms.Form):
    """The other record of the same person, to merge into `person`; `q` searches for it."""

    avec = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": NOT_MINE},
    )
    q = forms.CharField(
        label="Rechercher l'autre fiche",
        max_length=100,
        required=False,
        help_text=SEARCH_HELP,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.others = (
            Person.objects.for_structure(person.structure).named().filter(kind=person.kind)
        )

    def clean_avec(self):
        pk = self.cleaned_data["avec"]
        if pk is None:
            return None
        other = Person.objects.for_structure(self.person.structure).named().filter(pk=pk).first()
        if other is None:
            raise forms.ValidationError(NOT_MINE)
        if refused := merge_refusal(self.person, other):
            raise forms.ValidationError(refused)
        return other

    @property
    def query(self):
        return self.cleaned_data.get("q", "").strip() if self.is_bound and self.is_valid() else ""

    def candidates(self):
        """The records the worker may mean, and whether there are more: those the search
        finds, else the likely duplicates first, then those with a name in common."""
        others = self.others.exclude(pk=self.person.pk)
        if self.query:
            found = list(
                others.search(self.query).order_by("last_key", "first_key", "pk")[: CANDIDATES + 1]
            )
        else:
            person = self.person
            likely = others.likely_duplicates(
                person.first_name, person.last_name, person.birth_year
            )
            likely = list(likely.order_by("pk")[: CANDIDATES + 1])
            keys = {person.first_key, person.last_key}
            near = others.filter(Q(last_key__in=keys) | Q(first_key__in=keys)).exclude(
                pk__in=[p.pk for p in likely]
            )
            found = likely + list(near.order_by("last_key", "first_key", "pk")[: CANDIDATES + 1])
        return found[:CANDIDATES], len(found) > CANDIDATES
