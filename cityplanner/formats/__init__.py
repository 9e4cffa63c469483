"""Exchange formats: GPX, KML/KMZ, GeoJSON, CSV, iCalendar and the travelogue; no Qt.

A map picture for the travelogue is supplied by the caller, which draws it with Qt.
"""
