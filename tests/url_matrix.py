"""Every URL pattern of the portal, from the URL resolver, and the table that classifies it.

The isolation matrix (tests/test_isolation_matrix.py) tries each pattern as its class says;
a pattern in no class fails `test_every_url_pattern_is_classified`, naming it, so a new
URL is covered the day it appears. A pattern is known by its name ("bookings:detail"), or
by its route when it has none (the admin's catch-all).
"""

import re
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import URLResolver, get_resolver, resolve
from django_tasks_db.models import DBTaskResult

from events.models import Audience, Event, Genre, Slot
from structures.models import OutgoingEmail, User

# Open without logging in: the way in, what the QR code of a counter-mark opens (valid or
# not, first names and initials only), the venue's check-in sheet (a signed link of one
# slot: tests/vouchers/test_check_in.py), and the legal pages the footer links.
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "vouchers:verify",
    "vouchers:check_in",
    "vouchers:check_in_arrive",
    "vouchers:check_in_booking",
    "vouchers:check_in_undo",
    "admin:login",
    "legal:privacy",
    "legal:notice",
    "legal:accessibility",
}
# Pages of a logged-in worker without an identifier: their relay's lists, or the offer.
PAGES = {
    "home",
    "logout",
    "bookings:current",
    "bookings:all",
    "bookings:stats",
    "bookings:stats_csv",
    "bookings:testimonials",
    "events:hub",
    "events:search",
    "structures:contact",
    "bookings:persons",
    "bookings:person_search",
    "bookings:person_new",
}
# One booking of a relay, by its reference: a worker of any other relay gets 404.
BOOKING_PAGES = {
    "bookings:detail",
    "bookings:confirmation",
    "bookings:cancel",
    "bookings:ics",
    "bookings:attendance",
    "vouchers:download",
}
# One followed person of a relay, by id: a worker of any other relay gets 404.
PERSON_PAGES = {
    "bookings:person",
    "bookings:person_edit",
    "bookings:person_archive",
    "bookings:person_merge",
    "bookings:person_erase",
    "bookings:person_json",
    "vouchers:person_pdf",
}
# One list of a relay on a waiting list, by id: a worker of any other relay gets 404.
WAITING_PAGES = {"bookings:leave_waiting_list"}
# The offer every relay shares, by the id of a slot or an event: any worker opens it
# (the list of participants being booked lives in the worker's session), and sees there
# nothing of another relay.
OFFER_PAGES = {
    "events:detail",
    "bookings:new",
    "bookings:search",
    "bookings:add_person",
    "bookings:use_person",
    "bookings:create_person",
    "bookings:add_guest",
    "bookings:add_companion",
    "bookings:create_companion",
    "bookings:remove",
    "bookings:book",
    "bookings:join_waiting_list",
}
# The admin site's own pages: no département's object behind their address.
ADMIN_SITE_PAGES = {
    "admin:index",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:autocomplete",  # its results: tests/structures/test_admin_scoping.py
    "admin:jsi18n",
    "admin:app_list",
    "admin/(?P<url>.*)$",  # the catch-all: 404 for staff
}
# Admin lists and exports without an identifier, read through their model admin's
# queryset (what they hold: tests/structures/test_admin_scoping.py).
ADMIN_LIST_PAGES = {
    "admin:structures_department_statistics",
    "admin:bookings_testimonial_export",
}
# "View on site", tried on every registered model.
ADMIN_VIEW_ON_SITE = {"admin:view_on_site"}
# Admin pages of one object beside the pages every model has: the model of the object.
ADMIN_OBJECT_PAGES = {
    "admin:auth_user_password_change": User,  # superusers only: 403 for any other user
    "admin:events_event_slot_series": Event,
    "admin:events_slot_guest_list": Slot,
    "admin:events_slot_guest_list_send": Slot,
    "admin:events_slot_guest_list_pdf": Slot,
    "admin:events_slot_guest_list_csv": Slot,
    "admin:structures_outgoingemail_resend": OutgoingEmail,
}
# Served by Django only when DEBUG is on (a developer's machine; never in the tests).
DEV_ONLY = {"^media/(?P<path>.*)$"}

# Registered models without a département, by design. Every other registered model is
# scoped by département and has an object in the cast (tests/structures/scoping_cast.py).
GLOBAL_MODELS = {
    Genre: "reference data shared by every département, read-only for the teams",
    Audience: "reference data shared by every département, read-only for the teams",
    Group: "permission groups: superusers only, the teams have no right on them",
    DBTaskResult: "the task queue's rows: superusers only; teams see their e-mails "
    "through OutgoingEmail, scoped",
}
# Global models the teams may not even read (403).
SUPERUSER_ONLY_MODELS = {Group, DBTaskResult}
# The pages Django's admin gives every registered model, and the one without a name
# ("<object_id>/" redirects to the change form).
MODEL_VIEWS = ("changelist", "add", "history", "delete", "change")
OBJECT_VIEWS = ("history", "delete", "change", "redirect")


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the route of a pattern without a name
    route: str  # the full route, as ResolverMatch.route spells it

    def url(self, values):
        """The path of this pattern with `values` for its parameters (by their name)."""
        path = re.sub(
            r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)",
            lambda match: str(values[match[1] or match[2]]),
            self.route,
        )
        url = "/" + path.lstrip("^").replace("$", "")
        assert resolve(url).route == self.route, f"{url} is not a URL of {self.key}"
        return url


def _walk(resolver, prefix="", namespaces=()):
    for pattern in resolver.url_patterns:
        part = str(pattern.pattern)
        route = prefix + part.removeprefix("^") if prefix else part  # as Django joins them
        if isinstance(pattern, URLResolver):
            namespace = (pattern.namespace,) if pattern.namespace else ()
            yield from _walk(pattern, route, namespaces + namespace)
        else:
            key = ":".join((*namespaces, pattern.name)) if pattern.name else route
            yield Route(key, route)


@cache
def routes():
    """Every URL pattern the resolver knows, the admin's included."""
    return tuple(_walk(get_resolver()))


def route(key):
    return next(candidate for candidate in routes() if candidate.key == key)


def registered_models():
    """The models of admin.site, through its public API."""
    return [model for model in apps.get_models() if admin.site.is_registered(model)]


def model_pages():
    """{key: (model, view)} of the pages the admin gives each registered model."""
    pages = {}
    for model in registered_models():
        app_label, name = model._meta.app_label, model._meta.model_name
        for view in MODEL_VIEWS:
            pages[f"admin:{app_label}_{name}_{view}"] = (model, view)
        pages[f"admin/{app_label}/{name}/<path:object_id>/"] = (model, "redirect")
    return pages


def classes():
    """{class name: the keys it holds}."""
    return {
        "public": PUBLIC,
        "page": PAGES,
        "booking page": BOOKING_PAGES,
        "person page": PERSON_PAGES,
        "waiting list page": WAITING_PAGES,
        "offer page": OFFER_PAGES,
        "admin site page": ADMIN_SITE_PAGES,
        "admin list page": ADMIN_LIST_PAGES,
        "admin view on site": ADMIN_VIEW_ON_SITE,
        "admin object page": set(ADMIN_OBJECT_PAGES),
        "admin model page": set(model_pages()),
        "dev only": DEV_ONLY,
    }
