"""The permission groups of the association's staff, declared here and set up by migrate.

Staff accounts get their rights from one of these groups, never permission by permission:
what a group may do is this file, applied after every `migrate` (post_migrate signal, see
StructuresConfig.ready), so a new model or a changed right reaches every database the same
way. Which objects a staff member sees is the other half, the département scoping of the
admin (structures.admin.PortalModelAdmin).
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions

DEPARTMENT_TEAM = "Équipe département"
DEPARTMENT_TEAM_READ_ONLY = "Équipe département — lecture seule"

# (app_label, model_name) -> actions of the département team. Who books and what was
# booked belong to the booking service: staff view bookings, correct attendance and
# cancel on behalf of a relay (an admin action), but never add or delete one.
TEAM_PERMISSIONS = {
    ("structures", "department"): ("view", "change"),
    ("structures", "structure"): ("view", "add", "change"),
    ("structures", "user"): ("view", "add", "change"),
    # E-mails are written by the portal; "change" is the right to send a failed one again.
    ("structures", "outgoingemail"): ("view", "change"),
    ("people", "person"): ("view", "change"),
    ("people", "personlogentry"): ("view",),
    ("events", "genre"): ("view",),
    ("events", "audience"): ("view",),
    ("events", "partner"): ("view", "add", "change"),
    ("events", "venue"): ("view", "add", "change", "delete"),
    ("events", "event"): ("view", "add", "change", "delete"),
    ("events", "slot"): ("view", "add", "change", "delete"),
    ("bookings", "booking"): ("view", "change"),
    ("bookings", "participant"): ("view", "change"),
    ("bookings", "bookinglogentry"): ("view",),
    ("bookings", "testimonial"): ("view", "change"),
    # Waiting lists are kept by the booking service: staff see them.
    ("bookings", "waitingentry"): ("view",),
    ("bookings", "waitingparticipant"): ("view",),
}

GROUPS = {
    DEPARTMENT_TEAM: TEAM_PERMISSIONS,
    DEPARTMENT_TEAM_READ_ONLY: {model: ("view",) for model in TEAM_PERMISSIONS},
}


def codenames(permissions):
    return {
        (app_label, f"{action}_{model}")
        for (app_label, model), actions in permissions.items()
        for action in actions
    }


def setup_groups(using="default", **kwargs):
    """Create the groups and give each exactly its permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    # post_migrate reaches this app before the apps whose permissions it hands out.
    for app_label in {app_label for app_label, _ in TEAM_PERMISSIONS}:
        create_permissions(apps.get_app_config(app_label), verbosity=0, using=using)
    for name, permissions in GROUPS.items():
        wanted = codenames(permissions)
        candidates = Permission.objects.using(using).filter(
            content_type__app_label__in={app_label for app_label, _ in wanted}
        )
        found = [
            permission
            for permission in candidates.select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        assert len(found) == len(wanted), f"Permissions manquantes pour le groupe {name}"
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(found)


def department_team():
    from django.contrib.auth.models import Group

    return Group.objects.get(name=DEPARTMENT_TEAM)
