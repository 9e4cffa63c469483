"""The Statistics view: the trip's figures as charts (Qt Charts), the same as on the
command line."""

from cityplanner.ui.stats._feature import StatsFeature

__all__ = ["StatsFeature"]
