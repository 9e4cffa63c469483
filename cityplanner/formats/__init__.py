"""Exchange formats: GPX, KML/KMZ, GeoJSON, CSV and iCalendar in and out, and the travelogue.

Nothing here imports Qt: a map picture for the travelogue is supplied by the caller.
"""
