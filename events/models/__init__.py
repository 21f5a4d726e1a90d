"""The events app's models: the catalogue (partners, venues...), events and their slots."""

from .catalogue import Audience, Genre, Partner, Venue
from .events import Event
from .slots import Slot

__all__ = ["Audience", "Event", "Genre", "Partner", "Slot", "Venue"]
