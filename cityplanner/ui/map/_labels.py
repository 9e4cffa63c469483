"""The words the map page shows, in the window's language.

The page takes them from its data (see `cityplanner.maps.payload.DEFAULT_LABELS`, the
English ones a shared file keeps); they are filed under the map view in the catalogues.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def page_labels() -> dict[str, str]:
    """Every label of `DEFAULT_LABELS`, translated."""
    return {
        "stops": QCoreApplication.translate("MapView", "Stops"),
        "route": QCoreApplication.translate("MapView", "Route"),
        "sites": QCoreApplication.translate("MapView", "Sites"),
        "stop": QCoreApplication.translate("MapView", "Stop"),
        "legend": QCoreApplication.translate("MapView", "Legend"),
        "byDay": QCoreApplication.translate(
            "MapView", "Colours: the day of the trip (then in turn)"
        ),
        "countries": QCoreApplication.translate("MapView", "Offline map"),
        "capitals": QCoreApplication.translate("MapView", "Place names (offline)"),
        "osm": QCoreApplication.translate("MapView", "OpenStreetMap (online)"),
        "addSite": QCoreApplication.translate("MapView", "Add site here"),
        "nights": QCoreApplication.translate("MapView", "nights"),
        "night": QCoreApplication.translate("MapView", "night"),
        "unknownMode": QCoreApplication.translate("MapView", "Not set"),
        "website": QCoreApplication.translate("MapView", "Web page"),
        "approximate": QCoreApplication.translate("MapView", "approximate position"),
        "photos": QCoreApplication.translate("MapView", "Photos"),
        "photoAtSite": QCoreApplication.translate(
            "MapView", "shown at its site (no position of its own)"
        ),
        "photoAtStop": QCoreApplication.translate(
            "MapView", "shown at its stop (no position of its own)"
        ),
        "zoomToTrip": QCoreApplication.translate("MapView", "Zoom to trip"),
        "tracks": QCoreApplication.translate("MapView", "Tracks"),
        "recordedTrack": QCoreApplication.translate("MapView", "Recorded track"),
        "plannedTrack": QCoreApplication.translate("MapView", "Planned track"),
    }
