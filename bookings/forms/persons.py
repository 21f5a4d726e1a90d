"""Forms of the directory of followed persons."""

from django import forms
from django.db.models import Q

from people.models import Person

SEARCH_HELP = "Quelques lettres du nom ou du prénom, dans n'importe quel ordre : « dia aic »."
NOT_MINE = "Choisissez une fiche de votre structure."
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
        if pk == self.person.pk:
            raise forms.ValidationError(
                "Une fiche ne se fusionne pas avec elle-même : choisissez l'autre fiche de la "
                "même personne."
            )
        other = Person.objects.for_structure(self.person.structure).named().filter(pk=pk).first()
        if other is None:
            raise forms.ValidationError(NOT_MINE)
        if other.kind != self.person.kind:
            raise forms.ValidationError(
                "Une personne suivie ne se fusionne qu'avec une personne suivie, et un "
                "accompagnateur qu'avec un accompagnateur."
            )
        return other

    def candidates(self):
        """The records the worker may mean: those the search finds, else those with a name
        in common with this person."""
        others = self.others.exclude(pk=self.person.pk)
        query = self.cleaned_data.get("q", "") if self.is_bound and self.is_valid() else ""
        if query:
            others = others.search(query)
        else:
            keys = {self.person.first_key, self.person.last_key}
            others = others.filter(Q(last_key__in=keys) | Q(first_key__in=keys))
        return list(others.order_by("last_key", "first_key", "pk")[:CANDIDATES])
