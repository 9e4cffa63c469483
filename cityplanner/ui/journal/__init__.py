"""The journal: dated Markdown entries with a preview, and their undo commands."""

from cityplanner.ui.journal._feature import JournalFeature

__all__ = ["JournalFeature"]
