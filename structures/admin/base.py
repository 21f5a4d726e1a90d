"""The base of every admin of the portal: the département scoping door and small helpers."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext

from structures.perms import staff_department_ids
from structures.text import normalize

from .filters import AutocompleteFilter


def related_column(path, description, ordering=None):
    """A change-list column that follows `path` ("slot__event") under a French header.

    Django titles a bare "slot__event" in list_display "Slot  event": this gives the
    column its French name and keeps it sortable.
    """

    @admin.display(description=description, ordering=ordering or path)
    def column(obj):
        for name in path.split("__"):
            obj = getattr(obj, name)
            if obj is None:
                return None
        return obj

    column.__name__ = path
    return column


def contains_every(field, words):
    """`field` holds every one of `words` (an accent-free column and normalised words)."""
    return Q(*(Q(**{f"{field}__contains": word}) for word in words))


class MoreThan(int):
    """A count known only to exceed `cap`: `cap + 1` in arithmetic (page numbers), and
    "plus de 1 000" wherever the admin shows it."""

    def __new__(cls, cap):
        count = super().__new__(cls, cap + 1)
        count.cap = cap
        return count

    def __str__(self):
        return f"plus de {self.cap:,}".replace(",", "\u202f")


def capped_count(queryset, cap):
    """How many rows `queryset` has, counted up to `cap`: MoreThan(cap) beyond. Unordered:
    sorting rows only to count them made the database walk them all."""
    count = queryset.order_by()[: cap + 1].count()
    return MoreThan(cap) if count > cap else count


class CappedCountPaginator(Paginator):
    """Counts a change list up to `cap` rows, and says "plus de 1 000" beyond.

    Counting a département's 80,000 history lines cost more than showing 50 of them, and
    grew with the data; counting up to 1,001 costs the same whatever the data. Staff reach
    older rows by searching and filtering, not by paging past the twentieth page.
    """

    cap = 1000

    @cached_property
    def count(self):
        return capped_count(self.object_list, self.cap)


class ScopedChoicesMixin:
    """Foreign-key and many-to-many choices come from the related model's admin queryset.

    A staff member of 75 is offered (and may only submit) the partners, venues,
    structures, départements… of 75: the same door as the change lists.
    """

    def get_field_queryset(self, db, db_field, request):
        model = db_field.remote_field.model
        if not request.user.is_superuser and self.admin_site.is_registered(model):
            related_admin = self.admin_site.get_model_admin(model)
            if getattr(related_admin, "scoped", False):
                return related_admin.get_queryset(request).using(db)
        return super().get_field_queryset(db, db_field, request)


class PortalModelAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """Base of every admin of the portal: the one door every admin queryset passes through.

    Staff who are not superusers see only the objects of their départements, through the
    model's `for_departments()` QuerySet method (`scoped = False` for shared reference
    data such as genres, which has no département): change lists,
    change forms, deletions, actions, exports, autocomplete endpoints and "related only"
    filters all read `get_queryset`, and the choices of related fields come from the
    related admin's `get_queryset` (ScopedChoicesMixin). An object outside the scope
    answers 404, as if it did not exist.

    `normalized_search_field` names an accent-free search column (see structures.text):
    the search term is normalised the same way, so "theatre" finds "Théâtre".
    """

    scoped = True
    normalized_search_field = None
    # Set by the database on insert (db_default): nothing to show on an add form.
    change_only_fields = ("created_at",)
    list_per_page = 50
    # One count per change list (the filtered one, capped), not a second over the scope.
    show_full_result_count = False
    paginator = CappedCountPaginator

    @property
    def media(self):
        return super().media + AutocompleteFilter.media_for(self)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        stripped = []
        for name, options in fieldsets:
            fields = self._without_change_only_fields(options["fields"])
            if fields:
                stripped.append((name, {**options, "fields": fields}))
        return stripped

    def _without_change_only_fields(self, fields):
        kept = []
        for field in fields:
            if isinstance(field, (list, tuple)):
                field = self._without_change_only_fields(field)
            if field and field not in self.change_only_fields:
                kept.append(field)
        return tuple(kept)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser or not self.scoped:
            return queryset
        return queryset.for_departments(staff_department_ids(request))

    def get_object(self, request, object_id, from_field=None):
        # Django's admin redirects to its index for a missing object; an object of
        # another département must look exactly like one that does not exist: 404.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("Aucun objet ne correspond à cette adresse.")
        return obj

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        words = normalize(search_term).split()
        if self.normalized_search_field and words:
            results |= queryset.filter(contains_every(self.normalized_search_field, words))
            may_have_duplicates |= lookup_spawns_duplicates(self.opts, self.normalized_search_field)
        return results, may_have_duplicates

    def response_action(self, request, queryset):
        # Django filters the change list by the posted ids as they come: one that is no id
        # at all ("", "abc", forged) raised a 500. Then nothing is done, as for no selection.
        try:
            for pk in request.POST.getlist(ACTION_CHECKBOX_NAME):
                # An integer beyond the column's range is no id either (SQLite overflows).
                self.opts.pk.run_validators(self.opts.pk.to_python(pk))
        except ValidationError:
            # Django's own message, in French: "Des éléments doivent être sélectionnés…"
            message = gettext(
                "Items must be selected in order to perform actions on them. No items have "
                "been changed."
            )
            self.message_user(request, message, messages.WARNING)
            return None
        return super().response_action(request, queryset)

    def admin_context(self, request, title, **context):
        """The context of a custom admin page of this model (breadcrumbs, sidebar…)."""
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            **context,
        }


class ReadOnlyAdminMixin:
    """Append-only data: visible, never added, changed or deleted through the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
