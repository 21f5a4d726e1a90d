"""The admin site's URLs, with its "view on site" shortcut behind the scoping door.

Django's shortcut (admin/r/<content type>/<object>/) redirects to any object's page
whatever its département: staff of 75 could learn every booking reference of the country
with it. Here it answers only for an object of the model admin's queryset (404 otherwise),
so it is scoped exactly as the change form is. The portal's pages are on this site, so the
object it already read gives the address (no second lookup as in Django's `shortcut`).
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponseRedirect
from django.urls import path

NOT_FOUND = "Aucun objet ne correspond à cette adresse."


def scoped_view_on_site(site):
    """The "view on site" view of `site`, for the objects its model admins would show."""

    def view_on_site(request, content_type_id, object_id):
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except (ContentType.DoesNotExist, ValueError):
            raise Http404(NOT_FOUND) from None
        if model is None or not site.is_registered(model):
            raise Http404(NOT_FOUND)
        model_admin = site.get_model_admin(model)
        obj = model_admin.get_object(request, object_id)  # the portal's admins raise 404
        if (
            obj is None
            or not hasattr(obj, "get_absolute_url")
            or not model_admin.has_view_or_change_permission(request, obj)
        ):
            raise Http404(NOT_FOUND)
        return HttpResponseRedirect(obj.get_absolute_url())

    return site.admin_view(view_on_site)


def admin_urls(site):
    """`site.urls`, with Django's "view on site" replaced by the scoped one."""
    patterns, app_name, namespace = site.urls
    scoped = path(
        "r/<path:content_type_id>/<path:object_id>/",
        scoped_view_on_site(site),
        name="view_on_site",
    )
    patterns = [scoped if getattr(p, "name", None) == "view_on_site" else p for p in patterns]
    return patterns, app_name, namespace
