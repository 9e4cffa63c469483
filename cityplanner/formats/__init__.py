"""Exchange formats: GPX, KML/KMZ, GeoJSON, CSV, iCalendar and the travelogue; no Qt."""
