from django.apps import AppConfig
from django.db.models.signals import post_migrate


class StructuresConfig(AppConfig):
    name = "structures"
    verbose_name = "Structures et comptes"

    def ready(self):
        from . import (
            emails,  # noqa: F401 (registers its letters with structures.outbox)
            middleware,  # noqa: F401 (a login marks the session as seen)
        )
        from .groups import setup_groups

        # The staff groups and their permissions are code (structures.groups).
        post_migrate.connect(setup_groups, sender=self, dispatch_uid="structures_setup_groups")
