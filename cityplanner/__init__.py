"""CityPlanner: an offline planner for multi-city trips, their sites and travelogues."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cityplanner")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"

APP_NAME = "CityPlanner"
APP_ID = "cityplanner"
