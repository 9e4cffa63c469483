"""The Days view: the trip day by day — where you sleep, the day's travel, the sites planned —
with sites planned on a day of their stay by drag and drop."""

from cityplanner.ui.days._feature import DaysFeature

__all__ = ["DaysFeature"]
