"""Finding places to add as stops: the offline city search field, addresses looked up online
(OpenStreetMap), and places typed in by coordinates."""

from cityplanner.ui.places._feature import PlacesFeature

__all__ = ["PlacesFeature"]
