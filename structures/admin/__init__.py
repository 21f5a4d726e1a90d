"""The admin of structures: the scoping base (base.py), the network and the accounts."""

from .accounts import UserAdmin
from .base import PortalModelAdmin, ReadOnlyAdminMixin, ScopedChoicesMixin, related_column
from .network import DepartmentAdmin, StructureAdmin
from .outbox import OutgoingEmailAdmin

__all__ = [
    "DepartmentAdmin",
    "OutgoingEmailAdmin",
    "PortalModelAdmin",
    "ReadOnlyAdminMixin",
    "ScopedChoicesMixin",
    "StructureAdmin",
    "UserAdmin",
    "related_column",
]
