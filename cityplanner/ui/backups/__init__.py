"""Backups: copies of the open file made on open and after a stretch of edits, kept in the
user data folder, listed under File → Backups… and restored from there."""

from cityplanner.ui.backups._feature import BackupsFeature

__all__ = ["BackupsFeature"]
