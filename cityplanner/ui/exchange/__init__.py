"""Import and export: the import preview and its undo command, the export dialog, the
travelogue with the trip's map, and files dropped on the window."""

from cityplanner.ui.exchange._feature import ExchangeFeature
from cityplanner.ui.exchange._print import export_book, print_book
from cityplanner.ui.exchange._travelogue import export_travelogue
from cityplanner.ui.exchange._travelogue import run as run_travelogue_export

__all__ = [
    "ExchangeFeature",
    "export_book",
    "export_travelogue",
    "print_book",
    "run_travelogue_export",
]
