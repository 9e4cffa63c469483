"""The Tracks view: the trip's recorded tracks and planned lines, to look at and remove."""

from cityplanner.ui.tracks._feature import TracksFeature

__all__ = ["TracksFeature"]
