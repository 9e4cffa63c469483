"""Photos: added to a trip after a preview of where each goes, shown in a strip under the
details pane, captioned, moved, removed and found again when their files move."""

from cityplanner.ui.photos._feature import PhotosFeature

__all__ = ["PhotosFeature"]
