"""Where a photo can go: the shown trip's stops and their sites, or nowhere (not placed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

from cityplanner.domain.photos import Photo
from cityplanner.ui.shell import TripDocument


@dataclass(frozen=True, slots=True)
class Destination:
    """A stop, one of its sites, or nowhere (both None)."""

    label: str
    stop_id: int | None = None
    site_id: int | None = None

    @property
    def key(self) -> str:
        return key_of(self.stop_id, self.site_id)


def key_of(stop_id: int | None, site_id: int | None) -> str:
    """A destination as a combo box keeps it: "12:", "12:40", or ":" for nowhere."""
    return f"{stop_id if stop_id is not None else ''}:{site_id if site_id is not None else ''}"


def parse_key(key: str) -> tuple[int | None, int | None]:
    stop, _, site = key.partition(":")
    return (int(stop) if stop else None, int(site) if site else None)


def nowhere() -> Destination:
    return Destination(QCoreApplication.translate("PhotoPlaces", "Not placed"))


def destinations(doc: TripDocument) -> list[Destination]:
    """Nowhere, then each stop in trip order followed by its sites (indented)."""
    by_stop: dict[int | None, list[Any]] = {}
    for site in doc.sites.items:
        by_stop.setdefault(site.stop_id, []).append(site)
    out = [nowhere()]
    for row, stop in enumerate(doc.stops.stops):
        out.append(Destination(f"{row + 1}. {stop.place.name}", stop.id))
        for site in by_stop.get(stop.id, []):
            out.append(Destination(f"      {site.name}", stop.id, site.id))
    return out


class Names:
    """The names of the shown trip's stops and sites, to say where a photo is."""

    def __init__(self, doc: TripDocument) -> None:
        self.stops = {s.id: s.place.name for s in doc.stops.stops}
        self.sites = {s.id: s.name for s in doc.sites.items}
        self.entries = {e.id: e.title for e in doc.journal.items}

    def where(self, stop_id: int | None, site_id: int | None, journal_id: int | None = None) -> str:
        """Toulouse · Living Lab, Toulouse, or "Not placed"."""
        if stop_id is None and journal_id is None:
            return nowhere().label
        parts = [self.stops.get(stop_id, "?")] if stop_id is not None else []
        if site_id is not None:
            parts.append(self.sites.get(site_id, "?"))
        if journal_id is not None:
            parts.append(
                QCoreApplication.translate("PhotoPlaces", "journal: {title}").format(
                    title=self.entries.get(journal_id, "?")
                )
            )
        return " · ".join(parts)

    def of(self, photo: Photo) -> str:
        return self.where(photo.stop_id, photo.site_id, photo.journal_id)


def destination_combo(
    choices: list[Destination], current: tuple[int | None, int | None]
) -> QComboBox:
    combo = QComboBox()
    for choice in choices:
        combo.addItem(choice.label, choice.key)
    combo.setCurrentIndex(max(0, combo.findData(key_of(*current))))
    return combo


class MoveDialog(QDialog):
    """Asks where the selected photos go: a stop, a site or nowhere."""

    def __init__(
        self,
        choices: list[Destination],
        current: tuple[int | None, int | None],
        count: int,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Move photos"))
        self._choices = choices
        self.combo = destination_combo(choices, current)
        question = QLabel(self.tr("Where do these photos belong?") if count > 1 else "")
        question.setVisible(count > 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(question)
        form.addRow(self.tr("&Move to"), self.combo)
        form.addRow(buttons)
        self.setMinimumWidth(360)

    @property
    def chosen(self) -> Destination:
        return self._choices[max(0, self.combo.currentIndex())]
