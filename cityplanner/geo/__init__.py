"""Geography without a window: distances, routing, the gazetteer and geocoding."""
