"""Map building with folium and local web assets; no Qt."""
