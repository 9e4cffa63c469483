"""The itinerary: the trips list, the stops table, the details pane with each stop's sites,
and route optimisation, with their undo commands and actions."""

from cityplanner.ui.itinerary._feature import ItineraryFeature
from cityplanner.ui.itinerary._site_dialog import AddSiteDialog

__all__ = ["AddSiteDialog", "ItineraryFeature"]
