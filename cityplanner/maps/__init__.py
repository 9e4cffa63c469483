"""The itinerary map: folium pages of a trip with local web assets and an offline basemap.

Nothing here imports Qt; `cityplanner.ui.map_view` shows these pages.
"""
