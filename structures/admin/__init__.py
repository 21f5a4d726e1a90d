"""The admin of structures: the scoping base (base.py), the network and the accounts."""

from .accounts import UserAdmin
from .base import PortalModelAdmin, ReadOnlyAdminMixin, ScopedChoicesMixin, related_column
from .network import DepartmentAdmin, StructureAdmin

__all__ = [
    "DepartmentAdmin",
    "PortalModelAdmin",
    "ReadOnlyAdminMixin",
    "ScopedChoicesMixin",
    "StructureAdmin",
    "UserAdmin",
    "related_column",
]
