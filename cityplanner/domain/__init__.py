"""Domain objects and pure rules; no Qt, no SQL."""

from cityplanner.domain.errors import (
    AmbiguousError,
    CityPlannerError,
    NotFoundError,
    StoreError,
    ValidationError,
)
from cityplanner.domain.models import JournalEntry, Place, Site, Stop, Trip
from cityplanner.domain.vocabulary import SiteStatus, Theme, TravelMode

__all__ = [
    "AmbiguousError",
    "CityPlannerError",
    "JournalEntry",
    "NotFoundError",
    "Place",
    "Site",
    "SiteStatus",
    "Stop",
    "StoreError",
    "Theme",
    "TravelMode",
    "Trip",
    "ValidationError",
]
